/* config.c: the hello unikernel: a console, the time device and the key "hello". */
#include <kiln/config.h>

int main(int argc, char **argv)
{
	kiln_key *hello = kiln_key_string("hello", "Hello World!", "How to say hello.");
	kiln_job *job = kiln_foreign("hello_start", kiln_keys(hello), KILN_CONSOLE, KILN_TIME, KILN_JOB);

	return kiln_register(argc, argv, "hello", job, kiln_default_console(), kiln_default_time());
}

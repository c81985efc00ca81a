/* config.c: kv_ro_crunch compares a value read from two crunch stores made from the same directory t/. */
#include <kiln/config.h>

int main(int argc, char **argv)
{
	kiln_job *job = kiln_foreign("kv_ro_start", NULL, KILN_CONSOLE, KILN_KV_RO, KILN_KV_RO, KILN_JOB);

	return kiln_register(argc, argv, "kv_ro", job, kiln_default_console(), kiln_crunch("t"), kiln_crunch("t"));
}

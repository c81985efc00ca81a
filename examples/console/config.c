/* config.c: the console unikernel takes a console and the time device. */
#include <kiln/config.h>

int main(int argc, char **argv)
{
	kiln_job *job = kiln_foreign("console_start", NULL, KILN_CONSOLE, KILN_TIME, KILN_JOB);

	return kiln_register(argc, argv, "console", job, kiln_default_console(), kiln_default_time());
}

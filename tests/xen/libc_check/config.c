/* config.c: libc_check prints what C library functions give, so xen's libc subset can be compared with glibc. */
#include <kiln/config.h>

int main(int argc, char **argv)
{
	kiln_job *job = kiln_foreign("libc_check_start", NULL, KILN_CONSOLE, KILN_JOB);

	return kiln_register(argc, argv, "libc_check", job, kiln_default_console());
}

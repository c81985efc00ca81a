/* config.c: crash_null, a unikernel that writes through a NULL pointer, for the xen crash report tests. */
#include <kiln/config.h>

int main(int argc, char **argv)
{
	kiln_job *job = kiln_foreign("crash_null_start", NULL, KILN_JOB);

	return kiln_register(argc, argv, "crash_null", job);
}

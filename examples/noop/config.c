/* config.c: the noop unikernel takes no devices and has no keys. */
#include <kiln/config.h>

int main(int argc, char **argv)
{
	kiln_job *job = kiln_foreign("noop_start", NULL, KILN_JOB);

	return kiln_register(argc, argv, "noop", job);
}

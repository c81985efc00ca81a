/* config.c: netpeer, a test unikernel the network tests and benchmarks talk to, over the stack --net chooses. */
#include <kiln/config.h>

int main(int argc, char **argv)
{
	kiln_job *job = kiln_foreign("netpeer_start", NULL, KILN_CONSOLE, KILN_STACKV4, KILN_JOB);

	return kiln_register(argc, argv, "netpeer", job, kiln_default_console(),
			     kiln_generic_stackv4(kiln_default_network()));
}

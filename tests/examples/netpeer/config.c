/* config.c: netpeer, a test unikernel the network tests and benchmarks talk to, over the stack --net chooses. */
#include <kiln/config.h>

int main(int argc, char **argv)
{
	kiln_key *connect = kiln_key_string("connect", "", "ADDR:PORT to open a connection to once ready, "
					    "send \"hello\" and print what comes back (\"\": none).");
	kiln_job *job = kiln_foreign("netpeer_start", kiln_keys(connect), KILN_CONSOLE, KILN_STACKV4, KILN_JOB);

	return kiln_register(argc, argv, "netpeer", job, kiln_default_console(),
			     kiln_generic_stackv4(kiln_default_network()));
}

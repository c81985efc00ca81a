/* config.c: dhcp_client, a test unikernel: acquires a lease on the network device, answers pings, waits for --renewals renewals. */
#include <kiln/config.h>

int main(int argc, char **argv)
{
	kiln_key *renewals = kiln_key_int("renewals", 1, "How many renewals to see before ending.");
	kiln_job *job = kiln_foreign("dhcp_client_start", kiln_keys(renewals), KILN_CONSOLE, KILN_NETWORK, KILN_JOB);

	return kiln_register(argc, argv, "dhcp_client", job, kiln_default_console(), kiln_default_network());
}

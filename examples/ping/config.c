/* config.c: ping answers ICMP echo requests on the network device, its address set by --ipv4 and --ipv4-gateway, ARP's cache time by --arp-timeout. */
#include <kiln/config.h>

int main(int argc, char **argv)
{
	kiln_key *ipv4 = kiln_key_string("ipv4", "10.0.0.2/24", "The unikernel's address and prefix length.");
	kiln_key *gateway = kiln_key_string("ipv4-gateway", "10.0.0.1", "The gateway (none: no gateway).");
	kiln_key *arp_timeout = kiln_key_int("arp-timeout", 60, "Seconds an ARP answer stays cached.");
	kiln_job *job = kiln_foreign("ping_start", kiln_keys(ipv4, gateway, arp_timeout), KILN_CONSOLE, KILN_NETWORK,
				     KILN_JOB);

	return kiln_register(argc, argv, "ping", job, kiln_default_console(), kiln_default_network());
}

/* unikernel.c: the porting guide's ping: Ethernet, ARP and IPv4 used directly; it shows the ICMP messages that arrive and answers echo requests. */
#include <errno.h>
#include <string.h>

#include <kiln/layers.h>
#include <kiln/stackv4.h>
#include <kiln/time.h>

#include "start_gen.h"

/* Shows one ICMP message: "echo request from 10.0.0.1: seq 1, 56 bytes". */
static void seen(void *arg, uint32_t src, uint8_t type, uint8_t code, uint16_t id, uint16_t seq, const uint8_t *data,
		 size_t len)
{
	struct kiln_console *c = arg;
	char from[KILN_IPV4_STRLEN];

	(void)id;
	(void)data;
	kiln_ipv4_format(src, from);
	if (type == KILN_ICMP_ECHO_REQUEST || type == KILN_ICMP_ECHO_REPLY)
		kiln_console_logf(c, "echo %s from %s: seq %u, %zu bytes", type ? "request" : "reply", from, seq, len);
	else
		kiln_console_logf(c, "ICMP type %u code %u from %s, %zu bytes", type, code, from, len);
}

/* The --ipv4 and --ipv4-gateway keys as an address, a netmask and a gateway (0: none). */
static int parse_keys(struct kiln_console *c, uint32_t *addr, uint32_t *netmask, uint32_t *gateway)
{
	unsigned prefix;

	if (kiln_ipv4_parse_cidr(key_gen_ipv4(), addr, &prefix) < 0) {
		kiln_console_logf(c, "--ipv4=%s: not an address/prefix such as 10.0.0.2/24", key_gen_ipv4());
		return -EINVAL;
	}
	*netmask = prefix ? 0xffffffffu << (32 - prefix) : 0;
	*gateway = 0;
	if (strcmp(key_gen_ipv4_gateway(), "none") != 0 && kiln_ipv4_parse(key_gen_ipv4_gateway(), gateway) < 0) {
		kiln_console_logf(c, "--ipv4-gateway=%s: not an address", key_gen_ipv4_gateway());
		return -EINVAL;
	}
	return 0;
}

/* Builds the layers (Ethernet, ARP, IPv4, ICMP, UDP), each on the one below, gives IPv4 its address and
 * watches ICMP; they live (and answer) for as long as the unikernel runs. */
int ping_start(struct kiln_console *c, struct kiln_netif *net)
{
	struct kiln_layers l;
	uint32_t addr, netmask, gateway;
	char text[KILN_IPV4_STRLEN];
	int rc = parse_keys(c, &addr, &netmask, &gateway);

	if (rc == 0)
		rc = kiln_layers_new(&l, net);
	if (rc < 0)
		return rc;
	rc = kiln_ipv4_configure(l.ip, addr, netmask, gateway);
	if (rc < 0) {
		kiln_layers_free(&l);
		return rc;
	}
	kiln_arp_set_timeouts(l.arp, KILN_SEC(key_gen_arp_timeout()), KILN_SEC(1));
	kiln_icmp_set_observer(l.icmp, seen, c);
	return kiln_console_logf(c, "IP address: %s", kiln_ipv4_format(addr, text));
}

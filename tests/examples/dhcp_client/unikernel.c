/* unikernel.c: dhcp_client: shows the lease it got and each renewal, answers pings meanwhile, then releases the lease, frees the stack and ends. */
#include <errno.h>

#include <kiln/dhcp.h>
#include <kiln/fiber.h>
#include <kiln/layers.h>
#include <kiln/stackv4.h>
#include <kiln/time.h>

#include "start_gen.h"

static void show(struct kiln_console *c, const char *what, const struct kiln_dhcp_lease *l)
{
	char a[KILN_IPV4_STRLEN], m[KILN_IPV4_STRLEN], r[KILN_IPV4_STRLEN], d[KILN_IPV4_STRLEN], s[KILN_IPV4_STRLEN];

	kiln_console_logf(c, "%s: %s netmask %s router %s dns %s (%u) server %s lease %u s", what,
			  kiln_ipv4_format(l->addr, a), kiln_ipv4_format(l->netmask, m), kiln_ipv4_format(l->router, r),
			  kiln_ipv4_format(l->ndns ? l->dns[0] : 0, d), l->ndns, kiln_ipv4_format(l->server, s), l->lease_s);
}

/* Shows each renewal, and each new lease (after a refusal or an expiry), until --renewals renewals. */
static int watch(struct kiln_console *c, struct kiln_dhcp *dhcp, uint32_t addr)
{
	struct kiln_dhcp_lease l;
	unsigned seen = 0;

	while (seen < (unsigned)key_gen_renewals()) {
		kiln_sleep_ns(KILN_MSEC(100));
		kiln_dhcp_lease(dhcp, &l);
		if (l.addr && l.addr != addr) {
			addr = l.addr;
			show(c, "bound", &l);
		}
		if (l.renewals == seen)
			continue;
		seen = l.renewals;
		show(c, "renewed", &l);
	}
	return 0;
}

int dhcp_client_start(struct kiln_console *c, struct kiln_netif *net)
{
	struct kiln_layers l;
	struct kiln_dhcp *dhcp;
	struct kiln_dhcp_lease lease;
	int rc = kiln_layers_new(&l, net);

	if (rc < 0)
		return rc;
	rc = kiln_dhcp_start(&dhcp, l.ip, l.udp, &lease);
	if (rc == 0) {
		show(c, "bound", &lease);
		rc = watch(c, dhcp, lease.addr);
		if (rc == 0)
			rc = kiln_dhcp_release(dhcp);
		kiln_dhcp_free(dhcp);
	}
	kiln_layers_free(&l);
	return rc;
}

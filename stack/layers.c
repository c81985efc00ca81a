/* layers.c: Ethernet, ARP, IPv4, ICMP and UDP built together, and freed in the reverse order. */
#include <string.h>

#include <kiln/layers.h>

int kiln_layers_new(struct kiln_layers *l, struct kiln_netif *n)
{
	int rc;

	memset(l, 0, sizeof(*l));
	rc = kiln_eth_new(&l->eth, n);
	if (rc == 0)
		rc = kiln_arp_new(&l->arp, l->eth);
	if (rc == 0)
		rc = kiln_ipv4_new(&l->ip, l->eth, l->arp);
	if (rc == 0)
		rc = kiln_icmp_new(&l->icmp, l->ip);
	if (rc == 0)
		rc = kiln_udp_new(&l->udp, l->ip);
	if (rc == 0)
		kiln_udp_set_icmp(l->udp, l->icmp);
	if (rc < 0)
		kiln_layers_free(l);
	return rc;
}

void kiln_layers_free(struct kiln_layers *l)
{
	kiln_udp_free(l->udp);
	kiln_icmp_free(l->icmp);
	kiln_ipv4_free(l->ip);
	kiln_arp_free(l->arp);
	kiln_eth_free(l->eth);
	memset(l, 0, sizeof(*l));
}

/* layers.h: the layers of Kiln's own stack built together on a network device: Ethernet, ARP, IPv4, ICMP (answering pings), UDP (unbound ports answered with ICMP port unreachable). */
#ifndef KILN_LAYERS_H
#define KILN_LAYERS_H

#include <kiln/arp.h>
#include <kiln/ethernet.h>
#include <kiln/icmp.h>
#include <kiln/ipv4.h>
#include <kiln/netif.h>
#include <kiln/udp.h>

struct kiln_layers {
	struct kiln_eth *eth;
	struct kiln_arp *arp;
	struct kiln_ipv4 *ip; /* unconfigured: kiln_ipv4_configure, or kiln_dhcp_start */
	struct kiln_icmp *icmp;
	struct kiln_udp *udp;
};

/* Builds each layer on the one below on n. The caller owns them (kiln_layers_free); on failure
 * none is left. Returns 0 or -ENOMEM. */
int kiln_layers_new(struct kiln_layers *l, struct kiln_netif *n);

/* Frees the layers, the highest first (what the caller built on them, such as DHCP or TCP, goes before). */
void kiln_layers_free(struct kiln_layers *l);

#endif

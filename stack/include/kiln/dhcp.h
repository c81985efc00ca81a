/* dhcp.h: the DHCP client (RFC 2131): acquires a lease, configures IPv4 with it, renews it at T1, rebinds at T2. */
#ifndef KILN_DHCP_H
#define KILN_DHCP_H

#include <stdint.h>

#include <kiln/ipv4.h>
#include <kiln/udp.h>

/* A lease, addresses in host order (0: the server did not give one). */
struct kiln_dhcp_lease {
	uint32_t addr, netmask, router;
	uint32_t dns[3];
	unsigned ndns;
	uint32_t lease_s, t1_s, t2_s; /* the lease and when to renew and rebind, in seconds from when it was granted */
	uint32_t server;              /* the server's identifier */
	unsigned renewals;            /* how many times it was renewed since the first */
};

struct kiln_dhcp;

/*
 * Acquires a lease (discover, offer, request, ack; four tries, 1, 2, 4 and 8 s apart), configures
 * ip with it (address, netmask, router) and copies it to *lease; then a fiber ("dhcp") renews it
 * with its server at T1, rebinds with any server at T2, and at expiry unconfigures ip and starts
 * over. Takes UDP port 68 of u. Blocks the calling fiber. The caller owns *out (kiln_dhcp_free,
 * before u and ip). Returns 0, -ETIMEDOUT (no server answered), -EADDRINUSE, or -ENOMEM.
 */
int kiln_dhcp_start(struct kiln_dhcp **out, struct kiln_ipv4 *ip, struct kiln_udp *u, struct kiln_dhcp_lease *lease);

/* The lease as it stands (after renewals); addr 0 while there is none. */
void kiln_dhcp_lease(struct kiln_dhcp *d, struct kiln_dhcp_lease *lease);

/* Gives the lease back to its server (DHCPRELEASE) and unconfigures ip. Returns 0 or the send's -errno. */
int kiln_dhcp_release(struct kiln_dhcp *d);

/* Ends the renewing fiber and frees d; ip keeps its address unless it was released. */
void kiln_dhcp_free(struct kiln_dhcp *d);

#endif

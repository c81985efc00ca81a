/* dhcp_msg.h: DHCP messages (RFC 2131/2132) as a client sends and parses them: the BOOTP header and bounded option parsing. */
#ifndef KILN_STACK_DHCP_MSG_H
#define KILN_STACK_DHCP_MSG_H

#include <stddef.h>
#include <stdint.h>

#define DHCP_DISCOVER 1
#define DHCP_OFFER 2
#define DHCP_REQUEST 3
#define DHCP_ACK 5
#define DHCP_NAK 6
#define DHCP_RELEASE 7

#define DHCP_MSG_MAX 576 /* what a client must accept; ours are 300 bytes */

/* What a server's reply says, addresses in host order; 0 for what it did not say. */
struct dhcp_msg {
	uint8_t type;
	uint32_t xid;
	uint8_t chaddr[6];
	uint32_t yiaddr;
	uint32_t netmask, router, server;
	uint32_t dns[3];
	unsigned ndns;
	uint32_t lease_s, t1_s, t2_s;
};

/*
 * Parses a server's reply (BOOTREPLY, Ethernet, the magic cookie, then options). Every option's
 * length is checked against the bytes left and against what the option must hold; a message with
 * a truncated option, or a known option of the wrong length, is refused whole. Returns 0 or -EINVAL.
 */
int dhcp_parse(const uint8_t *p, size_t len, struct dhcp_msg *out);

/* What a client's message carries: its type, and the addresses it names (0: left out). */
struct dhcp_request {
	uint8_t type;
	uint32_t xid;
	uint8_t chaddr[6];
	uint32_t ciaddr;    /* our address when renewing or rebinding */
	uint32_t requested; /* option 50, when selecting an offer */
	uint32_t server;    /* option 54, when selecting an offer */
	uint32_t lease_s;   /* option 51, a lease time we would like (0: the server's) */
};

/* Writes the message r into buf (at least DHCP_MSG_MAX bytes); returns its length. */
size_t dhcp_build(const struct dhcp_request *r, uint8_t *buf);

#endif

/* ipv4.c: IPv4: header checks on input, demultiplexing to protocol handlers, routing and fragmentation on output. */
#include <errno.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include <kiln/ipv4.h>
#include <kiln/log.h>
#include <kiln/stackv4.h>

#include "checksum.h"
#include "demux.h"
#include "iov.h"
#include "ipv4_reass.h"
#include "platform.h"
#include "wire.h"

KILN_LOG_SRC(log_ipv4, "IPv4", "IPv4: configuration");

#define HEADER 20
#define MAX_PROTOS 8
#define TTL 64
#define MAX_PAYLOAD 65515
#define FLAG_MF 0x2000
#define OFFSET_MASK 0x1fff
#define BROADCAST 0xffffffffu

struct kiln_ipv4 {
	struct kiln_eth *eth;
	struct kiln_arp *arp;
	uint32_t addr, netmask, gateway;
	struct demux_slot handlers[MAX_PROTOS];
	struct reass *reass;
	uint16_t next_id;
	unsigned in_handler; /* > 0 while a handler runs: output must not block then */
	bool rx_csum_ok; /* the device vouches for the TCP/UDP checksum of the datagram being handled */
	const uint8_t *rx_quote; /* the datagram being handled, header first, if an ICMP error may answer it */
	size_t rx_quote_len;
	uint64_t dropped;
};

int kiln_ipv4_new(struct kiln_ipv4 **out, struct kiln_eth *e, struct kiln_arp *a)
{
	struct kiln_ipv4 *ip = calloc(1, sizeof(*ip));
	uint16_t id = 0;
	int rc;

	if (!ip)
		return -ENOMEM;
	ip->eth = e;
	ip->arp = a;
	ip->reass = reass_new();
	/* A random first identification, so that restarts do not reuse the same ones. */
	(void)kiln_plat_random(&id, sizeof(id));
	ip->next_id = id;
	rc = ip->reass ? kiln_eth_set_handler(e, KILN_ETH_IPV4, kiln_ipv4_input, ip) : -ENOMEM;
	if (rc < 0) {
		reass_free(ip->reass);
		free(ip);
		return rc;
	}
	*out = ip;
	return 0;
}

void kiln_ipv4_free(struct kiln_ipv4 *ip)
{
	if (!ip)
		return;
	kiln_eth_set_handler(ip->eth, KILN_ETH_IPV4, NULL, NULL);
	reass_free(ip->reass);
	free(ip);
}

int kiln_ipv4_configure(struct kiln_ipv4 *ip, uint32_t addr, uint32_t netmask, uint32_t gateway)
{
	char a[KILN_IPV4_STRLEN], m[KILN_IPV4_STRLEN], g[KILN_IPV4_STRLEN];

	if (addr && gateway && (gateway & netmask) != (addr & netmask))
		return -EINVAL;
	ip->addr = addr;
	ip->netmask = addr ? netmask : 0;
	ip->gateway = addr ? gateway : 0;
	if (addr)
		kiln_log_info(&log_ipv4, "%s nm %s gw %s", kiln_ipv4_format(addr, a), kiln_ipv4_format(netmask, m),
			      gateway ? kiln_ipv4_format(gateway, g) : "none");
	/* An announcement that could not go out (the link is down) is logged; the address stands. */
	(void)kiln_arp_set_address(ip->arp, addr);
	return 0;
}

uint32_t kiln_ipv4_address(struct kiln_ipv4 *ip)
{
	return ip->addr;
}

uint32_t kiln_ipv4_netmask(struct kiln_ipv4 *ip)
{
	return ip->netmask;
}

uint32_t kiln_ipv4_gateway(struct kiln_ipv4 *ip)
{
	return ip->gateway;
}

unsigned kiln_ipv4_mtu(struct kiln_ipv4 *ip)
{
	return kiln_eth_mtu(ip->eth) - HEADER;
}

struct kiln_eth *kiln_ipv4_eth(struct kiln_ipv4 *ip)
{
	return ip->eth;
}

uint64_t kiln_ipv4_dropped(struct kiln_ipv4 *ip)
{
	return ip->dropped;
}

int kiln_ipv4_set_handler(struct kiln_ipv4 *ip, uint8_t proto, kiln_ipv4_proto_fn *fn, void *ctx)
{
	return demux_set(ip->handlers, MAX_PROTOS, proto, (demux_fn *)fn, ctx);
}

/* Whether dst is the broadcast address of the configured subnet, or the limited broadcast. */
static int is_broadcast(const struct kiln_ipv4 *ip, uint32_t dst)
{
	return dst == BROADCAST || (ip->addr && ip->netmask != BROADCAST && dst == (ip->addr | ~ip->netmask));
}

/* Whether a datagram to dst is ours: our address, a broadcast, or anything before we have an address. */
static int accepts(const struct kiln_ipv4 *ip, uint32_t dst)
{
	return !ip->addr || dst == ip->addr || is_broadcast(ip, dst);
}

/* What an ICMP error may quote of an arriving datagram (RFC 1122 3.2.2): a whole one, not a
 * fragment (quote NULL), sent to our own address, from a host's address. */
static bool may_answer(const struct kiln_ipv4 *ip, uint32_t src, uint32_t dst, const uint8_t *quote)
{
	return quote && ip->addr && dst == ip->addr && src && (src >> 24) != 127 && !is_broadcast(ip, src);
}

/* Hands the payload to proto's handler; csum_ok: the device vouched for its checksum (a whole datagram
 * from the tap); quote: the whole datagram, header first (NULL for one reassembled from fragments). */
static void deliver(struct kiln_ipv4 *ip, uint8_t proto, uint32_t src, uint32_t dst, const uint8_t *p, size_t len,
		    bool csum_ok, const uint8_t *quote)
{
	const struct demux_slot *h = demux_find(ip->handlers, MAX_PROTOS, proto);
	bool outer = ip->rx_csum_ok;
	const uint8_t *outer_quote = ip->rx_quote;
	size_t outer_quote_len = ip->rx_quote_len;

	if (!h) {
		ip->dropped++;
		return;
	}
	ip->in_handler++;
	ip->rx_csum_ok = csum_ok;
	ip->rx_quote = may_answer(ip, src, dst, quote) ? quote : NULL;
	ip->rx_quote_len = ip->rx_quote ? (size_t)(p - quote) + len : 0;
	((kiln_ipv4_proto_fn *)h->fn)(h->ctx, src, dst, p, len);
	ip->rx_csum_ok = outer;
	ip->rx_quote = outer_quote;
	ip->rx_quote_len = outer_quote_len;
	ip->in_handler--;
}

bool kiln_ipv4_rx_datagram(struct kiln_ipv4 *ip, const uint8_t **dgram, size_t *len)
{
	*dgram = ip->rx_quote;
	*len = ip->rx_quote_len;
	return ip->rx_quote != NULL;
}

bool kiln_ipv4_rx_csum_ok(struct kiln_ipv4 *ip)
{
	return ip->rx_csum_ok;
}

void kiln_ipv4_input(void *ipv4, const uint8_t mac[6], const uint8_t *p, size_t len)
{
	struct kiln_ipv4 *ip = ipv4;
	size_t hl, total;
	uint16_t frag;
	uint32_t src, dst;
	const uint8_t *whole;
	size_t whole_len;
	int rc;

	(void)mac;
	/* Never trust a length field: the header's length, the total length and the bytes received must agree. */
	if (len < HEADER || (p[0] >> 4) != 4)
		goto drop;
	hl = (size_t)(p[0] & 0xf) * 4;
	total = get16(p + 2);
	if (hl < HEADER || total < hl || total > len || inet_fold(inet_sum(p, hl, 0)) != 0)
		goto drop;
	src = get32(p + 12);
	dst = get32(p + 16);
	/* A source that is a group or broadcast address is never valid. */
	if (src == BROADCAST || (src >> 28) == 0xe || !accepts(ip, dst))
		goto drop;
	frag = get16(p + 6);
	if (!(frag & (FLAG_MF | OFFSET_MASK))) {
		deliver(ip, p[9], src, dst, p + hl, total - hl, kiln_eth_rx_flags(ip->eth) & KILN_NETIF_RX_CSUM_OK, p);
		return;
	}
	rc = reass_add(ip->reass, &(struct reass_key){ src, dst, get16(p + 4), p[9] }, (size_t)(frag & OFFSET_MASK) * 8,
		       p + hl, total - hl, !!(frag & FLAG_MF), kiln_plat_monotonic_ns(), &whole, &whole_len);
	if (rc == 1)
		deliver(ip, p[9], src, dst, whole, whole_len, false, NULL);
	else if (rc < 0)
		goto drop;
	return;
drop:
	ip->dropped++;
}

/* Sends one datagram (or fragment) with the header for these fields to next hop (0: broadcast). */
static int send_one(struct kiln_ipv4 *ip, uint32_t next_hop, uint32_t src, uint32_t dst, uint8_t proto, uint16_t id,
		    uint16_t frag, const struct iovec *iov, int iovcnt, size_t len, bool wait)
{
	uint8_t h[HEADER] = { 0x45, 0 };
	struct iovec v[8];

	put16(h + 2, (uint16_t)(HEADER + len));
	put16(h + 4, id);
	put16(h + 6, frag);
	h[8] = TTL;
	h[9] = proto;
	put32(h + 12, src);
	put32(h + 16, dst);
	put16(h + 10, inet_fold(inet_sum(h, HEADER, 0)));
	v[0] = (struct iovec){ h, HEADER };
	memcpy(v + 1, iov, (size_t)iovcnt * sizeof(*iov));
	if (!next_hop)
		return kiln_eth_output(ip->eth, kiln_eth_broadcast, KILN_ETH_IPV4, v, iovcnt + 1);
	return kiln_arp_output(ip->arp, next_hop, KILN_ETH_IPV4, v, iovcnt + 1, wait);
}

/* The next hop towards dst: dst on our subnet, else the gateway; 0 for a broadcast. -ENETUNREACH without a route. */
static int64_t route(const struct kiln_ipv4 *ip, uint32_t dst)
{
	if (is_broadcast(ip, dst))
		return 0;
	if (!ip->addr || dst == 0)
		return -ENETUNREACH;
	if ((dst & ip->netmask) == (ip->addr & ip->netmask))
		return dst;
	return ip->gateway ? (int64_t)ip->gateway : -ENETUNREACH;
}

/* Sends a datagram, fragmented when needed; wait: whether ARP may block the fiber. */
static int output(struct kiln_ipv4 *ip, uint32_t src, uint32_t dst, uint8_t proto, const struct iovec *iov, int iovcnt,
		  bool wait)
{
	size_t len = iov_length(iov, iovcnt), per, off;
	int64_t hop = route(ip, dst);
	uint16_t id = ip->next_id++;
	struct iovec piece[7];

	if (hop < 0)
		return (int)hop;
	if (len > MAX_PAYLOAD)
		return -EMSGSIZE;
	if (iovcnt > 7)
		return -EINVAL;
	if (!src)
		src = ip->addr;
	if (len <= kiln_ipv4_mtu(ip))
		return send_one(ip, (uint32_t)hop, src, dst, proto, id, 0, iov, iovcnt, len, wait);
	/* Fragments carry a multiple of 8 bytes each, but the last. */
	per = kiln_ipv4_mtu(ip) & ~(size_t)7;
	for (off = 0; off < len; off += per) {
		size_t n = len - off < per ? len - off : per;
		uint16_t frag = (uint16_t)((off / 8) | (off + n < len ? FLAG_MF : 0));
		int cnt = iov_slice(iov, iovcnt, off, n, piece, 7);
		int rc = cnt < 0 ? -EINVAL : send_one(ip, (uint32_t)hop, src, dst, proto, id, frag, piece, cnt, n, wait);

		if (rc < 0)
			return rc;
	}
	return 0;
}

int kiln_ipv4_output(struct kiln_ipv4 *ip, uint32_t src, uint32_t dst, uint8_t proto, const struct iovec *iov,
		     int iovcnt)
{
	return output(ip, src, dst, proto, iov, iovcnt, ip->in_handler == 0);
}

int kiln_ipv4_output_nowait(struct kiln_ipv4 *ip, uint32_t src, uint32_t dst, uint8_t proto, const struct iovec *iov,
			    int iovcnt)
{
	return output(ip, src, dst, proto, iov, iovcnt, false);
}

/* udp.c: UDP: length and checksum checks on input, port demultiplexing, checksummed output. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <kiln/icmp.h>
#include <kiln/udp.h>

#include "checksum.h"
#include "iov.h"
#include "wire.h"

#define HEADER 8
#define MAX_DATA (65535 - 20 - HEADER)

struct binding {
	uint16_t port;
	kiln_udp_recv_fn *fn;
	void *ctx;
};

struct kiln_udp {
	struct kiln_ipv4 *ip;
	struct kiln_icmp *icmp; /* answers datagrams to unbound ports, when set */
	struct binding *binds; /* owned */
	size_t nbinds, cap;
	uint64_t dropped;
};

int kiln_udp_new(struct kiln_udp **out, struct kiln_ipv4 *ip)
{
	struct kiln_udp *u = calloc(1, sizeof(*u));
	int rc;

	if (!u)
		return -ENOMEM;
	u->ip = ip;
	rc = kiln_ipv4_set_handler(ip, KILN_IPPROTO_UDP, kiln_udp_input, u);
	if (rc < 0) {
		free(u);
		return rc;
	}
	*out = u;
	return 0;
}

void kiln_udp_free(struct kiln_udp *u)
{
	if (!u)
		return;
	kiln_ipv4_set_handler(u->ip, KILN_IPPROTO_UDP, NULL, NULL);
	free(u->binds);
	free(u);
}

static struct binding *find(struct kiln_udp *u, uint16_t port)
{
	for (size_t i = 0; i < u->nbinds; i++)
		if (u->binds[i].port == port)
			return &u->binds[i];
	return NULL;
}

int kiln_udp_bind(struct kiln_udp *u, uint16_t port, kiln_udp_recv_fn *fn, void *ctx)
{
	if (!port || !fn)
		return -EINVAL;
	if (find(u, port))
		return -EADDRINUSE;
	if (u->nbinds == u->cap) {
		size_t cap = u->cap ? u->cap * 2 : 8;
		struct binding *b = realloc(u->binds, cap * sizeof(*b));
		if (!b)
			return -ENOMEM;
		u->binds = b;
		u->cap = cap;
	}
	u->binds[u->nbinds++] = (struct binding){ port, fn, ctx };
	return 0;
}

void kiln_udp_unbind(struct kiln_udp *u, uint16_t port)
{
	struct binding *b = find(u, port);

	if (b)
		*b = u->binds[--u->nbinds];
}

void kiln_udp_set_icmp(struct kiln_udp *u, struct kiln_icmp *icmp)
{
	u->icmp = icmp;
}

uint64_t kiln_udp_dropped(struct kiln_udp *u)
{
	return u->dropped;
}

void kiln_udp_input(void *arg, uint32_t src, uint32_t dst, const uint8_t *d, size_t len)
{
	struct kiln_udp *u = arg;
	size_t ulen;
	struct binding *b;

	/* The UDP length may be shorter than the IP payload (padding), never longer, never under a header. */
	if (len < HEADER)
		goto drop;
	ulen = get16(d + 4);
	if (ulen < HEADER || ulen > len)
		goto drop;
	/* A zero checksum means none was computed (RFC 768); the tap may vouch for it. */
	if ((d[6] | d[7]) && !kiln_ipv4_rx_csum_ok(u->ip) && inet_fold(inet_sum(d, ulen, inet_pseudo_sum(src, dst, KILN_IPPROTO_UDP, (uint16_t)ulen))))
		goto drop;
	b = find(u, get16(d + 2));
	if (!b) {
		if (u->icmp)
			(void)kiln_icmp_unreachable(u->icmp, KILN_ICMP_PORT_UNREACHABLE);
		goto drop;
	}
	b->fn(b->ctx, src, get16(d), dst, b->port, d + HEADER, ulen - HEADER);
	return;
drop:
	u->dropped++;
}

int kiln_udp_output(struct kiln_udp *u, uint32_t src, uint16_t src_port, uint32_t dst, uint16_t dst_port,
		    const struct iovec *iov, int iovcnt)
{
	size_t len = iov_length(iov, iovcnt);
	uint8_t h[HEADER];
	struct iovec v[7];
	uint16_t sum;

	if (len > MAX_DATA)
		return -EMSGSIZE;
	if (iovcnt > 6)
		return -EINVAL;
	if (!src)
		src = kiln_ipv4_address(u->ip);
	put16(h, src_port);
	put16(h + 2, dst_port);
	put16(h + 4, (uint16_t)(len + HEADER));
	put16(h + 6, 0);
	v[0] = (struct iovec){ h, HEADER };
	memcpy(v + 1, iov, (size_t)iovcnt * sizeof(*iov));
	sum = inet_fold(inet_sum_iov(v, iovcnt + 1, inet_pseudo_sum(src, dst, KILN_IPPROTO_UDP, (uint16_t)(len + HEADER))));
	sum = sum ? sum : 0xffff; /* 0 would mean no checksum */
	put16(h + 6, sum);
	return kiln_ipv4_output(u->ip, src, dst, KILN_IPPROTO_UDP, v, iovcnt + 1);
}

/* net_frames.h: frames as a peer (10.0.0.1, 02:00:00:00:00:01) sends them to the stack under test (10.0.0.2), for the stack's tests and fuzzer corpus. */
#ifndef KILN_TEST_NET_FRAMES_H
#define KILN_TEST_NET_FRAMES_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "wire.h"
#include "checksum.h"

#define US 0x0a000002u
#define PEER 0x0a000001u
#define ETH_HDR 14
#define IP_HDR 20

static const uint8_t us_mac[6] = { 2, 0, 0, 0, 0, 2 };
static const uint8_t peer_mac[6] = { 2, 0, 0, 0, 0, 1 };

/* Writes an Ethernet header from the peer to us (or dst) of type at f. */
static inline void eth_header(uint8_t *f, const uint8_t *dst, uint16_t type)
{
	memcpy(f, dst ? dst : us_mac, 6);
	memcpy(f + 6, peer_mac, 6);
	put16(f + 12, type);
}

/* Recomputes the IPv4 header checksum of the frame f. */
static inline void ip_fix_checksum(uint8_t *f)
{
	uint8_t *h = f + ETH_HDR;
	size_t hl = (size_t)(h[0] & 0xf) * 4;

	put16(h + 10, 0);
	put16(h + 10, inet_fold(inet_sum(h, hl, 0)));
}

/* A frame carrying an IPv4 datagram from the peer to dst with payload; returns its length. */
static inline size_t ip_frame(uint8_t *f, uint8_t proto, uint32_t dst, uint16_t id, uint16_t frag, const uint8_t *payload,
			      size_t len)
{
	uint8_t *h = f + ETH_HDR;

	eth_header(f, NULL, 0x0800);
	memset(h, 0, IP_HDR);
	h[0] = 0x45;
	put16(h + 2, (uint16_t)(IP_HDR + len));
	put16(h + 4, id);
	put16(h + 6, frag);
	h[8] = 64;
	h[9] = proto;
	put32(h + 12, PEER);
	put32(h + 16, dst);
	memcpy(h + IP_HDR, payload, len);
	ip_fix_checksum(f);
	return ETH_HDR + IP_HDR + len;
}

/* An ICMP echo request with seq and len bytes of data (0, 1, 2, ...); returns its length. */
static inline size_t echo_request(uint8_t *m, uint16_t seq, size_t len)
{
	memset(m, 0, 8);
	m[0] = 8;
	put16(m + 4, 0x1234);
	put16(m + 6, seq);
	for (size_t i = 0; i < len; i++)
		m[8 + i] = (uint8_t)i;
	put16(m + 2, inet_fold(inet_sum(m, 8 + len, 0)));
	return 8 + len;
}

/* A UDP datagram from the peer's port 5000 to us at port with len bytes of data (checksummed). */
static inline size_t udp_datagram(uint8_t *d, uint16_t port, const void *data, size_t len)
{
	put16(d, 5000);
	put16(d + 2, port);
	put16(d + 4, (uint16_t)(8 + len));
	put16(d + 6, 0);
	memcpy(d + 8, data, len);
	put16(d + 6, inet_fold(inet_sum(d, 8 + len, inet_pseudo_sum(PEER, US, 17, (uint16_t)(8 + len)))));
	return 8 + len;
}

/* An ARP packet in a frame (op 1 request, 2 reply) from the peer about target tpa; returns its length. */
static inline size_t arp_frame(uint8_t *f, uint16_t op, uint32_t spa, uint32_t tpa)
{
	uint8_t *p = f + ETH_HDR;

	eth_header(f, op == 1 ? (const uint8_t[6]){ 0xff, 0xff, 0xff, 0xff, 0xff, 0xff } : us_mac, 0x0806);
	put16(p, 1);
	put16(p + 2, 0x0800);
	p[4] = 6;
	p[5] = 4;
	put16(p + 6, op);
	memcpy(p + 8, peer_mac, 6);
	put32(p + 14, spa);
	memcpy(p + 18, op == 1 ? (const uint8_t[6]){ 0 } : us_mac, 6);
	put32(p + 24, tpa);
	return ETH_HDR + 28;
}

#endif

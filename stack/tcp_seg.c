/* tcp_seg.c: TCP segments on the wire: parsing the header and options, building them, checksums. */
#include <errno.h>
#include <string.h>

#include "tcp_seg.h"

#define OPT_EOL 0
#define OPT_NOP 1
#define OPT_MSS 2
#define OPT_WSCALE 3

static uint16_t get16(const uint8_t *p)
{
	return (uint16_t)(p[0] << 8 | p[1]);
}

static uint32_t get32(const uint8_t *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

static void put16(uint8_t *p, uint16_t v)
{
	p[0] = (uint8_t)(v >> 8);
	p[1] = (uint8_t)v;
}

static void put32(uint8_t *p, uint32_t v)
{
	put16(p, (uint16_t)(v >> 16));
	put16(p + 2, (uint16_t)v);
}

int tcp_opts_parse(struct tcp_seg *s, const uint8_t *opt, size_t len)
{
	size_t i = 0;

	s->mss = 0;
	s->wscale = -1;
	while (i < len) {
		uint8_t kind = opt[i], olen;

		if (kind == OPT_EOL)
			break;
		if (kind == OPT_NOP) {
			i++;
			continue;
		}
		/* Every other option has a length byte counting kind and length: 2 at least, within the header. */
		if (len - i < 2)
			return -EINVAL;
		olen = opt[i + 1];
		if (olen < 2 || olen > len - i)
			return -EINVAL;
		/* Known options with a length they cannot have are ignored, as are unknown ones. */
		if (kind == OPT_MSS && olen == 4)
			s->mss = get16(opt + i + 2);
		else if (kind == OPT_WSCALE && olen == 3)
			s->wscale = opt[i + 2] > TCP_MAX_WSCALE ? TCP_MAX_WSCALE : opt[i + 2];
		i += olen;
	}
	return 0;
}

int tcp_seg_parse(struct tcp_seg *s, const uint8_t *p, size_t len)
{
	size_t off;

	if (len < TCP_HDR_MIN)
		return -EINVAL;
	off = (size_t)(p[12] >> 4) * 4;
	if (off < TCP_HDR_MIN || off > len)
		return -EINVAL;
	s->sport = get16(p);
	s->dport = get16(p + 2);
	s->seq = get32(p + 4);
	s->ack = get32(p + 8);
	s->flags = p[13] & 0x3f;
	s->wnd = get16(p + 14);
	s->data = p + off;
	s->len = len - off;
	return tcp_opts_parse(s, p + TCP_HDR_MIN, off - TCP_HDR_MIN);
}

size_t tcp_hdr_build(uint8_t *hdr, const struct tcp_hdr_out *h)
{
	size_t len = TCP_HDR_MIN;

	put16(hdr, h->sport);
	put16(hdr + 2, h->dport);
	put32(hdr + 4, h->seq);
	put32(hdr + 8, h->ack);
	hdr[13] = h->flags;
	put16(hdr + 14, h->wnd);
	put32(hdr + 16, 0); /* checksum, urgent pointer */
	if (h->mss) {
		hdr[len] = OPT_MSS;
		hdr[len + 1] = 4;
		put16(hdr + len + 2, h->mss);
		len += 4;
	}
	if (h->wscale >= 0) {
		hdr[len] = OPT_NOP;
		hdr[len + 1] = OPT_WSCALE;
		hdr[len + 2] = 3;
		hdr[len + 3] = (uint8_t)h->wscale;
		len += 4;
	}
	hdr[12] = (uint8_t)(len / 4 << 4);
	return len;
}

/*
 * The Internet checksum, summed as 16-bit words in memory order (the result is stored as it is,
 * whatever the host's byte order). A private copy until stack/checksum.h exists.
 */
static uint32_t sum_bytes(const void *p, size_t n, uint64_t acc)
{
	const uint8_t *b = p;

	while (n >= 8) {
		uint64_t w;

		memcpy(&w, b, 8);
		acc += (w & 0xffffffffu) + (w >> 32);
		b += 8;
		n -= 8;
	}
	while (n >= 2) {
		uint16_t w;

		memcpy(&w, b, 2);
		acc += w;
		b += 2;
		n -= 2;
	}
	if (n) {
		uint8_t last[2] = { b[0], 0 };
		uint16_t w;

		memcpy(&w, last, 2);
		acc += w;
	}
	while (acc >> 16)
		acc = (acc & 0xffff) + (acc >> 16);
	return (uint32_t)acc;
}

/* The sum of the pseudo-header (addresses in host order) of a TCP segment of len bytes. */
static uint32_t pseudo_sum(uint32_t src, uint32_t dst, size_t len)
{
	uint8_t ph[12];

	put32(ph, src);
	put32(ph + 4, dst);
	ph[8] = 0;
	ph[9] = 6;
	put16(ph + 10, (uint16_t)len);
	return sum_bytes(ph, sizeof(ph), 0);
}

/* The folded sum of iov, each piece placed at its offset (a piece at an odd offset is byte-swapped). */
static uint32_t sum_iov(const struct iovec *iov, int iovcnt, uint32_t acc, size_t *total)
{
	size_t off = 0;

	for (int i = 0; i < iovcnt; i++) {
		uint32_t s = sum_bytes(iov[i].iov_base, iov[i].iov_len, 0);

		if (off & 1)
			s = ((s & 0xff) << 8) | (s >> 8);
		acc += s;
		off += iov[i].iov_len;
	}
	*total = off;
	return acc;
}

static uint16_t fold(uint32_t acc)
{
	while (acc >> 16)
		acc = (acc & 0xffff) + (acc >> 16);
	return (uint16_t)~acc;
}

void tcp_csum_fill(uint32_t src, uint32_t dst, const struct iovec *iov, int iovcnt)
{
	size_t len;
	uint32_t acc = sum_iov(iov, iovcnt, 0, &len);
	uint16_t c = fold(acc + pseudo_sum(src, dst, len));

	memcpy((uint8_t *)iov[0].iov_base + 16, &c, 2);
}

bool tcp_csum_ok(uint32_t src, uint32_t dst, const uint8_t *p, size_t len)
{
	return fold(sum_bytes(p, len, pseudo_sum(src, dst, len))) == 0;
}

/* tcp_seg.c: TCP segments on the wire: parsing the header and options, building them, checksums. */
#include <errno.h>
#include <string.h>

#include "checksum.h"
#include "iov.h"
#include "tcp_seg.h"
#include "wire.h"

#define OPT_EOL 0
#define OPT_NOP 1
#define OPT_MSS 2
#define OPT_WSCALE 3
#define TCP_PROTO 6

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

void tcp_csum_fill(uint32_t src, uint32_t dst, const struct iovec *iov, int iovcnt)
{
	size_t len = iov_length(iov, iovcnt);

	put16((uint8_t *)iov[0].iov_base + 16,
	      inet_fold(inet_sum_iov(iov, iovcnt, inet_pseudo_sum(src, dst, TCP_PROTO, (uint16_t)len))));
}

bool tcp_csum_ok(uint32_t src, uint32_t dst, const uint8_t *p, size_t len)
{
	return len <= UINT16_MAX && inet_fold(inet_sum(p, len, inet_pseudo_sum(src, dst, TCP_PROTO, (uint16_t)len))) == 0;
}

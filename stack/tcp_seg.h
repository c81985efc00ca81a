/* tcp_seg.h: TCP segments on the wire: parsing the header and options, building them, checksums. */
#ifndef KILN_STACK_TCP_SEG_H
#define KILN_STACK_TCP_SEG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/uio.h>

#define TCP_FIN 0x01
#define TCP_SYN 0x02
#define TCP_RST 0x04
#define TCP_PSH 0x08
#define TCP_ACK 0x10
#define TCP_URG 0x20

#define TCP_HDR_MIN 20
#define TCP_HDR_MAX 60
#define TCP_MAX_WSCALE 14

/* A received segment, its fields in host order; data points into the bytes parsed. */
struct tcp_seg {
	uint16_t sport, dport;
	uint32_t seq, ack;
	uint8_t flags;
	uint16_t wnd;
	const uint8_t *data;
	size_t len;          /* payload bytes */
	uint16_t mss;        /* MSS option, 0 when absent */
	int wscale;          /* window scale option (clamped to 14), -1 when absent */
};

/* Parses the header and options of the len bytes at p (the whole segment as IP delivered it).
 * Returns 0, or -EINVAL for a runt, a data offset below 5 or past len, or a malformed option
 * (a length below 2 or running past the header). */
int tcp_seg_parse(struct tcp_seg *s, const uint8_t *p, size_t len);

/* Parses the options area (len bytes) into s. Returns 0 or -EINVAL. */
int tcp_opts_parse(struct tcp_seg *s, const uint8_t *opt, size_t len);

/* The header of a segment to send, in host order; mss > 0 and wscale >= 0 add those options. */
struct tcp_hdr_out {
	uint16_t sport, dport;
	uint32_t seq, ack;
	uint8_t flags;
	uint16_t wnd;
	uint16_t mss;
	int wscale;
};

/* Writes the header (checksum zero) into hdr (TCP_HDR_MAX bytes); returns its length. */
size_t tcp_hdr_build(uint8_t *hdr, const struct tcp_hdr_out *h);

/* Fills the checksum of the segment in iov (iov[0] starts with its header) from src to dst. */
void tcp_csum_fill(uint32_t src, uint32_t dst, const struct iovec *iov, int iovcnt);

/* Whether the checksum of the len-byte segment at p from src to dst is right. */
bool tcp_csum_ok(uint32_t src, uint32_t dst, const uint8_t *p, size_t len);

/* Sequence number comparisons, modulo 2^32. */
static inline bool seq_lt(uint32_t a, uint32_t b) { return (int32_t)(a - b) < 0; }
static inline bool seq_le(uint32_t a, uint32_t b) { return (int32_t)(a - b) <= 0; }
static inline bool seq_gt(uint32_t a, uint32_t b) { return (int32_t)(a - b) > 0; }
static inline bool seq_ge(uint32_t a, uint32_t b) { return (int32_t)(a - b) >= 0; }

#endif

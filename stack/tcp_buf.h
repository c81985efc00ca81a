/* tcp_buf.h: a connection's send buffer and its receive buffer with the out-of-order reassembly. */
#ifndef KILN_STACK_TCP_BUF_H
#define KILN_STACK_TCP_BUF_H

#include <stddef.h>
#include <stdint.h>
#include <sys/uio.h>

/* How many separate out-of-order ranges a receive buffer tracks; more holes drop the segment. */
#define TCP_OOO_MAX 64

/* The bytes from SND.UNA on: sent and unacknowledged, then not sent yet. A ring of cap bytes. */
struct tcp_sndbuf {
	uint8_t *buf;
	size_t cap, head, len;
};

/* Allocates cap bytes (owned by sb until tcp_sndbuf_free). Returns 0 or -ENOMEM. */
int tcp_sndbuf_init(struct tcp_sndbuf *sb, size_t cap);
void tcp_sndbuf_free(struct tcp_sndbuf *sb);
/* Copies as much of iov (from byte skip on) as fits; returns how many bytes. */
size_t tcp_sndbuf_append(struct tcp_sndbuf *sb, const struct iovec *iov, int iovcnt, size_t skip);
/* Forgets the first n bytes (acknowledged). */
void tcp_sndbuf_drop(struct tcp_sndbuf *sb, size_t n);
/* Points iov (2 entries) at len bytes from offset off; returns how many entries it used. */
int tcp_sndbuf_iov(const struct tcp_sndbuf *sb, size_t off, size_t len, struct iovec *iov);

/*
 * The bytes from RCV.NXT - len on: len in-order bytes the application has not read, then room
 * where out-of-order segments are stored at their offset (ranges of sequence numbers past RCV.NXT,
 * sorted, disjoint). Memory is bounded by cap: nothing beyond the window is kept.
 */
struct tcp_rcvbuf {
	uint8_t *buf;
	size_t cap, head, len;
	struct { uint32_t start, end; } ooo[TCP_OOO_MAX];
	int nooo;
};

int tcp_rcvbuf_init(struct tcp_rcvbuf *rb, size_t cap);
void tcp_rcvbuf_free(struct tcp_rcvbuf *rb);

/*
 * Stores n bytes of sequence seq, where rcv_nxt <= seq and seq + n - rcv_nxt <= cap - len (the
 * caller trims to the window). Returns how far RCV.NXT advances (in-order data, with whatever
 * out-of-order ranges it joins), 0 for data kept out of order, -ENOBUFS when too many holes.
 */
long tcp_rcvbuf_put(struct tcp_rcvbuf *rb, uint32_t rcv_nxt, uint32_t seq, const uint8_t *data, size_t n);
/* Copies up to n in-order bytes to buf and frees their room; returns how many. */
size_t tcp_rcvbuf_read(struct tcp_rcvbuf *rb, void *buf, size_t n);

#endif

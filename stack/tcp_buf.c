/* tcp_buf.c: a connection's send buffer and its receive buffer with the out-of-order reassembly. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "tcp_buf.h"
#include "tcp_seg.h"

/* Copies n bytes into the ring at position pos (modulo cap). */
static void ring_put(uint8_t *ring, size_t cap, size_t pos, const uint8_t *src, size_t n)
{
	size_t first;

	pos %= cap;
	first = cap - pos < n ? cap - pos : n;
	memcpy(ring + pos, src, first);
	memcpy(ring, src + first, n - first);
}

/* Copies n bytes out of the ring from position pos (modulo cap). */
static void ring_get(const uint8_t *ring, size_t cap, size_t pos, uint8_t *dst, size_t n)
{
	size_t first;

	pos %= cap;
	first = cap - pos < n ? cap - pos : n;
	memcpy(dst, ring + pos, first);
	memcpy(dst + first, ring, n - first);
}

int tcp_sndbuf_init(struct tcp_sndbuf *sb, size_t cap)
{
	*sb = (struct tcp_sndbuf){ .buf = malloc(cap), .cap = cap };
	return sb->buf ? 0 : -ENOMEM;
}

void tcp_sndbuf_free(struct tcp_sndbuf *sb)
{
	free(sb->buf);
	sb->buf = NULL;
}

size_t tcp_sndbuf_append(struct tcp_sndbuf *sb, const struct iovec *iov, int iovcnt, size_t skip)
{
	size_t done = 0;

	for (int i = 0; i < iovcnt && sb->len < sb->cap; i++) {
		size_t n = iov[i].iov_len;

		if (skip >= n) {
			skip -= n;
			continue;
		}
		n -= skip;
		if (n > sb->cap - sb->len)
			n = sb->cap - sb->len;
		ring_put(sb->buf, sb->cap, sb->head + sb->len, (const uint8_t *)iov[i].iov_base + skip, n);
		sb->len += n;
		done += n;
		skip = 0;
	}
	return done;
}

void tcp_sndbuf_drop(struct tcp_sndbuf *sb, size_t n)
{
	sb->head = (sb->head + n) % sb->cap;
	sb->len -= n;
}

int tcp_sndbuf_iov(const struct tcp_sndbuf *sb, size_t off, size_t len, struct iovec *iov)
{
	size_t pos = (sb->head + off) % sb->cap, first = sb->cap - pos < len ? sb->cap - pos : len;

	iov[0] = (struct iovec){ sb->buf + pos, first };
	if (first == len)
		return 1;
	iov[1] = (struct iovec){ sb->buf, len - first };
	return 2;
}

int tcp_rcvbuf_init(struct tcp_rcvbuf *rb, size_t cap)
{
	*rb = (struct tcp_rcvbuf){ .buf = malloc(cap), .cap = cap };
	return rb->buf ? 0 : -ENOMEM;
}

void tcp_rcvbuf_free(struct tcp_rcvbuf *rb)
{
	free(rb->buf);
	rb->buf = NULL;
}

/* Records [start, end) as held out of order, merging the ranges it touches. -ENOBUFS when full. */
static int ooo_add(struct tcp_rcvbuf *rb, uint32_t start, uint32_t end)
{
	int i = 0, j;

	while (i < rb->nooo && seq_lt(rb->ooo[i].end, start))
		i++;
	/* Ranges i..j-1 overlap or touch [start, end). */
	j = i;
	while (j < rb->nooo && seq_le(rb->ooo[j].start, end)) {
		if (seq_lt(rb->ooo[j].start, start))
			start = rb->ooo[j].start;
		if (seq_gt(rb->ooo[j].end, end))
			end = rb->ooo[j].end;
		j++;
	}
	if (i == j && rb->nooo == TCP_OOO_MAX)
		return -ENOBUFS;
	if (i == j) {
		memmove(&rb->ooo[i + 1], &rb->ooo[i], (size_t)(rb->nooo - i) * sizeof(rb->ooo[0]));
		rb->nooo++;
	} else if (j - i > 1) {
		memmove(&rb->ooo[i + 1], &rb->ooo[j], (size_t)(rb->nooo - j) * sizeof(rb->ooo[0]));
		rb->nooo -= j - i - 1;
	}
	rb->ooo[i].start = start;
	rb->ooo[i].end = end;
	return 0;
}

long tcp_rcvbuf_put(struct tcp_rcvbuf *rb, uint32_t rcv_nxt, uint32_t seq, const uint8_t *data, size_t n)
{
	size_t off = seq - rcv_nxt;
	uint32_t end = seq + (uint32_t)n;
	int i = 0;

	if (off) {
		if (ooo_add(rb, seq, end) < 0)
			return -ENOBUFS;
		ring_put(rb->buf, rb->cap, rb->head + rb->len + off, data, n);
		return 0;
	}
	ring_put(rb->buf, rb->cap, rb->head + rb->len, data, n);
	/* The ranges this reaches are now in order too. */
	while (i < rb->nooo && seq_le(rb->ooo[i].start, end)) {
		if (seq_gt(rb->ooo[i].end, end))
			end = rb->ooo[i].end;
		i++;
	}
	memmove(&rb->ooo[0], &rb->ooo[i], (size_t)(rb->nooo - i) * sizeof(rb->ooo[0]));
	rb->nooo -= i;
	rb->len += end - rcv_nxt;
	return (long)(end - rcv_nxt);
}

size_t tcp_rcvbuf_read(struct tcp_rcvbuf *rb, void *buf, size_t n)
{
	if (n > rb->len)
		n = rb->len;
	ring_get(rb->buf, rb->cap, rb->head, buf, n);
	rb->head = (rb->head + n) % rb->cap;
	rb->len -= n;
	return n;
}

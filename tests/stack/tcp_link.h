/* tcp_link.h: two TCP stacks in one process joined by a simulated link (loss, duplication, reordering,
 * delay; seeded), for the TCP's unit tests. */
#ifndef KILN_TEST_TCP_LINK_H
#define KILN_TEST_TCP_LINK_H

#include <errno.h>

#include <kiln/time.h>

#include "../runtime/test_util.h"
#include "platform.h"
#include "tcp_impl.h"

#define ADDR_A 0x0a000001u /* 10.0.0.1 */
#define ADDR_B 0x0a000002u /* 10.0.0.2 */

struct link_pkt {
	struct link_pkt *next;
	uint64_t at;
	int to;
	uint32_t src, dst;
	size_t len;
	uint8_t data[];
};

struct link;

/* What a test may do with each segment: return false to drop it. */
typedef bool link_filter_fn(struct link *l, int from, const struct tcp_seg *s);

struct link_end {
	struct link *l;
	int side;
};

struct link {
	struct tcp_stack *stack[2];       /* 0 has ADDR_A, 1 ADDR_B */
	struct link_end end[2];
	unsigned mtu;
	uint64_t rng;
	unsigned loss_pm, dup_pm, reorder_pm; /* per mille */
	uint64_t delay_ns, reorder_ns;
	bool cut;                         /* drops everything */
	link_filter_fn *filter;
	void *filter_arg;
	struct link_pkt *head, *tail;
	struct kiln_waitq q;
	bool stop;
	struct kiln_fiber *fiber;
	uint64_t delivered, dropped, duplicated, reordered;
};

static inline uint64_t link_rand(struct link *l)
{
	l->rng ^= l->rng << 13;
	l->rng ^= l->rng >> 7;
	l->rng ^= l->rng << 17;
	return l->rng;
}

static inline bool link_chance(struct link *l, unsigned pm)
{
	return pm && link_rand(l) % 1000 < pm;
}

/* Queues a copy of the segment for delivery at `at`, keeping the queue sorted by time. */
static inline void link_queue(struct link *l, int to, uint32_t src, uint32_t dst, const struct iovec *iov,
			      int iovcnt, uint64_t at)
{
	size_t len = 0;
	struct link_pkt *p, **pp;

	for (int i = 0; i < iovcnt; i++)
		len += iov[i].iov_len;
	p = malloc(sizeof(*p) + len);
	assert_non_null(p);
	*p = (struct link_pkt){ .at = at, .to = to, .src = src, .dst = dst, .len = len };
	len = 0;
	for (int i = 0; i < iovcnt; i++) {
		memcpy(p->data + len, iov[i].iov_base, iov[i].iov_len);
		len += iov[i].iov_len;
	}
	if (!l->tail || l->tail->at <= at) {
		if (l->tail)
			l->tail->next = p;
		else
			l->head = p;
		l->tail = p;
	} else {
		for (pp = &l->head; (*pp)->at <= at; pp = &(*pp)->next)
			;
		p->next = *pp;
		*pp = p;
	}
	kiln_waitq_wake_one(&l->q);
}

static inline int link_output(void *ctx, uint32_t src, uint32_t dst, const struct iovec *iov, int iovcnt)
{
	struct link_end *e = ctx;
	struct link *l = e->l;
	uint64_t at = kiln_plat_monotonic_ns() + l->delay_ns;
	int to = !e->side;

	assert_int_equal(dst, to ? ADDR_B : ADDR_A);
	if (l->filter) {
		uint8_t seg[TCP_HDR_MAX];
		size_t n = iov[0].iov_len < sizeof(seg) ? iov[0].iov_len : sizeof(seg);
		struct tcp_seg s;

		memcpy(seg, iov[0].iov_base, n);
		assert_int_equal(tcp_seg_parse(&s, seg, n), 0);
		s.len = 0;
		for (int i = 0; i < iovcnt; i++)
			s.len += iov[i].iov_len;
		s.len -= n;
		if (!l->filter(l, e->side, &s)) {
			l->dropped++;
			return 0;
		}
	}
	if (l->cut || link_chance(l, l->loss_pm)) {
		l->dropped++;
		return 0;
	}
	if (link_chance(l, l->reorder_pm)) {
		l->reordered++;
		at += l->reorder_ns;
	}
	link_queue(l, to, src, dst, iov, iovcnt, at);
	if (link_chance(l, l->dup_pm)) {
		l->duplicated++;
		link_queue(l, to, src, dst, iov, iovcnt, at + l->delay_ns / 2);
	}
	return 0;
}

static inline unsigned link_mtu(void *ctx)
{
	struct link_end *e = ctx;

	return e->l->mtu;
}

static const struct tcp_ip_ops link_ops = { link_output, link_mtu, NULL };

/* The link's fiber: delivers each segment when its time comes. */
static inline int link_main(void *arg)
{
	struct link *l = arg;

	while (!l->stop) {
		struct link_pkt *p = l->head;

		if (!p) {
			kiln_waitq_wait(&l->q, KILN_FOREVER);
			continue;
		}
		if (p->at > kiln_plat_monotonic_ns()) {
			kiln_waitq_wait(&l->q, p->at);
			continue;
		}
		l->head = p->next;
		if (!l->head)
			l->tail = NULL;
		l->delivered++;
		tcp_input(l->stack[p->to], p->src, p->dst, p->data, p->len);
		free(p);
	}
	while (l->head) {
		struct link_pkt *p = l->head;

		l->head = p->next;
		free(p);
	}
	return 0;
}

/* Timeouts short enough for tests (the defaults are RFC-sized). */
static inline void link_short_timeouts(struct tcp_stack *t)
{
	struct tcp_timeouts to;

	tcp_stack_timeouts(t, &to);
	to.rto_initial = KILN_MSEC(100);
	to.rto_min = KILN_MSEC(30);
	to.time_wait = KILN_MSEC(100);
	to.delack = KILN_MSEC(10);
	to.keep_idle = KILN_MSEC(100);
	to.keep_interval = KILN_MSEC(50);
	to.keep_probes = 3;
	to.syn_retries = 3;
	tcp_stack_set_timeouts(t, &to);
}

/* For tests that count segments: an RTO of at least a second, so that a loaded machine's late
 * fiber cannot make a spurious retransmission. */
static inline void link_patient_rto(struct link *l)
{
	for (int i = 0; i < 2; i++) {
		struct tcp_timeouts to;

		tcp_stack_timeouts(l->stack[i], &to);
		to.rto_min = KILN_SEC(1);
		tcp_stack_set_timeouts(l->stack[i], &to);
	}
}

/* Starts the link's fiber and both stacks (from a fiber). */
static inline void link_start(struct link *l, uint64_t seed)
{
	l->rng = seed | 1;
	if (!l->mtu)
		l->mtu = 1500;
	for (int i = 0; i < 2; i++) {
		l->end[i] = (struct link_end){ l, i };
		assert_int_equal(tcp_stack_new(&l->stack[i], &link_ops, &l->end[i]), 0);
		link_short_timeouts(l->stack[i]);
	}
	assert_int_equal(kiln_fiber_spawn(&l->fiber, "link", link_main, l), 0);
}

/* Frees both stacks and ends the link's fiber. */
static inline void link_stop(struct link *l)
{
	for (int i = 0; i < 2; i++)
		tcp_stack_free(l->stack[i]);
	l->stop = true;
	kiln_waitq_wake_all(&l->q);
	assert_int_equal(kiln_fiber_join(l->fiber, NULL), 0);
}

static inline struct tcp_stats link_stats(struct link *l, int side)
{
	struct tcp_stats st;

	tcp_stack_stats(l->stack[side], &st);
	return st;
}

/* Streams of test data: a 64-bit xorshift per stream, hashed (FNV-1a) by sender and receiver. */
struct stream {
	uint64_t state, hash;
	size_t bytes;
};

static inline void stream_init(struct stream *s, uint64_t seed)
{
	*s = (struct stream){ .state = seed | 1, .hash = 0xcbf29ce484222325ull };
}

static inline void stream_hash(struct stream *s, const uint8_t *p, size_t n)
{
	uint64_t h = s->hash;

	for (size_t i = 0; i < n; i++)
		h = (h ^ p[i]) * 0x100000001b3ull;
	s->hash = h;
	s->bytes += n;
}

/* Fills buf with the stream's next n bytes (a multiple of 8) and hashes them. */
static inline void stream_fill(struct stream *s, uint8_t *buf, size_t n)
{
	for (size_t i = 0; i < n; i += 8) {
		s->state ^= s->state << 13;
		s->state ^= s->state >> 7;
		s->state ^= s->state << 17;
		memcpy(buf + i, &s->state, 8);
	}
	stream_hash(s, buf, n);
}

#define CHUNK (64 * 1024)

/* Writes `bytes` (a multiple of 8) of stream seed to c, then shuts it down; returns 0 or the first error. */
static inline int send_stream(struct tcp_conn *c, size_t bytes, uint64_t seed, struct stream *out)
{
	uint8_t *buf = malloc(CHUNK);
	int rc = 0;

	assert_non_null(buf);
	assert_int_equal(bytes % 8, 0);
	stream_init(out, seed);
	while (out->bytes < bytes && rc == 0) {
		size_t n = bytes - out->bytes < CHUNK ? bytes - out->bytes : CHUNK;
		ssize_t w;

		stream_fill(out, buf, n);
		w = tcp_write(c, buf, n);
		if (w < 0)
			rc = (int)w;
		else
			assert_int_equal(w, n);
	}
	free(buf);
	return rc ? rc : tcp_shutdown(c);
}

/* Reads c to its end, hashing what arrives; returns 0 or the error. */
static inline int recv_stream(struct tcp_conn *c, struct stream *out)
{
	uint8_t *buf = malloc(CHUNK);
	ssize_t n;

	assert_non_null(buf);
	stream_init(out, 0);
	while ((n = tcp_read(c, buf, CHUNK, KILN_FOREVER)) > 0)
		stream_hash(out, buf, (size_t)n);
	free(buf);
	return (int)n;
}

#endif

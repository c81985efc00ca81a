/* tcp_tcb.c: TCBs (transmission control blocks): the table that finds them, their states, their lifetime. */
#include <stdlib.h>

#include "tcp_impl.h"

static unsigned tuple_hash(uint32_t laddr, uint16_t lport, uint32_t raddr, uint16_t rport)
{
	uint32_t h = laddr * 0x9e3779b1u ^ raddr * 0x85ebca6bu ^ ((uint32_t)lport << 16 | rport) * 0xc2b2ae35u;

	return (h ^ h >> 15) % TCP_HASH_SIZE;
}

/* The window scale that lets a 16-bit window field cover cap bytes. */
static int wscale_for(size_t cap)
{
	int s = 0;

	while (s < TCP_MAX_WSCALE && (cap >> s) > 65535)
		s++;
	return s;
}

uint16_t tcb_our_mss(struct tcp_stack *t)
{
	unsigned mtu = t->ops->mtu(t->ctx);

	return mtu > 40 + 65535 ? 65535 : mtu > 40 + 88 ? (uint16_t)(mtu - 40) : 88;
}

struct tcp_conn *tcb_new(struct tcp_stack *t, uint32_t laddr, uint16_t lport, uint32_t raddr, uint16_t rport)
{
	struct tcp_conn *c = calloc(1, sizeof(*c));

	if (!c)
		return NULL;
	if (tcp_sndbuf_init(&c->sb, TCP_SNDBUF) < 0 || tcp_rcvbuf_init(&c->rb, TCP_RCVBUF) < 0) {
		tcp_sndbuf_free(&c->sb);
		free(c);
		return NULL;
	}
	c->t = t;
	c->laddr = laddr;
	c->lport = lport;
	c->raddr = raddr;
	c->rport = rport;
	c->state = TCP_CLOSED;
	c->snd_wscale = -1;
	c->rcv_wscale = wscale_for(TCP_RCVBUF); /* offered; -1 again if the peer does not scale */
	c->mss = TCP_DEFAULT_MSS;
	c->rto = t->to.rto_initial;
	c->iss = tcp_isn(&t->isn_key, laddr, lport, raddr, rport, tcp_now(t));
	c->snd_una = c->snd_nxt = c->snd_max = c->iss;
	tcp_cc_init(&c->cc, c->mss, c->iss);
	c->next = t->conns;
	if (t->conns)
		t->conns->prev = c;
	t->conns = c;
	return c;
}

struct tcp_conn *tcb_lookup(struct tcp_stack *t, uint32_t laddr, uint16_t lport, uint32_t raddr, uint16_t rport)
{
	struct tcp_conn *c = t->hash[tuple_hash(laddr, lport, raddr, rport)];

	while (c && !(c->lport == lport && c->rport == rport && c->laddr == laddr && c->raddr == raddr))
		c = c->hnext;
	return c;
}

struct tcp_listener *tcb_listener_lookup(struct tcp_stack *t, uint32_t addr, uint16_t port)
{
	struct tcp_listener *any = NULL;

	for (struct tcp_listener *l = t->listeners; l; l = l->next) {
		if (l->port != port)
			continue;
		if (l->addr == addr)
			return l;
		if (l->addr == 0)
			any = l;
	}
	return any;
}

void tcb_hash(struct tcp_conn *c)
{
	struct tcp_conn **head = &c->t->hash[tuple_hash(c->laddr, c->lport, c->raddr, c->rport)];

	c->hnext = *head;
	*head = c;
	c->hashed = true;
}

static void tcb_unhash(struct tcp_conn *c)
{
	struct tcp_conn **p = &c->t->hash[tuple_hash(c->laddr, c->lport, c->raddr, c->rport)];

	if (!c->hashed)
		return;
	while (*p != c)
		p = &(*p)->hnext;
	*p = c->hnext;
	c->hashed = false;
}

void tcb_set_state(struct tcp_conn *c, enum tcp_state s)
{
	c->state = s;
	if (s == TCP_TIME_WAIT || s == TCP_CLOSED) {
		c->rtx_at = c->delack_at = c->keep_at = 0;
		c->persisting = false;
	}
	if (s == TCP_TIME_WAIT) {
		tcp_timer_arm(c, &c->state_at, c->t->to.time_wait);
		tcb_shed_buffers(c);
	}
	if (s == TCP_CLOSED) {
		c->state_at = 0;
		tcb_unhash(c);
	}
	kiln_waitq_wake_all(&c->readers);
	kiln_waitq_wake_all(&c->writers);
}

/* Takes c out of its listener's SYN or accept queue. */
static void leave_listener(struct tcp_conn *c)
{
	struct tcp_listener *l = c->listener;
	struct tcp_conn **p;

	if (!l)
		return;
	c->listener = NULL;
	if (c->state == TCP_SYN_RECEIVED) {
		l->syn_count--;
		return;
	}
	for (p = &l->accept_head; *p && *p != c; p = &(*p)->qnext)
		;
	if (!*p)
		return;
	*p = c->qnext;
	if (l->accept_tail == c) {
		l->accept_tail = NULL;
		for (struct tcp_conn *q = l->accept_head; q; q = q->qnext)
			l->accept_tail = q;
	}
	l->accept_count--;
}

void tcb_drop(struct tcp_conn *c, int error)
{
	leave_listener(c);
	if (error && !c->error)
		c->error = error;
	tcb_set_state(c, TCP_CLOSED);
	tcb_release(c);
}

void tcb_shed_buffers(struct tcp_conn *c)
{
	if (!c->app_closed || c->state != TCP_TIME_WAIT)
		return;
	tcp_sndbuf_free(&c->sb);
	tcp_rcvbuf_free(&c->rb);
	c->sb = (struct tcp_sndbuf){ 0 };
	c->rb = (struct tcp_rcvbuf){ 0 };
}

void tcb_release(struct tcp_conn *c)
{
	if (c->state == TCP_CLOSED && !c->owned && !c->listener && !c->busy)
		tcb_free(c);
}

void tcb_free(struct tcp_conn *c)
{
	struct tcp_stack *t = c->t;

	tcb_unhash(c);
	if (c->prev)
		c->prev->next = c->next;
	else
		t->conns = c->next;
	if (c->next)
		c->next->prev = c->prev;
	tcp_sndbuf_free(&c->sb);
	tcp_rcvbuf_free(&c->rb);
	free(c);
}

void tcb_negotiate(struct tcp_conn *c, const struct tcp_seg *s)
{
	uint32_t ours = tcb_our_mss(c->t), theirs = s->mss ? s->mss : TCP_DEFAULT_MSS;

	c->mss = theirs < ours ? theirs : ours;
	if (c->mss < 64)
		c->mss = 64;
	if (s->wscale >= 0 && c->rcv_wscale >= 0) {
		c->snd_wscale = s->wscale;
	} else {
		c->snd_wscale = -1;
		c->rcv_wscale = -1;
	}
	tcp_cc_init(&c->cc, c->mss, c->iss);
}

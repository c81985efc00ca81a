/* tcp_input.c: segment arrival: checksum, demultiplexing, and the state machine of RFC 793 with the
 * RFC 5961 checks (challenge ACKs for in-window RSTs and SYNs, the ACK range). */
#include <errno.h>

#include "tcp_impl.h"

#define CHALLENGE_ACKS_PER_SEC 1000

/* An ACK that makes a blind attacker's guess useless and a real peer resynchronise (RFC 5961). */
static void challenge_ack(struct tcp_conn *c)
{
	struct tcp_stack *t = c->t;
	uint64_t second = tcp_now(t) / KILN_SEC(1);

	if (second != t->challenge_second) {
		t->challenge_second = second;
		t->challenge_count = 0;
	}
	if (t->challenge_count++ >= CHALLENGE_ACKS_PER_SEC)
		return;
	t->stats.challenge_acks++;
	tcp_send_ack(c);
}

/* A SYN for a listener: a new TCB in SYN_RECEIVED, unless a queue is full. */
static void listen_input(struct tcp_listener *l, uint32_t src, uint32_t dst, const struct tcp_seg *s)
{
	struct tcp_stack *t = l->t;
	struct tcp_conn *c;

	if (s->flags & TCP_RST)
		return;
	if (s->flags & TCP_ACK) {
		tcp_reply_rst(t, src, dst, s);
		return;
	}
	if (!(s->flags & TCP_SYN))
		return;
	if (l->syn_count >= l->backlog || l->accept_count >= l->backlog) {
		t->stats.listen_overflows++;
		return;
	}
	c = tcb_new(t, dst, s->dport, src, s->sport);
	if (!c)
		return;
	c->listener = l;
	l->syn_count++;
	c->irs = s->seq;
	c->rcv_nxt = c->rcv_adv = s->seq + 1;
	tcb_negotiate(c, s);
	c->snd_wnd = c->max_snd_wnd = s->wnd; /* never scaled in a SYN */
	c->snd_wl1 = s->seq;
	c->snd_wl2 = c->iss;
	tcb_hash(c);
	tcb_set_state(c, TCP_SYN_RECEIVED);
	t->stats.passive_opens++;
	tcp_send_syn(c);
}

/* Takes an RTT sample when the timed segment is acknowledged. */
static void rtt_check(struct tcp_conn *c, uint32_t ack)
{
	if (c->rtt_timing && seq_ge(ack, c->rtt_seq)) {
		c->rtt_timing = false;
		tcp_rtt_sample(c, tcp_now(c->t) - c->rtt_start);
	}
}

/* The handshake is done: ESTABLISHED, and whoever waits for it is told. */
static void established(struct tcp_conn *c)
{
	struct tcp_listener *l = c->listener;

	tcb_set_state(c, TCP_ESTABLISHED);
	c->rtx_at = 0;
	c->backoff = 0;
	tcp_keepalive_reset(c);
	if (!l)
		return;
	l->syn_count--;
	l->accept_count++;
	c->qnext = NULL;
	if (l->accept_tail)
		l->accept_tail->qnext = c;
	else
		l->accept_head = c;
	l->accept_tail = c;
	kiln_waitq_wake_one(&l->waiters);
}

static void syn_sent_input(struct tcp_conn *c, uint32_t src, uint32_t dst, const struct tcp_seg *s)
{
	bool ack_ok = (s->flags & TCP_ACK) && seq_gt(s->ack, c->iss) && seq_le(s->ack, c->snd_max);

	if ((s->flags & TCP_ACK) && !ack_ok) {
		tcp_reply_rst(c->t, src, dst, s);
		return;
	}
	if (s->flags & TCP_RST) {
		if (ack_ok) {
			c->t->stats.rst_in++;
			tcb_drop(c, -ECONNREFUSED);
		}
		return;
	}
	if (!(s->flags & TCP_SYN))
		return;
	c->irs = s->seq;
	c->rcv_nxt = c->rcv_adv = s->seq + 1;
	tcb_negotiate(c, s);
	c->snd_wnd = c->max_snd_wnd = s->wnd;
	c->snd_wl1 = s->seq;
	c->snd_wl2 = s->ack;
	if (!ack_ok) {
		/* Simultaneous open: both sent a SYN; ours is answered with a SYN-ACK. */
		tcb_set_state(c, TCP_SYN_RECEIVED);
		tcp_send_syn(c);
		return;
	}
	rtt_check(c, s->ack);
	c->snd_una = s->ack;
	established(c);
	tcp_send_ack(c);
}

/* Whether the segment overlaps the receive window (RFC 793's four cases). */
static bool seq_acceptable(struct tcp_conn *c, const struct tcp_seg *s)
{
	uint32_t wnd = (uint32_t)(c->rb.cap - c->rb.len);
	uint32_t seglen = (uint32_t)s->len + !!(s->flags & TCP_SYN) + !!(s->flags & TCP_FIN);
	uint32_t end = c->rcv_nxt + wnd;

	if (!seglen)
		return wnd ? seq_ge(s->seq, c->rcv_nxt) && seq_lt(s->seq, end) : s->seq == c->rcv_nxt;
	if (!wnd)
		return false;
	return (seq_ge(s->seq, c->rcv_nxt) && seq_lt(s->seq, end)) ||
	       (seq_ge(s->seq + seglen - 1, c->rcv_nxt) && seq_lt(s->seq + seglen - 1, end));
}

/* A RST that passed the window check: only the exact RCV.NXT resets (RFC 5961 3.2). Returns true when c ended. */
static bool rst_input(struct tcp_conn *c, const struct tcp_seg *s)
{
	c->t->stats.rst_in++;
	if (s->seq != c->rcv_nxt) {
		challenge_ack(c);
		return false;
	}
	switch (c->state) {
	case TCP_SYN_RECEIVED:
		tcb_drop(c, c->listener ? 0 : -ECONNREFUSED);
		break;
	case TCP_CLOSING: case TCP_LAST_ACK: case TCP_TIME_WAIT:
		tcb_drop(c, 0);
		break;
	default:
		tcb_drop(c, -ECONNRESET);
	}
	return true;
}

/* Takes the peer's window from a segment that is newer than the last one that set it. */
static void window_update(struct tcp_conn *c, const struct tcp_seg *s, uint32_t wnd)
{
	if (!(seq_lt(c->snd_wl1, s->seq) || (c->snd_wl1 == s->seq && seq_le(c->snd_wl2, s->ack))))
		return;
	c->snd_wnd = wnd;
	c->snd_wl1 = s->seq;
	c->snd_wl2 = s->ack;
	if (wnd > c->max_snd_wnd)
		c->max_snd_wnd = wnd;
	if (wnd && c->persisting) {
		c->persisting = false;
		c->rtx_at = 0;
		c->backoff = 0;
	}
}

/* New data acknowledged: buffers, RTT, congestion window, retransmission timer. */
static void ack_new(struct tcp_conn *c, uint32_t ack)
{
	uint32_t acked = ack - c->snd_una, flight = c->snd_max - c->snd_una;
	size_t data = acked < c->sb.len ? acked : c->sb.len;
	bool partial;

	rtt_check(c, ack);
	partial = tcp_cc_ack(&c->cc, ack, acked, flight, c->mss);
	if (c->fin_queued && acked > data)
		c->fin_acked = true;
	tcp_sndbuf_drop(&c->sb, data);
	c->snd_una = ack;
	if (seq_lt(c->snd_nxt, c->snd_una))
		c->snd_nxt = c->snd_una;
	c->backoff = 0;
	if (partial) {
		c->t->stats.partial_acks++;
		tcp_retransmit_first(c);
	}
	if (c->snd_una == c->snd_max)
		c->rtx_at = 0;
	else
		tcp_rtx_arm(c);
	/* Writers come back for a good part of the buffer at once, not for every ACK. */
	if (c->sb.cap - c->sb.len >= c->sb.cap / 4)
		kiln_waitq_wake_all(&c->writers);
}

/* The ACK field: RFC 5961 5.2's range, then new data, duplicate ACKs and the window. Returns false
 * when the segment must be dropped. */
static bool ack_input(struct tcp_conn *c, const struct tcp_seg *s)
{
	uint32_t wnd = (uint32_t)s->wnd << (c->snd_wscale > 0 ? c->snd_wscale : 0);

	if (seq_gt(s->ack, c->snd_max)) {
		c->ack_now = true; /* acknowledges what we never sent */
		return false;
	}
	if (seq_lt(s->ack, c->snd_una - c->max_snd_wnd)) {
		challenge_ack(c);
		return false;
	}
	if (seq_gt(s->ack, c->snd_una)) {
		ack_new(c, s->ack);
	} else if (s->ack == c->snd_una && !s->len && !(s->flags & TCP_FIN) && wnd == c->snd_wnd &&
		   c->snd_max != c->snd_una) {
		if (tcp_cc_dupack(&c->cc, s->ack, c->snd_max - c->snd_una, c->snd_max, c->mss)) {
			c->t->stats.fast_retransmits++;
			tcp_retransmit_first(c);
		}
	}
	window_update(c, s, wnd);
	return true;
}

/* The state changes our FIN's acknowledgment brings. Returns true when c ended. */
static bool fin_ack_input(struct tcp_conn *c)
{
	if (!c->fin_acked)
		return false;
	switch (c->state) {
	case TCP_FIN_WAIT_1:
		tcb_set_state(c, TCP_FIN_WAIT_2);
		if (c->app_closed) /* nobody will read: do not wait forever for the peer's FIN */
			tcp_timer_arm(c, &c->state_at, c->t->to.time_wait);
		return false;
	case TCP_CLOSING:
		tcb_set_state(c, TCP_TIME_WAIT);
		return false;
	case TCP_LAST_ACK:
		tcb_drop(c, 0);
		return true;
	default:
		return false;
	}
}

/* Payload: in order into the buffer, out of order into the reassembly, trimmed to the window. */
static void data_input(struct tcp_conn *c, const struct tcp_seg *s)
{
	uint32_t seq = s->seq, n = (uint32_t)s->len, room = (uint32_t)(c->rb.cap - c->rb.len), off;
	const uint8_t *data = s->data;
	bool holes = c->rb.nooo > 0;
	long advanced;

	if (seq_lt(seq, c->rcv_nxt)) {
		uint32_t skip = c->rcv_nxt - seq;

		if (skip >= n) { /* a duplicate: say again where we are */
			c->ack_now = true;
			return;
		}
		data += skip;
		n -= skip;
		seq = c->rcv_nxt;
	}
	off = seq - c->rcv_nxt;
	if (off >= room) {
		c->ack_now = true;
		return;
	}
	if (n > room - off)
		n = room - off;
	advanced = tcp_rcvbuf_put(&c->rb, c->rcv_nxt, seq, data, n);
	if (advanced > 0) {
		c->rcv_nxt += (uint32_t)advanced;
		kiln_waitq_wake_all(&c->readers);
	} else if (advanced == 0) {
		c->t->stats.ooo_segments++;
	} else {
		c->t->stats.ooo_dropped++;
	}
	/* Out of order, or filling a hole: ACK at once (RFC 5681 4.2), for fast retransmit and recovery.
	 * Else every second segment, but from the timer fiber, which runs once the frames that arrived
	 * together are all in: one ACK for a burst (each ACK costs a frame and the peer's work). */
	if (advanced <= 0 || holes)
		c->ack_now = true;
	else if (++c->unacked_segs >= 2)
		tcp_timer_arm(c, &c->delack_at, 0);
	else if (!c->delack_at)
		tcp_timer_arm(c, &c->delack_at, c->t->to.delack);
}

/* The peer's FIN, once everything before it arrived. */
static void fin_input(struct tcp_conn *c, const struct tcp_seg *s)
{
	if (s->seq + (uint32_t)s->len != c->rcv_nxt)
		return;
	c->rcv_nxt++;
	c->fin_received = true;
	c->ack_now = true;
	switch (c->state) {
	case TCP_SYN_RECEIVED: case TCP_ESTABLISHED:
		tcb_set_state(c, TCP_CLOSE_WAIT);
		tcp_keepalive_reset(c);
		break;
	case TCP_FIN_WAIT_1:
		tcb_set_state(c, TCP_CLOSING);
		break;
	case TCP_FIN_WAIT_2:
		tcb_set_state(c, TCP_TIME_WAIT);
		break;
	default:
		break;
	}
	kiln_waitq_wake_all(&c->readers);
}

static bool receives_data(enum tcp_state s)
{
	return s == TCP_ESTABLISHED || s == TCP_FIN_WAIT_1 || s == TCP_FIN_WAIT_2;
}

/* A segment for a synchronized connection (or one in SYN_RECEIVED). */
static void conn_input(struct tcp_conn *c, uint32_t src, uint32_t dst, const struct tcp_seg *s)
{
	if (c->state == TCP_SYN_RECEIVED && (s->flags & TCP_SYN) && !(s->flags & TCP_ACK) && s->seq == c->irs) {
		tcp_send_syn(c); /* our SYN-ACK was lost */
		return;
	}
	if (!seq_acceptable(c, s)) {
		if (!(s->flags & TCP_RST)) {
			tcp_send_ack(c);
			if (c->state == TCP_TIME_WAIT) /* a retransmitted FIN: our last ACK was lost */
				tcp_timer_arm(c, &c->state_at, c->t->to.time_wait);
		}
		return;
	}
	if ((s->flags & TCP_RST) && rst_input(c, s))
		return;
	if (s->flags & TCP_RST)
		return;
	if (s->flags & TCP_SYN) { /* RFC 5961 4.2: whatever its sequence number */
		challenge_ack(c);
		return;
	}
	if (!(s->flags & TCP_ACK))
		return;
	tcp_keepalive_reset(c);
	if (c->state == TCP_SYN_RECEIVED) {
		if (!seq_gt(s->ack, c->snd_una) || seq_gt(s->ack, c->snd_max)) {
			tcp_reply_rst(c->t, src, dst, s);
			return;
		}
		if (c->listener && c->listener->accept_count >= c->listener->backlog)
			return; /* no room to accept it yet: the peer's next segment tries again */
		established(c);
	}
	if (!ack_input(c, s)) {
		if (c->ack_now)
			tcp_send_ack(c);
		return;
	}
	if (fin_ack_input(c))
		return;
	if (s->len && receives_data(c->state)) {
		if (c->app_closed) { /* nobody will read it (RFC 1122 4.2.2.13) */
			tcp_send_rst(c);
			tcb_drop(c, 0);
			return;
		}
		data_input(c, s);
	}
	if (s->flags & TCP_FIN)
		fin_input(c, s);
	tcp_output(c);
	if (c->ack_now)
		tcp_send_ack(c);
}

/* A new SYN for the 4-tuple of a TIME_WAIT TCB, beyond anything of the old connection, may open a
 * new one at once (RFC 1122 4.2.2.13): clients reuse ports faster than 2 MSL. */
static bool time_wait_reuse(struct tcp_conn *c, const struct tcp_seg *s)
{
	return c->state == TCP_TIME_WAIT && (s->flags & (TCP_SYN | TCP_ACK | TCP_RST)) == TCP_SYN &&
	       seq_gt(s->seq, c->rcv_nxt) && tcb_listener_lookup(c->t, c->laddr, c->lport);
}

void tcp_input(void *arg, uint32_t src, uint32_t dst, const uint8_t *seg, size_t len)
{
	struct tcp_stack *t = arg;
	struct tcp_listener *l;
	struct tcp_conn *c;
	struct tcp_seg s;

	t->stats.segs_in++;
	if (!(t->ops->csum_ok && t->ops->csum_ok(t->ctx)) && !tcp_csum_ok(src, dst, seg, len)) {
		t->stats.bad_checksum++;
		return;
	}
	if (tcp_seg_parse(&s, seg, len) < 0) {
		t->stats.malformed++;
		return;
	}
	c = tcb_lookup(t, dst, s.dport, src, s.sport);
	if (c && time_wait_reuse(c, &s)) {
		tcb_drop(c, 0);
		c = NULL;
	}
	if (c && c->state == TCP_SYN_SENT)
		syn_sent_input(c, src, dst, &s);
	else if (c)
		conn_input(c, src, dst, &s);
	else if ((l = tcb_listener_lookup(t, dst, s.dport)))
		listen_input(l, src, dst, &s);
	else
		tcp_reply_rst(t, src, dst, &s);
}

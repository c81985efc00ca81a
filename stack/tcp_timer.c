/* tcp_timer.c: the RTO estimate (RFC 6298) and every connection timer, run by one fiber per stack. */
#include <errno.h>

#include "tcp_impl.h"

#define CLOCK_GRANULARITY KILN_MSEC(1)
#define MAX_BACKOFF_SHIFT 16

void tcp_timer_arm(struct tcp_conn *c, uint64_t *which, uint64_t delay_ns)
{
	struct tcp_stack *t = c->t;

	*which = tcp_now(t) + delay_ns;
	if (*which < t->timer_next) {
		t->timer_next = *which;
		kiln_waitq_wake_one(&t->timerq);
	}
}

uint64_t tcp_rto_now(struct tcp_conn *c)
{
	unsigned shift = c->backoff < MAX_BACKOFF_SHIFT ? c->backoff : MAX_BACKOFF_SHIFT;
	uint64_t rto = c->rto << shift;

	return rto > c->t->to.rto_max ? c->t->to.rto_max : rto;
}

void tcp_rtx_arm(struct tcp_conn *c)
{
	tcp_timer_arm(c, &c->rtx_at, tcp_rto_now(c));
}

void tcp_rtt_sample(struct tcp_conn *c, uint64_t r)
{
	const struct tcp_timeouts *to = &c->t->to;
	uint64_t var;

	if (!c->srtt) {
		c->srtt = r ? r : 1;
		c->rttvar = r / 2;
	} else {
		uint64_t diff = c->srtt > r ? c->srtt - r : r - c->srtt;

		c->rttvar = (3 * c->rttvar + diff) / 4;
		c->srtt = (7 * c->srtt + r) / 8;
	}
	var = 4 * c->rttvar > CLOCK_GRANULARITY ? 4 * c->rttvar : CLOCK_GRANULARITY;
	c->rto = c->srtt + var;
	if (c->rto < to->rto_min)
		c->rto = to->rto_min;
	if (c->rto > to->rto_max)
		c->rto = to->rto_max;
}

void tcp_keepalive_reset(struct tcp_conn *c)
{
	c->keep_sent = 0;
	if (c->keepalive && (c->state == TCP_ESTABLISHED || c->state == TCP_CLOSE_WAIT))
		tcp_timer_arm(c, &c->keep_at, c->t->to.keep_idle);
	else
		c->keep_at = 0;
}

/* The retransmission timer expired: resend the first segment with the RTO doubled (go-back-N from
 * there). Returns true when that was the last try and c ended (and may be freed). */
static bool rtx_expired(struct tcp_conn *c)
{
	struct tcp_stack *t = c->t;
	bool opening = c->state == TCP_SYN_SENT || c->state == TCP_SYN_RECEIVED;
	uint32_t sent;

	t->stats.rto_expirations++;
	if (++c->backoff > (opening ? t->to.syn_retries : t->to.data_retries)) {
		t->stats.timeouts++;
		tcb_drop(c, -ETIMEDOUT);
		return true;
	}
	if (opening) {
		t->stats.retransmits++;
		tcp_send_syn(c);
		return false;
	}
	tcp_cc_timeout(&c->cc, c->snd_max - c->snd_una, c->snd_max, c->mss);
	c->snd_nxt = c->snd_una;
	sent = tcp_retransmit_first(c);
	c->snd_nxt = c->snd_una + sent;
	if (sent)
		tcp_rtx_arm(c);
	return false;
}

/* The persist timer expired: probe a zero window, or push a segment into a small one. */
static void persist_expired(struct tcp_conn *c)
{
	if (c->snd_wnd) {
		c->persisting = false;
		tcp_output_force(c);
		return;
	}
	c->t->stats.zero_window_probes++;
	tcp_send_probe(c);
	if (c->backoff < MAX_BACKOFF_SHIFT)
		c->backoff++;
	c->persisting = true;
	tcp_rtx_arm(c);
}

/* The keepalive timer expired: one more probe, or give up after keep_probes unanswered (then
 * returns true: c ended and may be freed). */
static bool keepalive_expired(struct tcp_conn *c)
{
	struct tcp_stack *t = c->t;

	if (c->keep_sent >= t->to.keep_probes) {
		t->stats.timeouts++;
		tcp_send_rst(c);
		tcb_drop(c, -ETIMEDOUT);
		return true;
	}
	c->keep_sent++;
	t->stats.keepalive_probes++;
	tcp_send_probe(c);
	tcp_timer_arm(c, &c->keep_at, t->to.keep_interval);
	return false;
}

static bool due(uint64_t *at, uint64_t now)
{
	if (!*at || *at > now)
		return false;
	*at = 0;
	return true;
}

static uint64_t earliest(uint64_t a, uint64_t b)
{
	return !a ? b : !b ? a : a < b ? a : b;
}

/* Runs c's due timers; returns its next deadline, 0 for none (or when c ended). */
static uint64_t run_timers(struct tcp_conn *c, uint64_t now)
{
	if (due(&c->state_at, now)) {
		tcb_drop(c, 0);
		return 0;
	}
	if (due(&c->rtx_at, now)) {
		if (c->persisting)
			persist_expired(c);
		else if (rtx_expired(c))
			return 0;
	}
	if (due(&c->delack_at, now))
		tcp_send_ack(c);
	if (due(&c->keep_at, now) && keepalive_expired(c))
		return 0;
	return earliest(earliest(c->rtx_at, c->delack_at), earliest(c->keep_at, c->state_at));
}

static int timer_main(void *arg)
{
	struct tcp_stack *t = arg;

	while (!t->stopping) {
		uint64_t now = tcp_now(t), next = 0;
		struct tcp_conn *c = t->conns, *after;

		t->timer_next = 0; /* while scanning, arming does not need to wake us */
		for (; c; c = after) {
			/* Held while its timers run: ops->output may block this fiber (ARP), and meanwhile
			 * a segment may end c; it is freed (if nobody else holds it) only once we let go. */
			c->busy++;
			if (c->state != TCP_CLOSED)
				next = earliest(next, run_timers(c, now));
			c->busy--;
			after = c->next;
			tcb_release(c);
		}
		t->timer_next = next ? next : KILN_FOREVER;
		kiln_waitq_wait(&t->timerq, t->timer_next);
	}
	return 0;
}

int tcp_timer_start(struct tcp_stack *t)
{
	t->timer_next = KILN_FOREVER;
	return kiln_fiber_spawn(&t->timer_fiber, "tcp-timer", timer_main, t);
}

void tcp_timer_stop(struct tcp_stack *t)
{
	t->stopping = true;
	kiln_waitq_wake_all(&t->timerq);
	kiln_fiber_join(t->timer_fiber, NULL);
}

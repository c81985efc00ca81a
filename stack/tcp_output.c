/* tcp_output.c: what a connection puts on the wire: data and FIN as the windows, Nagle and SWS avoidance allow, ACKs, SYNs, RSTs, probes. */
#include "tcp_impl.h"

/* The receive window to advertise now, in bytes: RFC 1122's receiver SWS avoidance opens it only
 * by at least min(half the buffer, one MSS), and it never shrinks (the right edge stays put). */
static uint32_t rcv_window(struct tcp_conn *c)
{
	uint32_t room = (uint32_t)(c->rb.cap - c->rb.len), cur = c->rcv_adv - c->rcv_nxt;
	uint32_t step = c->rb.cap / 2 < c->mss ? (uint32_t)c->rb.cap / 2 : c->mss;

	if (seq_lt(c->rcv_adv, c->rcv_nxt))
		cur = 0;
	return room >= cur + step ? room : cur;
}

bool tcp_window_update_due(struct tcp_conn *c)
{
	uint32_t room = (uint32_t)(c->rb.cap - c->rb.len), cur = c->rcv_adv - c->rcv_nxt;
	uint32_t step = c->rb.cap / 2 < 2 * c->mss ? (uint32_t)c->rb.cap / 2 : 2 * c->mss;

	return room >= cur + step;
}

/* The window field for a segment, recording the right edge it advertises. */
static uint16_t window_field(struct tcp_conn *c, bool syn)
{
	uint32_t wnd = rcv_window(c), field;
	int ws = syn || c->rcv_wscale < 0 ? 0 : c->rcv_wscale;

	field = wnd >> ws;
	if (field > 65535)
		field = 65535;
	if (seq_gt(c->rcv_nxt + (field << ws), c->rcv_adv))
		c->rcv_adv = c->rcv_nxt + (field << ws);
	return (uint16_t)field;
}

/* Sends the segment of len buffered bytes at seq with flags; an ACK on it acknowledges all we have. */
static void send_segment(struct tcp_conn *c, uint32_t seq, uint32_t len, uint8_t flags)
{
	struct tcp_stack *t = c->t;
	bool syn = flags & TCP_SYN;
	uint8_t hdr[TCP_HDR_MAX];
	struct tcp_hdr_out h = {
		.sport = c->lport, .dport = c->rport, .seq = seq,
		.ack = flags & TCP_ACK ? c->rcv_nxt : 0, .flags = flags,
		.wnd = window_field(c, syn), .mss = syn ? tcb_our_mss(t) : 0,
		.wscale = syn ? c->rcv_wscale : -1,
	};
	struct iovec iov[3] = { { hdr, tcp_hdr_build(hdr, &h) } };
	int n = 1;

	if (len)
		n += tcp_sndbuf_iov(&c->sb, seq - c->snd_una, len, &iov[1]);
	tcp_csum_fill(c->laddr, c->raddr, iov, n);
	if (flags & TCP_ACK) {
		c->unacked_segs = 0;
		c->delack_at = 0;
		c->ack_now = false;
	}
	t->stats.segs_out++;
	t->ops->output(t->ctx, c->laddr, c->raddr, iov, n);
}

/* The sequence number of our FIN: right after the buffered data. */
static uint32_t fin_seq(struct tcp_conn *c)
{
	return c->snd_una + (uint32_t)c->sb.len;
}

/* Whether a segment of len bytes (of avail unsent) may go now: Nagle, and sender SWS avoidance. */
static bool may_send(struct tcp_conn *c, uint32_t len, uint32_t avail, bool fin)
{
	if (len >= c->mss || fin)
		return len > 0 || fin;
	if (len < avail) /* held back by a window: only a big enough part of it */
		return len > 0 && len >= c->max_snd_wnd / 2;
	return c->nodelay || c->snd_max == c->snd_una;
}

/* Sends what the windows allow; force sends one segment even if Nagle or SWS avoidance would wait. */
static void output(struct tcp_conn *c, bool force)
{
	for (;;) {
		uint32_t off = c->snd_nxt - c->snd_una, flight = c->snd_nxt - c->snd_una;
		uint32_t avail = off < c->sb.len ? (uint32_t)c->sb.len - off : 0;
		uint32_t cwnd = tcp_cc_window(&c->cc, c->mss);
		uint32_t wnd = c->snd_wnd < cwnd ? c->snd_wnd : cwnd;
		uint32_t usable = wnd > flight ? wnd - flight : 0;
		uint32_t len = avail < c->mss ? avail : c->mss;
		bool fin, retransmit = seq_lt(c->snd_nxt, c->snd_max);

		if (len > usable)
			len = force && c->snd_wnd ? (c->snd_wnd < len ? c->snd_wnd : len) : usable;
		fin = c->fin_queued && len == avail && c->snd_nxt + len == fin_seq(c);
		if (!force && !may_send(c, len, avail, fin))
			break;
		if (!len && !fin)
			break;
		force = false;
		send_segment(c, c->snd_nxt, len, TCP_ACK | (fin ? TCP_FIN : 0) | (len && len == avail ? TCP_PSH : 0));
		if (retransmit) {
			c->t->stats.retransmits++;
			c->rtt_timing = false;
		} else if (!c->rtt_timing) {
			c->rtt_timing = true;
			c->rtt_seq = c->snd_nxt + len;
			c->rtt_start = tcp_now(c->t);
		}
		c->snd_nxt += len + fin;
		if (seq_gt(c->snd_nxt, c->snd_max))
			c->snd_max = c->snd_nxt;
		if (!c->rtx_at || c->persisting) {
			c->persisting = false;
			tcp_rtx_arm(c);
		}
	}
	/* Data waits with nothing in flight (a zero or too small window): probe it on the persist timer. */
	if (c->snd_max == c->snd_una && c->snd_nxt == c->snd_una && c->sb.len && !c->rtx_at) {
		c->persisting = true;
		tcp_timer_arm(c, &c->rtx_at, tcp_rto_now(c));
	}
}

static bool can_send_data(enum tcp_state s)
{
	return s == TCP_ESTABLISHED || s == TCP_CLOSE_WAIT || s == TCP_FIN_WAIT_1 || s == TCP_CLOSING ||
	       s == TCP_LAST_ACK;
}

void tcp_output(struct tcp_conn *c)
{
	if (can_send_data(c->state))
		output(c, false);
}

void tcp_output_force(struct tcp_conn *c)
{
	if (can_send_data(c->state))
		output(c, true);
}

/* Segments without data carry SND.MAX, not SND.NXT: after a timeout SND.NXT goes back, and an ACK
 * from below what the peer already has would be outside its window and dropped. */
void tcp_send_ack(struct tcp_conn *c)
{
	send_segment(c, c->snd_max, 0, TCP_ACK);
}

void tcp_send_syn(struct tcp_conn *c)
{
	/* Karn: only a SYN sent once gives an RTT sample. */
	c->rtt_timing = !c->backoff;
	c->rtt_seq = c->iss + 1;
	c->rtt_start = tcp_now(c->t);
	send_segment(c, c->iss, 0, c->state == TCP_SYN_SENT ? TCP_SYN : TCP_SYN | TCP_ACK);
	c->snd_nxt = c->iss + 1;
	if (seq_gt(c->snd_nxt, c->snd_max))
		c->snd_max = c->snd_nxt;
	if (!c->rtx_at)
		tcp_rtx_arm(c);
}

void tcp_send_rst(struct tcp_conn *c)
{
	c->t->stats.rst_out++;
	send_segment(c, c->snd_max, 0, TCP_RST | TCP_ACK);
}

void tcp_send_probe(struct tcp_conn *c)
{
	send_segment(c, c->snd_una - 1, 0, TCP_ACK);
}

uint32_t tcp_retransmit_first(struct tcp_conn *c)
{
	uint32_t len = c->sb.len < c->mss ? (uint32_t)c->sb.len : c->mss;
	bool fin = c->fin_queued && len == c->sb.len && seq_gt(c->snd_max, fin_seq(c));

	if (!len && !fin)
		return 0;
	c->t->stats.retransmits++;
	c->rtt_timing = false;
	send_segment(c, c->snd_una, len, TCP_ACK | (fin ? TCP_FIN : 0));
	return len + fin;
}

void tcp_reply_rst(struct tcp_stack *t, uint32_t src, uint32_t dst, const struct tcp_seg *s)
{
	uint8_t hdr[TCP_HDR_MAX];
	struct tcp_hdr_out h = { .sport = s->dport, .dport = s->sport, .wscale = -1 };
	struct iovec iov;

	if (s->flags & TCP_RST)
		return;
	if (s->flags & TCP_ACK) {
		h.seq = s->ack;
		h.flags = TCP_RST;
	} else {
		h.ack = s->seq + (uint32_t)s->len + !!(s->flags & TCP_SYN) + !!(s->flags & TCP_FIN);
		h.flags = TCP_RST | TCP_ACK;
	}
	iov = (struct iovec){ hdr, tcp_hdr_build(hdr, &h) };
	tcp_csum_fill(dst, src, &iov, 1);
	t->stats.rst_out++;
	t->stats.segs_out++;
	t->ops->output(t->ctx, dst, src, &iov, 1);
}

/* tcp_impl.h: the TCP's internal structures (stack, listener, TCB) and the calls between its files. */
#ifndef KILN_STACK_TCP_IMPL_H
#define KILN_STACK_TCP_IMPL_H

#include <kiln/fiber.h>
#include <kiln/time.h>

#include "tcp.h"
#include "tcp_buf.h"
#include "tcp_cc.h"
#include "tcp_isn.h"
#include "tcp_seg.h"

#define TCP_HASH_SIZE 1024
#define TCP_SNDBUF (512 * 1024)
#define TCP_RCVBUF (512 * 1024)
#define TCP_DEFAULT_MSS 536
#define TCP_EPHEMERAL_LOW 49152

struct tcp_listener {
	struct tcp_stack *t;
	struct tcp_listener *next;
	uint32_t addr;
	uint16_t port;
	unsigned backlog;
	unsigned syn_count;                 /* connections in SYN_RECEIVED for this listener */
	unsigned accept_count;
	struct tcp_conn *accept_head, *accept_tail;
	struct kiln_waitq waiters;
	unsigned waiting;                   /* fibers in tcp_accept: the last one out frees a closed listener */
	bool closed;
};

struct tcp_conn {
	struct tcp_stack *t;
	struct tcp_conn *hnext;             /* hash chain, while the 4-tuple is in use */
	struct tcp_conn *prev, *next;       /* every TCB of the stack */
	struct tcp_listener *listener;      /* set while in its SYN or accept queue */
	struct tcp_conn *qnext;             /* accept queue link */
	bool hashed;
	bool owned;                         /* the application holds it (tcp_connect, tcp_accept) */
	bool app_closed;                    /* tcp_close was called */
	unsigned busy;                      /* a loop over the TCBs works on it (output may block): not freed meanwhile */
	uint32_t laddr, raddr;
	uint16_t lport, rport;
	enum tcp_state state;
	int error;                          /* why it ended: -ECONNRESET, -ECONNREFUSED, -ETIMEDOUT */

	/* Send side (RFC 793 names); SND.MAX is the highest sequence ever sent. */
	uint32_t iss, snd_una, snd_nxt, snd_max, snd_wl1, snd_wl2;
	uint32_t snd_wnd, max_snd_wnd;
	int snd_wscale, rcv_wscale;         /* -1 until negotiated (both or neither) */
	uint32_t mss;                       /* the largest segment payload we send */
	bool fin_queued;                    /* the FIN follows the buffered data */
	bool fin_acked;
	struct tcp_sndbuf sb;

	/* Receive side. RCV.ADV is the right edge of the window last advertised. */
	uint32_t irs, rcv_nxt, rcv_adv;
	bool fin_received;
	bool ack_now;                       /* an ACK is owed now (cleared by any segment carrying one) */
	unsigned unacked_segs;              /* received since our last ACK (delayed ACKs) */
	struct tcp_rcvbuf rb;

	/* RFC 6298: one segment timed at once (Karn: never a retransmitted one). */
	uint64_t srtt, rttvar, rto;
	unsigned backoff;                   /* consecutive expirations */
	bool rtt_timing;
	uint32_t rtt_seq;
	uint64_t rtt_start;
	struct tcp_cc cc;

	/* Timers: monotonic deadlines, 0 when off. */
	uint64_t rtx_at;                    /* retransmission, or a zero-window probe when persisting */
	uint64_t delack_at;
	uint64_t keep_at;
	uint64_t state_at;                  /* TIME_WAIT, orphaned FIN_WAIT_2 */
	bool persisting;
	unsigned keep_sent;
	bool nodelay, keepalive;

	struct kiln_waitq readers, writers; /* writers also holds a connecting fiber */
};

struct tcp_stack {
	const struct tcp_ip_ops *ops;
	void *ctx;
	struct kiln_time *clock;
	struct tcp_isn_key isn_key;
	struct tcp_timeouts to;
	struct tcp_stats stats;
	struct tcp_conn *hash[TCP_HASH_SIZE];
	struct tcp_conn *conns;             /* every TCB */
	struct tcp_listener *listeners;
	uint16_t next_port;
	/* The timer fiber sleeps on timerq until timer_next or until an earlier deadline is armed. */
	struct kiln_fiber *timer_fiber;
	struct kiln_waitq timerq;
	uint64_t timer_next;
	bool stopping;
	/* RFC 5961 10: challenge ACKs are limited per second. */
	uint64_t challenge_second;
	unsigned challenge_count;
};

static inline uint64_t tcp_now(struct tcp_stack *t)
{
	return kiln_time_monotonic_ns(t->clock);
}

/* tcp_tcb.c: TCBs, their table and their lifetime. */
struct tcp_conn *tcb_new(struct tcp_stack *t, uint32_t laddr, uint16_t lport, uint32_t raddr, uint16_t rport);
struct tcp_conn *tcb_lookup(struct tcp_stack *t, uint32_t laddr, uint16_t lport, uint32_t raddr, uint16_t rport);
struct tcp_listener *tcb_listener_lookup(struct tcp_stack *t, uint32_t addr, uint16_t port);
void tcb_hash(struct tcp_conn *c);
void tcb_set_state(struct tcp_conn *c, enum tcp_state s);
/* Ends the connection with error (0 for an orderly end): CLOSED, waiters woken, freed if let go. */
void tcb_drop(struct tcp_conn *c, int error);
/* Frees c if it is closed and nobody holds it (the application, a listener queue, the timer fiber). */
void tcb_release(struct tcp_conn *c);
void tcb_free(struct tcp_conn *c);
/* Frees the buffers of a TIME_WAIT TCB the application let go of: only its 4-tuple and sequence
 * numbers matter for its last 2 MSL (which may be many TCBs on a busy server). */
void tcb_shed_buffers(struct tcp_conn *c);
/* Sets the MSS and window scales from the peer's SYN. */
void tcb_negotiate(struct tcp_conn *c, const struct tcp_seg *s);
/* Our MSS to announce (from the MTU). */
uint16_t tcb_our_mss(struct tcp_stack *t);

/* tcp_output.c: what goes on the wire. */
void tcp_output(struct tcp_conn *c);                  /* data, FIN, as the windows and Nagle allow */
void tcp_send_ack(struct tcp_conn *c);
void tcp_send_syn(struct tcp_conn *c);                /* SYN or SYN-ACK, as the state says */
void tcp_send_rst(struct tcp_conn *c);                /* RST on a connection, before it is dropped */
void tcp_send_probe(struct tcp_conn *c);              /* SND.UNA - 1: zero-window and keepalive probes */
void tcp_output_force(struct tcp_conn *c);            /* the same, one segment even if Nagle/SWS would wait */
uint32_t tcp_retransmit_first(struct tcp_conn *c);    /* the segment at SND.UNA; its sequence length */
/* RST in reply to segment s (not itself a RST) that found no connection. */
void tcp_reply_rst(struct tcp_stack *t, uint32_t src, uint32_t dst, const struct tcp_seg *s);
/* Whether reading made the window open enough to say so now. */
bool tcp_window_update_due(struct tcp_conn *c);

/* tcp_timer.c: the RTO estimate and the per-connection timers on the stack's timer fiber. */
int tcp_timer_start(struct tcp_stack *t);
void tcp_timer_stop(struct tcp_stack *t);
void tcp_timer_arm(struct tcp_conn *c, uint64_t *which, uint64_t delay_ns);
void tcp_rtx_arm(struct tcp_conn *c);                 /* (re)starts the retransmission timer */
void tcp_rtt_sample(struct tcp_conn *c, uint64_t rtt_ns);
uint64_t tcp_rto_now(struct tcp_conn *c);             /* the RTO with its backoff */
void tcp_keepalive_reset(struct tcp_conn *c);

#endif

/* tcp.h: Kiln's TCP: connections over an IP layer reached through ops, blocking calls for fibers. */
#ifndef KILN_STACK_TCP_H
#define KILN_STACK_TCP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>
#include <sys/uio.h>

/*
 * The layer below. output sends one TCP segment (header and payload in iov) from src to dst and
 * returns 0 or -errno; it is called from tcp_input and from the stack's timer fiber, so it must
 * not block (queue the segment if the next hop is not resolved yet). mtu is the IP payload size.
 * csum_ok (may be NULL: always verify), asked inside tcp_input: whether the layer below vouches for
 * the checksum of the segment being handled (the local kernel's, through a tap with offloads).
 */
struct tcp_ip_ops {
	int (*output)(void *ctx, uint32_t src, uint32_t dst, const struct iovec *iov, int iovcnt);
	unsigned (*mtu)(void *ctx);
	bool (*csum_ok)(void *ctx);
};

struct tcp_stack;
struct tcp_listener;
struct tcp_conn;

/* Creates a stack and starts its timer fiber. Returns 0, -ENOMEM; the caller owns *out (tcp_stack_free). */
int tcp_stack_new(struct tcp_stack **out, const struct tcp_ip_ops *ops, void *ctx);

/* Ends the timer fiber (call from a fiber) and frees every listener and connection. */
void tcp_stack_free(struct tcp_stack *t);

/* Timeouts, all in nanoseconds; tcp_stack_new sets the defaults (shown), tests shorten them. */
struct tcp_timeouts {
	uint64_t rto_initial;     /* 1 s (RFC 6298) */
	uint64_t rto_min;         /* 200 ms */
	uint64_t rto_max;         /* 60 s */
	unsigned syn_retries;     /* 6: connect gives -ETIMEDOUT after that many SYN retransmissions */
	unsigned data_retries;    /* 15: a connection is aborted after that many RTOs in a row */
	uint64_t delack;          /* 40 ms */
	uint64_t time_wait;       /* 2 MSL: 60 s; also how long an orphaned FIN_WAIT_2 lasts */
	uint64_t keep_idle;       /* 2 h of silence before the first keepalive probe */
	uint64_t keep_interval;   /* 75 s between probes */
	unsigned keep_probes;     /* 9 unanswered probes abort the connection (-ETIMEDOUT) */
};
void tcp_stack_set_timeouts(struct tcp_stack *t, const struct tcp_timeouts *to);
void tcp_stack_timeouts(struct tcp_stack *t, struct tcp_timeouts *out);

/* Counters of what the stack did, so tests and monitoring see behaviour rather than timing. */
struct tcp_stats {
	uint64_t segs_in, segs_out;
	uint64_t bad_checksum;      /* dropped: checksum over the pseudo-header failed */
	uint64_t malformed;         /* dropped: header or options inconsistent with the bytes received */
	uint64_t active_opens, passive_opens;
	uint64_t retransmits;       /* segments sent again (any cause) */
	uint64_t rto_expirations;   /* retransmission timer expirations */
	uint64_t fast_retransmits;  /* on the third duplicate ACK */
	uint64_t partial_acks;      /* NewReno partial ACKs that retransmitted the next hole */
	uint64_t challenge_acks;    /* RFC 5961 */
	uint64_t rst_in, rst_out;
	uint64_t listen_overflows;  /* SYNs dropped because a backlog was full */
	uint64_t ooo_segments;      /* out-of-order segments kept for reassembly */
	uint64_t ooo_dropped;       /* out-of-order segments dropped (no room to track them) */
	uint64_t zero_window_probes, keepalive_probes;
	uint64_t timeouts;          /* connections aborted by retransmission or keepalive timeouts */
};
void tcp_stack_stats(struct tcp_stack *t, struct tcp_stats *out);

/* An ipv4_proto_fn: one received segment (TCP header and payload) from src to dst. Never blocks. */
void tcp_input(void *tcp_stack, uint32_t src, uint32_t dst, const uint8_t *seg, size_t len);

/* Listens on addr (0: any) port; backlog bounds both the SYN and the accept queue.
 * Returns 0, -EADDRINUSE, -EINVAL, -ENOMEM; *out belongs to the caller until tcp_listener_close. */
int tcp_listen(struct tcp_stack *t, uint32_t addr, uint16_t port, unsigned backlog, struct tcp_listener **out);

/* Waits (until deadline_ns, KILN_FOREVER for none) for an established connection, which the
 * caller then owns (tcp_close). Returns 0, -ETIMEDOUT, -EBADF when the listener is closed meanwhile. */
int tcp_accept(struct tcp_listener *l, struct tcp_conn **out, uint64_t deadline_ns);

/* Stops listening, resets the connections not accepted yet and frees l. */
void tcp_listener_close(struct tcp_listener *l);

/* Opens a connection from src (our address) to dst:port and waits until it is established.
 * Returns 0 (the caller owns *out: tcp_close), -ECONNREFUSED, -ETIMEDOUT, -EADDRNOTAVAIL, -ENOMEM. */
int tcp_connect(struct tcp_stack *t, uint32_t src, uint32_t dst, uint16_t port, struct tcp_conn **out);

/* The same from a chosen local port (0: an ephemeral one), e.g. for a simultaneous open. -EADDRINUSE. */
int tcp_connect_from(struct tcp_stack *t, uint32_t src, uint16_t sport, uint32_t dst, uint16_t port,
		     struct tcp_conn **out);

/* Reads what has arrived, waiting until deadline_ns if nothing has: >0 bytes, 0 at the end of the
 * stream, -ECONNRESET, -ETIMEDOUT (deadline, or the connection timed out). */
ssize_t tcp_read(struct tcp_conn *c, void *buf, size_t len, uint64_t deadline_ns);

/* Queues all of buf (blocking while the send buffer is full): len, -EPIPE after shutdown or once the
 * peer is gone, -ECONNRESET, -ETIMEDOUT. */
ssize_t tcp_write(struct tcp_conn *c, const void *buf, size_t len);

/* The same for a gather list. */
ssize_t tcp_writev(struct tcp_conn *c, const struct iovec *iov, int iovcnt);

/* Sends a FIN after the queued data. Returns 0, -ENOTCONN. */
int tcp_shutdown(struct tcp_conn *c);

/* The application lets go of c: a FIN after the queued data (or a RST when received data was left
 * unread); the TCB lives on through FIN_WAIT/TIME_WAIT and is freed by the stack. */
void tcp_close(struct tcp_conn *c);

void tcp_set_nodelay(struct tcp_conn *c, bool on);
void tcp_set_keepalive(struct tcp_conn *c, bool on);
void tcp_endpoints(struct tcp_conn *c, uint32_t *laddr, uint16_t *lport, uint32_t *raddr, uint16_t *rport);

enum tcp_state {
	TCP_CLOSED, TCP_LISTEN, TCP_SYN_SENT, TCP_SYN_RECEIVED, TCP_ESTABLISHED, TCP_FIN_WAIT_1,
	TCP_FIN_WAIT_2, TCP_CLOSE_WAIT, TCP_CLOSING, TCP_LAST_ACK, TCP_TIME_WAIT,
};

/* What a connection negotiated and where it stands. */
struct tcp_info {
	enum tcp_state state;
	unsigned mss;                 /* the largest segment it sends */
	int snd_wscale, rcv_wscale;   /* -1 when window scaling was not negotiated */
	uint32_t cwnd, ssthresh, snd_wnd;
	uint64_t srtt_ns, rto_ns;
};
void tcp_conn_info(struct tcp_conn *c, struct tcp_info *out);
const char *tcp_state_name(enum tcp_state s);

#endif

/* tcp.c: the TCP's API: stacks, listeners, connections, and the blocking calls fibers make on them. */
#include <errno.h>
#include <stdlib.h>

#include <kiln/random.h>

#include "tcp_impl.h"

static const struct tcp_timeouts default_timeouts = {
	.rto_initial = KILN_SEC(1), .rto_min = KILN_MSEC(200), .rto_max = KILN_SEC(60),
	.syn_retries = 6, .data_retries = 15, .delack = KILN_MSEC(40), .time_wait = KILN_SEC(60),
	.keep_idle = KILN_SEC(7200), .keep_interval = KILN_SEC(75), .keep_probes = 9,
};

int tcp_stack_new(struct tcp_stack **out, const struct tcp_ip_ops *ops, void *ctx)
{
	struct tcp_stack *t = calloc(1, sizeof(*t));
	struct kiln_random *r;
	int rc = -ENOMEM;

	if (!t)
		return rc;
	t->ops = ops;
	t->ctx = ctx;
	t->to = default_timeouts;
	rc = kiln_time_connect_default(&t->clock);
	if (rc < 0)
		goto fail;
	rc = tcp_isn_key_init(&t->isn_key);
	if (rc < 0)
		goto fail;
	rc = kiln_random_connect_default(&r);
	if (rc < 0)
		goto fail;
	t->next_port = (uint16_t)(TCP_EPHEMERAL_LOW + kiln_random_u64(r) % (65536 - TCP_EPHEMERAL_LOW));
	rc = tcp_timer_start(t);
	if (rc < 0)
		goto fail;
	*out = t;
	return 0;
fail:
	free(t);
	return rc;
}

void tcp_stack_free(struct tcp_stack *t)
{
	tcp_timer_stop(t);
	while (t->conns)
		tcb_free(t->conns);
	while (t->listeners) {
		struct tcp_listener *l = t->listeners;

		t->listeners = l->next;
		free(l);
	}
	free(t);
}

void tcp_stack_set_timeouts(struct tcp_stack *t, const struct tcp_timeouts *to)
{
	t->to = *to;
}

void tcp_stack_timeouts(struct tcp_stack *t, struct tcp_timeouts *out)
{
	*out = t->to;
}

void tcp_stack_stats(struct tcp_stack *t, struct tcp_stats *out)
{
	*out = t->stats;
}

int tcp_listen(struct tcp_stack *t, uint32_t addr, uint16_t port, unsigned backlog, struct tcp_listener **out)
{
	struct tcp_listener *l;

	if (!port || !backlog)
		return -EINVAL;
	for (l = t->listeners; l; l = l->next)
		if (l->port == port && (l->addr == addr || !l->addr || !addr))
			return -EADDRINUSE;
	l = calloc(1, sizeof(*l));
	if (!l)
		return -ENOMEM;
	l->t = t;
	l->addr = addr;
	l->port = port;
	l->backlog = backlog;
	l->next = t->listeners;
	t->listeners = l;
	*out = l;
	return 0;
}

int tcp_accept(struct tcp_listener *l, struct tcp_conn **out, uint64_t deadline_ns)
{
	struct tcp_conn *c;

	l->waiting++;
	while (!l->accept_head && !l->closed)
		if (kiln_waitq_wait(&l->waiters, deadline_ns) == -ETIMEDOUT)
			break;
	l->waiting--;
	if (l->closed) {
		if (!l->waiting)
			free(l);
		return -EBADF;
	}
	c = l->accept_head;
	if (!c)
		return -ETIMEDOUT;
	l->accept_head = c->qnext;
	if (!l->accept_head)
		l->accept_tail = NULL;
	l->accept_count--;
	c->listener = NULL;
	c->qnext = NULL;
	c->owned = true;
	*out = c;
	return 0;
}

void tcp_listener_close(struct tcp_listener *l)
{
	struct tcp_stack *t = l->t;
	struct tcp_listener **p = &t->listeners;
	struct tcp_conn *c, *after;

	while (*p != l)
		p = &(*p)->next;
	*p = l->next;
	l->closed = true;
	for (c = t->conns; c; c = after) {
		c->busy++; /* kept while its RST goes out (output may block) */
		if (c->listener == l) {
			tcp_send_rst(c);
			tcb_drop(c, -ECONNRESET);
		}
		c->busy--;
		after = c->next;
		tcb_release(c);
	}
	kiln_waitq_wake_all(&l->waiters);
	if (!l->waiting)
		free(l);
}

/* An unused local port for a connection from src to dst:port, or 0. */
static uint16_t ephemeral_port(struct tcp_stack *t, uint32_t src, uint32_t dst, uint16_t port)
{
	for (unsigned i = 0; i < 65536 - TCP_EPHEMERAL_LOW; i++) {
		uint16_t p = t->next_port;

		t->next_port = p == 65535 ? TCP_EPHEMERAL_LOW : p + 1;
		if (!tcb_lookup(t, src, p, dst, port) && !tcb_listener_lookup(t, src, p))
			return p;
	}
	return 0;
}

int tcp_connect_from(struct tcp_stack *t, uint32_t src, uint16_t sport, uint32_t dst, uint16_t port,
		     struct tcp_conn **out)
{
	struct tcp_conn *c;
	int rc;

	if (!port)
		return -EINVAL;
	if (!sport && !(sport = ephemeral_port(t, src, dst, port)))
		return -EADDRNOTAVAIL;
	if (tcb_lookup(t, src, sport, dst, port))
		return -EADDRINUSE;
	c = tcb_new(t, src, sport, dst, port);
	if (!c)
		return -ENOMEM;
	c->owned = true;
	tcb_hash(c);
	tcb_set_state(c, TCP_SYN_SENT);
	t->stats.active_opens++;
	tcp_send_syn(c);
	while (c->state == TCP_SYN_SENT || c->state == TCP_SYN_RECEIVED)
		kiln_waitq_wait(&c->writers, KILN_FOREVER);
	if (c->state == TCP_CLOSED) {
		rc = c->error ? c->error : -ECONNREFUSED;
		tcb_free(c);
		return rc;
	}
	*out = c;
	return 0;
}

int tcp_connect(struct tcp_stack *t, uint32_t src, uint32_t dst, uint16_t port, struct tcp_conn **out)
{
	return tcp_connect_from(t, src, 0, dst, port, out);
}

ssize_t tcp_read(struct tcp_conn *c, void *buf, size_t len, uint64_t deadline_ns)
{
	size_t n;

	while (!c->rb.len) {
		if (c->error) /* a reset after the end of the stream still says so */
			return c->error;
		if (c->fin_received || c->state == TCP_CLOSED)
			return 0;
		if (kiln_waitq_wait(&c->readers, deadline_ns) == -ETIMEDOUT && !c->rb.len)
			return -ETIMEDOUT;
	}
	n = tcp_rcvbuf_read(&c->rb, buf, len);
	if ((c->state == TCP_ESTABLISHED || c->state == TCP_FIN_WAIT_1 || c->state == TCP_FIN_WAIT_2) &&
	    tcp_window_update_due(c))
		tcp_send_ack(c);
	return (ssize_t)n;
}

ssize_t tcp_writev(struct tcp_conn *c, const struct iovec *iov, int iovcnt)
{
	size_t total = 0, done = 0;

	for (int i = 0; i < iovcnt; i++)
		total += iov[i].iov_len;
	while (done < total) {
		size_t n;

		if (c->error)
			return c->error;
		if ((c->state != TCP_ESTABLISHED && c->state != TCP_CLOSE_WAIT) || c->fin_queued)
			return -EPIPE;
		n = tcp_sndbuf_append(&c->sb, iov, iovcnt, done);
		if (!n) {
			kiln_waitq_wait(&c->writers, KILN_FOREVER);
			continue;
		}
		done += n;
		tcp_output(c);
	}
	return (ssize_t)total;
}

ssize_t tcp_write(struct tcp_conn *c, const void *buf, size_t len)
{
	struct iovec iov = { (void *)buf, len };

	return tcp_writev(c, &iov, 1);
}

int tcp_shutdown(struct tcp_conn *c)
{
	if (c->fin_queued)
		return 0;
	if (c->state == TCP_ESTABLISHED)
		tcb_set_state(c, TCP_FIN_WAIT_1);
	else if (c->state == TCP_CLOSE_WAIT)
		tcb_set_state(c, TCP_LAST_ACK);
	else
		return -ENOTCONN;
	c->fin_queued = true;
	tcp_output(c);
	return 0;
}

void tcp_close(struct tcp_conn *c)
{
	c->owned = false;
	c->app_closed = true;
	if (c->state == TCP_CLOSED) {
		tcb_free(c);
		return;
	}
	if (c->rb.len) { /* data the application will never read: reset (RFC 2525 2.17) */
		tcp_send_rst(c);
		tcb_drop(c, 0);
		return;
	}
	tcp_shutdown(c);
	tcb_shed_buffers(c);
	if (c->state == TCP_FIN_WAIT_2)
		tcp_timer_arm(c, &c->state_at, c->t->to.time_wait);
}

void tcp_set_nodelay(struct tcp_conn *c, bool on)
{
	c->nodelay = on;
	if (on)
		tcp_output(c);
}

void tcp_set_keepalive(struct tcp_conn *c, bool on)
{
	c->keepalive = on;
	tcp_keepalive_reset(c);
}

void tcp_endpoints(struct tcp_conn *c, uint32_t *laddr, uint16_t *lport, uint32_t *raddr, uint16_t *rport)
{
	*laddr = c->laddr;
	*lport = c->lport;
	*raddr = c->raddr;
	*rport = c->rport;
}

void tcp_conn_info(struct tcp_conn *c, struct tcp_info *out)
{
	*out = (struct tcp_info){
		.state = c->state, .mss = c->mss, .snd_wscale = c->snd_wscale, .rcv_wscale = c->rcv_wscale,
		.cwnd = c->cc.cwnd, .ssthresh = c->cc.ssthresh, .snd_wnd = c->snd_wnd,
		.srtt_ns = c->srtt, .rto_ns = c->rto,
	};
}

const char *tcp_state_name(enum tcp_state s)
{
	static const char *const names[] = {
		"CLOSED", "LISTEN", "SYN_SENT", "SYN_RECEIVED", "ESTABLISHED", "FIN_WAIT_1",
		"FIN_WAIT_2", "CLOSE_WAIT", "CLOSING", "LAST_ACK", "TIME_WAIT",
	};

	return (unsigned)s < sizeof(names) / sizeof(names[0]) ? names[s] : "?";
}

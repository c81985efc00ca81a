/* test_tcp.c: unit tests of the TCP between two stacks on a clean simulated link: handshake, bulk data
 * both ways, closing and TIME_WAIT, simultaneous open and close, RSTs, backlog, windows, keepalive. */
#include "tcp_pair.h"

static void bulk_both_ways(struct link *l)
{
	struct pair p;
	struct tcp_stats a, b;

	transfer(l, 16 * MiB, &p);
	a = link_stats(l, 0);
	b = link_stats(l, 1);
	/* MSS from the MTU, window scaling negotiated both ways (the 512 KiB buffers need a shift of 4). */
	assert_int_equal(p.client.info.mss, 1460);
	assert_int_equal(p.server.info.mss, 1460);
	assert_int_equal(p.client.info.snd_wscale, 4);
	assert_int_equal(p.client.info.rcv_wscale, 4);
	assert_int_equal(p.server.info.snd_wscale, 4);
	assert_int_equal(p.server.info.rcv_wscale, 4);
	/* A clean link: nothing lost, nothing sent twice, nothing malformed. */
	assert_int_equal(a.retransmits + b.retransmits, 0);
	assert_int_equal(a.bad_checksum + b.bad_checksum + a.malformed + b.malformed, 0);
	assert_int_equal(a.active_opens, 1);
	assert_int_equal(b.passive_opens, 1);
	/* Full-sized segments: 32 MiB in not many more than 32 MiB / 1460 data segments plus ACKs. */
	assert_true(a.segs_out + b.segs_out < 2 * (32 * MiB / 1460) + 1000);
}

static void handshake_and_16mib_each_way(void **state)
{
	struct link l = { 0 };

	(void)state;
	run_scenario(&l, bulk_both_ways);
}

static void refused(struct link *l)
{
	struct tcp_conn *c;

	assert_int_equal(tcp_connect(l->stack[0], ADDR_A, ADDR_B, 81, &c), -ECONNREFUSED);
	assert_int_equal(link_stats(l, 1).rst_out, 1);
	assert_int_equal(link_stats(l, 0).rst_in, 1);
}

static void connection_to_a_closed_port_is_refused(void **state)
{
	struct link l = { 0 };

	(void)state;
	run_scenario(&l, refused);
}

/* A connected pair with nothing running on it. */
static void connect_pair(struct link *l, struct tcp_listener **lst, struct tcp_conn **a, struct tcp_conn **b)
{
	assert_int_equal(tcp_listen(l->stack[1], ADDR_B, PORT, 4, lst), 0);
	assert_int_equal(tcp_connect(l->stack[0], ADDR_A, ADDR_B, PORT, a), 0);
	assert_int_equal(tcp_accept(*lst, b, KILN_FOREVER), 0);
}

static enum tcp_state state_of(struct tcp_conn *c)
{
	struct tcp_info i;

	tcp_conn_info(c, &i);
	return i.state;
}

static void fin_then_time_wait(struct link *l)
{
	struct tcp_listener *lst;
	struct tcp_conn *a, *b;
	char buf[16];

	connect_pair(l, &lst, &a, &b);
	assert_int_equal(tcp_write(a, "bye", 3), 3);
	assert_int_equal(tcp_shutdown(a), 0);
	assert_int_equal(tcp_write(a, "more", 4), -EPIPE);
	assert_int_equal(tcp_read(b, buf, sizeof(buf), KILN_FOREVER), 3);
	assert_memory_equal(buf, "bye", 3);
	assert_int_equal(tcp_read(b, buf, sizeof(buf), KILN_FOREVER), 0);
	assert_int_equal(state_of(b), TCP_CLOSE_WAIT);
	assert_int_equal(state_of(a), TCP_FIN_WAIT_2);
	/* The half-closed side still sends. */
	assert_int_equal(tcp_write(b, "ok", 2), 2);
	assert_int_equal(tcp_read(a, buf, sizeof(buf), KILN_FOREVER), 2);
	tcp_close(b);
	assert_int_equal(tcp_read(a, buf, sizeof(buf), KILN_FOREVER), 0);
	assert_int_equal(state_of(a), TCP_TIME_WAIT);
	/* 2 MSL later (100 ms here) the TCB is closed. */
	kiln_sleep_ns(KILN_MSEC(300));
	assert_int_equal(state_of(a), TCP_CLOSED);
	tcp_close(a);
	tcp_listener_close(lst);
}

static void fin_handshake_and_time_wait(void **state)
{
	struct link l = { 0 };

	(void)state;
	run_scenario(&l, fin_then_time_wait);
}

static void port_reuse(struct link *l)
{
	struct tcp_listener *lst;
	struct tcp_conn *a, *b;
	char buf[8];

	assert_int_equal(tcp_listen(l->stack[1], 0, PORT, 4, &lst), 0);
	for (int round = 0; round < 2; round++) {
		/* Same 4-tuple both times; the server closes first, so it holds TIME_WAIT. */
		assert_int_equal(tcp_connect_from(l->stack[0], ADDR_A, 6000, ADDR_B, PORT, &a), 0);
		assert_int_equal(tcp_accept(lst, &b, KILN_FOREVER), 0);
		assert_int_equal(tcp_write(a, "hi", 2), 2);
		assert_int_equal(tcp_read(b, buf, sizeof(buf), KILN_FOREVER), 2);
		tcp_close(b);
		assert_int_equal(tcp_read(a, buf, sizeof(buf), KILN_FOREVER), 0);
		tcp_close(a);
		kiln_sleep_ns(KILN_MSEC(5));
	}
	/* The second SYN found the server's TIME_WAIT TCB and replaced it: no retry, no RST. */
	assert_int_equal(link_stats(l, 0).retransmits, 0);
	assert_int_equal(link_stats(l, 1).rst_out + link_stats(l, 0).rst_out, 0);
	assert_int_equal(link_stats(l, 1).passive_opens, 2);
	tcp_listener_close(lst);
}

static void syn_reuses_a_time_wait_tuple(void **state)
{
	struct link l = { 0 };

	(void)state;
	run_scenario(&l, port_reuse);
}

static void orphan(struct link *l)
{
	struct tcp_listener *lst;
	struct tcp_conn *a, *b;
	char buf[8];

	connect_pair(l, &lst, &a, &b);
	/* a lets go; its FIN is acknowledged, but b never closes: a's TCB waits in FIN_WAIT_2 for
	 * 2 MSL only, then goes. */
	tcp_close(a);
	assert_int_equal(tcp_read(b, buf, sizeof(buf), KILN_FOREVER), 0);
	assert_non_null(l->stack[0]->conns);
	assert_int_equal(l->stack[0]->conns->state, TCP_FIN_WAIT_2);
	kiln_sleep_ns(KILN_MSEC(300));
	assert_null(l->stack[0]->conns);
	/* Whatever b sends now finds no connection: a RST, and b's next call says so. */
	assert_int_equal(tcp_write(b, "late", 4), 4);
	while (state_of(b) != TCP_CLOSED)
		kiln_sleep_ns(KILN_MSEC(1));
	assert_int_equal(tcp_read(b, buf, sizeof(buf), KILN_FOREVER), -ECONNRESET);
	assert_int_equal(link_stats(l, 0).rst_out, 1);
	tcp_close(b);
	tcp_listener_close(lst);
}

static void orphaned_fin_wait_2_times_out(void **state)
{
	struct link l = { 0 };

	(void)state;
	run_scenario(&l, orphan);
}

struct simul {
	struct link *l;
	int side, rc;
	struct tcp_conn *c;
};

static int simul_connect(void *arg)
{
	struct simul *s = arg;
	uint32_t me = s->side ? ADDR_B : ADDR_A, peer = s->side ? ADDR_A : ADDR_B;

	s->rc = tcp_connect_from(s->l->stack[s->side], me, 5000 + s->side, peer, 5001 - s->side, &s->c);
	return 0;
}

static int simul_shutdown(void *arg)
{
	struct simul *s = arg;
	char buf[8];

	s->rc = tcp_shutdown(s->c);
	if (s->rc == 0)
		s->rc = (int)tcp_read(s->c, buf, sizeof(buf), KILN_FOREVER);
	return 0;
}

/* Runs fn for both sides at once. */
static void both_sides(struct simul *s, kiln_fiber_fn fn)
{
	struct kiln_fiber *f[2];

	for (int i = 0; i < 2; i++)
		assert_int_equal(kiln_fiber_spawn(&f[i], "side", fn, &s[i]), 0);
	for (int i = 0; i < 2; i++)
		assert_int_equal(kiln_fiber_join(f[i], NULL), 0);
}

static void simultaneous(struct link *l)
{
	struct simul s[2] = { { l, 0, -1, NULL }, { l, 1, -1, NULL } };
	char buf[8];

	both_sides(s, simul_connect);
	assert_int_equal(s[0].rc, 0);
	assert_int_equal(s[1].rc, 0);
	assert_int_equal(link_stats(l, 0).active_opens + link_stats(l, 1).active_opens, 2);
	assert_int_equal(tcp_write(s[0].c, "ab", 2), 2);
	assert_int_equal(tcp_read(s[1].c, buf, sizeof(buf), KILN_FOREVER), 2);
	assert_int_equal(tcp_write(s[1].c, "cd", 2), 2);
	assert_int_equal(tcp_read(s[0].c, buf, sizeof(buf), KILN_FOREVER), 2);
	both_sides(s, simul_shutdown);
	assert_int_equal(s[0].rc, 0);
	assert_int_equal(s[1].rc, 0);
	/* Both FINs crossed: each side goes through CLOSING to TIME_WAIT once its FIN is acknowledged. */
	for (int i = 0; i < 2; i++) {
		while (state_of(s[i].c) == TCP_CLOSING)
			kiln_sleep_ns(KILN_MSEC(1));
		assert_int_equal(state_of(s[i].c), TCP_TIME_WAIT);
	}
	tcp_close(s[0].c);
	tcp_close(s[1].c);
}

static void simultaneous_open_and_close(void **state)
{
	/* Both SYNs cross on the wire: a few milliseconds of delay. */
	struct link l = { .delay_ns = KILN_MSEC(5) };

	(void)state;
	run_scenario(&l, simultaneous);
}

static void reset_on_unread_close(struct link *l)
{
	struct tcp_listener *lst;
	struct tcp_conn *a, *b;
	char buf[8];

	connect_pair(l, &lst, &a, &b);
	assert_int_equal(tcp_write(a, "unread", 6), 6);
	kiln_sleep_ns(KILN_MSEC(20));
	/* b closes with data unread: a RST, and a's calls then fail with ECONNRESET. */
	tcp_close(b);
	assert_int_equal(tcp_read(a, buf, sizeof(buf), KILN_FOREVER), -ECONNRESET);
	assert_int_equal(tcp_write(a, "x", 1), -ECONNRESET);
	assert_int_equal(state_of(a), TCP_CLOSED);
	assert_int_equal(link_stats(l, 1).rst_out, 1);
	assert_int_equal(link_stats(l, 0).rst_in, 1);
	tcp_close(a);
	tcp_listener_close(lst);
}

static void close_with_unread_data_resets(void **state)
{
	struct link l = { 0 };

	(void)state;
	run_scenario(&l, reset_on_unread_close);
}

/* Sends a handcrafted segment from B to A on connection c (A's side). */
static void inject(struct link *l, struct tcp_conn *c, uint32_t seq, uint32_t ack, uint8_t flags)
{
	uint8_t hdr[TCP_HDR_MAX];
	struct tcp_hdr_out h = { .sport = c->rport, .dport = c->lport, .seq = seq, .ack = ack, .flags = flags,
				 .wnd = 1000, .wscale = -1 };
	struct iovec iov = { hdr, tcp_hdr_build(hdr, &h) };

	tcp_csum_fill(ADDR_B, ADDR_A, &iov, 1);
	tcp_input(l->stack[0], ADDR_B, ADDR_A, hdr, iov.iov_len);
}

static void challenge_acks(struct link *l)
{
	struct tcp_listener *lst;
	struct tcp_conn *a, *b;
	char buf[8];

	connect_pair(l, &lst, &a, &b);
	/* Out of the window: ignored without a word. */
	inject(l, a, a->rcv_nxt + 10 * 1024 * 1024, 0, TCP_RST);
	assert_int_equal(link_stats(l, 0).challenge_acks, 0);
	/* In the window but not RCV.NXT: a challenge ACK, and the connection lives on. */
	inject(l, a, a->rcv_nxt + 100, 0, TCP_RST);
	assert_int_equal(link_stats(l, 0).challenge_acks, 1);
	assert_int_equal(state_of(a), TCP_ESTABLISHED);
	/* A SYN on an established connection: a challenge ACK too (RFC 5961 4). */
	inject(l, a, a->rcv_nxt, 0, TCP_SYN);
	assert_int_equal(link_stats(l, 0).challenge_acks, 2);
	/* An ACK for data from before SND.UNA - MAX.SND.WND: a challenge ACK, dropped (RFC 5961 5). */
	inject(l, a, a->rcv_nxt, a->snd_una - a->max_snd_wnd - 1000, TCP_ACK);
	assert_int_equal(link_stats(l, 0).challenge_acks, 3);
	assert_int_equal(state_of(a), TCP_ESTABLISHED);
	assert_int_equal(tcp_write(b, "alive", 5), 5);
	assert_int_equal(tcp_read(a, buf, sizeof(buf), KILN_FOREVER), 5);
	/* The exact sequence number resets. */
	inject(l, a, a->rcv_nxt, 0, TCP_RST);
	assert_int_equal(state_of(a), TCP_CLOSED);
	assert_int_equal(tcp_read(a, buf, sizeof(buf), KILN_FOREVER), -ECONNRESET);
	tcp_close(a);
	tcp_close(b);
	tcp_listener_close(lst);
}

static void rfc5961_challenge_acks(void **state)
{
	struct link l = { 0 };

	(void)state;
	run_scenario(&l, challenge_acks);
}

struct backlog_client {
	struct link *l;
	int rc;
	struct tcp_conn *c;
};

static int backlog_connect(void *arg)
{
	struct backlog_client *bc = arg;

	bc->rc = tcp_connect(bc->l->stack[0], ADDR_A, ADDR_B, PORT, &bc->c);
	return 0;
}

static void backlog(struct link *l)
{
	struct backlog_client bc[5];
	struct kiln_fiber *f[5];
	struct tcp_listener *lst;
	struct tcp_conn *c;
	int ok = 0, timed_out = 0;

	assert_int_equal(tcp_listen(l->stack[1], 0, PORT, 2, &lst), 0);
	for (int i = 0; i < 5; i++) {
		bc[i] = (struct backlog_client){ l, 1, NULL };
		assert_int_equal(kiln_fiber_spawn(&f[i], "connect", backlog_connect, &bc[i]), 0);
	}
	for (int i = 0; i < 5; i++) {
		assert_int_equal(kiln_fiber_join(f[i], NULL), 0);
		ok += bc[i].rc == 0;
		timed_out += bc[i].rc == -ETIMEDOUT;
	}
	/* Nobody accepted: two fit the backlog, the others' SYNs were dropped until they gave up. */
	assert_int_equal(ok, 2);
	assert_int_equal(timed_out, 3);
	assert_true(link_stats(l, 1).listen_overflows >= 3);
	for (int i = 0; i < 2; i++) {
		assert_int_equal(tcp_accept(lst, &c, KILN_FOREVER), 0);
		tcp_close(c);
	}
	assert_int_equal(tcp_accept(lst, &c, kiln_plat_monotonic_ns() + KILN_MSEC(10)), -ETIMEDOUT);
	for (int i = 0; i < 5; i++)
		if (bc[i].rc == 0)
			tcp_close(bc[i].c);
	tcp_listener_close(lst);
}

static void listen_backlog_is_bounded(void **state)
{
	struct link l = { 0 };

	(void)state;
	run_scenario(&l, backlog);
}

/* Waits (up to 10 s) until *counter reaches n; the tests assert what they then see. */
static void wait_count(const uint64_t *counter, uint64_t n)
{
	for (int i = 0; i < 1000 && *counter < n; i++)
		kiln_sleep_ns(KILN_MSEC(10));
}

struct slow_reader {
	struct tcp_conn *c;
	struct link *l;
	struct stream got;
	int rc;
};

static int slow_read(void *arg)
{
	struct slow_reader *r = arg;

	/* Reads only once the sender has probed the closed window. */
	wait_count(&r->l->stack[0]->stats.zero_window_probes, 1);
	r->rc = recv_stream(r->c, &r->got);
	return 0;
}

static void zero_window(struct link *l)
{
	struct tcp_listener *lst;
	struct tcp_conn *a, *b;
	struct slow_reader r;
	struct kiln_fiber *f;
	struct stream sent;
	struct tcp_info info;

	connect_pair(l, &lst, &a, &b);
	r = (struct slow_reader){ .c = b, .l = l };
	assert_int_equal(kiln_fiber_spawn(&f, "slow", slow_read, &r), 0);
	/* 2 MiB into 512 KiB of send and 512 KiB of receive buffer: the window closes until b reads. */
	assert_int_equal(send_stream(a, 2 * MiB, 7, &sent), 0);
	assert_int_equal(kiln_fiber_join(f, NULL), 0);
	assert_int_equal(r.rc, 0);
	assert_int_equal(r.got.bytes, 2 * MiB);
	assert_true(r.got.hash == sent.hash);
	tcp_conn_info(a, &info);
	assert_true(link_stats(l, 0).zero_window_probes >= 1);
	assert_int_equal(link_stats(l, 0).timeouts, 0);
	tcp_close(a);
	tcp_close(b);
	tcp_listener_close(lst);
}

static void zero_window_is_probed(void **state)
{
	struct link l = { 0 };

	(void)state;
	run_scenario(&l, zero_window);
}

static void keepalive(struct link *l)
{
	struct tcp_listener *lst;
	struct tcp_conn *a, *b;
	char buf[8];

	connect_pair(l, &lst, &a, &b);
	tcp_set_keepalive(a, true);
	/* Idle 100 ms, then probes every 50 ms: the peer answers each, the connection stays. */
	wait_count(&l->stack[0]->stats.keepalive_probes, 4);
	assert_true(link_stats(l, 0).keepalive_probes >= 4);
	assert_int_equal(state_of(a), TCP_ESTABLISHED);
	assert_int_equal(link_stats(l, 0).timeouts, 0);
	/* The peer goes silent: three unanswered probes end the connection. */
	l->cut = true;
	assert_int_equal(tcp_read(a, buf, sizeof(buf), KILN_FOREVER), -ETIMEDOUT);
	assert_int_equal(link_stats(l, 0).timeouts, 1);
	tcp_close(a);
	tcp_close(b);
	tcp_listener_close(lst);
}

static void keepalive_probes_and_times_out(void **state)
{
	struct link l = { 0 };

	(void)state;
	run_scenario(&l, keepalive);
}

/* Counts, per side, the segments that carry data and the pure ACKs. */
struct seg_count {
	unsigned data[2], acks[2];
};

static bool count_segs(struct link *l, int from, const struct tcp_seg *s)
{
	struct seg_count *n = l->filter_arg;

	if (s->len)
		n->data[from]++;
	else if (s->flags == TCP_ACK)
		n->acks[from]++;
	return true;
}

static void small_writes(struct link *l)
{
	struct seg_count *n = l->filter_arg;
	struct tcp_listener *lst;
	struct tcp_conn *a, *b;
	char buf[32];
	size_t got = 0;

	link_patient_rto(l);
	connect_pair(l, &lst, &a, &b);
	/* Nagle: the first byte goes at once, the other nine wait for its ACK and go together. */
	n->data[0] = 0;
	for (int i = 0; i < 10; i++)
		assert_int_equal(tcp_write(a, "x", 1), 1);
	while (got < 10)
		got += (size_t)tcp_read(b, buf, sizeof(buf), KILN_FOREVER);
	assert_int_equal(n->data[0], 2);
	/* No delay: ten writes, ten segments. */
	tcp_set_nodelay(a, true);
	n->data[0] = 0;
	for (int i = 0; i < 10; i++)
		assert_int_equal(tcp_write(a, "y", 1), 1);
	for (got = 0; got < 10;)
		got += (size_t)tcp_read(b, buf, sizeof(buf), KILN_FOREVER);
	assert_int_equal(n->data[0], 10);
	tcp_close(a);
	tcp_close(b);
	tcp_listener_close(lst);
}

static void nagle_and_no_delay(void **state)
{
	struct seg_count n = { 0 };
	struct link l = { .delay_ns = KILN_MSEC(5), .filter = count_segs, .filter_arg = &n };

	(void)state;
	run_scenario(&l, small_writes);
}

static void delayed(struct link *l)
{
	struct seg_count *n = l->filter_arg;
	static char data[2 * 1460];
	struct tcp_listener *lst;
	struct tcp_conn *a, *b;

	link_patient_rto(l);
	connect_pair(l, &lst, &a, &b);
	tcp_set_nodelay(a, true);
	kiln_sleep_ns(KILN_MSEC(50));
	n->acks[1] = 0;
	/* Two full segments: one ACK for both. */
	assert_int_equal(tcp_write(a, data, sizeof(data)), sizeof(data));
	kiln_sleep_ns(KILN_MSEC(50));
	assert_int_equal(n->acks[1], 1);
	/* One segment: its ACK waits for the delayed-ACK timer, then goes alone. */
	assert_int_equal(tcp_write(a, data, 100), 100);
	kiln_sleep_ns(KILN_MSEC(50));
	assert_int_equal(n->acks[1], 2);
	assert_int_equal(link_stats(l, 0).retransmits, 0);
	tcp_close(a);
	tcp_close(b);
	tcp_listener_close(lst);
}

static void delayed_acks(void **state)
{
	struct seg_count n = { 0 };
	struct link l = { .filter = count_segs, .filter_arg = &n };

	(void)state;
	run_scenario(&l, delayed);
}

#define CONNS 100

struct echo {
	struct tcp_conn *c;
	struct link *l;
	struct tcp_listener *lst;
	struct stream sent, got;
	int rc;
};

/* Echoes everything back until the end, then closes. */
static int echo_server(void *arg)
{
	struct echo *e = arg;
	uint8_t *buf = malloc(CHUNK);
	ssize_t n;

	assert_non_null(buf);
	e->rc = tcp_accept(e->lst, &e->c, KILN_FOREVER);
	if (e->rc == 0) {
		while ((n = tcp_read(e->c, buf, CHUNK, KILN_FOREVER)) > 0)
			assert_int_equal(tcp_write(e->c, buf, (size_t)n), n);
		e->rc = (int)n;
		tcp_close(e->c);
	}
	free(buf);
	return 0;
}

static int echo_client(void *arg)
{
	struct echo *e = arg;
	struct duplex d = { .bytes = 64 * 1024, .seed = (uint64_t)(uintptr_t)e };

	e->rc = tcp_connect(e->l->stack[0], ADDR_A, ADDR_B, PORT, &d.c);
	if (e->rc == 0) {
		run_duplex(&d);
		e->sent = d.sent;
		e->got = d.got;
		e->rc = d.wrc ? d.wrc : d.rrc;
	}
	return 0;
}

static void many(struct link *l)
{
	static struct echo srv[CONNS], cli[CONNS];
	static struct kiln_fiber *fs[CONNS], *fc[CONNS];
	struct tcp_listener *lst;

	assert_int_equal(tcp_listen(l->stack[1], 0, PORT, CONNS, &lst), 0);
	for (int i = 0; i < CONNS; i++) {
		srv[i] = (struct echo){ .l = l, .lst = lst };
		cli[i] = (struct echo){ .l = l };
		assert_int_equal(kiln_fiber_spawn(&fs[i], "echo", echo_server, &srv[i]), 0);
		assert_int_equal(kiln_fiber_spawn(&fc[i], "client", echo_client, &cli[i]), 0);
	}
	for (int i = 0; i < CONNS; i++) {
		assert_int_equal(kiln_fiber_join(fc[i], NULL), 0);
		assert_int_equal(kiln_fiber_join(fs[i], NULL), 0);
	}
	for (int i = 0; i < CONNS; i++) {
		assert_int_equal(cli[i].rc, 0);
		assert_int_equal(srv[i].rc, 0);
		assert_int_equal(cli[i].got.bytes, 64 * 1024);
		assert_true(cli[i].got.hash == cli[i].sent.hash);
	}
	assert_int_equal(link_stats(l, 1).passive_opens, CONNS);
	tcp_listener_close(lst);
}

static void hundred_concurrent_connections(void **state)
{
	struct link l = { 0 };

	(void)state;
	run_scenario(&l, many);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(handshake_and_16mib_each_way),
		cmocka_unit_test(connection_to_a_closed_port_is_refused),
		cmocka_unit_test(fin_handshake_and_time_wait),
		cmocka_unit_test(syn_reuses_a_time_wait_tuple),
		cmocka_unit_test(orphaned_fin_wait_2_times_out),
		cmocka_unit_test(simultaneous_open_and_close),
		cmocka_unit_test(close_with_unread_data_resets),
		cmocka_unit_test(rfc5961_challenge_acks),
		cmocka_unit_test(listen_backlog_is_bounded),
		cmocka_unit_test(zero_window_is_probed),
		cmocka_unit_test(keepalive_probes_and_times_out),
		cmocka_unit_test(nagle_and_no_delay),
		cmocka_unit_test(delayed_acks),
		cmocka_unit_test(hundred_concurrent_connections),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

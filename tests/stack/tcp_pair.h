/* tcp_pair.h: test scenarios over the simulated link: a root fiber around a test body, and a
 * connection carrying a verified stream each way. */
#ifndef KILN_TEST_TCP_PAIR_H
#define KILN_TEST_TCP_PAIR_H

#include "tcp_link.h"

#define PORT 80
#define MiB (1024 * 1024)

/* One side of a two-way transfer: what it sends and what it got, in two fibers. */
struct duplex {
	struct tcp_conn *c;
	size_t bytes;
	uint64_t seed;
	struct stream sent, got;
	int wrc, rrc;
	struct tcp_info info;
};

static inline int duplex_writer(void *arg)
{
	struct duplex *d = arg;

	d->wrc = send_stream(d->c, d->bytes, d->seed, &d->sent);
	return 0;
}

static inline int duplex_reader(void *arg)
{
	struct duplex *d = arg;

	d->rrc = recv_stream(d->c, &d->got);
	return 0;
}

/* Sends and receives at once until both directions ended, then lets go of the connection. */
static inline void run_duplex(struct duplex *d)
{
	struct kiln_fiber *w, *r;

	assert_int_equal(kiln_fiber_spawn(&w, "writer", duplex_writer, d), 0);
	assert_int_equal(kiln_fiber_spawn(&r, "reader", duplex_reader, d), 0);
	assert_int_equal(kiln_fiber_join(w, NULL), 0);
	assert_int_equal(kiln_fiber_join(r, NULL), 0);
	tcp_conn_info(d->c, &d->info);
	tcp_close(d->c);
}

struct pair {
	struct link *l;
	struct tcp_listener *listener;
	struct duplex client, server;
	int connect_rc, accept_rc;
};

static inline int server_main(void *arg)
{
	struct pair *p = arg;

	p->accept_rc = tcp_accept(p->listener, &p->server.c, KILN_FOREVER);
	if (p->accept_rc == 0)
		run_duplex(&p->server);
	return 0;
}

static inline int client_main(void *arg)
{
	struct pair *p = arg;

	p->connect_rc = tcp_connect(p->l->stack[0], ADDR_A, ADDR_B, PORT, &p->client.c);
	if (p->connect_rc == 0)
		run_duplex(&p->client);
	return 0;
}

/* A connection from A to B:PORT that carries `bytes` each way; checks both streams arrived whole. */
static inline void transfer(struct link *l, size_t bytes, struct pair *p)
{
	struct kiln_fiber *s, *c;

	*p = (struct pair){ .l = l, .client = { .bytes = bytes, .seed = 1 }, .server = { .bytes = bytes, .seed = 2 } };
	assert_int_equal(tcp_listen(l->stack[1], 0, PORT, 8, &p->listener), 0);
	assert_int_equal(kiln_fiber_spawn(&s, "server", server_main, p), 0);
	assert_int_equal(kiln_fiber_spawn(&c, "client", client_main, p), 0);
	assert_int_equal(kiln_fiber_join(c, NULL), 0);
	assert_int_equal(kiln_fiber_join(s, NULL), 0);
	tcp_listener_close(p->listener);
	assert_int_equal(p->connect_rc, 0);
	assert_int_equal(p->accept_rc, 0);
	assert_int_equal(p->client.wrc, 0);
	assert_int_equal(p->client.rrc, 0);
	assert_int_equal(p->server.wrc, 0);
	assert_int_equal(p->server.rrc, 0);
	assert_int_equal(p->client.sent.bytes, bytes);
	assert_int_equal(p->server.got.bytes, bytes);
	assert_true(p->client.sent.hash == p->server.got.hash);
	assert_int_equal(p->server.sent.bytes, bytes);
	assert_int_equal(p->client.got.bytes, bytes);
	assert_true(p->server.sent.hash == p->client.got.hash);
}

/* A test body run in the root fiber between link_start and link_stop. */
struct scenario {
	void (*fn)(struct link *l);
	struct link *l;
};

static inline int scenario_main(void *arg)
{
	struct scenario *sc = arg;

	link_start(sc->l, 42);
	sc->fn(sc->l);
	link_stop(sc->l);
	return 0;
}

static inline void run_scenario(struct link *l, void (*fn)(struct link *l))
{
	struct scenario sc = { fn, l };

	assert_int_equal(run_root(scenario_main, &sc), 0);
}

#endif

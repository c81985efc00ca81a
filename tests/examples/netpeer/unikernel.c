/* unikernel.c: TCP echo (7000), store (7001: keeps what it reads), fetch (7002: sends what was stored), discard (7003), source (7004: sends as many MiB as asked), UDP echo (7000), and a client connection (--connect). */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <kiln/fiber.h>

#include "start_gen.h"

#define ECHO_PORT 7000
#define STORE_PORT 7001
#define FETCH_PORT 7002
#define DISCARD_PORT 7003
#define SOURCE_PORT 7004
#define SOURCE_MAX_MIB (64u << 10)
#define STORE_MAX (256u << 20)
#define CHUNK 32768

struct peer {
	struct kiln_console *console;
	struct kiln_stackv4 *stack;
	char *stored; /* owned: what the last store connection sent */
	size_t nstored;
};

/* Writes back everything it reads, then ends its side once the peer has ended its. */
static int echo(void *arg, struct kiln_flow *f)
{
	char buf[CHUNK];
	ssize_t n;
	int rc = 0;

	(void)arg;
	while (rc == 0 && (n = kiln_flow_read(f, buf, sizeof(buf))) > 0)
		rc = kiln_flow_write(f, buf, (size_t)n);
	if (rc == 0 && n < 0)
		rc = (int)n;
	return rc < 0 ? rc : kiln_flow_shutdown(f);
}

/* Keeps everything it reads (up to STORE_MAX) as what fetch sends, and says how much. */
static int store(void *arg, struct kiln_flow *f)
{
	struct peer *p = arg;
	size_t len = 0, cap = 1u << 20;
	char *data = malloc(cap);
	ssize_t n = 0;

	while (data && (n = kiln_flow_read(f, data + len, cap - len)) > 0) {
		len += (size_t)n;
		if (len == cap) {
			char *grown = cap < STORE_MAX ? realloc(data, cap * 2) : NULL;
			if (!grown) {
				n = -EFBIG;
				break;
			}
			data = grown;
			cap *= 2;
		}
	}
	if (!data || n < 0) {
		free(data);
		return data ? (int)n : -ENOMEM;
	}
	free(p->stored);
	p->stored = data;
	p->nstored = len;
	return kiln_console_logf(p->console, "stored %zu bytes", len);
}

/* Sends what the last store connection kept, then ends the stream. */
static int fetch(void *arg, struct kiln_flow *f)
{
	struct peer *p = arg;
	int rc = kiln_flow_write(f, p->stored, p->nstored);

	return rc < 0 ? rc : kiln_flow_shutdown(f);
}

/* Reads until the end of the stream and drops it. */
static int discard(void *arg, struct kiln_flow *f)
{
	char buf[CHUNK];
	ssize_t n;

	(void)arg;
	while ((n = kiln_flow_read(f, buf, sizeof(buf))) > 0)
		;
	return (int)n;
}

/* Reads "N\n" (N MiB, at most SOURCE_MAX_MIB), sends N MiB of zeros, then ends the stream. */
static int source(void *arg, struct kiln_flow *f)
{
	static const char zeros[1u << 18];
	char line[16];
	size_t got = 0;
	unsigned long mib;
	ssize_t n = 0;
	int rc = 0;

	(void)arg;
	while (got < sizeof(line) - 1 && !memchr(line, '\n', got) && (n = kiln_flow_read(f, line + got, sizeof(line) - 1 - got)) > 0)
		got += (size_t)n;
	line[got] = '\0';
	if (n < 0)
		return (int)n;
	mib = strtoul(line, NULL, 10);
	if (!memchr(line, '\n', got) || mib > SOURCE_MAX_MIB)
		return -EINVAL;
	for (unsigned long left = mib << 20; rc == 0 && left > 0; left -= sizeof(zeros))
		rc = kiln_flow_write(f, zeros, sizeof(zeros));
	return rc < 0 ? rc : kiln_flow_shutdown(f);
}

static void udp_echo(void *arg, uint32_t src, uint16_t src_port, uint32_t dst, uint16_t dst_port, const void *data,
		     size_t len)
{
	struct peer *p = arg;

	(void)dst;
	kiln_stackv4_udp_write(p->stack, dst_port, src, src_port, data, len);
}

/* Connects to --connect's ADDR:PORT, sends "hello", ends its side, and prints what came back or the error. */
static int client(void *arg)
{
	struct peer *p = arg;
	const char *target = key_gen_connect();
	char addr[KILN_IPV4_STRLEN] = "", buf[256];
	unsigned port = 0;
	uint32_t ip;
	struct kiln_flow *f;
	size_t got = 0;
	ssize_t n = 0;
	int rc;

	if (sscanf(target, "%15[0-9.]:%u", addr, &port) != 2 || kiln_ipv4_parse(addr, &ip) < 0 || port == 0 ||
	    port > 65535)
		return kiln_console_logf(p->console, "connect: '%s' is not ADDR:PORT", target);
	rc = kiln_stackv4_connect(p->stack, ip, (uint16_t)port, &f);
	if (rc < 0)
		return kiln_console_logf(p->console, "connect %s: %s", target, strerror(-rc));
	rc = kiln_flow_write(f, "hello", 5);
	if (rc == 0)
		rc = kiln_flow_shutdown(f);
	while (rc == 0 && got < sizeof(buf) && (n = kiln_flow_read(f, buf + got, sizeof(buf) - got)) > 0)
		got += (size_t)n;
	kiln_flow_close(f);
	if (rc == 0 && n < 0)
		rc = (int)n;
	if (rc < 0)
		return kiln_console_logf(p->console, "connect %s: %s", target, strerror(-rc));
	return kiln_console_logf(p->console, "connect %s: read %zu \"%.*s\"", target, got, (int)got, buf);
}

int netpeer_start(struct kiln_console *c, struct kiln_stackv4 *s)
{
	static struct peer p;
	uint32_t addr = 0;
	char ip[KILN_IPV4_STRLEN];
	int rc;

	p = (struct peer){ .console = c, .stack = s };
	kiln_stackv4_addresses(s, &addr, 1);
	rc = kiln_stackv4_listen_tcp(s, ECHO_PORT, echo, &p);
	if (rc == 0)
		rc = kiln_stackv4_listen_tcp(s, STORE_PORT, store, &p);
	if (rc == 0)
		rc = kiln_stackv4_listen_tcp(s, FETCH_PORT, fetch, &p);
	if (rc == 0)
		rc = kiln_stackv4_listen_tcp(s, DISCARD_PORT, discard, &p);
	if (rc == 0)
		rc = kiln_stackv4_listen_tcp(s, SOURCE_PORT, source, &p);
	if (rc == 0)
		rc = kiln_stackv4_listen_udp(s, ECHO_PORT, udp_echo, &p);
	/* Said once everything listens: the tests wait for this line. */
	if (rc == 0)
		rc = kiln_console_logf(c, "ready on %s", kiln_ipv4_format(addr, ip));
	if (rc == 0 && *key_gen_connect())
		rc = kiln_fiber_spawn(NULL, "client", client, &p);
	return rc;
}

/* unikernel.c: prints the stack's addresses, then each UDP datagram to port 53 and what the first read of each TCP connection to port 8080 brings. */
#include <errno.h>
#include <string.h>

#include "start_gen.h"

#define UDP_PORT 53
#define TCP_PORT 8080
#define MAX_ADDRESSES 8

/* The seed's colours: ANSI red, green, yellow, and back to normal. */
#define RED "\033[31m"
#define GREEN "\033[32m"
#define YELLOW "\033[33m"
#define NORMAL "\033[m"

struct app {
	struct kiln_console *console;
	bool colour; /* only on a terminal */
};

/* The escape sequence code when the console shows colours, else nothing. */
static const char *paint(const struct app *a, const char *code)
{
	return a->colour ? code : "";
}

static void on_udp(void *arg, uint32_t src, uint16_t src_port, uint32_t dst, uint16_t dst_port, const void *data,
		   size_t len)
{
	struct app *a = arg;
	char s[KILN_IPV4_STRLEN], d[KILN_IPV4_STRLEN];

	kiln_console_logf(a->console, "%sUDP %s.%u > %s.%u: \"%.*s\"%s", paint(a, RED), kiln_ipv4_format(src, s),
			  src_port, kiln_ipv4_format(dst, d), dst_port, (int)len, (const char *)data, paint(a, NORMAL));
}

static int on_tcp(void *arg, struct kiln_flow *flow)
{
	struct app *a = arg;
	char r[KILN_IPV4_STRLEN], buf[4096];
	uint32_t remote;
	uint16_t port;
	ssize_t n;

	kiln_flow_remote(flow, &remote, &port);
	kiln_console_logf(a->console, "%sTCP %s.%u > _.%u%s", paint(a, GREEN), kiln_ipv4_format(remote, r), port,
			  TCP_PORT, paint(a, NORMAL));
	n = kiln_flow_read(flow, buf, sizeof(buf));
	if (n > 0)
		return kiln_console_logf(a->console, "%sread: %zd \"%.*s\"%s", paint(a, YELLOW), n, (int)n, buf,
					 paint(a, NORMAL));
	return kiln_console_logf(a->console, "%sread: %s%s", paint(a, RED), n == 0 ? "eof" : "error", paint(a, NORMAL));
}

int stackv4_start(struct kiln_console *c, struct kiln_stackv4 *s)
{
	static struct app a;
	uint32_t addrs[MAX_ADDRESSES];
	char line[MAX_ADDRESSES * (KILN_IPV4_STRLEN + 2)] = "";
	size_t n = kiln_stackv4_addresses(s, addrs, MAX_ADDRESSES);
	int rc;

	a = (struct app){ c, kiln_console_is_terminal(c) };
	for (size_t i = 0; i < n && i < MAX_ADDRESSES; i++) {
		char ip[KILN_IPV4_STRLEN];
		strcat(strcat(line, i ? ", " : ""), kiln_ipv4_format(addrs[i], ip));
	}
	rc = kiln_console_logf(c, "IP address: %s", line);
	if (rc == 0)
		rc = kiln_stackv4_listen_udp(s, UDP_PORT, on_udp, &a);
	if (rc == 0)
		rc = kiln_stackv4_listen_tcp(s, TCP_PORT, on_tcp, &a);
	/* The listeners' fibers go on serving after the start function returns. */
	return rc;
}

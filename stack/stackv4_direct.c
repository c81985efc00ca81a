/* stackv4_direct.c: the direct stack: stackv4 over Kiln's own IPv4, UDP, TCP and DHCP on a network device. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <kiln/dhcp.h>
#include <kiln/fiber.h>
#include <kiln/layers.h>
#include <kiln/log.h>
#include <kiln/netif.h>

#include "stackv4_impl.h"
#include "tcp.h"

KILN_LOG_SRC(log_direct, "stackv4-direct", "the direct stack (Kiln's own TCP/IP)");

#define LISTEN_BACKLOG 128
/* Source ports of UDP writes that name none: the IANA dynamic range, in turn. */
#define EPHEMERAL_FIRST 49152u
#define EPHEMERAL_COUNT 16384u

/* A UDP port listened on: the application's callback behind udp's. */
struct udp_port {
	struct udp_port *next;
	kiln_udp_fn *fn;
	void *arg;
};

/* A TCP port listened on: the listener and the fiber accepting from it. */
struct tcp_port {
	struct tcp_port *next;
	struct tcp_listener *listener;
	uint16_t port;
	kiln_tcp_fn *fn;
	void *arg;
};

/*
 * The stack and its layers live as long as the unikernel: the receive fiber of ethernet and the
 * timer fiber of tcp never end, so neither does a unikernel on the direct stack (as MirageOS's).
 */
struct direct_stack {
	struct kiln_stackv4 s; /* first: the handle is a pointer to it */
	struct kiln_layers l;  /* Ethernet, ARP, IPv4, ICMP, UDP */
	struct tcp_stack *tcp;
	struct kiln_dhcp *dhcp;
	struct udp_port *udp_ports; /* the ports listened on, for as long as the stack lives */
	struct tcp_port *tcp_ports;
	uint16_t next_ephemeral;
};

struct direct_flow {
	struct kiln_flow f; /* first */
	struct tcp_conn *conn;
};

static ssize_t flow_read(struct kiln_flow *f, void *buf, size_t len)
{
	return tcp_read(((struct direct_flow *)f)->conn, buf, len, KILN_FOREVER);
}

static int flow_write(struct kiln_flow *f, const void *buf, size_t len)
{
	ssize_t n = tcp_write(((struct direct_flow *)f)->conn, buf, len);

	return n < 0 ? (int)n : 0;
}

static int flow_shutdown(struct kiln_flow *f)
{
	return tcp_shutdown(((struct direct_flow *)f)->conn);
}

static void flow_set_nodelay(struct kiln_flow *f, bool on)
{
	tcp_set_nodelay(((struct direct_flow *)f)->conn, on);
}

static int flow_close(struct kiln_flow *f)
{
	tcp_close(((struct direct_flow *)f)->conn);
	return 0;
}

static void flow_free(struct kiln_flow *f)
{
	free(f);
}

static const struct kiln_flow_ops direct_flow_ops = {
	flow_read, flow_write, flow_shutdown, flow_set_nodelay, flow_close, flow_free,
};

/* A flow over conn, which it takes (closed when out of memory). */
static struct kiln_flow *flow_new(struct tcp_conn *conn)
{
	struct direct_flow *df = malloc(sizeof(*df));
	uint32_t laddr, raddr;
	uint16_t lport, rport;

	if (!df) {
		tcp_close(conn);
		return NULL;
	}
	tcp_endpoints(conn, &laddr, &lport, &raddr, &rport);
	stackv4_flow_init(&df->f, &direct_flow_ops, raddr, rport);
	df->conn = conn;
	return &df->f;
}

static void udp_deliver(void *ctx, uint32_t src, uint16_t src_port, uint32_t dst, uint16_t dst_port,
			const uint8_t *data, size_t len)
{
	struct udp_port *p = ctx;

	p->fn(p->arg, src, src_port, dst, dst_port, data, len);
}

static int direct_listen_udp(struct kiln_stackv4 *s, uint16_t port, kiln_udp_fn *fn, void *arg)
{
	struct direct_stack *ds = (struct direct_stack *)s;
	struct udp_port *p = malloc(sizeof(*p));
	int rc;

	if (!p)
		return -ENOMEM;
	*p = (struct udp_port){ ds->udp_ports, fn, arg };
	rc = kiln_udp_bind(ds->l.udp, port, udp_deliver, p);
	if (rc < 0) {
		free(p);
		return rc;
	}
	ds->udp_ports = p;
	return 0;
}

/* A TCP port's fiber: each accepted connection to stackv4_serve. */
static int accept_fiber(void *arg)
{
	struct tcp_port *p = arg;

	for (;;) {
		struct tcp_conn *conn;
		struct kiln_flow *f;
		int rc = tcp_accept(p->listener, &conn, KILN_FOREVER);
		if (rc < 0) {
			kiln_log_err(&log_direct, "TCP port %u: accepting failed: %s", p->port, strerror(-rc));
			return rc;
		}
		f = flow_new(conn);
		if (f)
			stackv4_serve(f, p->port, p->fn, p->arg);
	}
}

static int direct_listen_tcp(struct kiln_stackv4 *s, uint16_t port, kiln_tcp_fn *fn, void *arg)
{
	struct direct_stack *ds = (struct direct_stack *)s;
	struct tcp_port *p = malloc(sizeof(*p));
	char name[32];
	int rc;

	if (!p)
		return -ENOMEM;
	*p = (struct tcp_port){ ds->tcp_ports, NULL, port, fn, arg };
	rc = tcp_listen(ds->tcp, 0, port, LISTEN_BACKLOG, &p->listener);
	if (rc < 0)
		goto fail;
	snprintf(name, sizeof(name), "tcp-listen:%u", port);
	rc = kiln_fiber_spawn(NULL, name, accept_fiber, p);
	if (rc < 0) {
		tcp_listener_close(p->listener);
		goto fail;
	}
	ds->tcp_ports = p;
	return 0;
fail:
	free(p);
	return rc;
}

static int direct_udp_write(struct kiln_stackv4 *s, uint16_t src_port, uint32_t dst, uint16_t dst_port,
			    const void *data, size_t len)
{
	struct direct_stack *ds = (struct direct_stack *)s;
	struct iovec iov = { (void *)data, len };

	if (src_port == 0) {
		src_port = (uint16_t)(EPHEMERAL_FIRST + ds->next_ephemeral);
		ds->next_ephemeral = (uint16_t)((ds->next_ephemeral + 1) % EPHEMERAL_COUNT);
	}
	return kiln_udp_output(ds->l.udp, 0, src_port, dst, dst_port, &iov, 1);
}

static int direct_connect(struct kiln_stackv4 *s, uint32_t dst, uint16_t port, struct kiln_flow **out)
{
	struct direct_stack *ds = (struct direct_stack *)s;
	struct tcp_conn *conn;
	int rc = tcp_connect(ds->tcp, kiln_ipv4_address(ds->l.ip), dst, port, &conn);

	if (rc < 0)
		return rc;
	*out = flow_new(conn);
	return *out ? 0 : -ENOMEM;
}

static size_t direct_addresses(struct kiln_stackv4 *s, uint32_t *out, size_t max)
{
	struct direct_stack *ds = (struct direct_stack *)s;

	if (max > 0)
		out[0] = kiln_ipv4_address(ds->l.ip);
	return 1;
}

static const struct kiln_stackv4_ops direct_ops = {
	direct_listen_udp, direct_listen_tcp, direct_udp_write, direct_connect, direct_addresses,
};

/* tcp calls it from its timer fiber too, which must never block: a segment to a host ARP has
 * not resolved yet waits in ARP's queue (or is lost, and TCP sends it again). */
static int tcp_output(void *ctx, uint32_t src, uint32_t dst, const struct iovec *iov, int iovcnt)
{
	return kiln_ipv4_output_nowait(ctx, src, dst, KILN_IPPROTO_TCP, iov, iovcnt);
}

static unsigned tcp_mtu(void *ctx)
{
	return kiln_ipv4_mtu(ctx);
}

static bool tcp_csum_trusted(void *ctx)
{
	return kiln_ipv4_rx_csum_ok(ctx);
}

static const struct tcp_ip_ops tcp_over_ipv4 = { tcp_output, tcp_mtu, tcp_csum_trusted };

/* The static address from the keys' text: "ADDR/PREFIX" and "ADDR" or "" (no gateway). */
static int parse_static(const char *ipv4, const char *gateway, uint32_t *addr, uint32_t *mask, uint32_t *gw)
{
	unsigned prefix;

	if (kiln_ipv4_parse_cidr(ipv4, addr, &prefix) < 0) {
		kiln_log_err(&log_direct, "--ipv4 '%s' is not ADDR/PREFIX (e.g. 10.0.0.2/24)", ipv4);
		return -EINVAL;
	}
	*mask = prefix ? ~0u << (32 - prefix) : 0;
	*gw = 0;
	if (*gateway && kiln_ipv4_parse(gateway, gw) < 0) {
		kiln_log_err(&log_direct, "--ipv4-gateway '%s' is not an address (e.g. 10.0.0.1)", gateway);
		return -EINVAL;
	}
	if (*gw && (*gw & *mask) != (*addr & *mask)) {
		kiln_log_err(&log_direct, "--ipv4-gateway %s is not in %s's subnet", gateway, ipv4);
		return -EINVAL;
	}
	return 0;
}

/* Gives ip its address (ipv4 and dhcp log it): the lease DHCP brings, or the static one. */
static int configure(struct direct_stack *ds, bool dhcp, uint32_t addr, uint32_t mask, uint32_t gw)
{
	struct kiln_dhcp_lease lease;
	int rc;

	if (!dhcp)
		return kiln_ipv4_configure(ds->l.ip, addr, mask, gw);
	rc = kiln_dhcp_start(&ds->dhcp, ds->l.ip, ds->l.udp, &lease);
	if (rc < 0)
		kiln_log_err(&log_direct, "DHCP found no lease: %s", strerror(-rc));
	return rc;
}

/* Ends the layers made so far (their fibers too) and frees ds, after a failed connect. */
static void direct_free(struct direct_stack *ds)
{
	if (ds->dhcp)
		kiln_dhcp_free(ds->dhcp);
	if (ds->tcp)
		tcp_stack_free(ds->tcp);
	kiln_layers_free(&ds->l);
	free(ds);
}

int kiln_stackv4_direct_connect(struct kiln_stackv4 **out, struct kiln_netif *net, bool dhcp, const char *ipv4,
				const char *gateway)
{
	struct direct_stack *ds;
	uint32_t addr = 0, mask = 0, gw = 0;
	int rc;

	if (!dhcp && parse_static(ipv4, gateway, &addr, &mask, &gw) < 0)
		return -EINVAL;
	ds = calloc(1, sizeof(*ds));
	if (!ds)
		return -ENOMEM;
	ds->s.ops = &direct_ops;
	ds->s.name = "direct";
	rc = kiln_layers_new(&ds->l, net);
	if (rc == 0)
		rc = tcp_stack_new(&ds->tcp, &tcp_over_ipv4, ds->l.ip);
	if (rc == 0)
		rc = kiln_ipv4_set_handler(ds->l.ip, KILN_IPPROTO_TCP, tcp_input, ds->tcp);
	if (rc == 0)
		rc = configure(ds, dhcp, addr, mask, gw);
	if (rc < 0) {
		direct_free(ds);
		return rc;
	}
	*out = &ds->s;
	return 0;
}

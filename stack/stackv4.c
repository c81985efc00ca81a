/* stackv4.c: the stackv4 interface: argument checks, then the backend; a fiber per accepted connection. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <kiln/fiber.h>
#include <kiln/log.h>

#include "stackv4_impl.h"

KILN_LOG_SRC(log_stackv4, "stackv4", "the network stack's interface");

int kiln_stackv4_listen_udp(struct kiln_stackv4 *s, uint16_t port, kiln_udp_fn *fn, void *arg)
{
	if (port == 0 || !fn)
		return -EINVAL;
	return s->ops->listen_udp(s, port, fn, arg);
}

int kiln_stackv4_listen_tcp(struct kiln_stackv4 *s, uint16_t port, kiln_tcp_fn *fn, void *arg)
{
	if (port == 0 || !fn)
		return -EINVAL;
	return s->ops->listen_tcp(s, port, fn, arg);
}

int kiln_stackv4_udp_write(struct kiln_stackv4 *s, uint16_t src_port, uint32_t dst, uint16_t dst_port,
			   const void *data, size_t len)
{
	if (dst_port == 0 || (len > 0 && !data))
		return -EINVAL;
	if (len > STACKV4_UDP_MAX)
		return -EMSGSIZE;
	return s->ops->udp_write(s, src_port, dst, dst_port, data, len);
}

int kiln_stackv4_connect(struct kiln_stackv4 *s, uint32_t dst, uint16_t port, struct kiln_flow **out)
{
	*out = NULL;
	if (port == 0)
		return -EINVAL;
	return s->ops->connect(s, dst, port, out);
}

size_t kiln_stackv4_addresses(struct kiln_stackv4 *s, uint32_t *out, size_t max)
{
	return s->ops->addresses(s, out, max);
}

void stackv4_flow_init(struct kiln_flow *f, const struct kiln_flow_ops *ops, uint32_t remote_addr,
		       uint16_t remote_port)
{
	f->ops = ops;
	f->remote_addr = remote_addr;
	f->remote_port = remote_port;
	f->closed = false;
	f->served = false;
}

ssize_t kiln_flow_read(struct kiln_flow *f, void *buf, size_t len)
{
	if (f->closed)
		return -EBADF;
	if (len == 0)
		return -EINVAL;
	return f->ops->read(f, buf, len);
}

int kiln_flow_write(struct kiln_flow *f, const void *buf, size_t len)
{
	if (f->closed)
		return -EPIPE;
	if (len == 0)
		return 0;
	return f->ops->write(f, buf, len);
}

int kiln_flow_shutdown(struct kiln_flow *f)
{
	return f->closed ? -EPIPE : f->ops->shutdown(f);
}

void kiln_flow_set_nodelay(struct kiln_flow *f, bool on)
{
	if (!f->closed)
		f->ops->set_nodelay(f, on);
}

/* Closes f's connection once. */
static int flow_end(struct kiln_flow *f)
{
	if (f->closed)
		return 0;
	f->closed = true;
	return f->ops->close(f);
}

int kiln_flow_close(struct kiln_flow *f)
{
	int rc = flow_end(f);

	if (!f->served)
		f->ops->free(f);
	return rc;
}

void kiln_flow_remote(struct kiln_flow *f, uint32_t *addr, uint16_t *port)
{
	if (addr)
		*addr = f->remote_addr;
	if (port)
		*port = f->remote_port;
}

struct serve {
	struct kiln_flow *flow;
	kiln_tcp_fn *fn;
	void *arg;
};

static int serve_fiber(void *p)
{
	struct serve sv = *(struct serve *)p;
	int rc;

	free(p);
	rc = sv.fn(sv.arg, sv.flow);
	if (rc < 0) {
		char addr[KILN_IPV4_STRLEN];
		kiln_log_warn(&log_stackv4, "the handler of %s.%u failed: %s",
			      kiln_ipv4_format(sv.flow->remote_addr, addr), sv.flow->remote_port, strerror(-rc));
	}
	flow_end(sv.flow);
	sv.flow->ops->free(sv.flow);
	return 0;
}

int stackv4_serve(struct kiln_flow *f, uint16_t port, kiln_tcp_fn *fn, void *arg)
{
	struct serve *sv = malloc(sizeof(*sv));
	char name[32];
	int rc = -ENOMEM;

	f->served = true;
	if (sv) {
		*sv = (struct serve){ f, fn, arg };
		snprintf(name, sizeof(name), "tcp:%u", port);
		rc = kiln_fiber_spawn(NULL, name, serve_fiber, sv);
		if (rc == 0)
			return 0;
		free(sv);
	}
	kiln_log_warn(&log_stackv4, "cannot serve a connection to port %u: %s", port, strerror(-rc));
	flow_end(f);
	f->ops->free(f);
	return rc;
}

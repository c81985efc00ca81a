/* stackv4_socket.c: the socket stack: stackv4 over the host kernel's nonblocking sockets, waited on through fd waits. */
#include <errno.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <kiln/fiber.h>
#include <kiln/log.h>
#include <kiln/unix.h>

#include "../runtime/device.h"
#include "stackv4_impl.h"

KILN_LOG_SRC(log_socket, "stackv4-socket", "the socket stack (host kernel sockets)");

#define LISTEN_BACKLOG 128
/* After accept fails for want of descriptors or memory, wait this long before trying again. */
#define ACCEPT_RETRY_NS 100000000u

/* A UDP or TCP port listened on: its socket and the fiber that reads or accepts from it. */
struct listener {
	struct listener *next;
	int fd;
	uint16_t port;
	bool tcp;
	kiln_udp_fn *udp_fn;
	kiln_tcp_fn *tcp_fn;
	void *arg;
	unsigned char *buf; /* UDP: one datagram (owned) */
};

struct socket_stack {
	struct kiln_stackv4 s; /* first: the handle is a pointer to it */
	struct listener *listeners;
};

struct socket_flow {
	struct kiln_flow f; /* first */
	int fd;
};

static struct sockaddr_in sockaddr_of(uint32_t addr, uint16_t port)
{
	return (struct sockaddr_in){ .sin_family = AF_INET, .sin_port = htons(port), .sin_addr.s_addr = htonl(addr) };
}

/* A nonblocking socket of type; with port, bound to 0.0.0.0:port. Returns the fd or -errno. */
static int open_socket(int type, uint16_t port)
{
	struct sockaddr_in sa = sockaddr_of(INADDR_ANY, port);
	int one = 1, fd = socket(AF_INET, type | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);

	if (fd < 0)
		return -errno;
	if (port && ((type == SOCK_STREAM && setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one)) < 0) ||
		     bind(fd, (struct sockaddr *)&sa, sizeof(sa)) < 0)) {
		int rc = -errno;
		close(fd);
		return rc;
	}
	return fd;
}

/* After a socket call on fd failed (errno says why): 0 to try again, once fd is ready for events
 * if the call would have blocked, or the error as a negative errno. */
static int again(int fd, uint32_t events)
{
	int err = errno;

	if (err == EINTR)
		return 0;
	if (err != EAGAIN && err != EWOULDBLOCK)
		return -err;
	return kiln_unix_wait_fd(fd, events, KILN_FOREVER);
}

static ssize_t flow_read(struct kiln_flow *f, void *buf, size_t len)
{
	int fd = ((struct socket_flow *)f)->fd;
	ssize_t n;
	int rc;

	while ((n = recv(fd, buf, len, 0)) < 0) {
		rc = again(fd, EPOLLIN);
		if (rc < 0)
			return rc;
	}
	return n;
}

static int flow_write(struct kiln_flow *f, const void *buf, size_t len)
{
	int fd = ((struct socket_flow *)f)->fd;
	const char *p = buf;
	int rc;

	while (len > 0) {
		ssize_t n = send(fd, p, len, MSG_NOSIGNAL);
		if (n < 0) {
			rc = again(fd, EPOLLOUT);
			if (rc < 0)
				return rc;
			continue;
		}
		p += n;
		len -= (size_t)n;
	}
	return 0;
}

static int flow_shutdown(struct kiln_flow *f)
{
	return shutdown(((struct socket_flow *)f)->fd, SHUT_WR) < 0 ? -errno : 0;
}

static void flow_set_nodelay(struct kiln_flow *f, bool on)
{
	int v = on;

	(void)setsockopt(((struct socket_flow *)f)->fd, IPPROTO_TCP, TCP_NODELAY, &v, sizeof(v));
}

static int flow_close(struct kiln_flow *f)
{
	struct socket_flow *sf = (struct socket_flow *)f;
	int rc = close(sf->fd) < 0 ? -errno : 0;

	sf->fd = -1;
	return rc;
}

static void flow_free(struct kiln_flow *f)
{
	free(f);
}

static const struct kiln_flow_ops socket_flow_ops = {
	flow_read, flow_write, flow_shutdown, flow_set_nodelay, flow_close, flow_free,
};

/* A flow over the connected socket fd to addr:port; takes fd (closed on failure). NULL when out of memory. */
static struct kiln_flow *flow_new(int fd, uint32_t addr, uint16_t port)
{
	struct socket_flow *sf = malloc(sizeof(*sf));

	if (!sf) {
		close(fd);
		return NULL;
	}
	stackv4_flow_init(&sf->f, &socket_flow_ops, addr, port);
	sf->fd = fd;
	return &sf->f;
}

static struct listener *find_listener(struct socket_stack *ss, bool tcp, uint16_t port)
{
	for (struct listener *l = ss->listeners; l; l = l->next) {
		if (l->tcp == tcp && l->port == port)
			return l;
	}
	return NULL;
}

/* The UDP listener's fiber: each datagram to its callback. */
static int udp_fiber(void *arg)
{
	struct listener *l = arg;

	for (;;) {
		struct sockaddr_in from;
		socklen_t fromlen = sizeof(from);
		ssize_t n = recvfrom(l->fd, l->buf, STACKV4_UDP_MAX, 0, (struct sockaddr *)&from, &fromlen);
		if (n < 0) {
			int rc = again(l->fd, EPOLLIN);
			if (rc < 0) {
				kiln_log_err(&log_socket, "UDP port %u: receiving failed: %s", l->port, strerror(-rc));
				return rc;
			}
			continue;
		}
		l->udp_fn(l->arg, ntohl(from.sin_addr.s_addr), ntohs(from.sin_port), INADDR_ANY, l->port, l->buf,
			  (size_t)n);
	}
}

/* Whether accept's error is about one connection or a passing shortage, not the listening socket. */
static bool accept_transient(int err)
{
	return err == ECONNABORTED || err == EPROTO || err == EPERM || err == EMFILE || err == ENFILE ||
	       err == ENOBUFS || err == ENOMEM;
}

/* The TCP listener's fiber: each connection to stackv4_serve. */
static int tcp_fiber(void *arg)
{
	struct listener *l = arg;

	for (;;) {
		struct sockaddr_in from;
		socklen_t fromlen = sizeof(from);
		struct kiln_flow *f;
		int fd = accept4(l->fd, (struct sockaddr *)&from, &fromlen, SOCK_NONBLOCK | SOCK_CLOEXEC);
		if (fd < 0) {
			int err = errno, rc = again(l->fd, EPOLLIN);
			if (rc == 0)
				continue;
			if (!accept_transient(err)) {
				kiln_log_err(&log_socket, "TCP port %u: accepting failed: %s", l->port, strerror(-rc));
				return rc;
			}
			kiln_log_warn(&log_socket, "TCP port %u: accepting failed: %s", l->port, strerror(err));
			kiln_sleep_ns(err == ECONNABORTED || err == EPROTO ? 0 : ACCEPT_RETRY_NS);
			continue;
		}
		f = flow_new(fd, ntohl(from.sin_addr.s_addr), ntohs(from.sin_port));
		if (f)
			stackv4_serve(f, l->port, l->tcp_fn, l->arg);
	}
}

static void listener_free(struct listener *l)
{
	close(l->fd);
	free(l->buf);
	free(l);
}

/* Opens port's socket and starts its fiber. */
static int listen_on(struct socket_stack *ss, struct listener *l)
{
	char name[32];
	int rc;

	if (find_listener(ss, l->tcp, l->port)) {
		rc = -EADDRINUSE;
		goto fail;
	}
	l->fd = open_socket(l->tcp ? SOCK_STREAM : SOCK_DGRAM, l->port);
	if (l->fd < 0) {
		rc = l->fd;
		goto fail;
	}
	if (l->tcp && listen(l->fd, LISTEN_BACKLOG) < 0) {
		rc = -errno;
		goto fail_fd;
	}
	snprintf(name, sizeof(name), "%s:%u", l->tcp ? "tcp-listen" : "udp", l->port);
	rc = kiln_fiber_spawn(NULL, name, l->tcp ? tcp_fiber : udp_fiber, l);
	if (rc < 0)
		goto fail_fd;
	l->next = ss->listeners;
	ss->listeners = l;
	return 0;
fail_fd:
	close(l->fd);
fail:
	free(l->buf);
	free(l);
	return rc;
}

static int socket_listen_udp(struct kiln_stackv4 *s, uint16_t port, kiln_udp_fn *fn, void *arg)
{
	struct listener *l = calloc(1, sizeof(*l));

	if (!l)
		return -ENOMEM;
	*l = (struct listener){ .port = port, .udp_fn = fn, .arg = arg, .buf = malloc(STACKV4_UDP_MAX) };
	if (!l->buf) {
		free(l);
		return -ENOMEM;
	}
	return listen_on((struct socket_stack *)s, l);
}

static int socket_listen_tcp(struct kiln_stackv4 *s, uint16_t port, kiln_tcp_fn *fn, void *arg)
{
	struct listener *l = calloc(1, sizeof(*l));

	if (!l)
		return -ENOMEM;
	*l = (struct listener){ .port = port, .tcp = true, .tcp_fn = fn, .arg = arg };
	return listen_on((struct socket_stack *)s, l);
}

static int socket_udp_write(struct kiln_stackv4 *s, uint16_t src_port, uint32_t dst, uint16_t dst_port,
			    const void *data, size_t len)
{
	struct listener *l = find_listener((struct socket_stack *)s, false, src_port);
	struct sockaddr_in to = sockaddr_of(dst, dst_port);
	/* From a port listened on, through its socket; otherwise from a socket of the moment. */
	int fd = l && src_port ? l->fd : open_socket(SOCK_DGRAM, src_port);
	int rc = 0;

	if (fd < 0)
		return fd;
	while (sendto(fd, data, len, 0, (struct sockaddr *)&to, sizeof(to)) < 0) {
		rc = again(fd, EPOLLOUT);
		if (rc < 0)
			break;
	}
	if (!(l && src_port))
		close(fd);
	return rc;
}

static int socket_connect(struct kiln_stackv4 *s, uint32_t dst, uint16_t port, struct kiln_flow **out)
{
	struct sockaddr_in to = sockaddr_of(dst, port);
	int fd = open_socket(SOCK_STREAM, 0), err = 0, rc;
	socklen_t errlen = sizeof(err);

	(void)s;
	if (fd < 0)
		return fd;
	if (connect(fd, (struct sockaddr *)&to, sizeof(to)) < 0) {
		rc = errno == EINPROGRESS ? kiln_unix_wait_fd(fd, EPOLLOUT, KILN_FOREVER) : -errno;
		if (rc == 0)
			rc = getsockopt(fd, SOL_SOCKET, SO_ERROR, &err, &errlen) < 0 ? -errno : -err;
		if (rc < 0) {
			close(fd);
			return rc;
		}
	}
	*out = flow_new(fd, dst, port);
	return *out ? 0 : -ENOMEM;
}

static size_t socket_addresses(struct kiln_stackv4 *s, uint32_t *out, size_t max)
{
	(void)s;
	if (max > 0)
		out[0] = INADDR_ANY;
	return 1;
}

static const struct kiln_stackv4_ops socket_ops = {
	socket_listen_udp, socket_listen_tcp, socket_udp_write, socket_connect, socket_addresses,
};

static void socket_release(void *dev)
{
	struct socket_stack *ss = dev;

	while (ss->listeners) {
		struct listener *l = ss->listeners;
		ss->listeners = l->next;
		listener_free(l);
	}
	free(ss);
}

int kiln_stackv4_socket_connect(struct kiln_stackv4 **out)
{
	struct socket_stack *ss = calloc(1, sizeof(*ss));

	if (!ss)
		return -ENOMEM;
	ss->s.ops = &socket_ops;
	ss->s.name = "socket";
	if (kiln_device_own(ss, socket_release) < 0) {
		free(ss);
		return -ENOMEM;
	}
	kiln_log_info(&log_socket, "the socket stack, bound to 0.0.0.0");
	*out = &ss->s;
	return 0;
}

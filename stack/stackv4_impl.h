/* stackv4_impl.h: what a stackv4 backend (socket, direct) provides behind struct kiln_stackv4 and struct kiln_flow. */
#ifndef KILN_STACKV4_IMPL_H
#define KILN_STACKV4_IMPL_H

#include <kiln/stackv4.h>

/* The interface functions in stackv4.c check arguments (ports, lengths, NULL) once; backends
 * move data. Every function returns 0 (or a count) or a negative errno. */
struct kiln_stackv4_ops {
	int (*listen_udp)(struct kiln_stackv4 *s, uint16_t port, kiln_udp_fn *fn, void *arg);
	int (*listen_tcp)(struct kiln_stackv4 *s, uint16_t port, kiln_tcp_fn *fn, void *arg);
	int (*udp_write)(struct kiln_stackv4 *s, uint16_t src_port, uint32_t dst, uint16_t dst_port,
			 const void *data, size_t len);
	int (*connect)(struct kiln_stackv4 *s, uint32_t dst, uint16_t port, struct kiln_flow **out);
	size_t (*addresses)(struct kiln_stackv4 *s, uint32_t *out, size_t max);
};

struct kiln_stackv4 {
	const struct kiln_stackv4_ops *ops;
	const char *name; /* for logs: "socket", "direct" */
};

struct kiln_flow_ops {
	ssize_t (*read)(struct kiln_flow *f, void *buf, size_t len);
	int (*write)(struct kiln_flow *f, const void *buf, size_t len);
	int (*shutdown)(struct kiln_flow *f);
	void (*set_nodelay)(struct kiln_flow *f, bool on);
	/* Ends the connection; called once. */
	int (*close)(struct kiln_flow *f);
	/* Frees the flow after close. */
	void (*free)(struct kiln_flow *f);
};

/* A backend's flow starts with this; stackv4_flow_init fills it. */
struct kiln_flow {
	const struct kiln_flow_ops *ops;
	uint32_t remote_addr;
	uint16_t remote_port;
	bool closed;
	bool served; /* a handler's flow, freed by stackv4_serve when the handler returns */
};

void stackv4_flow_init(struct kiln_flow *f, const struct kiln_flow_ops *ops, uint32_t remote_addr,
		       uint16_t remote_port);

/*
 * Hands an accepted flow to fn(arg, f) in a new detached fiber, which closes (if needed) and
 * frees f when fn returns. The stack's listener calls it; port names the fiber.
 * Returns 0, or -ENOMEM after closing and freeing f.
 */
int stackv4_serve(struct kiln_flow *f, uint16_t port, kiln_tcp_fn *fn, void *arg);

/* The most a UDP datagram over IPv4 carries: 65535 - 20 (IP header) - 8 (UDP header). */
#define STACKV4_UDP_MAX 65507

#endif

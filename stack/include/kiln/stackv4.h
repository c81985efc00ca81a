/* stackv4.h: the IPv4 network stack a unikernel uses (MirageOS's STACKV4): UDP and TCP over either backend. */
#ifndef KILN_STACKV4_H
#define KILN_STACKV4_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

/*
 * One interface, two backends, chosen by config.c's kiln_generic_stackv4 and `--net`:
 * the socket stack (the host kernel's sockets, unix only) and the direct stack (Kiln's own
 * ethernet/ARP/IPv4/UDP/TCP over a network device, static address or DHCP).
 *
 * Addresses are uint32_t in host byte order (10.0.0.2 is 0x0a000002), ports uint16_t in host
 * order. Errors are values: functions return negative errno codes, and a flow's read says EOF (0),
 * reset (-ECONNRESET) or timeout (-ETIMEDOUT). Every call may block the calling fiber only.
 */
struct kiln_stackv4;
struct kiln_flow;
struct kiln_netif;

/* Called, from the stack's receive fiber, for each datagram to a UDP port listened on. dst is
 * the address it was sent to (the socket stack reports the address it is bound to, 0.0.0.0).
 * data is valid during the call only. The callback must not block. */
typedef void kiln_udp_fn(void *arg, uint32_t src, uint16_t src_port, uint32_t dst, uint16_t dst_port,
			 const void *data, size_t len);

/* Called for each accepted TCP connection in a fiber of its own. The flow is the stack's: it is
 * closed (if the handler did not) and freed when the handler returns. The result is logged when
 * negative, and otherwise ignored. */
typedef int kiln_tcp_fn(void *arg, struct kiln_flow *flow);

/* Delivers datagrams to port to fn(arg, ...). Returns 0, -EADDRINUSE (port already listened on),
 * -EINVAL (port 0), -ENOMEM, or the socket's error (-EACCES for a privileged port). */
int kiln_stackv4_listen_udp(struct kiln_stackv4 *s, uint16_t port, kiln_udp_fn *fn, void *arg);

/* Accepts TCP connections on port, each handled by fn(arg, flow) in a new fiber.
 * Returns 0, -EADDRINUSE, -EINVAL (port 0), -ENOMEM or the socket's error. */
int kiln_stackv4_listen_tcp(struct kiln_stackv4 *s, uint16_t port, kiln_tcp_fn *fn, void *arg);

/* Sends one datagram of len bytes (at most 65507) from src_port (0: any free port) to dst:dst_port.
 * Returns 0, -EMSGSIZE, -EHOSTUNREACH, -ENETUNREACH, or another negative errno. */
int kiln_stackv4_udp_write(struct kiln_stackv4 *s, uint16_t src_port, uint32_t dst, uint16_t dst_port,
			   const void *data, size_t len);

/* Opens a TCP connection to dst:port. The caller owns *out and ends it with kiln_flow_close.
 * Returns 0, -ECONNREFUSED, -ETIMEDOUT, -EHOSTUNREACH, -ENETUNREACH, -ENOMEM. */
int kiln_stackv4_connect(struct kiln_stackv4 *s, uint32_t dst, uint16_t port, struct kiln_flow **out);

/* Writes up to max of the stack's addresses to out; returns how many it has (may exceed max). */
size_t kiln_stackv4_addresses(struct kiln_stackv4 *s, uint32_t *out, size_t max);

/* Reads what has arrived, up to len bytes, waiting for at least one byte.
 * Returns the count (>0), 0 at the end of the stream, -ECONNRESET, -ETIMEDOUT or another errno. */
ssize_t kiln_flow_read(struct kiln_flow *f, void *buf, size_t len);

/* Writes all of buf (waiting while the send buffer is full). Returns 0, -EPIPE (after close or
 * shutdown), -ECONNRESET or another negative errno. */
int kiln_flow_write(struct kiln_flow *f, const void *buf, size_t len);

/* Sends the end of the stream (FIN) after what was written; reading goes on. Returns 0 or -errno. */
int kiln_flow_shutdown(struct kiln_flow *f);

/* Turns Nagle's algorithm off (on = true) so small writes go out at once. */
void kiln_flow_set_nodelay(struct kiln_flow *f, bool on);

/* Ends the connection (the peer sees the end of the stream). A flow from kiln_stackv4_connect is
 * freed by it; a handler's flow stays valid, closed, until its handler returns. Returns 0 or -errno. */
int kiln_flow_close(struct kiln_flow *f);

/* The address and port of the other end. */
void kiln_flow_remote(struct kiln_flow *f, uint32_t *addr, uint16_t *port);

/* Formats addr as dotted decimal into buf (at least KILN_IPV4_STRLEN bytes); returns buf. */
#define KILN_IPV4_STRLEN 16
char *kiln_ipv4_format(uint32_t addr, char *buf);

/* Parses "a.b.c.d" (decimal, no leading zeros) into *addr. Returns 0 or -EINVAL. */
int kiln_ipv4_parse(const char *text, uint32_t *addr);

/* Parses "a.b.c.d/N" (N from 0 to 32) into *addr and *prefix. Returns 0 or -EINVAL. */
int kiln_ipv4_parse_cidr(const char *text, uint32_t *addr, unsigned *prefix);

/*
 * The connect functions the generated main.c calls; the stack belongs to the runtime.
 * socket: the host's kernel sockets, bound to every address of the host (0.0.0.0).
 * direct: Kiln's own stack over net, addressed by DHCP when dhcp is true (waiting for a lease;
 * -ETIMEDOUT when none comes), else by ipv4 ("ADDR/PREFIX") and gateway ("ADDR", "" for none);
 * a malformed or inconsistent address is -EINVAL after a message that says which. It answers pings.
 */
int kiln_stackv4_socket_connect(struct kiln_stackv4 **out);
int kiln_stackv4_direct_connect(struct kiln_stackv4 **out, struct kiln_netif *net, bool dhcp, const char *ipv4,
				const char *gateway);

#endif

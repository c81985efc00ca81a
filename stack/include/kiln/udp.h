/* udp.h: UDP over kiln IPv4: checksums, datagrams demultiplexed to the handlers bound to their port, and sent. */
#ifndef KILN_UDP_H
#define KILN_UDP_H

#include <stddef.h>
#include <stdint.h>
#include <sys/uio.h>

#include <kiln/ipv4.h>

struct kiln_udp;
struct kiln_icmp;

/* Receives a datagram's data (its length from the UDP header, checked against the IP one) on the
 * receive fiber. Must not block. */
typedef void kiln_udp_recv_fn(void *ctx, uint32_t src, uint16_t src_port, uint32_t dst, uint16_t dst_port,
			      const uint8_t *data, size_t len);

/* Starts UDP on ip (it takes ip's UDP handler). The caller owns *out (kiln_udp_free, before ip).
 * Returns 0 or -ENOMEM. */
int kiln_udp_new(struct kiln_udp **out, struct kiln_ipv4 *ip);
void kiln_udp_free(struct kiln_udp *u);

/* Delivers datagrams to port to fn. Returns 0, -EADDRINUSE, -EINVAL (port 0) or -ENOMEM. */
int kiln_udp_bind(struct kiln_udp *u, uint16_t port, kiln_udp_recv_fn *fn, void *ctx);
void kiln_udp_unbind(struct kiln_udp *u, uint16_t port);

/* Sends iov[0..iovcnt) (at most 65507 bytes) from src:src_port (src 0: our address) to dst:dst_port.
 * Returns 0, -EMSGSIZE, or the errors of kiln_ipv4_output. */
int kiln_udp_output(struct kiln_udp *u, uint32_t src, uint16_t src_port, uint32_t dst, uint16_t dst_port,
		    const struct iovec *iov, int iovcnt);

/* Answers datagrams to ports no one is bound to with an ICMP port unreachable through icmp (the
 * peer's socket then sees "connection refused"), as kiln_icmp_unreachable allows; icmp NULL: dropped
 * silently (the default). icmp must outlive u or be unset first. */
void kiln_udp_set_icmp(struct kiln_udp *u, struct kiln_icmp *icmp);

/* Handles one UDP datagram (a kiln_ipv4_proto_fn; the handler kiln_udp_new installs). */
void kiln_udp_input(void *udp, uint32_t src, uint32_t dst, const uint8_t *dgram, size_t len);

/* Datagrams dropped on input: malformed, a bad checksum, no one bound to their port. */
uint64_t kiln_udp_dropped(struct kiln_udp *u);

#endif

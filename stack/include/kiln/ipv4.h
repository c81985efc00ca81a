/* ipv4.h: IPv4 on an Ethernet interface: addressing, routing via netmask and gateway, fragmentation, reassembly. */
#ifndef KILN_IPV4_H
#define KILN_IPV4_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/uio.h>

#include <kiln/arp.h>
#include <kiln/ethernet.h>

#define KILN_IPPROTO_ICMP 1
#define KILN_IPPROTO_TCP 6
#define KILN_IPPROTO_UDP 17

struct kiln_ipv4;

/* Receives a datagram's payload (reassembled; its length from the IP header, whose checksum was
 * verified) sent from src to dst (addresses in host order), on the receive fiber. Must not block. */
typedef void kiln_ipv4_proto_fn(void *ctx, uint32_t src, uint32_t dst, const uint8_t *payload, size_t len);

/* Starts IPv4 on e (it takes e's IPv4 handler), resolving next hops with a. Unconfigured: it accepts
 * datagrams to any address (as a DHCP client needs) and sends only broadcasts. The caller owns *out
 * (kiln_ipv4_free, before a and e). Returns 0 or -ENOMEM. */
int kiln_ipv4_new(struct kiln_ipv4 **out, struct kiln_eth *e, struct kiln_arp *a);
void kiln_ipv4_free(struct kiln_ipv4 *ip);

/* Sets the address, netmask and gateway (0: none) and announces the address (gratuitous ARP; if the
 * announcement cannot be sent, e.g. while the link is down, that is logged and the address stands).
 * addr 0 unconfigures. Returns 0, or -EINVAL for a gateway outside the subnet. */
int kiln_ipv4_configure(struct kiln_ipv4 *ip, uint32_t addr, uint32_t netmask, uint32_t gateway);
uint32_t kiln_ipv4_address(struct kiln_ipv4 *ip);
uint32_t kiln_ipv4_netmask(struct kiln_ipv4 *ip);
uint32_t kiln_ipv4_gateway(struct kiln_ipv4 *ip);

/*
 * Sends one datagram of protocol proto from src (0: our address) to dst, fragmenting it when
 * longer than kiln_ipv4_mtu(); resolves the next hop through ARP, which blocks the calling fiber,
 * except inside a handler, where the datagram waits in ARP's queue instead. Returns 0, -EMSGSIZE
 * (over 65515 bytes), -ENETUNREACH (no route), -EHOSTUNREACH (ARP gave up) or another -errno.
 */
int kiln_ipv4_output(struct kiln_ipv4 *ip, uint32_t src, uint32_t dst, uint8_t proto, const struct iovec *iov,
		     int iovcnt);

/* kiln_ipv4_output that never blocks, from any fiber (TCP's timers): a datagram to a host whose MAC
 * is not known yet waits in ARP's queue (0), or is dropped when the queue is full (-ENOBUFS). */
int kiln_ipv4_output_nowait(struct kiln_ipv4 *ip, uint32_t src, uint32_t dst, uint8_t proto, const struct iovec *iov,
			    int iovcnt);

/* The payload bytes of one unfragmented datagram. */
unsigned kiln_ipv4_mtu(struct kiln_ipv4 *ip);

/* Sets the handler of protocol proto (at most 8 protocols); fn NULL removes it. Returns 0 or -ENOSPC. */
int kiln_ipv4_set_handler(struct kiln_ipv4 *ip, uint8_t proto, kiln_ipv4_proto_fn *fn, void *ctx);

/* Handles one received IPv4 packet (a kiln_eth_fn; the handler kiln_ipv4_new installs). */
void kiln_ipv4_input(void *ipv4, const uint8_t src[6], const uint8_t *pkt, size_t len);

/* Inside a protocol handler: whether the device vouched for the TCP/UDP checksum of this datagram
 * (a whole datagram the local kernel handed over through the tap, possibly longer than the MTU,
 * its checksum left to us). Then the handler must not verify it; everything else is verified. */
bool kiln_ipv4_rx_csum_ok(struct kiln_ipv4 *ip);

/* Inside a protocol handler: the datagram being handled, IP header first (*dgram, *len bytes: it
 * is valid until the handler returns), when an ICMP error may answer it (RFC 1122 3.2.2): a whole
 * datagram (not reassembled from fragments) to our own address from a host's address (not a
 * broadcast, a group, 0 or loopback). False, with *dgram NULL, otherwise. */
bool kiln_ipv4_rx_datagram(struct kiln_ipv4 *ip, const uint8_t **dgram, size_t *len);

/* The Ethernet layer ip runs on. */
struct kiln_eth *kiln_ipv4_eth(struct kiln_ipv4 *ip);

/* Datagrams dropped on input (malformed, not for us, unhandled protocol, refused fragments). */
uint64_t kiln_ipv4_dropped(struct kiln_ipv4 *ip);

#endif

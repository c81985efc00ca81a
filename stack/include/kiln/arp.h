/* arp.h: ARP (RFC 826) for IPv4 over Ethernet: a cache with timeouts, probes, answers, gratuitous announcements. */
#ifndef KILN_ARP_H
#define KILN_ARP_H

#include <stdbool.h>
#include <stdint.h>
#include <sys/uio.h>

#include <kiln/ethernet.h>

struct kiln_arp;

/*
 * Starts ARP on e (it takes e's ARP handler) with a timer fiber ("arp") for probes and expiry.
 * Like MirageOS's, the cache learns only from replies to its probes and from announcements by
 * hosts it already knows: a request alone adds nothing (an attacker cannot fill it by asking).
 * The caller owns *out (kiln_arp_free, before e). Returns 0 or -ENOMEM.
 */
int kiln_arp_new(struct kiln_arp **out, struct kiln_eth *e);

/* Ends the timer fiber, drops what waits for resolution, wakes the fibers that wait, frees a. */
void kiln_arp_free(struct kiln_arp *a);

/* Our IPv4 address (host order; 0: none): who-has requests for it are answered, and a gratuitous
 * announcement is sent. Returns 0 or the announcement's -errno (logged; the address is set anyway). */
int kiln_arp_set_address(struct kiln_arp *a, uint32_t ip);

/*
 * Sends iov[0..iovcnt) as a frame of type to the host ip. When its MAC is not cached, probes for
 * it (every second, three times) and: with wait, blocks the calling fiber until the answer and
 * sends, or returns -EHOSTUNREACH; without, queues a copy (a few per host, a bounded number of
 * hosts: -ENOBUFS beyond) sent on the answer and dropped if none comes, and returns 0.
 */
int kiln_arp_output(struct kiln_arp *a, uint32_t ip, uint16_t type, const struct iovec *iov, int iovcnt,
		    bool wait);

/* Copies the cached MAC of ip into mac. Returns 0 or -ENOENT. */
int kiln_arp_query(struct kiln_arp *a, uint32_t ip, uint8_t mac[6]);

/* How long an answer stays cached (default 60 s) and between probes (default 1 s), in ns; for answers and probes from now on. */
void kiln_arp_set_timeouts(struct kiln_arp *a, uint64_t entry_ns, uint64_t probe_ns);

/* Handles one ARP packet from the Ethernet source src (a kiln_eth_fn; the handler kiln_arp_new installs). */
void kiln_arp_input(void *arp, const uint8_t src[6], const uint8_t *pkt, size_t len);

#endif

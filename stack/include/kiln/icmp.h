/* icmp.h: ICMP for IPv4: echo requests answered, echo requests sent, what arrives shown to an observer. */
#ifndef KILN_ICMP_H
#define KILN_ICMP_H

#include <stddef.h>
#include <stdint.h>

#include <kiln/ipv4.h>

#define KILN_ICMP_ECHO_REPLY 0
#define KILN_ICMP_ECHO_REQUEST 8
#define KILN_ICMP_DEST_UNREACHABLE 3
#define KILN_ICMP_PORT_UNREACHABLE 3 /* the code of a KILN_ICMP_DEST_UNREACHABLE */

/* ICMP errors sent at most: a burst of this many, then this many a second. */
#define KILN_ICMP_ERROR_BURST 20
#define KILN_ICMP_ERRORS_PER_S 100

struct kiln_icmp;

/* Sees each valid ICMP message that arrives (before an echo request is answered): its type and
 * code, for echoes their id and sequence number, and the data after the 8-byte header. Must not block. */
typedef void kiln_icmp_fn(void *ctx, uint32_t src, uint8_t type, uint8_t code, uint16_t id, uint16_t seq,
			  const uint8_t *data, size_t len);

/* Starts ICMP on ip (it takes ip's ICMP handler): echo requests to our address are answered.
 * The caller owns *out (kiln_icmp_free, before ip). Returns 0 or -ENOMEM. */
int kiln_icmp_new(struct kiln_icmp **out, struct kiln_ipv4 *ip);
void kiln_icmp_free(struct kiln_icmp *icmp);

/* Sets the observer (NULL: none). */
void kiln_icmp_set_observer(struct kiln_icmp *icmp, kiln_icmp_fn *fn, void *ctx);

/* Sends an echo request with id, seq and len bytes of data to dst. Errors as kiln_ipv4_output. */
int kiln_icmp_echo_request(struct kiln_icmp *icmp, uint32_t dst, uint16_t id, uint16_t seq, const void *data,
			   size_t len);

/* Answers the datagram a protocol handler on icmp's IPv4 layer is handling with a destination
 * unreachable of code (KILN_ICMP_PORT_UNREACHABLE, ...), quoting its header and up to 548 bytes
 * after it (a 576-byte answer at most, RFC 1812 4.3.2.3). Call only from such a handler; it does
 * not block. Returns 0, -EPERM when no error may answer this datagram (kiln_ipv4_rx_datagram),
 * -EAGAIN past the rate limit (KILN_ICMP_ERROR_BURST, KILN_ICMP_ERRORS_PER_S), or the errors of
 * kiln_ipv4_output. */
int kiln_icmp_unreachable(struct kiln_icmp *icmp, uint8_t code);

/* Handles one ICMP message (a kiln_ipv4_proto_fn; the handler kiln_icmp_new installs). */
void kiln_icmp_input(void *icmp, uint32_t src, uint32_t dst, const uint8_t *msg, size_t len);

#endif

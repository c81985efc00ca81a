/* icmp.h: ICMP for IPv4: echo requests answered, echo requests sent, what arrives shown to an observer. */
#ifndef KILN_ICMP_H
#define KILN_ICMP_H

#include <stddef.h>
#include <stdint.h>

#include <kiln/ipv4.h>

#define KILN_ICMP_ECHO_REPLY 0
#define KILN_ICMP_ECHO_REQUEST 8

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

/* Handles one ICMP message (a kiln_ipv4_proto_fn; the handler kiln_icmp_new installs). */
void kiln_icmp_input(void *icmp, uint32_t src, uint32_t dst, const uint8_t *msg, size_t len);

#endif

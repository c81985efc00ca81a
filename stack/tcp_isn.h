/* tcp_isn.h: initial sequence numbers as RFC 6528 has them: a keyed hash of the 4-tuple plus a clock. */
#ifndef KILN_STACK_TCP_ISN_H
#define KILN_STACK_TCP_ISN_H

#include <stdint.h>

/* The secret key, drawn once per stack from the runtime's random device. */
struct tcp_isn_key {
	uint64_t k0, k1;
};

/* Draws a new key. Returns 0 or -errno from the random device. */
int tcp_isn_key_init(struct tcp_isn_key *key);

/* ISN = M + F(localip, localport, remoteip, remoteport, secretkey), M the clock in 4 µs ticks. */
uint32_t tcp_isn(const struct tcp_isn_key *key, uint32_t laddr, uint16_t lport, uint32_t raddr,
		 uint16_t rport, uint64_t now_ns);

#endif

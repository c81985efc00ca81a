/* checksum.h: the Internet checksum (RFC 1071), summed incrementally, and the UDP/TCP pseudo-header. */
#ifndef KILN_STACK_CHECKSUM_H
#define KILN_STACK_CHECKSUM_H

#include <stddef.h>
#include <stdint.h>
#include <sys/uio.h>

/* Adds the n bytes at p, as big-endian 16-bit words, to the running sum acc. An odd n pads with a
 * zero byte, so only the last piece summed may have an odd length. */
uint32_t inet_sum(const void *p, size_t n, uint32_t acc);

/* Folds a running sum into the 16-bit one's complement checksum to store (host order). */
uint16_t inet_fold(uint32_t acc);

/* The sum of the IPv4 pseudo-header for a UDP/TCP segment of len bytes (addresses in host order). */
uint32_t inet_pseudo_sum(uint32_t src, uint32_t dst, uint8_t proto, uint16_t len);

/* inet_sum over iov[0..iovcnt) as one byte string (pieces of odd length are handled). */
uint32_t inet_sum_iov(const struct iovec *iov, int iovcnt, uint32_t acc);

#endif

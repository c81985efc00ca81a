/* iov.h: byte ranges of scatter-gather lists (struct iovec), for the layers that slice and copy them. */
#ifndef KILN_STACK_IOV_H
#define KILN_STACK_IOV_H

#include <stddef.h>
#include <sys/uio.h>

/* The bytes in iov[0..iovcnt). */
size_t iov_length(const struct iovec *iov, int iovcnt);

/* Copies len bytes starting at byte off of iov[0..iovcnt) to dst (which the caller checked fit). */
void iov_copy_out(const struct iovec *iov, int iovcnt, size_t off, void *dst, size_t len);

/* Fills out[0..max) with the pieces of bytes [off, off + len) of iov[0..iovcnt), without copying.
 * Returns how many pieces, or -1 when more than max are needed. */
int iov_slice(const struct iovec *iov, int iovcnt, size_t off, size_t len, struct iovec *out, int max);

#endif

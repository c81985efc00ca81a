/* unix.h: what only the unix platform offers: fibers that wait on file descriptors. */
#ifndef KILN_UNIX_H
#define KILN_UNIX_H

#include <stdint.h>

/*
 * Blocks the calling fiber until fd is ready for events (EPOLLIN or EPOLLOUT, one of them:
 * both at once is -EINVAL; use two fibers to wait for both) or the
 * monotonic deadline passes (KILN_FOREVER: no deadline). Several fibers may wait on
 * one fd. Returns 0 when ready (or in error/hang-up, which the next read or write
 * reports), -ETIMEDOUT, or another negative errno when fd cannot be watched.
 */
int kiln_unix_wait_fd(int fd, uint32_t events, uint64_t deadline_ns);

#endif

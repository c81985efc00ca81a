/* random.h: the random device, cryptographically strong bytes from the platform. */
#ifndef KILN_RANDOM_H
#define KILN_RANDOM_H

#include <stddef.h>
#include <stdint.h>

struct kiln_random;

/* Connects the platform's default random device; the handle is owned by the runtime. */
int kiln_random_connect_default(struct kiln_random **out);

/* Fills buf with len random bytes. Returns 0 or a negative errno. */
int kiln_random_fill(struct kiln_random *r, void *buf, size_t len);

/* A uniformly distributed 64-bit value (0 if the platform source failed, which is logged). */
uint64_t kiln_random_u64(struct kiln_random *r);

#endif

/* time.h: the time device (sleep) and the monotonic and wall clocks. */
#ifndef KILN_TIME_H
#define KILN_TIME_H

#include <stdint.h>

/* Nanoseconds in common units, for readable sleeps: kiln_sleep_ns(KILN_SEC(1)). */
#define KILN_MSEC(n) ((uint64_t)(n) * 1000000ull)
#define KILN_SEC(n) ((uint64_t)(n) * 1000000000ull)

struct kiln_time;

/* Connects the platform's default time device; the handle is owned by the runtime. */
int kiln_time_connect_default(struct kiln_time **out);

/* Suspends the calling fiber for ns nanoseconds. Returns 0 or a negative errno. */
int kiln_time_sleep_ns(struct kiln_time *t, uint64_t ns);

/* Nanoseconds on a clock that never goes back, from an arbitrary origin. */
uint64_t kiln_time_monotonic_ns(struct kiln_time *t);

/* The wall clock (POSIX time): seconds and nanoseconds since 1970. Returns 0 or -errno. */
int kiln_time_wall(struct kiln_time *t, int64_t *sec, uint32_t *nsec);

#endif

/* platform.h: what each platform (unix, xen) provides to the portable runtime. */
#ifndef KILN_PLATFORM_H
#define KILN_PLATFORM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Prepares the platform once at boot (signals, event sources). Returns 0 or -errno. */
int kiln_plat_init(void);

/* Nanoseconds on the monotonic clock. */
uint64_t kiln_plat_monotonic_ns(void);

/* The wall clock. Returns 0 or -errno. */
int kiln_plat_wall(int64_t *sec, uint32_t *nsec);

/*
 * Waits for I/O events until the monotonic deadline (0: just poll, KILN_FOREVER:
 * no timeout), waking the fibers they concern. Returns 0 or -errno.
 */
int kiln_plat_poll(uint64_t deadline_ns);

/* How many fibers wait on platform I/O (a wait that an event could end). */
size_t kiln_plat_io_waiters(void);

/* A fiber stack of size bytes (with a guard below it where the platform can). NULL when out of memory. */
void *kiln_plat_stack_alloc(size_t size);
void kiln_plat_stack_free(void *stack, size_t size);

/* Fills buf with random bytes. Returns 0 or -errno. */
int kiln_plat_random(void *buf, size_t len);

/* Writes to the console (all of it or an error). Returns 0 or -errno. */
int kiln_plat_console_write(const void *buf, size_t len);

/* Whether the console is a terminal that shows ANSI colours. */
bool kiln_plat_console_is_terminal(void);

/* Writes a finished log line. Log output is separate from the console where the platform allows. */
void kiln_plat_log_write(const char *buf, size_t len);

#endif

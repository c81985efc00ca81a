/* fiber.h: cooperative fibers with their own stacks, and the wait queues they block on. */
#ifndef KILN_FIBER_H
#define KILN_FIBER_H

#include <stdint.h>

struct kiln_fiber;

/* A fiber's body: returns 0 or a negative errno-style code. */
typedef int (*kiln_fiber_fn)(void *arg);

/* A deadline on the monotonic clock, in nanoseconds; KILN_FOREVER never expires. */
#define KILN_FOREVER UINT64_MAX

/*
 * Starts fn(arg) in a new fiber that runs when the current one yields or blocks.
 * With out == NULL the fiber is detached and frees itself when it ends; otherwise
 * *out is a handle the caller owns until kiln_fiber_join() frees it.
 * name is copied. Returns 0 or -ENOMEM.
 */
int kiln_fiber_spawn(struct kiln_fiber **out, const char *name, kiln_fiber_fn fn, void *arg);

/* Waits for f to end, stores its result in *result (if not NULL) and frees f.
 * Returns 0, or -EDEADLK when a fiber tries to join itself. */
int kiln_fiber_join(struct kiln_fiber *f, int *result);

/* Lets every other runnable fiber run once before the caller continues. */
void kiln_yield(void);

/* Suspends the calling fiber for ns nanoseconds of monotonic time. Returns 0. */
int kiln_sleep_ns(uint64_t ns);

/* The running fiber's name ("main" for the start function's fiber). */
const char *kiln_fiber_name(void);

/* A queue of fibers waiting for something; zero-initialised is empty. */
struct kiln_waitq {
	struct kiln_fiber *head, *tail;
};

/* Blocks the caller on q until woken or until the monotonic deadline passes.
 * Returns 0 when woken, -ETIMEDOUT when the deadline passed first. */
int kiln_waitq_wait(struct kiln_waitq *q, uint64_t deadline_ns);

/* Makes the first waiter (or every waiter) of q runnable; returns how many were woken. */
int kiln_waitq_wake_one(struct kiln_waitq *q);
int kiln_waitq_wake_all(struct kiln_waitq *q);

#endif

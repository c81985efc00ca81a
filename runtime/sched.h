/* sched.h: the scheduler's view of a fiber, shared by fibers, wait queues, timers and platforms. */
#ifndef KILN_SCHED_H
#define KILN_SCHED_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <kiln/fiber.h>

enum fiber_state { FIBER_RUNNABLE, FIBER_BLOCKED, FIBER_DONE };

struct kiln_fiber {
	void *sp;                    /* saved stack pointer while not running */
	void *stack;
	size_t stack_size;
	void *asan_fake_stack;       /* AddressSanitizer's handle, kept across a switch */
	char name[32];
	kiln_fiber_fn fn;
	void *arg;
	int result;
	enum fiber_state state;
	bool detached;
	struct kiln_fiber *run_next; /* run queue link */
	struct kiln_waitq *waitq;    /* the queue it is blocked on, if any */
	struct kiln_fiber *wq_prev, *wq_next;
	uint64_t deadline;           /* KILN_FOREVER when not in the timer heap */
	size_t heap_index;
	int wake_result;             /* 0 when woken, -ETIMEDOUT when the deadline passed */
	struct kiln_waitq joiners;
};

/* The fiber running now, or NULL in the scheduler itself. */
struct kiln_fiber *kiln_sched_current(void);

/* Blocks the current fiber until kiln_sched_wake() or its deadline; returns its wake_result. */
int kiln_sched_block(uint64_t deadline_ns);

/* Makes a blocked fiber runnable with the given wake_result (removing it from timers). */
void kiln_sched_wake(struct kiln_fiber *f, int result);

/* Puts a runnable fiber at the end of the run queue. */
void kiln_sched_enqueue(struct kiln_fiber *f);

/* Hands control from the current fiber back to the scheduler. */
void kiln_sched_switch_out(void);

/*
 * Runs fibers until none is left. Returns 0, or -EDEADLK when fibers remain
 * blocked with no timer and no I/O that could wake them (they are reported on
 * the log and left as they are), or a platform error from waiting.
 */
int kiln_sched_run(void);

/* Called by a fiber whose body returned, on its own stack: a detached one is freed once off it. */
void kiln_sched_retire(struct kiln_fiber *f);

/* Called first thing on a new fiber's stack (records the scheduler's stack for AddressSanitizer). */
void kiln_sched_fiber_started(void);

/* Fibers still alive (spawned, not yet ended). */
size_t kiln_sched_live(void);

/* Appends f to q without blocking it (kiln_sched_block does that). */
void kiln_waitq_add(struct kiln_waitq *q, struct kiln_fiber *f);

/* Detaches the queue link of f from whatever wait queue holds it. */
void kiln_waitq_remove(struct kiln_fiber *f);

#endif

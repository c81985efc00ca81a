/* timer_heap.h: a binary min-heap of fibers ordered by their deadline. */
#ifndef KILN_TIMER_HEAP_H
#define KILN_TIMER_HEAP_H

#include <stddef.h>
#include <stdint.h>

struct kiln_fiber;

struct timer_heap {
	struct kiln_fiber **items; /* owned; the fibers are not */
	size_t len, cap;
};

/* Adds f (f->deadline set) to the heap. Returns 0 or -ENOMEM. */
int timer_heap_push(struct timer_heap *h, struct kiln_fiber *f);

/* Removes f, which must be in the heap. */
void timer_heap_remove(struct timer_heap *h, struct kiln_fiber *f);

/* The fiber with the earliest deadline, or NULL when empty. */
struct kiln_fiber *timer_heap_min(const struct timer_heap *h);

/* Frees the heap's storage. */
void timer_heap_free(struct timer_heap *h);

#endif

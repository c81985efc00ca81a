/* timer_heap.c: a binary min-heap of fibers by deadline, with O(log n) removal via heap_index. */
#include <errno.h>
#include <stdlib.h>

#include "sched.h"
#include "timer_heap.h"

static void place(struct timer_heap *h, size_t i, struct kiln_fiber *f)
{
	h->items[i] = f;
	f->heap_index = i;
}

static void sift_up(struct timer_heap *h, size_t i)
{
	struct kiln_fiber *f = h->items[i];

	while (i > 0) {
		size_t parent = (i - 1) / 2;
		if (h->items[parent]->deadline <= f->deadline)
			break;
		place(h, i, h->items[parent]);
		i = parent;
	}
	place(h, i, f);
}

static void sift_down(struct timer_heap *h, size_t i)
{
	struct kiln_fiber *f = h->items[i];

	for (;;) {
		size_t child = 2 * i + 1;
		if (child >= h->len)
			break;
		if (child + 1 < h->len && h->items[child + 1]->deadline < h->items[child]->deadline)
			child++;
		if (f->deadline <= h->items[child]->deadline)
			break;
		place(h, i, h->items[child]);
		i = child;
	}
	place(h, i, f);
}

int timer_heap_push(struct timer_heap *h, struct kiln_fiber *f)
{
	if (h->len == h->cap) {
		size_t cap = h->cap ? h->cap * 2 : 16;
		struct kiln_fiber **items = realloc(h->items, cap * sizeof(*items));
		if (!items)
			return -ENOMEM;
		h->items = items;
		h->cap = cap;
	}
	place(h, h->len++, f);
	sift_up(h, h->len - 1);
	return 0;
}

void timer_heap_remove(struct timer_heap *h, struct kiln_fiber *f)
{
	size_t i = f->heap_index;
	struct kiln_fiber *last = h->items[--h->len];

	if (i == h->len)
		return;
	place(h, i, last);
	sift_up(h, i);
	sift_down(h, last->heap_index);
}

struct kiln_fiber *timer_heap_min(const struct timer_heap *h)
{
	return h->len ? h->items[0] : NULL;
}

void timer_heap_free(struct timer_heap *h)
{
	free(h->items);
	h->items = NULL;
	h->len = h->cap = 0;
}

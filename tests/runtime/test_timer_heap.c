/* test_timer_heap.c: unit tests of the timer heap on fake fibers, checked against a brute-force minimum. */
#include "test_util.h"
#include "timer_heap.h"

#define POOL 200

/* Fake fibers (only deadline and heap_index matter) and which of them are in the heap. */
struct pool {
	struct kiln_fiber fibers[POOL];
	bool in_heap[POOL];
	struct timer_heap heap;
	uint64_t rng;
};

/* xorshift64: a fixed sequence, so a failure reproduces. */
static uint64_t next_random(struct pool *p)
{
	p->rng ^= p->rng << 13;
	p->rng ^= p->rng >> 7;
	p->rng ^= p->rng << 17;
	return p->rng;
}

static struct pool *pool_new(void)
{
	struct pool *p = calloc(1, sizeof(*p));

	assert_non_null(p);
	p->rng = 0x9e3779b97f4a7c15ull;
	return p;
}

static void pool_free(struct pool *p)
{
	timer_heap_free(&p->heap);
	free(p);
}

static void push(struct pool *p, size_t i, uint64_t deadline)
{
	p->fibers[i].deadline = deadline;
	assert_int_equal(timer_heap_push(&p->heap, &p->fibers[i]), 0);
	p->in_heap[i] = true;
}

static void remove_one(struct pool *p, size_t i)
{
	timer_heap_remove(&p->heap, &p->fibers[i]);
	p->in_heap[i] = false;
}

/* The smallest deadline among the fibers in the heap, found by looking at all; KILN_FOREVER when empty. */
static uint64_t brute_min(const struct pool *p, size_t *count)
{
	uint64_t min = KILN_FOREVER;

	*count = 0;
	for (size_t i = 0; i < POOL; i++) {
		if (!p->in_heap[i])
			continue;
		(*count)++;
		if (p->fibers[i].deadline < min)
			min = p->fibers[i].deadline;
	}
	return min;
}

/* The heap holds exactly the pool's members, each knows its index, and no parent is later than a child. */
static void check_heap(const struct pool *p)
{
	const struct timer_heap *h = &p->heap;
	size_t count;
	uint64_t min = brute_min(p, &count);
	struct kiln_fiber *top = timer_heap_min(h);

	assert_int_equal(h->len, count);
	if (count == 0) {
		assert_null(top);
		return;
	}
	assert_non_null(top);
	assert_int_equal(top->deadline, min);
	for (size_t i = 0; i < h->len; i++) {
		struct kiln_fiber *f = h->items[i];
		assert_true(f >= p->fibers && f < p->fibers + POOL);
		assert_true(p->in_heap[f - p->fibers]);
		assert_int_equal(f->heap_index, i);
		if (i > 0)
			assert_true(h->items[(i - 1) / 2]->deadline <= f->deadline);
	}
}

static void empty_heap_has_no_min(void **state)
{
	struct timer_heap h = { 0 };

	(void)state;
	assert_null(timer_heap_min(&h));
	timer_heap_free(&h);
	assert_null(h.items);
	assert_int_equal(h.len, 0);
}

static void min_follows_pushes(void **state)
{
	struct pool *p = pool_new();
	const uint64_t deadlines[] = { 50, 70, 30, 30, 90, 10, 60, 20 };

	(void)state;
	for (size_t i = 0; i < sizeof(deadlines) / sizeof(deadlines[0]); i++) {
		push(p, i, deadlines[i]);
		check_heap(p);
	}
	assert_int_equal(timer_heap_min(&p->heap)->deadline, 10);
	pool_free(p);
}

/* Taking the min out repeatedly yields the deadlines in non-decreasing order. */
static void removing_min_sorts(void **state)
{
	struct pool *p = pool_new();
	uint64_t last = 0;

	(void)state;
	for (size_t i = 0; i < POOL; i++)
		push(p, i, next_random(p) % 1000);
	for (size_t i = 0; i < POOL; i++) {
		struct kiln_fiber *f = timer_heap_min(&p->heap);
		assert_true(f->deadline >= last);
		last = f->deadline;
		remove_one(p, (size_t)(f - p->fibers));
		check_heap(p);
	}
	assert_null(timer_heap_min(&p->heap));
	pool_free(p);
}

static void remove_from_middle_and_end(void **state)
{
	struct pool *p = pool_new();

	(void)state;
	for (size_t i = 0; i < 15; i++)
		push(p, i, 100 - i * 5);
	remove_one(p, 14); /* the current minimum */
	check_heap(p);
	remove_one(p, 0);  /* the latest deadline, a leaf */
	check_heap(p);
	remove_one(p, 7);  /* somewhere inside */
	check_heap(p);
	remove_one(p, (size_t)(p->heap.items[p->heap.len - 1] - p->fibers)); /* the last slot */
	check_heap(p);
	pool_free(p);
}

/* Random pushes and removals of random members, checked against brute force after every step. */
static void random_operations_keep_the_heap(void **state)
{
	struct pool *p = pool_new();

	(void)state;
	for (int step = 0; step < 20000; step++) {
		size_t i = next_random(p) % POOL;
		/* A narrow range of deadlines, so equal deadlines are common. */
		if (p->in_heap[i])
			remove_one(p, i);
		else
			push(p, i, next_random(p) % 64);
		check_heap(p);
	}
	pool_free(p);
}

static void heap_is_reusable_after_free(void **state)
{
	struct pool *p = pool_new();

	(void)state;
	push(p, 0, 5);
	push(p, 1, 3);
	timer_heap_free(&p->heap);
	p->in_heap[0] = p->in_heap[1] = false;
	check_heap(p);
	push(p, 2, 8);
	check_heap(p);
	assert_ptr_equal(timer_heap_min(&p->heap), &p->fibers[2]);
	pool_free(p);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(empty_heap_has_no_min),
		cmocka_unit_test(min_follows_pushes),
		cmocka_unit_test(removing_min_sorts),
		cmocka_unit_test(remove_from_middle_and_end),
		cmocka_unit_test(random_operations_keep_the_heap),
		cmocka_unit_test(heap_is_reusable_after_free),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

/* test_sleep.c: unit tests of timers: sleep order and duration, wait queues with deadlines, wake_one and wake_all. */
#include <errno.h>
#include <time.h>

#include <kiln/time.h>

#include "platform.h"
#include "test_util.h"

/* A fiber's part in a test: its body, what it waits for, what it got, and where it logs. */
struct actor {
	kiln_fiber_fn fn;
	int id;
	uint64_t ns;              /* how long to sleep or wait */
	uint64_t until;           /* sleeper: sleep until this monotonic time instead, if not 0 */
	int yields;               /* yields before waiting or waking */
	int wakes;                /* waker_one: how many wake_one calls to make */
	uint64_t deadline;        /* sleeper: the deadline it asked for */
	struct kiln_waitq *q;
	struct event_log *log;
	int rc;
	uint64_t elapsed;
};

/* Runs the n actors' fibers to their end. */
static void run_cast(struct actor *actors, size_t n)
{
	struct fiber_spec specs[8];

	assert_true(n <= sizeof(specs) / sizeof(specs[0]));
	for (size_t i = 0; i < n; i++)
		specs[i] = (struct fiber_spec){ actors[i].fn, &actors[i], 0 };
	run_fibers(specs, n);
}

/* Sleeps ns, or until `until` (if that has not passed yet), then logs id. */
static int sleeper(void *arg)
{
	struct actor *a = arg;
	uint64_t start = kiln_plat_monotonic_ns();
	uint64_t ns = !a->until ? a->ns : a->until > start ? a->until - start : 0;

	a->deadline = start + ns;
	a->rc = kiln_sleep_ns(ns);
	a->elapsed = kiln_plat_monotonic_ns() - start;
	event_log_add(a->log, a->id);
	return 0;
}

/* The ids of the n actors by the deadline they asked for, earliest first. */
static void ids_by_deadline(const struct actor *a, size_t n, int *ids)
{
	for (size_t i = 0; i < n; i++) {
		size_t rank = 0;
		for (size_t j = 0; j < n; j++)
			rank += a[j].deadline < a[i].deadline || (a[j].deadline == a[i].deadline && j < i);
		ids[rank] = a[i].id;
	}
}

static void sleeps_wake_in_deadline_order(void **state)
{
	struct event_log log = { 0 };
	uint64_t base = kiln_plat_monotonic_ns();
	/* Deadlines from one base, so the order holds however late each fiber starts sleeping. */
	struct actor a[] = { { sleeper, .id = 30, .until = base + KILN_MSEC(30), .log = &log },
			     { sleeper, .id = 10, .until = base + KILN_MSEC(10), .log = &log },
			     { sleeper, .id = 20, .until = base + KILN_MSEC(20), .log = &log } };
	int expected[3];

	(void)state;
	run_cast(a, 3);
	/* 10, 20, 30, unless this process was stalled past a deadline before that fiber could ask for it. */
	ids_by_deadline(a, 3, expected);
	assert_events(&log, expected, 3);
	for (int i = 0; i < 3; i++)
		assert_int_equal(a[i].rc, 0);
}

static void sleep_lasts_at_least_its_duration(void **state)
{
	struct event_log log = { 0 };
	struct actor a[] = { { sleeper, .id = 1, .ns = KILN_MSEC(1), .log = &log },
			     { sleeper, .id = 15, .ns = KILN_MSEC(15), .log = &log },
			     { sleeper, .id = 25, .ns = KILN_MSEC(25), .log = &log } };

	(void)state;
	run_cast(a, 3);
	for (int i = 0; i < 3; i++)
		assert_true(a[i].elapsed >= a[i].ns);
}

static void time_device_reads_clocks(void **state)
{
	struct kiln_time *t, *again;
	uint64_t before, after;
	int64_t sec;
	uint32_t nsec;
	time_t now;

	(void)state;
	assert_int_equal(kiln_time_connect_default(&t), 0);
	assert_int_equal(kiln_time_connect_default(&again), 0);
	assert_ptr_equal(t, again);
	before = kiln_time_monotonic_ns(t);
	assert_int_equal(kiln_time_wall(t, &sec, &nsec), 0);
	now = time(NULL);
	after = kiln_time_monotonic_ns(t);
	assert_true(after >= before);
	assert_true(nsec < 1000000000u);
	/* time() may read a coarser clock: allow a second either way. */
	assert_true(sec >= now - 1 && sec <= now + 1);
}

static int device_sleeper(void *arg)
{
	struct actor *a = arg;
	struct kiln_time *t;
	uint64_t start;

	kiln_time_connect_default(&t);
	start = kiln_time_monotonic_ns(t);
	a->rc = kiln_time_sleep_ns(t, a->ns);
	a->elapsed = kiln_time_monotonic_ns(t) - start;
	return 0;
}

static void time_device_sleep_lasts(void **state)
{
	struct actor a = { device_sleeper, .ns = KILN_MSEC(12) };

	(void)state;
	run_cast(&a, 1);
	assert_int_equal(a.rc, 0);
	assert_true(a.elapsed >= a.ns);
}

/* Logs id, yields `yields` times, sleeps ns unless it is KILN_FOREVER, then logs id + 100. */
static int log_around_pause(void *arg)
{
	struct actor *a = arg;

	event_log_add(a->log, a->id);
	for (int i = 0; i < a->yields; i++)
		kiln_yield();
	if (a->ns != KILN_FOREVER)
		a->rc = kiln_sleep_ns(a->ns);
	event_log_add(a->log, a->id + 100);
	return 0;
}

static void sleep_zero_lets_others_run(void **state)
{
	struct event_log log = { 0 };
	struct actor a[] = { { log_around_pause, .id = 1, .ns = 0, .log = &log },
			     { log_around_pause, .id = 2, .ns = KILN_FOREVER, .log = &log } };

	(void)state;
	run_cast(a, 2);
	assert_int_equal(a[0].rc, 0);
	/* Fiber 1 slept 0 ns, and fiber 2 (which never pauses) ran to its end before 1 went on. */
	ASSERT_EVENTS(&log, 1, 2, 102, 101);
}

/* Yields `yields` times, then waits on q until ns after it started (forever if ns is KILN_FOREVER). */
static int timed_waiter(void *arg)
{
	struct actor *a = arg;
	uint64_t start = kiln_plat_monotonic_ns();

	for (int i = 0; i < a->yields; i++)
		kiln_yield();
	a->rc = kiln_waitq_wait(a->q, a->ns == KILN_FOREVER ? KILN_FOREVER : start + a->ns);
	a->elapsed = kiln_plat_monotonic_ns() - start;
	if (a->log)
		event_log_add(a->log, a->id);
	return 0;
}

/* Sleeps ns (if not 0) and yields `yields` times, so waiters are queued before it wakes them. */
static void waker_pause(const struct actor *a)
{
	if (a->ns)
		kiln_sleep_ns(a->ns);
	for (int i = 0; i < a->yields; i++)
		kiln_yield();
}

/* Calls wake_one `wakes` times, logging minus what each woke and yielding after each. */
static int waker_one(void *arg)
{
	struct actor *a = arg;

	waker_pause(a);
	for (int i = 0; i < a->wakes; i++) {
		a->rc = kiln_waitq_wake_one(a->q);
		if (a->log)
			event_log_add(a->log, -a->rc);
		kiln_yield();
	}
	return 0;
}

/* Calls wake_all twice, logging minus what each woke. */
static int waker_all(void *arg)
{
	struct actor *a = arg;

	waker_pause(a);
	a->rc = kiln_waitq_wake_all(a->q);
	event_log_add(a->log, -a->rc);
	event_log_add(a->log, -kiln_waitq_wake_all(a->q));
	return 0;
}

static void waitq_wait_times_out(void **state)
{
	struct kiln_waitq q = { 0 };
	struct actor a = { timed_waiter, .ns = KILN_MSEC(10), .q = &q };

	(void)state;
	run_cast(&a, 1);
	assert_int_equal(a.rc, -ETIMEDOUT);
	assert_true(a.elapsed >= a.ns);
	/* The timed-out fiber left the queue. */
	assert_null(q.head);
	assert_null(q.tail);
	assert_int_equal(kiln_waitq_wake_one(&q), 0);
}

static void waitq_wait_woken_before_deadline(void **state)
{
	struct kiln_waitq q = { 0 };
	struct actor a[] = { { timed_waiter, .ns = KILN_SEC(2), .q = &q },
			     { waker_one, .ns = KILN_MSEC(5), .wakes = 1, .q = &q } };

	(void)state;
	run_cast(a, 2);
	assert_int_equal(a[0].rc, 0);
	assert_int_equal(a[1].rc, 1);
	assert_null(q.head);
}

static void wake_one_is_fifo(void **state)
{
	struct event_log log = { 0 };
	struct kiln_waitq q = { 0 };
	/* Waiters 1, 2, 3 (one with a deadline) join q in the order 2, 3, 1 after 2, 0 and 1 yields;
	 * the waker starts after 3 yields, when all are queued. */
	struct actor a[] = { { timed_waiter, .id = 1, .ns = KILN_FOREVER, .yields = 2, .q = &q, .log = &log },
			     { timed_waiter, .id = 2, .ns = KILN_FOREVER, .yields = 0, .q = &q, .log = &log },
			     { timed_waiter, .id = 3, .ns = KILN_SEC(5), .yields = 1, .q = &q, .log = &log },
			     { waker_one, .yields = 3, .wakes = 4, .q = &q, .log = &log } };

	(void)state;
	run_cast(a, 4);
	/* Each wake (-1) lets exactly the oldest waiter run; the fourth finds the queue empty (0). */
	ASSERT_EVENTS(&log, -1, 2, -1, 3, -1, 1, 0);
	for (int i = 0; i < 3; i++)
		assert_int_equal(a[i].rc, 0);
}

static void wake_all_wakes_every_waiter(void **state)
{
	struct event_log log = { 0 };
	struct kiln_waitq q = { 0 };
	struct actor a[] = { { timed_waiter, .id = 1, .ns = KILN_FOREVER, .yields = 2, .q = &q, .log = &log },
			     { timed_waiter, .id = 2, .ns = KILN_SEC(5), .yields = 0, .q = &q, .log = &log },
			     { timed_waiter, .id = 3, .ns = KILN_FOREVER, .yields = 1, .q = &q, .log = &log },
			     { waker_all, .yields = 3, .q = &q, .log = &log } };

	(void)state;
	run_cast(a, 4);
	/* One call woke 3, the next none; the woken run in queue order. */
	ASSERT_EVENTS(&log, -3, 0, 2, 3, 1);
	for (int i = 0; i < 3; i++)
		assert_int_equal(a[i].rc, 0);
	assert_int_equal(a[3].rc, 3);
}

static void wake_on_empty_queue(void **state)
{
	struct kiln_waitq q = { 0 };

	(void)state;
	assert_int_equal(kiln_waitq_wake_one(&q), 0);
	assert_int_equal(kiln_waitq_wake_all(&q), 0);
}

/* Waits on q with a deadline, is woken early, then sleeps past where that deadline was. */
static int woken_then_sleeps(void *arg)
{
	struct actor *a = arg;
	uint64_t start;

	a->rc = kiln_waitq_wait(a->q, kiln_plat_monotonic_ns() + KILN_MSEC(5));
	start = kiln_plat_monotonic_ns();
	kiln_sleep_ns(a->ns);
	a->elapsed = kiln_plat_monotonic_ns() - start;
	return 0;
}

static void early_wake_cancels_the_deadline(void **state)
{
	struct kiln_waitq q = { 0 };
	struct actor a[] = { { woken_then_sleeps, .ns = KILN_MSEC(20), .q = &q },
			     { waker_one, .wakes = 1, .q = &q } };

	(void)state;
	run_cast(a, 2);
	assert_int_equal(a[0].rc, 0);
	/* The old 5 ms deadline did not cut the 20 ms sleep short. */
	assert_true(a[0].elapsed >= a[0].ns);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(sleeps_wake_in_deadline_order),
		cmocka_unit_test(sleep_lasts_at_least_its_duration),
		cmocka_unit_test(time_device_reads_clocks),
		cmocka_unit_test(time_device_sleep_lasts),
		cmocka_unit_test(sleep_zero_lets_others_run),
		cmocka_unit_test(waitq_wait_times_out),
		cmocka_unit_test(waitq_wait_woken_before_deadline),
		cmocka_unit_test(wake_one_is_fifo),
		cmocka_unit_test(wake_all_wakes_every_waiter),
		cmocka_unit_test(wake_on_empty_queue),
		cmocka_unit_test(early_wake_cancels_the_deadline),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

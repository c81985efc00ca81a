/* test_deadlock.c: unit tests of deadlock detection: fibers blocked forever end kiln_sched_run with -EDEADLK. */
#include <errno.h>

#include <kiln/time.h>

#include "test_util.h"

static struct kiln_waitq never_woken;

static int wait_forever(void *arg)
{
	struct kiln_waitq *q = arg;

	return kiln_waitq_wait(q, KILN_FOREVER);
}

static int wake_after_sleep(void *arg)
{
	kiln_sleep_ns(KILN_MSEC(20));
	return kiln_waitq_wake_one(arg);
}

static void waiting_on_a_pending_timer_is_no_deadlock(void **state)
{
	struct kiln_waitq q = { 0 };
	struct kiln_fiber *waiter, *waker;
	int waited = -1, woke = -1;

	(void)state;
	assert_int_equal(kiln_fiber_spawn(&waiter, "waiter", wait_forever, &q), 0);
	assert_int_equal(kiln_fiber_spawn(&waker, "waker", wake_after_sleep, &q), 0);
	assert_int_equal(kiln_sched_run(), 0);
	assert_int_equal(kiln_fiber_join(waiter, &waited), 0);
	assert_int_equal(kiln_fiber_join(waker, &woke), 0);
	assert_int_equal(waited, 0);
	assert_int_equal(woke, 1);
}

/* Joins the fiber passed in: blocked forever when that one is. */
static int join_it(void *arg)
{
	return kiln_fiber_join(arg, NULL);
}

static int finish_normally(void *arg)
{
	*(bool *)arg = true;
	return 0;
}

struct deadlock_run {
	int rc;
	bool other_finished;
};

/* Spawns a fiber stuck on a queue nobody wakes, one joining it, and one that ends; runs them. */
static void run_stuck_fibers(void *arg)
{
	struct deadlock_run *r = arg;
	struct kiln_fiber *stuck, *joiner, *other;

	if (kiln_fiber_spawn(&stuck, "stuck", wait_forever, &never_woken) < 0 ||
	    kiln_fiber_spawn(&joiner, "joiner", join_it, stuck) < 0 ||
	    kiln_fiber_spawn(&other, "other", finish_normally, &r->other_finished) < 0) {
		r->rc = -ENOMEM;
		return;
	}
	r->rc = kiln_sched_run();
	/* other ended and is ours to free; stuck and joiner stay blocked inside the scheduler. */
	kiln_fiber_join(other, NULL);
}

/* Last in this program: the stuck fibers stay in the scheduler's state. */
static void blocked_forever_is_edeadlk(void **state)
{
	struct deadlock_run r = { 0 };
	char *err;

	(void)state;
	err = capture_fd(STDERR_FILENO, run_stuck_fibers, &r);
	assert_int_equal(r.rc, -EDEADLK);
	assert_true(r.other_finished);
	assert_int_equal(kiln_sched_live(), 2);
	/* The report on the log says how many fibers are stuck. */
	assert_contains(err, "2 fiber(s) blocked forever");
	assert_contains(err, "[sched]");
	free(err);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(waiting_on_a_pending_timer_is_no_deadlock),
		cmocka_unit_test(blocked_forever_is_edeadlk),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

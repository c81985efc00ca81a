/* test_fiber.c: unit tests of fibers: spawn, join, yield order, detached fibers, names, many fibers, deep stacks. */
#include <errno.h>

#include "test_util.h"

/* A child fiber's instructions and what it recorded: it logs id, yields `yields` times, and returns result. */
struct child {
	int id;
	int yields;
	int result;
	struct event_log *log;
	struct kiln_fiber *self;
	bool finished;
	int self_join;
	char name[64];
};

static int child_body(void *arg)
{
	struct child *c = arg;

	for (int i = 0; i < c->yields; i++) {
		if (c->log)
			event_log_add(c->log, c->id * 10 + i);
		kiln_yield();
	}
	c->finished = true;
	return c->result;
}

/* Root: spawns one child per element of the array ended by id 0, joins them in order, logs -id per join. */
struct family {
	struct child *children;
	int results[8];
	struct event_log *log;
};

static int spawn_children(struct child *children, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		int rc = kiln_fiber_spawn(&children[i].self, "child", child_body, &children[i]);
		if (rc < 0)
			return rc;
	}
	return 0;
}

static int family_root(void *arg)
{
	struct family *fam = arg;
	size_t n = 0;
	int rc;

	while (fam->children[n].id)
		n++;
	rc = spawn_children(fam->children, n);
	if (rc < 0)
		return rc;
	for (size_t i = 0; i < n; i++) {
		rc = kiln_fiber_join(fam->children[i].self, &fam->results[i]);
		if (rc < 0)
			return rc;
		if (fam->log)
			event_log_add(fam->log, -fam->children[i].id);
	}
	return 0;
}

static void spawn_join_returns_result(void **state)
{
	struct child children[] = { { .id = 1, .result = 42 }, { .id = 2, .result = -EIO }, { .id = 3, .result = 0 },
				    { 0 } };
	struct family fam = { .children = children };

	(void)state;
	assert_int_equal(run_root(family_root, &fam), 0);
	assert_int_equal(fam.results[0], 42);
	assert_int_equal(fam.results[1], -EIO);
	assert_int_equal(fam.results[2], 0);
}

static int returns_arg(void *arg)
{
	return *(int *)arg;
}

static void root_result_is_its_return(void **state)
{
	int value = -ENOSPC;

	(void)state;
	assert_int_equal(run_root(returns_arg, &value), -ENOSPC);
}

static void join_without_result_pointer(void **state)
{
	struct kiln_fiber *f;
	int value = 7;

	(void)state;
	assert_int_equal(kiln_fiber_spawn(&f, "nores", returns_arg, &value), 0);
	assert_int_equal(kiln_sched_run(), 0);
	assert_int_equal(kiln_fiber_join(f, NULL), 0);
}

static void yield_is_round_robin(void **state)
{
	struct event_log log = { 0 };
	struct child children[] = { { .id = 1, .yields = 3, .log = &log }, { .id = 2, .yields = 3, .log = &log },
				    { .id = 3, .yields = 3, .log = &log }, { 0 } };
	struct family fam = { .children = children };

	(void)state;
	assert_int_equal(run_root(family_root, &fam), 0);
	ASSERT_EVENTS(&log, 10, 20, 30, 11, 21, 31, 12, 22, 32);
}

static void fibers_of_unequal_length_interleave(void **state)
{
	struct event_log log = { 0 };
	struct child children[] = { { .id = 1, .yields = 1, .log = &log }, { .id = 2, .yields = 3, .log = &log },
				    { .id = 3, .yields = 2, .log = &log }, { 0 } };
	struct family fam = { .children = children, .log = &log };

	(void)state;
	assert_int_equal(run_root(family_root, &fam), 0);
	/* A join (-id) returns in the round after the child ended: a woken fiber queues behind the others. */
	ASSERT_EVENTS(&log, 10, 20, 30, 21, 31, -1, 22, -2, -3);
}

static void yield_alone_returns(void **state)
{
	struct child only = { .id = 1, .yields = 5, .result = 3 };

	(void)state;
	assert_int_equal(run_root(child_body, &only), 3);
	assert_true(only.finished);
}

/* Root: lets the child run to its end before joining it; records whether it had finished. */
static int join_after_end_root(void *arg)
{
	struct child *c = arg;
	bool finished_before_join;
	int rc, result = 0;

	rc = kiln_fiber_spawn(&c->self, "quick", child_body, c);
	if (rc < 0)
		return rc;
	kiln_yield();
	kiln_yield();
	finished_before_join = c->finished;
	rc = kiln_fiber_join(c->self, &result);
	if (rc < 0)
		return rc;
	return finished_before_join ? result : -EAGAIN;
}

static void join_of_finished_fiber(void **state)
{
	struct child c = { .id = 1, .result = 99 };

	(void)state;
	assert_int_equal(run_root(join_after_end_root, &c), 99);
}

/* A detached fiber: counts itself in, yields a few times, counts itself out. */
struct detached_count {
	int started, ended;
};

static int detached_body(void *arg)
{
	struct detached_count *count = arg;

	count->started++;
	kiln_yield();
	kiln_yield();
	count->ended++;
	return 0;
}

static void detached_fibers_run_and_end(void **state)
{
	struct detached_count count = { 0 };

	(void)state;
	for (int i = 0; i < 10; i++)
		assert_int_equal(kiln_fiber_spawn(NULL, "detached", detached_body, &count), 0);
	assert_int_equal(kiln_sched_live(), 10);
	assert_int_equal(kiln_sched_run(), 0);
	assert_int_equal(count.started, 10);
	assert_int_equal(count.ended, 10);
	/* Freed by the runtime: the sanitizer build's leak check fails this program otherwise. */
	assert_int_equal(kiln_sched_live(), 0);
}

static int spawn_detached_root(void *arg)
{
	for (int i = 0; i < 5; i++) {
		int rc = kiln_fiber_spawn(NULL, NULL, detached_body, arg);
		if (rc < 0)
			return rc;
	}
	return 0;
}

static void detached_fibers_outlive_their_parent(void **state)
{
	struct detached_count count = { 0 };

	(void)state;
	assert_int_equal(run_root(spawn_detached_root, &count), 0);
	assert_int_equal(count.ended, 5);
}

static int join_self_body(void *arg)
{
	struct child *c = arg;

	c->self_join = kiln_fiber_join(c->self, NULL);
	c->finished = true;
	return 5;
}

static void join_self_is_edeadlk(void **state)
{
	struct child c = { 0 };
	int result = 0;

	(void)state;
	assert_int_equal(kiln_fiber_spawn(&c.self, "selfish", join_self_body, &c), 0);
	assert_int_equal(kiln_sched_run(), 0);
	assert_int_equal(c.self_join, -EDEADLK);
	assert_true(c.finished);
	/* The failed join did not free it: it is still joinable. */
	assert_int_equal(kiln_fiber_join(c.self, &result), 0);
	assert_int_equal(result, 5);
}

static int record_name(void *arg)
{
	struct child *c = arg;

	snprintf(c->name, sizeof(c->name), "%s", kiln_fiber_name());
	return 0;
}

/* Runs record_name in a fiber spawned with name and returns the name it saw. */
static void name_seen_by_fiber(const char *name, struct child *c)
{
	assert_int_equal(kiln_fiber_spawn(&c->self, name, record_name, c), 0);
	assert_int_equal(kiln_sched_run(), 0);
	assert_int_equal(kiln_fiber_join(c->self, NULL), 0);
}

static void fiber_name_is_the_spawned_name(void **state)
{
	struct child c = { 0 };
	char name[] = "worker-7";

	(void)state;
	assert_int_equal(kiln_fiber_spawn(&c.self, name, record_name, &c), 0);
	/* The name is copied at spawn time. */
	strcpy(name, "changed");
	assert_int_equal(kiln_sched_run(), 0);
	assert_int_equal(kiln_fiber_join(c.self, NULL), 0);
	assert_string_equal(c.name, "worker-7");
	/* Outside any fiber, the scheduler is running. */
	assert_string_equal(kiln_fiber_name(), "scheduler");
}

static void fiber_name_defaults_and_truncates(void **state)
{
	const char *long_name = "a-very-long-fiber-name-that-goes-on-and-on-past-any-buffer";
	struct child c = { 0 };

	(void)state;
	name_seen_by_fiber(NULL, &c);
	assert_string_equal(c.name, "fiber");
	name_seen_by_fiber(long_name, &c);
	assert_true(strlen(c.name) > 8);
	assert_true(strlen(c.name) < strlen(long_name));
	assert_memory_equal(c.name, long_name, strlen(c.name));
}

#define MANY 2000

struct many {
	struct kiln_fiber *fibers[MANY];
	int ids[MANY];
	size_t peak_live;
	int wrong_results;
};

static int yield_then_return_id(void *arg)
{
	kiln_yield();
	return *(int *)arg;
}

static int many_root(void *arg)
{
	struct many *m = arg;

	for (int i = 0; i < MANY; i++) {
		m->ids[i] = i;
		int rc = kiln_fiber_spawn(&m->fibers[i], "many", yield_then_return_id, &m->ids[i]);
		if (rc < 0)
			return rc;
	}
	m->peak_live = kiln_sched_live();
	for (int i = 0; i < MANY; i++) {
		int result = -1;
		int rc = kiln_fiber_join(m->fibers[i], &result);
		if (rc < 0)
			return rc;
		if (result != i)
			m->wrong_results++;
	}
	return 0;
}

static void many_fibers(void **state)
{
	struct many *m = calloc(1, sizeof(*m));

	(void)state;
	assert_non_null(m);
	assert_int_equal(run_root(many_root, m), 0);
	assert_int_equal(m->peak_live, MANY + 1);
	assert_int_equal(m->wrong_results, 0);
	free(m);
}

/* Recursion with a kilobyte frame per level; the result depends on every frame's contents. */
static unsigned deep(unsigned depth)
{
	volatile unsigned char frame[1024];
	unsigned sum;

	for (size_t i = 0; i < sizeof(frame); i++)
		frame[i] = (unsigned char)(depth * 31 + i);
	sum = depth ? deep(depth - 1) : 0;
	for (size_t i = 0; i < sizeof(frame); i += 97)
		sum = sum * 33 + frame[i];
	return sum;
}

struct recursion {
	unsigned depth, sum;
};

static int deep_body(void *arg)
{
	struct recursion *r = arg;

	r->sum = deep(r->depth);
	kiln_yield();
	/* Recursing again after a switch: the stack survived it. */
	return deep(r->depth) == r->sum ? 0 : -EIO;
}

static void deep_recursion_on_fiber_stack(void **state)
{
	struct recursion r = { .depth = 96 };

	(void)state;
	assert_int_equal(run_root(deep_body, &r), 0);
	assert_int_equal(r.sum, deep(r.depth));
}

/* The scheduler and spawning outside fibers: spawned fibers run in spawn order. */
static int log_id(void *arg)
{
	struct child *c = arg;

	event_log_add(c->log, c->id);
	return 0;
}

static void fibers_start_in_spawn_order(void **state)
{
	struct event_log log = { 0 };
	struct child c[5];

	(void)state;
	for (int i = 0; i < 5; i++) {
		c[i] = (struct child){ .id = i + 1, .log = &log };
		assert_int_equal(kiln_fiber_spawn(NULL, "ordered", log_id, &c[i]), 0);
	}
	assert_int_equal(kiln_sched_run(), 0);
	ASSERT_EVENTS(&log, 1, 2, 3, 4, 5);
}

static void run_with_no_fibers_returns_at_once(void **state)
{
	(void)state;
	assert_int_equal(kiln_sched_live(), 0);
	assert_int_equal(kiln_sched_run(), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(spawn_join_returns_result),
		cmocka_unit_test(root_result_is_its_return),
		cmocka_unit_test(join_without_result_pointer),
		cmocka_unit_test(yield_is_round_robin),
		cmocka_unit_test(fibers_of_unequal_length_interleave),
		cmocka_unit_test(yield_alone_returns),
		cmocka_unit_test(join_of_finished_fiber),
		cmocka_unit_test(detached_fibers_run_and_end),
		cmocka_unit_test(detached_fibers_outlive_their_parent),
		cmocka_unit_test(join_self_is_edeadlk),
		cmocka_unit_test(fiber_name_is_the_spawned_name),
		cmocka_unit_test(fiber_name_defaults_and_truncates),
		cmocka_unit_test(many_fibers),
		cmocka_unit_test(deep_recursion_on_fiber_stack),
		cmocka_unit_test(fibers_start_in_spawn_order),
		cmocka_unit_test(run_with_no_fibers_returns_at_once),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

/* test_boot.c: unit tests of kiln_main: boot arguments and keys, --help, --logs, the exit status, fibers left running. */
#include <errno.h>

#include <kiln/log.h>
#include <kiln/runtime.h>
#include <kiln/time.h>

#include "test_util.h"

KILN_LOG_SRC(log_test, "test", "the boot tests");

static struct kiln_key_slot keys[] = {
	{ "port", KILN_KEY_INT, "8080", "The port to listen on.", { 0 } },
	{ "name", KILN_KEY_STRING, "kiln", "Who to greet.", { 0 } },
	{ "verbose", KILN_KEY_BOOL, "false", "Say more.", { 0 } },
};

/* What the start functions saw, and what fibers they left behind did. */
static struct {
	bool started;
	int64_t port;
	const char *name;
	bool verbose;
	char fiber[32];
	int late_fibers_done;
} seen;

static void record_keys(void)
{
	seen.started = true;
	seen.port = keys[0].value.i;
	seen.name = keys[1].value.s;
	seen.verbose = keys[2].value.b;
	snprintf(seen.fiber, sizeof(seen.fiber), "%s", kiln_fiber_name());
}

static int start_ok(void)
{
	record_keys();
	kiln_log_debug(&log_test, "debug from start");
	return 0;
}

static int start_fails(void)
{
	record_keys();
	return -ENOENT;
}

static int late_fiber(void *arg)
{
	(void)arg;
	kiln_sleep_ns(KILN_MSEC(10));
	seen.late_fibers_done++;
	return 0;
}

/* Returns at once, leaving three fibers that end 10 ms later. */
static int start_spawns(void)
{
	record_keys();
	for (int i = 0; i < 3; i++) {
		int rc = kiln_fiber_spawn(NULL, "late", late_fiber, NULL);
		if (rc < 0)
			return rc;
	}
	return 0;
}

static struct kiln_waitq never_woken;

static int start_blocks_forever(void)
{
	record_keys();
	return kiln_waitq_wait(&never_woken, KILN_FOREVER);
}

/* A boot: its start function, arguments after the program name, and (if not NULL) other keys. */
struct boot_case {
	int (*start)(void);
	const char *args[8];
	struct kiln_key_slot *keys;
	size_t nkeys;
};

/* Runs kiln_main for c in this process and returns its exit status. */
static int boot(const struct boot_case *c)
{
	char *argv[10] = { "unikernel" };
	int argc = 1;
	struct kiln_boot b = { "unikernel", c->keys ? c->keys : keys,
			       c->keys ? c->nkeys : sizeof(keys) / sizeof(keys[0]), c->start };

	while (argc < 9 && c->args[argc - 1]) {
		argv[argc] = (char *)c->args[argc - 1];
		argc++;
	}
	memset(&seen, 0, sizeof(seen));
	return kiln_main(argc, argv, &b);
}

/* For run_in_child: boots, and says on stdout whether the start function ran. */
static int boot_in_child(void *arg)
{
	int status = boot(arg);

	if (seen.started)
		printf("[start ran]\n");
	return status;
}

static struct child_result boot_captured(const struct boot_case *c)
{
	return run_in_child(boot_in_child, (void *)c);
}

static void start_returning_zero_exits_zero(void **state)
{
	struct boot_case c = { start_ok, { NULL }, NULL, 0 };

	(void)state;
	assert_int_equal(boot(&c), 0);
	assert_true(seen.started);
	assert_string_equal(seen.fiber, "main");
	/* Keys not given on the command line have their defaults. */
	assert_int_equal(seen.port, 8080);
	assert_string_equal(seen.name, "kiln");
	assert_false(seen.verbose);
}

static void keys_set_at_boot_are_in_the_slots(void **state)
{
	struct boot_case c = { start_ok, { "--port=9090", "--name", "world", "--verbose", NULL }, NULL, 0 };

	(void)state;
	assert_int_equal(boot(&c), 0);
	assert_int_equal(seen.port, 9090);
	assert_string_equal(seen.name, "world");
	assert_true(seen.verbose);
	assert_int_equal(keys[0].value.i, 9090);
}

static void later_arguments_win(void **state)
{
	struct boot_case c = { start_ok, { "--port", "1", "--verbose", "--port=0x10", "--verbose", "false", NULL },
			       NULL, 0 };

	(void)state;
	assert_int_equal(boot(&c), 0);
	assert_int_equal(seen.port, 16);
	assert_false(seen.verbose);
}

static void fibers_left_by_start_run_to_the_end(void **state)
{
	struct boot_case c = { start_spawns, { NULL }, NULL, 0 };

	(void)state;
	assert_int_equal(boot(&c), 0);
	assert_int_equal(seen.late_fibers_done, 3);
	assert_int_equal(kiln_sched_live(), 0);
}

static void failing_start_exits_one_with_a_message(void **state)
{
	struct boot_case c = { start_fails, { NULL }, NULL, 0 };
	struct child_result r = boot_captured(&c);
	char expected[128];

	(void)state;
	snprintf(expected, sizeof(expected), "unikernel: the start function failed: %s\n", strerror(ENOENT));
	assert_int_equal(r.status, 1);
	assert_contains(r.err, expected);
	assert_contains(r.out, "[start ran]");
	child_result_free(&r);
}

static void fibers_blocked_forever_exit_one(void **state)
{
	struct boot_case c = { start_blocks_forever, { NULL }, NULL, 0 };
	struct child_result r = boot_captured(&c);

	(void)state;
	assert_int_equal(r.status, 1);
	assert_contains(r.err, "unikernel: fibers blocked forever (deadlock)");
	child_result_free(&r);
}

/* Boots c in a child and expects exit status 2, the message on stderr, and no start. */
static void assert_bad_arguments(const struct boot_case *c, const char *message)
{
	struct child_result r = boot_captured(c);

	assert_int_equal(r.status, 2);
	assert_contains(r.err, message);
	assert_null(strstr(r.out, "[start ran]"));
	child_result_free(&r);
}

static void bad_arguments_exit_two(void **state)
{
	const struct { const char *args[4]; const char *message; } bad[] = {
		{ { "--nope=1" }, "unikernel: unknown option '--nope' (try --help)" },
		{ { "--port=abc" }, "unikernel: invalid value 'abc' for --port: expected INT" },
		{ { "--port", "12x" }, "unikernel: invalid value '12x' for --port: expected INT" },
		{ { "--verbose=yes" }, "invalid value 'yes' for --verbose: expected true|false" },
		{ { "--name=x", "--port" }, "unikernel: --port needs a value (INT)" },
		{ { "--logs=loud" }, "unikernel: invalid --logs 'loud'" },
		{ { "--logs=sched:" }, "unikernel: invalid --logs 'sched:'" },
		{ { "--logs" }, "unikernel: invalid --logs ''" },
		{ { "extra" }, "unikernel: unexpected argument 'extra' (try --help)" },
		{ { "-p" }, "unikernel: unexpected argument '-p'" },
	};

	(void)state;
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		struct boot_case c = { start_ok, { bad[i].args[0], bad[i].args[1], bad[i].args[2], NULL }, NULL, 0 };
		assert_bad_arguments(&c, bad[i].message);
	}
}

static void bad_default_exits_two(void **state)
{
	struct kiln_key_slot odd[] = { { "count", KILN_KEY_INT, "many", "How many.", { 0 } } };
	struct boot_case c = { start_ok, { NULL }, odd, 1 };

	(void)state;
	assert_bad_arguments(&c, "unikernel: invalid value 'many' for --count (its default): expected INT");
}

static void help_lists_keys_and_exits_zero(void **state)
{
	struct boot_case c = { start_ok, { "--port=1", "--help" }, NULL, 0 };
	struct child_result r = boot_captured(&c);

	(void)state;
	assert_int_equal(r.status, 0);
	assert_string_equal(r.err, "");
	assert_contains(r.out, "Usage: unikernel [--KEY=VALUE]...");
	for (size_t i = 0; i < sizeof(keys) / sizeof(keys[0]); i++) {
		char line[128];

		snprintf(line, sizeof(line), "  --%s=%s\n      %s (default: %s)\n", keys[i].name,
			 kiln_key_type_metavar(keys[i].type), keys[i].doc, keys[i].default_text);
		assert_contains(r.out, line);
	}
	assert_contains(r.out, "--logs=SRC:LEVEL");
	assert_contains(r.out, "--help");
	assert_null(strstr(r.out, "[start ran]"));
	child_result_free(&r);
}

static void logs_option_sets_levels(void **state)
{
	struct boot_case quiet = { start_ok, { NULL }, NULL, 0 };
	struct boot_case debug = { start_ok, { "--logs=test:debug", NULL }, NULL, 0 };
	struct child_result r = boot_captured(&quiet);

	(void)state;
	assert_int_equal(r.status, 0);
	assert_null(strstr(r.err, "debug from start"));
	child_result_free(&r);
	r = boot_captured(&debug);
	assert_int_equal(r.status, 0);
	assert_contains(r.err, ": DBG [test] debug from start\n");
	child_result_free(&r);
}

static void report_device_error(void *arg)
{
	*(int *)arg = kiln_boot_device_error("block_of_file", -ENOENT);
}

static void device_error_is_logged_and_returned(void **state)
{
	char expected[128];
	int rc = 0;
	char *err = capture_fd(STDERR_FILENO, report_device_error, &rc);

	(void)state;
	snprintf(expected, sizeof(expected), "cannot connect device block_of_file: %s\n", strerror(ENOENT));
	assert_int_equal(rc, -ENOENT);
	assert_contains(err, "ERR [boot] ");
	assert_contains(err, expected);
	free(err);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(start_returning_zero_exits_zero),
		cmocka_unit_test(keys_set_at_boot_are_in_the_slots),
		cmocka_unit_test(later_arguments_win),
		cmocka_unit_test(fibers_left_by_start_run_to_the_end),
		cmocka_unit_test(failing_start_exits_one_with_a_message),
		cmocka_unit_test(fibers_blocked_forever_exit_one),
		cmocka_unit_test(bad_arguments_exit_two),
		cmocka_unit_test(bad_default_exits_two),
		cmocka_unit_test(help_lists_keys_and_exits_zero),
		cmocka_unit_test(logs_option_sets_levels),
		cmocka_unit_test(device_error_is_logged_and_returned),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

/* test_util.h: helpers shared by the runtime's unit tests: event logs, running fibers, capturing output. */
#ifndef KILN_TEST_UTIL_H
#define KILN_TEST_UTIL_H

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cmocka.h>

#include <kiln/fiber.h>

#include "sched.h"

/* A record of what fibers did, in the order they did it, compared with the expected order at the end. */
#define EVENT_LOG_MAX 256

struct event_log {
	int events[EVENT_LOG_MAX];
	size_t n;
};

static inline void event_log_add(struct event_log *log, int event)
{
	if (log->n < EVENT_LOG_MAX)
		log->events[log->n] = event;
	log->n++;
}

static inline void assert_events(const struct event_log *log, const int *expected, size_t n)
{
	assert_int_equal(log->n, n);
	for (size_t i = 0; i < n; i++) {
		if (log->events[i] != expected[i])
			print_error("event %zu: got %d, expected %d\n", i, log->events[i], expected[i]);
		assert_int_equal(log->events[i], expected[i]);
	}
}

#define ASSERT_EVENTS(log, ...) do { \
		const int expected_[] = { __VA_ARGS__ }; \
		assert_events((log), expected_, sizeof(expected_) / sizeof(expected_[0])); \
	} while (0)

/*
 * Spawns fn(arg) as the root fiber "root", runs the scheduler until every fiber
 * ended (which must succeed) and returns the root's result.
 */
static inline int run_root(kiln_fiber_fn fn, void *arg)
{
	struct kiln_fiber *root;
	int result = 0;

	assert_int_equal(kiln_fiber_spawn(&root, "root", fn, arg), 0);
	assert_int_equal(kiln_sched_run(), 0);
	assert_int_equal(kiln_sched_live(), 0);
	assert_int_equal(kiln_fiber_join(root, &result), 0);
	return result;
}

/* One fiber of a test: its body and argument; its result once run_fibers() returned. */
struct fiber_spec {
	kiln_fiber_fn fn;
	void *arg;
	int result;
};

/* Spawns every spec's fiber in order, runs the scheduler until all ended (which must succeed), joins them. */
static inline void run_fibers(struct fiber_spec *specs, size_t n)
{
	struct kiln_fiber *fibers[64];

	assert_true(n <= sizeof(fibers) / sizeof(fibers[0]));
	for (size_t i = 0; i < n; i++)
		assert_int_equal(kiln_fiber_spawn(&fibers[i], "test", specs[i].fn, specs[i].arg), 0);
	assert_int_equal(kiln_sched_run(), 0);
	assert_int_equal(kiln_sched_live(), 0);
	for (size_t i = 0; i < n; i++)
		assert_int_equal(kiln_fiber_join(fibers[i], &specs[i].result), 0);
}

/* Everything fd holds from its start, NUL-terminated (malloc'd; fd is a regular file). */
static inline char *read_whole_fd(int fd)
{
	size_t len = 0, cap = 4096;
	char *buf = malloc(cap);
	ssize_t n;

	assert_non_null(buf);
	assert_int_equal(lseek(fd, 0, SEEK_SET), 0);
	while ((n = read(fd, buf + len, cap - len - 1)) > 0) {
		len += (size_t)n;
		if (cap - len == 1) {
			cap *= 2;
			buf = realloc(buf, cap);
			assert_non_null(buf);
		}
	}
	assert_true(n == 0);
	buf[len] = '\0';
	return buf;
}

/* An anonymous temporary file's descriptor. */
static inline int temp_fd(void)
{
	char path[] = "/tmp/kiln-test.XXXXXX";
	int fd = mkstemp(path);

	assert_true(fd >= 0);
	unlink(path);
	return fd;
}

/* Runs fn(arg) with fd (1 or 2) sent to a temporary file and returns what was written there (malloc'd). */
static inline char *capture_fd(int fd, void (*fn)(void *), void *arg)
{
	int file = temp_fd(), saved;
	char *text;

	fflush(stdout);
	fflush(stderr);
	saved = dup(fd);
	assert_true(saved >= 0);
	assert_true(dup2(file, fd) == fd);
	fn(arg);
	fflush(stdout);
	fflush(stderr);
	assert_true(dup2(saved, fd) == fd);
	close(saved);
	text = read_whole_fd(file);
	close(file);
	return text;
}

/* What a child process run by run_in_child wrote, and how it ended. */
struct child_result {
	int status; /* its exit status, or -1 when it did not exit normally */
	char *out, *err;
};

/* Runs fn(arg) in a child process with stdout and stderr captured; its result is the exit status. */
static inline struct child_result run_in_child(int (*fn)(void *), void *arg)
{
	int out = temp_fd(), err = temp_fd(), status;
	struct child_result r;
	pid_t pid;

	fflush(stdout);
	fflush(stderr);
	pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		int rc;

		dup2(out, STDOUT_FILENO);
		dup2(err, STDERR_FILENO);
		rc = fn(arg);
		fflush(stdout);
		fflush(stderr);
		_exit(rc);
	}
	assert_int_equal(waitpid(pid, &status, 0), pid);
	r.status = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
	r.out = read_whole_fd(out);
	r.err = read_whole_fd(err);
	close(out);
	close(err);
	return r;
}

static inline void child_result_free(struct child_result *r)
{
	free(r->out);
	free(r->err);
}

/* Asserts that haystack contains needle, showing both when it does not. */
static inline void assert_contains(const char *haystack, const char *needle)
{
	if (!strstr(haystack, needle))
		print_error("expected to find \"%s\" in:\n%s\n", needle, haystack);
	assert_non_null(strstr(haystack, needle));
}

#endif

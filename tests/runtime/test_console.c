/* test_console.c: unit tests of the console device: one write per line on stdout, long lines, -EPIPE. */
#include <errno.h>
#include <fcntl.h>
#include <sys/socket.h>

#include <kiln/console.h>

#include "platform.h"
#include "test_util.h"

/* What a call wrote to stdout: the bytes, and in how many write() calls. */
struct console_output {
	char *bytes;
	size_t len;
	int writes;
};

/*
 * Runs fn(arg) with stdout on a SOCK_SEQPACKET socket, where every write() stays
 * one record, and collects the records.
 */
static struct console_output console_capture(void (*fn)(void *), void *arg)
{
	struct console_output out = { malloc(1 << 17), 0, 0 };
	int sv[2], saved;
	ssize_t n;

	assert_non_null(out.bytes);
	assert_int_equal(socketpair(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0, sv), 0);
	fflush(stdout);
	saved = dup(STDOUT_FILENO);
	assert_true(dup2(sv[0], STDOUT_FILENO) == STDOUT_FILENO);
	fn(arg);
	assert_true(dup2(saved, STDOUT_FILENO) == STDOUT_FILENO);
	close(saved);
	close(sv[0]);
	while ((n = recv(sv[1], out.bytes + out.len, (1 << 17) - out.len, MSG_DONTWAIT)) > 0) {
		out.len += (size_t)n;
		out.writes++;
	}
	close(sv[1]);
	return out;
}

/* A console call: log(text), logf("%s", text), or write(text, len) (raw). */
enum call_kind { CALL_LOG, CALL_LOGF, CALL_WRITE };

struct console_call {
	enum call_kind kind;
	const char *text;
	size_t len;
	int rc;
};

static void call_console(void *arg)
{
	struct console_call *c = arg;
	struct kiln_console *console;

	assert_int_equal(kiln_console_connect_default(&console), 0);
	switch (c->kind) {
	case CALL_LOG:
		c->rc = kiln_console_log(console, c->text);
		break;
	case CALL_LOGF:
		c->rc = kiln_console_logf(console, "%s", c->text);
		break;
	case CALL_WRITE:
		c->rc = kiln_console_write(console, c->text, c->len);
		break;
	}
}

/* Asserts that the call wrote exactly text and a newline, in one write. */
static void assert_one_line(enum call_kind kind, const char *text)
{
	struct console_call c = { kind, text, 0, -1 };
	struct console_output out = console_capture(call_console, &c);
	size_t len = strlen(text);

	assert_int_equal(c.rc, 0);
	assert_int_equal(out.writes, 1);
	assert_int_equal(out.len, len + 1);
	assert_memory_equal(out.bytes, text, len);
	assert_int_equal(out.bytes[len], '\n');
	free(out.bytes);
}

static void log_writes_one_line(void **state)
{
	(void)state;
	assert_one_line(CALL_LOG, "hello");
	assert_one_line(CALL_LOGF, "hello");
	assert_one_line(CALL_LOG, "");
	/* log takes its text literally, not as a format. */
	assert_one_line(CALL_LOG, "100% sure %s %d");
}

static void logf_mixed(void *arg)
{
	struct kiln_console *console;

	kiln_console_connect_default(&console);
	*(int *)arg = kiln_console_logf(console, "%s-%d-%c-%05.1f", "a", 42, 'z', 3.5);
}

static void logf_formats_like_printf(void **state)
{
	int rc = -1;
	struct console_output out = console_capture(logf_mixed, &rc);
	const char expected[] = "a-42-z-003.5\n";

	(void)state;
	assert_int_equal(rc, 0);
	assert_int_equal(out.writes, 1);
	assert_int_equal(out.len, strlen(expected));
	assert_memory_equal(out.bytes, expected, out.len);
	free(out.bytes);
}

/* A string of n characters cycling through the alphabet (malloc'd). */
static char *line_of(size_t n)
{
	char *s = malloc(n + 1);

	assert_non_null(s);
	for (size_t i = 0; i < n; i++)
		s[i] = (char)('a' + i % 26);
	s[n] = '\0';
	return s;
}

static void long_lines_are_whole(void **state)
{
	const size_t lengths[] = { 1, 253, 254, 255, 256, 257, 300, 1000, 5000, 60000 };

	(void)state;
	for (size_t i = 0; i < sizeof(lengths) / sizeof(lengths[0]); i++) {
		char *text = line_of(lengths[i]);
		assert_one_line(CALL_LOG, text);
		assert_one_line(CALL_LOGF, text);
		free(text);
	}
}

static void write_is_raw(void **state)
{
	const char raw[] = { 'a', '\0', 'b', '\n', 'c' };
	struct console_call c = { CALL_WRITE, raw, sizeof(raw), -1 };
	struct console_output out = console_capture(call_console, &c);

	(void)state;
	assert_int_equal(c.rc, 0);
	assert_int_equal(out.len, sizeof(raw));
	assert_memory_equal(out.bytes, raw, sizeof(raw));
	free(out.bytes);
}

static void default_console_is_one_handle(void **state)
{
	struct kiln_console *a = NULL, *b = NULL;

	(void)state;
	assert_int_equal(kiln_console_connect_default(&a), 0);
	assert_int_equal(kiln_console_connect_default(&b), 0);
	assert_non_null(a);
	assert_ptr_equal(a, b);
}

/* Runs the call with stdout on a pipe whose reader is gone; returns its result. */
static int call_on_closed_pipe(struct console_call *c)
{
	int p[2], saved;

	assert_int_equal(pipe2(p, O_CLOEXEC), 0);
	close(p[0]);
	fflush(stdout);
	saved = dup(STDOUT_FILENO);
	assert_true(dup2(p[1], STDOUT_FILENO) == STDOUT_FILENO);
	call_console(c);
	assert_true(dup2(saved, STDOUT_FILENO) == STDOUT_FILENO);
	close(saved);
	close(p[1]);
	return c->rc;
}

static void closed_stdout_is_epipe(void **state)
{
	char *long_text = line_of(1000);
	struct console_call calls[] = { { CALL_LOG, "short", 0, 0 }, { CALL_LOGF, long_text, 0, 0 },
					{ CALL_WRITE, "raw", 3, 0 } };

	(void)state;
	assert_int_equal(kiln_plat_init(), 0); /* ignores SIGPIPE, which would end this program */
	for (size_t i = 0; i < sizeof(calls) / sizeof(calls[0]); i++)
		assert_int_equal(call_on_closed_pipe(&calls[i]), -EPIPE);
	free(long_text);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(log_writes_one_line),
		cmocka_unit_test(logf_formats_like_printf),
		cmocka_unit_test(long_lines_are_whole),
		cmocka_unit_test(write_is_raw),
		cmocka_unit_test(default_console_is_one_handle),
		cmocka_unit_test(closed_stdout_is_epipe),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

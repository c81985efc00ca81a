/* test_log.c: unit tests of logging: --logs specs, which levels are enabled, and the line format on stderr. */
#include <errno.h>
#include <regex.h>
#include <time.h>

#include <kiln/log.h>

#include "test_util.h"

KILN_LOG_SRC(log_test, "test", "the unit tests");

/* The most verbose level a source called name (resolved afresh) logs at, or KILN_LOG_QUIET. */
static enum kiln_log_level level_of(const char *name)
{
	struct kiln_log_src src = { name, "", 0, KILN_LOG_INFO };

	for (int level = KILN_LOG_DEBUG; level > KILN_LOG_QUIET; level--) {
		if (kiln_log_enabled(&src, (enum kiln_log_level)level))
			return (enum kiln_log_level)level;
	}
	return KILN_LOG_QUIET;
}

static int reset_spec(void **state)
{
	(void)state;
	return kiln_log_set_spec("*:info");
}

static void accepts_valid_specs(void **state)
{
	const char *valid[] = { "*:debug", "sched:warning,*:info", "debug", "quiet", "*:app",
				"a:app,b:error,c:warning,d:info,e:debug,f:quiet" };

	(void)state;
	for (size_t i = 0; i < sizeof(valid) / sizeof(valid[0]); i++) {
		if (kiln_log_set_spec(valid[i]) != 0)
			print_error("rejected \"%s\"\n", valid[i]);
		assert_int_equal(kiln_log_set_spec(valid[i]), 0);
	}
}

/* n items "sN:info" joined by commas (malloc'd). */
static char *many_items(size_t n)
{
	char *spec = malloc(n * 16 + 1);
	size_t len = 0;

	assert_non_null(spec);
	spec[0] = '\0';
	for (size_t i = 0; i < n; i++)
		len += (size_t)sprintf(spec + len, "%ss%zu:info", i ? "," : "", i);
	return spec;
}

static void rejects_malformed_specs_and_keeps_the_last(void **state)
{
	const char *malformed[] = { "", "x:", ":debug", "a:loud", "debug,", ",debug", "a:b:c", "*:DEBUG",
				    "loud", "a:debug,,b:info", " debug" };
	char *too_many = many_items(1000);

	(void)state;
	assert_int_equal(kiln_log_set_spec("sched:error,*:debug,net:warning"), 0);
	for (size_t i = 0; i < sizeof(malformed) / sizeof(malformed[0]); i++) {
		if (kiln_log_set_spec(malformed[i]) != -EINVAL)
			print_error("accepted \"%s\"\n", malformed[i]);
		assert_int_equal(kiln_log_set_spec(malformed[i]), -EINVAL);
	}
	assert_int_equal(kiln_log_set_spec(too_many), -EINVAL);
	free(too_many);
	/* The spec in force is still the last one accepted. */
	assert_int_equal(level_of("sched"), KILN_LOG_DEBUG);
	assert_int_equal(level_of("net"), KILN_LOG_WARNING);
	assert_int_equal(level_of("other"), KILN_LOG_DEBUG);
}

static void a_few_items_are_not_too_many(void **state)
{
	char *spec = many_items(8);

	(void)state;
	assert_int_equal(kiln_log_set_spec(spec), 0);
	free(spec);
	assert_int_equal(level_of("s7"), KILN_LOG_INFO);
}

static void latest_matching_rule_wins(void **state)
{
	(void)state;
	assert_int_equal(kiln_log_set_spec("*:debug,sched:error"), 0);
	assert_int_equal(level_of("sched"), KILN_LOG_ERROR);
	assert_int_equal(level_of("net"), KILN_LOG_DEBUG);

	assert_int_equal(kiln_log_set_spec("sched:error,*:debug"), 0);
	assert_int_equal(level_of("sched"), KILN_LOG_DEBUG);

	assert_int_equal(kiln_log_set_spec("sched:debug,net:app,sched:quiet"), 0);
	assert_int_equal(level_of("sched"), KILN_LOG_QUIET);
	assert_int_equal(level_of("net"), KILN_LOG_APP);

	/* A bare level is "*:level". */
	assert_int_equal(kiln_log_set_spec("warning"), 0);
	assert_int_equal(level_of("anything"), KILN_LOG_WARNING);
}

static void unmatched_source_logs_at_info(void **state)
{
	(void)state;
	assert_int_equal(kiln_log_set_spec("net:debug"), 0);
	assert_int_equal(level_of("sched"), KILN_LOG_INFO);
	assert_int_equal(level_of("net"), KILN_LOG_DEBUG);
	/* Names match whole, not by prefix. */
	assert_int_equal(level_of("network"), KILN_LOG_INFO);
}

static void a_new_spec_applies_to_sources_already_used(void **state)
{
	(void)state;
	assert_true(kiln_log_enabled(&log_test, KILN_LOG_INFO));
	assert_int_equal(kiln_log_set_spec("test:error"), 0);
	assert_false(kiln_log_enabled(&log_test, KILN_LOG_INFO));
	assert_true(kiln_log_enabled(&log_test, KILN_LOG_ERROR));
	assert_int_equal(kiln_log_set_spec("test:debug"), 0);
	assert_true(kiln_log_enabled(&log_test, KILN_LOG_DEBUG));
}

static void quiet_is_never_a_message_level(void **state)
{
	(void)state;
	assert_int_equal(kiln_log_set_spec("*:debug"), 0);
	assert_false(kiln_log_enabled(&log_test, KILN_LOG_QUIET));
	assert_int_equal(kiln_log_set_spec("*:quiet"), 0);
	assert_false(kiln_log_enabled(&log_test, KILN_LOG_APP));
}

/* One call of kiln_log_msg (or of the level's macro, when via_macro), for capture_fd. */
struct log_call {
	struct kiln_log_src *src;
	enum kiln_log_level level;
	const char *text;
	bool via_macro;
};

static void call_log(void *arg)
{
	const struct log_call *c = arg;

	if (!c->via_macro) {
		kiln_log_msg(c->src, c->level, "%s", c->text);
		return;
	}
	switch (c->level) {
	case KILN_LOG_APP: kiln_log_app(c->src, "%s", c->text); break;
	case KILN_LOG_ERROR: kiln_log_err(c->src, "%s", c->text); break;
	case KILN_LOG_WARNING: kiln_log_warn(c->src, "%s", c->text); break;
	case KILN_LOG_INFO: kiln_log_info(c->src, "%s", c->text); break;
	default: kiln_log_debug(c->src, "%s", c->text); break;
	}
}

/* What logging text at level on src writes to stderr (malloc'd). */
static char *logged(struct kiln_log_src *src, enum kiln_log_level level, const char *text, bool via_macro)
{
	struct log_call c = { src, level, text, via_macro };

	return capture_fd(STDERR_FILENO, call_log, &c);
}

/* "YYYY-MM-DD HH:MM" of a POSIX time, in UTC. */
static void minute_of(time_t t, char out[32])
{
	struct tm tm;

	gmtime_r(&t, &tm);
	strftime(out, 32, "%Y-%m-%d %H:%M", &tm);
}

static void line_format(void **state)
{
	const char *pattern = "^[0-9]{4}-[0-9]{2}-[0-9]{2} [0-9]{2}:[0-9]{2}\\.[0-9]{2}: INF \\[test\\] hello 42\n$";
	char before[32], after[32];
	regex_t re;
	char *line;

	(void)state;
	assert_int_equal(regcomp(&re, pattern, REG_EXTENDED | REG_NOSUB), 0);
	minute_of(time(NULL), before);
	line = logged(&log_test, KILN_LOG_INFO, "hello 42", false);
	minute_of(time(NULL), after);
	if (regexec(&re, line, 0, NULL, 0) != 0)
		print_error("line: \"%s\"\n", line);
	assert_int_equal(regexec(&re, line, 0, NULL, 0), 0);
	/* The date is the wall clock's, in UTC (either side of a minute change). */
	assert_true(strncmp(line, before, 16) == 0 || strncmp(line, after, 16) == 0);
	regfree(&re);
	free(line);
}

static void level_tags(void **state)
{
	const struct { enum kiln_log_level level; const char *tag; } tags[] = {
		{ KILN_LOG_APP, ": APP [test] x\n" }, { KILN_LOG_ERROR, ": ERR [test] x\n" },
		{ KILN_LOG_WARNING, ": WRN [test] x\n" }, { KILN_LOG_INFO, ": INF [test] x\n" },
		{ KILN_LOG_DEBUG, ": DBG [test] x\n" },
	};

	(void)state;
	for (size_t i = 0; i < sizeof(tags) / sizeof(tags[0]); i++) {
		char *line = logged(&log_test, tags[i].level, "x", false);
		/* After the 19-character date. */
		assert_true(strlen(line) > 19);
		assert_string_equal(line + 19, tags[i].tag);
		free(line);
	}
}

static void macros_log_only_enabled_levels(void **state)
{
	char *line;

	(void)state;
	assert_int_equal(kiln_log_set_spec("test:warning"), 0);
	line = logged(&log_test, KILN_LOG_INFO, "hidden", true);
	assert_string_equal(line, "");
	free(line);
	line = logged(&log_test, KILN_LOG_DEBUG, "hidden", true);
	assert_string_equal(line, "");
	free(line);
	line = logged(&log_test, KILN_LOG_WARNING, "shown", true);
	assert_contains(line, ": WRN [test] shown\n");
	free(line);
	line = logged(&log_test, KILN_LOG_APP, "app", true);
	assert_contains(line, ": APP [test] app\n");
	free(line);
}

/* A string of n copies of c (malloc'd). */
static char *repeated(char c, size_t n)
{
	char *s = malloc(n + 1);

	assert_non_null(s);
	memset(s, c, n);
	s[n] = '\0';
	return s;
}

/* line is one line, ending in "...\n" right after a run of c. */
static void assert_truncated_line(const char *line, char c)
{
	size_t len = strlen(line);

	assert_true(len > 4);
	assert_ptr_equal(strchr(line, '\n'), line + len - 1);
	assert_string_equal(line + len - 4, "...\n");
	assert_int_equal(line[len - 5], c);
}

/* The message part of a line logged by log_test (after "[test] "). */
static const char *message_of(const char *line)
{
	const char *msg = strstr(line, "[test] ");

	assert_non_null(msg);
	return msg + strlen("[test] ");
}

static void long_message_is_truncated(void **state)
{
	char *text = repeated('m', 5000);
	char *line = logged(&log_test, KILN_LOG_INFO, text, false);
	const char *msg;

	(void)state;
	assert_truncated_line(line, 'm');
	assert_true(strlen(line) < 5000);
	/* What is kept of the message is its beginning, up to the "...". */
	msg = message_of(line);
	assert_int_equal(strspn(msg, "m"), strlen(msg) - 4);
	free(line);
	free(text);
}

static void medium_message_is_whole(void **state)
{
	char *text = repeated('k', 700);
	char *line = logged(&log_test, KILN_LOG_INFO, text, false);
	const char *msg = message_of(line);

	(void)state;
	assert_int_equal(strlen(msg), 701);
	assert_memory_equal(msg, text, 700);
	assert_int_equal(msg[700], '\n');
	free(line);
	free(text);
}

/* Around the line limit (a kilobyte), every line is either whole or cut to exactly the longest whole line. */
static void truncation_boundary(void **state)
{
	size_t longest_whole = 0, cut_len = 0;

	(void)state;
	for (size_t len = 900; len <= 1100; len++) {
		char *text = repeated('b', len);
		char *line = logged(&log_test, KILN_LOG_INFO, text, false);
		size_t line_len = strlen(line);

		if (strlen(message_of(line)) == len + 1) {
			assert_int_equal(cut_len, 0); /* no whole line after a cut one */
			assert_int_equal(line[line_len - 1], '\n');
			longest_whole = line_len;
		} else {
			assert_truncated_line(line, 'b');
			assert_int_equal(line_len, cut_len ? cut_len : line_len);
			cut_len = line_len;
		}
		free(line);
		free(text);
	}
	assert_true(longest_whole > 0);
	assert_int_equal(cut_len, longest_whole);
}

static void long_source_name_is_truncated(void **state)
{
	char *name = repeated('n', 1500);
	struct kiln_log_src src = { name, "", 0, KILN_LOG_INFO };
	char *line = logged(&src, KILN_LOG_INFO, "after the name", false);

	(void)state;
	assert_truncated_line(line, 'n');
	free(line);
	free(name);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_teardown(accepts_valid_specs, reset_spec),
		cmocka_unit_test_teardown(rejects_malformed_specs_and_keeps_the_last, reset_spec),
		cmocka_unit_test_teardown(a_few_items_are_not_too_many, reset_spec),
		cmocka_unit_test_teardown(latest_matching_rule_wins, reset_spec),
		cmocka_unit_test_teardown(unmatched_source_logs_at_info, reset_spec),
		cmocka_unit_test_teardown(a_new_spec_applies_to_sources_already_used, reset_spec),
		cmocka_unit_test_teardown(quiet_is_never_a_message_level, reset_spec),
		cmocka_unit_test_teardown(line_format, reset_spec),
		cmocka_unit_test_teardown(level_tags, reset_spec),
		cmocka_unit_test_teardown(macros_log_only_enabled_levels, reset_spec),
		cmocka_unit_test_teardown(long_message_is_truncated, reset_spec),
		cmocka_unit_test_teardown(medium_message_is_whole, reset_spec),
		cmocka_unit_test_teardown(truncation_boundary, reset_spec),
		cmocka_unit_test_teardown(long_source_name_is_truncated, reset_spec),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

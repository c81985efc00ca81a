/* test_log_date.c: unit tests of the log line's date, with the platform's wall clock and log output faked. */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include <cmocka.h>

#include <kiln/log.h>

#include "platform.h"

/*
 * This program defines the two platform functions log.c calls, so the linker takes
 * these instead of the unix platform's (nothing here needs anything else of it).
 * It includes no fiber helpers for that reason.
 */
static struct {
	int64_t sec;
	int wall_error;
	char line[2048];
	size_t len;
} fake;

int kiln_plat_wall(int64_t *sec, uint32_t *nsec)
{
	if (fake.wall_error)
		return fake.wall_error;
	*sec = fake.sec;
	*nsec = 999999999;
	return 0;
}

void kiln_plat_log_write(const char *buf, size_t len)
{
	assert_true(len < sizeof(fake.line));
	memcpy(fake.line, buf, len);
	fake.line[len] = '\0';
	fake.len = len;
}

KILN_LOG_SRC(log_date, "date", "the date tests");

/* The date part of the line logged at POSIX time sec. */
static const char *date_logged_at(int64_t sec, char out[32])
{
	fake.sec = sec;
	kiln_log_msg(&log_date, KILN_LOG_INFO, "at %lld", (long long)sec);
	assert_true(fake.len > 19);
	memcpy(out, fake.line, 19);
	out[19] = '\0';
	return out;
}

/* The same date from the C library: "YYYY-MM-DD HH:MM.SS" in UTC. */
static const char *libc_date(int64_t sec, char out[32])
{
	time_t t = (time_t)sec;
	struct tm tm;

	assert_non_null(gmtime_r(&t, &tm));
	strftime(out, 32, "%Y-%m-%d %H:%M.%S", &tm);
	return out;
}

static void known_dates(void **state)
{
	const struct { int64_t sec; const char *date; } known[] = {
		{ 0, "1970-01-01 00:00.00" },
		{ -1, "1969-12-31 23:59.59" },
		{ 86399, "1970-01-01 23:59.59" },
		{ 86400, "1970-01-02 00:00.00" },
		{ 951782400, "2000-02-29 00:00.00" },
		{ 951868799, "2000-02-29 23:59.59" },
		{ 4107542400, "2100-03-01 00:00.00" },
		{ 1700000000, "2023-11-14 22:13.20" },
		{ -2208988800, "1900-01-01 00:00.00" },
	};
	char got[32];

	(void)state;
	for (size_t i = 0; i < sizeof(known) / sizeof(known[0]); i++)
		assert_string_equal(date_logged_at(known[i].sec, got), known[i].date);
}

/* Many times from 1900 to 2200, in steps that hit every hour, minute and second, agree with gmtime. */
static void dates_agree_with_gmtime(void **state)
{
	char got[32], want[32];

	(void)state;
	for (int64_t sec = -2208988800; sec < 7258118400; sec += 7777777) {
		for (int64_t d = 0; d < 3; d++)
			assert_string_equal(date_logged_at(sec + d * 86399, got), libc_date(sec + d * 86399, want));
	}
}

static void rest_of_the_line(void **state)
{
	char got[32];

	(void)state;
	date_logged_at(0, got);
	assert_string_equal(fake.line, "1970-01-01 00:00.00: INF [date] at 0\n");
}

static void broken_wall_clock_logs_the_epoch(void **state)
{
	char got[32];

	(void)state;
	fake.wall_error = -EIO;
	assert_string_equal(date_logged_at(1700000000, got), "1970-01-01 00:00.00");
	fake.wall_error = 0;
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(known_dates),
		cmocka_unit_test(dates_agree_with_gmtime),
		cmocka_unit_test(rest_of_the_line),
		cmocka_unit_test(broken_wall_clock_logs_the_epoch),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

/* log.c: log sources, the --logs level spec, and the "date: LVL [src] message" line format. */
#include <errno.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <kiln/log.h>

#include "platform.h"

#define MAX_RULES 32
#define MAX_NAME 32

struct log_rule {
	char src[MAX_NAME]; /* "*" matches every source */
	enum kiln_log_level level;
};

static struct {
	struct log_rule rules[MAX_RULES];
	size_t nrules;
	unsigned generation; /* bumped by every spec, so sources re-resolve lazily */
} spec = { { { "*", KILN_LOG_INFO } }, 1, 1 };

static const char *const level_names[] = { "quiet", "app", "error", "warning", "info", "debug" };
static const char *const level_tags[] = { "", "APP", "ERR", "WRN", "INF", "DBG" };

static int parse_level(const char *s, size_t len, enum kiln_log_level *out)
{
	for (size_t i = 0; i < sizeof(level_names) / sizeof(level_names[0]); i++) {
		if (strlen(level_names[i]) == len && strncmp(level_names[i], s, len) == 0) {
			*out = (enum kiln_log_level)i;
			return 0;
		}
	}
	return -EINVAL;
}

/* Parses one "src:level" (or a bare "level", meaning "*:level") item of length len. */
static int parse_rule(const char *item, size_t len, struct log_rule *out)
{
	const char *colon = memchr(item, ':', len);
	const char *src = "*";
	size_t src_len = 1;

	if (colon) {
		src = item;
		src_len = (size_t)(colon - item);
		len -= src_len + 1;
		item = colon + 1;
	}
	if (src_len == 0 || src_len >= MAX_NAME)
		return -EINVAL;
	memcpy(out->src, src, src_len);
	out->src[src_len] = '\0';
	return parse_level(item, len, &out->level);
}

int kiln_log_set_spec(const char *text)
{
	struct log_rule rules[MAX_RULES];
	size_t n = 0;
	const char *p = text;

	for (;;) {
		size_t len = strcspn(p, ",");
		if (n == MAX_RULES || parse_rule(p, len, &rules[n]) < 0)
			return -EINVAL;
		n++;
		if (p[len] == '\0')
			break;
		p += len + 1;
	}
	memcpy(spec.rules, rules, n * sizeof(rules[0]));
	spec.nrules = n;
	spec.generation++;
	return 0;
}

static enum kiln_log_level resolve(const char *name)
{
	enum kiln_log_level level = KILN_LOG_INFO;

	for (size_t i = 0; i < spec.nrules; i++) {
		if (strcmp(spec.rules[i].src, "*") == 0 || strcmp(spec.rules[i].src, name) == 0)
			level = spec.rules[i].level;
	}
	return level;
}

int kiln_log_enabled(struct kiln_log_src *src, enum kiln_log_level level)
{
	if (src->generation != spec.generation) {
		src->level = resolve(src->name);
		src->generation = spec.generation;
	}
	return level != KILN_LOG_QUIET && level <= src->level;
}

/* Converts days since 1970-01-01 to a civil date (proleptic Gregorian). */
static void civil_from_days(int64_t z, int *y, unsigned *m, unsigned *d)
{
	z += 719468;
	int64_t era = (z >= 0 ? z : z - 146096) / 146097;
	unsigned doe = (unsigned)(z - era * 146097);
	unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	unsigned mp = (5 * doy + 2) / 153;

	*d = doy - (153 * mp + 2) / 5 + 1;
	*m = mp < 10 ? mp + 3 : mp - 9;
	*y = (int)(yoe + era * 400 + (*m <= 2));
}

/* Formats "YYYY-MM-DD HH:MM.SS" (the MirageOS log date) into buf. */
static int format_date(char *buf, size_t size)
{
	int64_t sec = 0;
	uint32_t nsec;
	int y;
	unsigned mo, d;

	if (kiln_plat_wall(&sec, &nsec) < 0)
		sec = 0;
	int64_t days = sec / 86400, rem = sec % 86400;
	if (rem < 0) {
		rem += 86400;
		days--;
	}
	civil_from_days(days, &y, &mo, &d);
	return snprintf(buf, size, "%04d-%02u-%02u %02d:%02d.%02d", y, mo, d,
			(int)(rem / 3600), (int)(rem / 60 % 60), (int)(rem % 60));
}

void kiln_log_msg(struct kiln_log_src *src, enum kiln_log_level level, const char *fmt, ...)
{
	char line[1024];
	size_t cap = sizeof(line) - 1; /* room kept for the newline */
	size_t n = (size_t)format_date(line, cap);
	va_list ap;

	n += (size_t)snprintf(line + n, cap - n, ": %s [%s] ", level_tags[level], src->name);
	/* A source name can fill the line by itself: then there is no room for the message. */
	if (n < cap) {
		va_start(ap, fmt);
		int m = vsnprintf(line + n, cap - n, fmt, ap);
		va_end(ap);
		n += m > 0 ? (size_t)m : 0;
	}
	if (n >= cap) {
		n = cap - 1;
		memcpy(line + n - 3, "...", 3);
	}
	line[n++] = '\n';
	kiln_plat_log_write(line, n);
}

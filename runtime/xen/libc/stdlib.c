/* stdlib.c (kiln-xen libc): strtol and friends, atoi, exit and abort. */
#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <stdbool.h>
#include <stdlib.h>

#include "../../platform.h"
#include "../shutdown.h"

static int digit_value(int c)
{
	if (isdigit(c))
		return c - '0';
	if (isalpha(c))
		return tolower(c) - 'a' + 10;
	return 36;
}

/*
 * The common part of the strto* functions: blanks, a sign, the base's prefix and digits.
 * Returns the magnitude, clamped to limit (limit_neg when negative) with errno = ERANGE.
 */
static unsigned long long parse(const char *s, char **end, int base, bool *negative,
				unsigned long long limit, unsigned long long limit_neg)
{
	const char *p = s;
	unsigned long long v = 0, max;
	bool any = false, overflow = false;

	if (base < 0 || base == 1 || base > 36) {
		errno = EINVAL;
		goto out;
	}
	while (isspace((unsigned char)*p))
		p++;
	*negative = *p == '-';
	if (*p == '-' || *p == '+')
		p++;
	if ((base == 0 || base == 16) && p[0] == '0' && (p[1] | 0x20) == 'x' && isxdigit((unsigned char)p[2])) {
		p += 2;
		base = 16;
	} else if (base == 0) {
		base = p[0] == '0' ? 8 : 10;
	}
	max = *negative ? limit_neg : limit;
	for (int d; (d = digit_value((unsigned char)*p)) < base; p++) {
		any = true;
		if (v > (max - (unsigned)d) / (unsigned)base)
			overflow = true;
		else
			v = v * (unsigned)base + (unsigned)d;
	}
	if (overflow) {
		errno = ERANGE;
		v = max;
	}
out:
	if (end)
		*end = (char *)(any ? p : s);
	return any ? v : 0;
}

long long strtoll(const char *s, char **end, int base)
{
	bool negative = false;
	unsigned long long v = parse(s, end, base, &negative, LLONG_MAX, (unsigned long long)LLONG_MAX + 1);

	return negative ? (long long)(0 - v) : (long long)v;
}

long strtol(const char *s, char **end, int base)
{
	return strtoll(s, end, base); /* long is long long's size here (LP64) */
}

unsigned long long strtoull(const char *s, char **end, int base)
{
	bool negative = false;
	unsigned long long v = parse(s, end, base, &negative, ULLONG_MAX, ULLONG_MAX);

	return negative ? 0 - v : v;
}

unsigned long strtoul(const char *s, char **end, int base)
{
	return strtoull(s, end, base);
}

int atoi(const char *s)
{
	return (int)strtol(s, NULL, 10);
}

void exit(int status)
{
	kiln_xen_shutdown(status);
}

void abort(void)
{
	static const char msg[] = "kiln: abort() called\n";

	kiln_plat_console_write(msg, sizeof(msg) - 1);
	kiln_xen_crash();
}

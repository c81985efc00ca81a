/* config_error.c: configuration errors with the file and line of config.c that caused them. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "config_internal.h"

static int nerrors;

void config_error(const char *file, int line, const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "%s:%d: error: ", file, line);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	nerrors++;
}

int config_errors(void)
{
	return nerrors;
}

void *config_alloc(size_t size)
{
	void *p = calloc(1, size ? size : 1);

	if (!p) {
		fputs("kiln configure: out of memory\n", stderr);
		exit(1);
	}
	return p;
}

char *config_strdup(const char *s)
{
	size_t n = strlen(s) + 1;

	return memcpy(config_alloc(n), s, n);
}

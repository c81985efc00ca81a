/* config_error.c: configuration errors with the file and line of config.c that caused them. */
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "config_internal.h"

static int nerrors;

/* Every object config.c makes lives until the program ends. They stay linked from here, so a
 * leak checker (the sanitizer builds run config.c under LeakSanitizer) sees them as reachable. */
struct config_block {
	struct config_block *next;
	max_align_t data[];
};
static struct config_block *blocks;

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
	struct config_block *b = calloc(1, sizeof(*b) + size);

	if (!b) {
		fputs("kiln configure: out of memory\n", stderr);
		exit(1);
	}
	b->next = blocks;
	blocks = b;
	return b->data;
}

char *config_strdup(const char *s)
{
	size_t n = strlen(s) + 1;

	return memcpy(config_alloc(n), s, n);
}

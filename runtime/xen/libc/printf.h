/* printf.h (kiln-xen libc, internal): the formatter behind vsnprintf and the stdio functions. */
#ifndef KILN_XEN_LIBC_PRINTF_H
#define KILN_XEN_LIBC_PRINTF_H

#include <stdarg.h>
#include <stddef.h>

/*
 * Where formatted output goes: buf (size bytes, not owned) fills up; then flush, if set,
 * takes the buffered bytes and the buffer starts over; without flush, the rest is cut.
 */
struct fmt_sink {
	char *buf;
	size_t size;
	size_t len;                  /* bytes in buf now */
	size_t total;                /* bytes the whole output has, cut or not */
	int (*flush)(const void *buf, size_t len); /* 0 or -errno */
	int error;                   /* the first flush error, or 0 */
};

/* Formats fmt with ap into sink (printf's conversions; see stdio.h). Returns sink->total. */
size_t fmt_format(struct fmt_sink *sink, const char *fmt, va_list ap);

/* Hands what sink->buf holds to sink->flush (when set). */
void fmt_flush(struct fmt_sink *sink);

#endif

/* stdio.c (kiln-xen libc): stdout and stderr over the platform console, and the printing functions. */
#include <stdio.h>
#include <string.h>

#include "../../platform.h"
#include "printf.h"

/* Both streams write to the console; there is no buffering to flush. */
struct kiln_xen_file {
	int unused;
};

static struct kiln_xen_file console_file;
FILE *const stdout = &console_file;
FILE *const stderr = &console_file;

int vfprintf(FILE *restrict f, const char *restrict fmt, va_list ap)
{
	char buf[256];
	struct fmt_sink sink = { buf, sizeof(buf), 0, 0, kiln_plat_console_write, 0 };

	(void)f;
	fmt_format(&sink, fmt, ap);
	fmt_flush(&sink);
	return sink.error ? EOF : (int)sink.total;
}

int fprintf(FILE *restrict f, const char *restrict fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vfprintf(f, fmt, ap);
	va_end(ap);
	return n;
}

int vprintf(const char *restrict fmt, va_list ap)
{
	return vfprintf(stdout, fmt, ap);
}

int printf(const char *restrict fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vfprintf(stdout, fmt, ap);
	va_end(ap);
	return n;
}

int fputs(const char *restrict s, FILE *restrict f)
{
	(void)f;
	return kiln_plat_console_write(s, strlen(s)) < 0 ? EOF : 0;
}

int puts(const char *s)
{
	return printf("%s\n", s) < 0 ? EOF : 0;
}

int fputc(int c, FILE *f)
{
	unsigned char ch = (unsigned char)c;

	(void)f;
	return kiln_plat_console_write(&ch, 1) < 0 ? EOF : ch;
}

int putc(int c, FILE *f)
{
	return fputc(c, f);
}

int putchar(int c)
{
	return fputc(c, stdout);
}

int fflush(FILE *f)
{
	(void)f;
	return 0;
}

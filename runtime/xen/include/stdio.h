/* stdio.h (kiln-xen libc): formatted output; stdout and stderr both write to the console. */
#ifndef KILN_XEN_STDIO_H
#define KILN_XEN_STDIO_H

#include <stdarg.h>
#include <stddef.h>

#define EOF (-1)

typedef struct kiln_xen_file FILE;
extern FILE *const stdout;
extern FILE *const stderr;

/* Formats (d i u x X o c s p %, flags - 0 + space #, width, precision, hh h l ll z j t) into buf,
 * NUL-terminated within size; returns the length the whole output would have. */
int vsnprintf(char *restrict buf, size_t size, const char *restrict fmt, va_list ap);
int snprintf(char *restrict buf, size_t size, const char *restrict fmt, ...)
	__attribute__((format(printf, 3, 4)));

int vfprintf(FILE *restrict f, const char *restrict fmt, va_list ap);
int fprintf(FILE *restrict f, const char *restrict fmt, ...) __attribute__((format(printf, 2, 3)));
int vprintf(const char *restrict fmt, va_list ap);
int printf(const char *restrict fmt, ...) __attribute__((format(printf, 1, 2)));

int fputs(const char *restrict s, FILE *restrict f);
int puts(const char *s);
int fputc(int c, FILE *f);
int putc(int c, FILE *f);
int putchar(int c);
/* Output is unbuffered: there is nothing to flush. */
int fflush(FILE *f);

#endif

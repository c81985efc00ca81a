/* printf.c (kiln-xen libc): the printf formatter (conversions, flags, width, precision) and vsnprintf. */
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "printf.h"

struct spec {
	bool left;      /* '-' */
	bool zero;      /* '0' */
	bool plus;      /* '+' */
	bool space;     /* ' ' */
	bool alt;       /* '#' */
	int width;      /* 0: none */
	int precision;  /* -1: none */
	int length;     /* in bytes of the argument: 1, 2, 4 or 8 */
};

void fmt_flush(struct fmt_sink *sink)
{
	if (sink->flush && sink->len > 0) {
		int rc = sink->flush(sink->buf, sink->len);
		if (rc < 0 && !sink->error)
			sink->error = rc;
		sink->len = 0;
	}
}

static void put(struct fmt_sink *sink, const char *s, size_t n)
{
	sink->total += n;
	while (n > 0) {
		size_t room = sink->size - sink->len;
		if (room == 0) {
			if (!sink->flush)
				return;
			fmt_flush(sink);
			continue;
		}
		size_t k = n < room ? n : room;
		memcpy(sink->buf + sink->len, s, k);
		sink->len += k;
		s += k;
		n -= k;
	}
}

static void pad(struct fmt_sink *sink, char c, int n)
{
	char chunk[16];

	memset(chunk, c, sizeof(chunk));
	for (; n > 0; n -= (int)sizeof(chunk))
		put(sink, chunk, n < (int)sizeof(chunk) ? (size_t)n : sizeof(chunk));
}

/* Writes prefix (sign or 0x), zeros and body into a field of spec->width. */
static void put_field(struct fmt_sink *sink, const struct spec *spec, const char *prefix, int zeros,
		      const char *body, size_t len)
{
	int plen = (int)strlen(prefix);
	int fill = spec->width - plen - zeros - (int)len;

	if (!spec->left && !spec->zero)
		pad(sink, ' ', fill);
	put(sink, prefix, (size_t)plen);
	if (!spec->left && spec->zero)
		pad(sink, '0', fill);
	pad(sink, '0', zeros);
	put(sink, body, len);
	if (spec->left)
		pad(sink, ' ', fill);
}

static void put_number(struct fmt_sink *sink, struct spec *spec, uint64_t v, bool negative, unsigned base,
		       bool upper)
{
	const char *digits = upper ? "0123456789ABCDEF" : "0123456789abcdef";
	char body[24];
	char prefix[3] = "";
	size_t len = 0;
	bool nonzero = v != 0;
	int zeros;

	/* Digits right-aligned in body; precision 0 with value 0 prints no digits. */
	while (v || (len == 0 && spec->precision != 0)) {
		body[sizeof(body) - 1 - len++] = digits[v % base];
		v /= base;
	}
	if (negative)
		prefix[0] = '-';
	else if (spec->plus)
		prefix[0] = '+';
	else if (spec->space)
		prefix[0] = ' ';
	if (spec->alt && base == 16 && nonzero) {
		prefix[0] = '0';
		prefix[1] = upper ? 'X' : 'x';
	}
	zeros = spec->precision > (int)len ? spec->precision - (int)len : 0;
	if (spec->alt && base == 8 && zeros == 0 && (len == 0 || body[sizeof(body) - len] != '0'))
		zeros = 1;
	if (spec->precision >= 0)
		spec->zero = false; /* as C says: a precision turns the 0 flag off for integers */
	put_field(sink, spec, prefix, zeros, body + sizeof(body) - len, len);
}

static uint64_t arg_unsigned(const struct spec *spec, va_list *ap)
{
	switch (spec->length) {
	case 1:
		return (unsigned char)va_arg(*ap, unsigned int);
	case 2:
		return (unsigned short)va_arg(*ap, unsigned int);
	case 8:
		return va_arg(*ap, unsigned long long);
	default:
		return va_arg(*ap, unsigned int);
	}
}

static int64_t arg_signed(const struct spec *spec, va_list *ap)
{
	switch (spec->length) {
	case 1:
		return (signed char)va_arg(*ap, int);
	case 2:
		return (short)va_arg(*ap, int);
	case 8:
		return va_arg(*ap, long long);
	default:
		return va_arg(*ap, int);
	}
}

/* Reads a width or precision: digits, or '*' taking an int argument. */
static int parse_count(const char **fmt, va_list *ap)
{
	int n = 0;

	if (**fmt == '*') {
		(*fmt)++;
		return va_arg(*ap, int);
	}
	while (**fmt >= '0' && **fmt <= '9')
		n = n * 10 + (*(*fmt)++ - '0');
	return n;
}

/* Parses flags, width, precision and length after a '%'; leaves *fmt at the conversion. */
static void parse_spec(const char **fmt, va_list *ap, struct spec *spec)
{
	*spec = (struct spec){ .precision = -1, .length = 4 };
	for (;; (*fmt)++) {
		switch (**fmt) {
		case '-': spec->left = true; continue;
		case '0': spec->zero = true; continue;
		case '+': spec->plus = true; continue;
		case ' ': spec->space = true; continue;
		case '#': spec->alt = true; continue;
		}
		break;
	}
	spec->width = parse_count(fmt, ap);
	if (spec->width < 0) { /* a negative '*' width means '-' */
		spec->left = true;
		spec->width = -spec->width;
	}
	if (**fmt == '.') {
		(*fmt)++;
		spec->precision = parse_count(fmt, ap);
		if (spec->precision < 0)
			spec->precision = -1;
	}
	for (;; (*fmt)++) {
		switch (**fmt) {
		case 'h': spec->length = spec->length == 2 ? 1 : 2; continue;
		case 'l': case 'j': case 'z': case 't': spec->length = 8; continue;
		}
		break;
	}
}

static void put_string(struct fmt_sink *sink, const struct spec *spec, const char *s)
{
	size_t len;

	if (!s)
		s = "(null)";
	len = spec->precision >= 0 ? strnlen(s, (size_t)spec->precision) : strlen(s);
	struct spec plain = *spec;
	plain.zero = false;
	put_field(sink, &plain, "", 0, s, len);
}

/* One conversion at *fmt (just after the '%'). */
static void convert(struct fmt_sink *sink, const char **fmt, va_list *ap)
{
	struct spec spec;
	char c;

	parse_spec(fmt, ap, &spec);
	switch (c = *(*fmt)++) {
	case 'd':
	case 'i': {
		int64_t v = arg_signed(&spec, ap);
		put_number(sink, &spec, v < 0 ? -(uint64_t)v : (uint64_t)v, v < 0, 10, false);
		break;
	}
	case 'u':
		put_number(sink, &spec, arg_unsigned(&spec, ap), false, 10, false);
		break;
	case 'x':
	case 'X':
		put_number(sink, &spec, arg_unsigned(&spec, ap), false, 16, c == 'X');
		break;
	case 'o':
		put_number(sink, &spec, arg_unsigned(&spec, ap), false, 8, false);
		break;
	case 'p': {
		uintptr_t p = (uintptr_t)va_arg(*ap, void *);
		spec.alt = true;
		if (p)
			put_number(sink, &spec, p, false, 16, false);
		else
			put_string(sink, &spec, "(nil)"); /* as glibc prints it */
		break;
	}
	case 'c': {
		char ch = (char)va_arg(*ap, int);
		spec.zero = false;
		put_field(sink, &spec, "", 0, &ch, 1);
		break;
	}
	case 's':
		put_string(sink, &spec, va_arg(*ap, const char *));
		break;
	case '%':
		put(sink, "%", 1);
		break;
	default: /* not a conversion this libc knows: print it as written */
		put(sink, "%", 1);
		if (c)
			put(sink, &c, 1);
		else
			(*fmt)--;
		break;
	}
}

size_t fmt_format(struct fmt_sink *sink, const char *fmt, va_list ap)
{
	va_list args;

	va_copy(args, ap);
	while (*fmt) {
		size_t n = strcspn(fmt, "%");
		put(sink, fmt, n);
		fmt += n;
		if (*fmt == '%') {
			fmt++;
			convert(sink, &fmt, &args);
		}
	}
	va_end(args);
	return sink->total;
}

int vsnprintf(char *restrict buf, size_t size, const char *restrict fmt, va_list ap)
{
	char none;
	struct fmt_sink sink = { size ? buf : &none, size ? size - 1 : 0, 0, 0, NULL, 0 };

	fmt_format(&sink, fmt, ap);
	sink.buf[sink.len] = '\0';
	return (int)sink.total;
}

int snprintf(char *restrict buf, size_t size, const char *restrict fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(buf, size, fmt, ap);
	va_end(ap);
	return n;
}

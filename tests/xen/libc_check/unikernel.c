/* unikernel.c: libc_check prints formatted numbers and strings, strto* results, strerror's messages, string
 * function results and a heap workout; its output on xen must be byte for byte its output on unix (glibc). */
#include <errno.h>
#include <inttypes.h>
#include <limits.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "start_gen.h"

#define SLOTS 64
#define ROUNDS 4000

static struct kiln_console *con;

static void say(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static void say(const char *fmt, ...)
{
	char line[512];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(line, sizeof(line), fmt, ap);
	va_end(ap);
	kiln_console_log(con, line);
}

/* Not a constant, so the compiler does not warn that the snprintf below truncates it. */
static const char *volatile long_text = "abcdefgh";

static void formats(void)
{
	char small[5];
	int n;

	say("[%d] [%d] [%d] [%d] [%i]", INT_MIN, INT_MAX, 0, -1, 7);
	say("[%5d] [%-5d] [%05d] [%+d] [% d] [%+05d] [%-+6d]", 42, 42, 42, 42, 42, -42, 42);
	say("[%u] [%x] [%X] [%#x] [%#X] [%o] [%#o] [%#o] [%#x]", UINT_MAX, 48879u, 48879u, 255u, 255u, 8u, 8u, 0u, 0u);
	say("[%ld] [%lu] [%lx] [%lld] [%llu] [%zu] [%zd] [%jd] [%td]", LONG_MIN, ULONG_MAX, ULONG_MAX, LLONG_MIN,
	    ULLONG_MAX, (size_t)12345, (ptrdiff_t)-5, (intmax_t)-9, (ptrdiff_t)3);
	say("[%hhd] [%hhu] [%hd] [%hu] [%hhx]", (signed char)-5, (unsigned char)200, (short)-30000,
	    (unsigned short)60000, (unsigned char)0xff);
	say("[%.3d] [%8.3d] [%-8.3d] [%.0d] [%.0x] [%.5u]", 7, 7, -7, 0, 0u, 42u);
	say("[%s] [%.2s] [%10s] [%-10s] [%.0s] [%3s]", "text", "text", "text", "text", "text", "longer");
	say("[%c] [%3c] [%-3c] [%%]", 'k', 'k', 'k');
	say("[%*d] [%-*d] [%.*s] [%*.*d] [%*d]", 6, 1, 6, 1, 3, "abcdef", 6, 3, 5, -4, 9);
	say("[%" PRIu64 "] [%" PRIx64 "] [%" PRId64 "] [%" PRIu32 "] [%" PRIX64 "]", UINT64_MAX, UINT64_MAX, INT64_MIN,
	    UINT32_MAX, (uint64_t)0xabcdef);
	say("[%p] [%p] [%p] [%8p]", (void *)0x1234, (void *)0xffff800000001000ull, NULL, NULL);
	n = snprintf(small, sizeof(small), "%s", long_text);
	say("snprintf into 5 bytes: %d [%s]; into 0 bytes: %d", n, small, snprintf(NULL, 0, "%d-%s", 123, "xy"));
}

static void number(const char *text, int base)
{
	char *end;
	long long v;
	unsigned long long u;

	errno = 0;
	v = strtoll(text, &end, base);
	say("strtoll(\"%s\", %d) = %lld, rest \"%s\", errno %d", text, base, v, end, errno);
	errno = 0;
	u = strtoull(text, &end, base);
	say("strtoull(\"%s\", %d) = %llu, rest \"%s\", errno %d", text, base, u, end, errno);
}

static void numbers(void)
{
	static const char *const texts[] = {
		"42", "  -42xyz", "+7", "0x1f", "0X1F", "0x", "077", "08", "", "  ", "-", "z",
		"9223372036854775807", "9223372036854775808", "-9223372036854775808", "-9223372036854775809",
		"18446744073709551615", "18446744073709551616", "-1", "0x7fffffffffffffff1",
	};
	static const int bases[] = { 10, 16, 8, 36, 2 };

	for (size_t i = 0; i < sizeof(texts) / sizeof(texts[0]); i++) {
		number(texts[i], 0);
		number(texts[i], bases[i % 5]);
	}
	say("strtol(\"-12\") = %ld, strtoul(\"12\", 16) = %lu, atoi(\"-77x\") = %d", strtol("-12", NULL, 10),
	    strtoul("12", NULL, 16), atoi("-77x"));
}

static void messages(void)
{
	static const int codes[] = { 0, EPERM, ENOENT, EIO, ENOMEM, EACCES, EBUSY, EEXIST, ENOTDIR, EISDIR, EINVAL,
				     EFBIG, ENOSPC, EROFS, EPIPE, ERANGE, EDEADLK, ENOSYS, ENOTEMPTY, ETIMEDOUT,
				     EAGAIN, ECONNREFUSED, E2BIG, ENODEV, 999, -3 };

	for (size_t i = 0; i < sizeof(codes) / sizeof(codes[0]); i++)
		say("strerror(%d) = %s", codes[i], strerror(codes[i]));
}

static int sign(int v)
{
	return (v > 0) - (v < 0);
}

static void strings(void)
{
	char buf[32] = "0123456789";
	const char *s = "path/to/file.txt";

	memmove(buf + 2, buf, 8);
	say("memmove up: %s", buf);
	memmove(buf, buf + 3, 7);
	say("memmove down: %s", buf);
	memset(buf, 'x', 3);
	say("memset: %s; memcmp %d %d %d", buf, sign(memcmp("abc", "abd", 3)), sign(memcmp("b", "a", 1)),
	    memcmp("same", "same", 4));
	say("strlen %zu %zu", strlen(s), strlen(""));
	say("strcmp %d %d %d, strncmp %d %d", sign(strcmp("a", "b")), sign(strcmp("b", "a")), strcmp("x", "x"),
	    strncmp("abcX", "abcY", 3), sign(strncmp("ab", "abc", 3)));
	say("strchr [%s] strrchr [%s] strchr nul at %td, missing %s", strchr(s, '/'), strrchr(s, '/'),
	    strchr(s, '\0') - s, strchr(s, 'Q') ? "found" : "NULL");
	say("strspn %zu strcspn %zu %zu, strstr [%s] [%s] %s", strspn("aabbc", "ab"), strcspn("path/x", "/"),
	    strcspn("none", "/"), strstr(s, "to"), strstr(s, ""), strstr(s, "zz") ? "found" : "NULL");
	strcpy(buf, "ab");
	strcat(buf, "cd");
	memset(buf + 4, 'z', 8);
	strncpy(buf + 4, "ef", 6);
	say("strcpy/strcat: %s; strncpy pads: %d %d %c; memchr %s", buf, buf[6], buf[9], buf[10],
	    (char *)memchr(buf, 'e', 7));
}

/* A small deterministic generator, so both platforms run the same heap workout. */
static uint32_t next_random(uint32_t *state)
{
	*state = *state * 1103515245u + 12345u;
	return *state >> 8;
}

struct slot {
	unsigned char *p;
	size_t size;
	unsigned char fill;
};

static int intact(const struct slot *s)
{
	for (size_t i = 0; i < s->size; i++) {
		if (s->p[i] != (unsigned char)(s->fill + i))
			return 0;
	}
	return 1;
}

static void refill(struct slot *s, size_t from)
{
	for (size_t i = from; i < s->size; i++)
		s->p[i] = (unsigned char)(s->fill + i);
}

/* Allocates, grows, shrinks and frees blocks at random, checking every block's bytes as it goes. */
static void heap(void)
{
	struct slot slots[SLOTS] = { { 0 } };
	uint32_t state = 1;
	int broken = 0, failed = 0;

	for (int round = 0; round < ROUNDS && !broken; round++) {
		struct slot *s = &slots[next_random(&state) % SLOTS];
		size_t size = next_random(&state) % (next_random(&state) % 4 ? 256 : 65536) + 1;
		unsigned char *p;

		if (s->p && !intact(s))
			broken = round + 1;
		if (!s->p) {
			unsigned kind = next_random(&state) % 3;
			p = kind == 0 ? malloc(size) : kind == 1 ? calloc(1, size) : aligned_alloc(4096, size);
			if (p && kind == 1 && !(p[0] == 0 && p[size - 1] == 0))
				broken = round + 1;
			if (p && kind == 2 && (uintptr_t)p % 4096)
				broken = round + 1;
			*s = (struct slot){ p, p ? size : 0, (unsigned char)round };
			refill(s, 0);
		} else if (next_random(&state) % 2) {
			size_t keep = s->size < size ? s->size : size;
			p = realloc(s->p, size);
			if (!p) {
				failed++;
				continue;
			}
			s->p = p;
			s->size = keep;
			if (!intact(s))
				broken = round + 1;
			s->size = size;
			refill(s, keep);
		} else {
			free(s->p);
			*s = (struct slot){ 0 };
		}
		failed += s->size && !s->p;
	}
	for (int i = 0; i < SLOTS; i++) {
		if (slots[i].p && !intact(&slots[i]))
			broken = -1;
		free(slots[i].p);
	}
	say("heap: %d rounds, %s, %d failed allocations", ROUNDS, broken ? "corrupted" : "every block intact", failed);
}

int libc_check_start(struct kiln_console *c)
{
	con = c;
	formats();
	numbers();
	messages();
	strings();
	heap();
	return 0;
}

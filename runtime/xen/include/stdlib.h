/* stdlib.h (kiln-xen libc): the heap, number parsing, and ending the unikernel. */
#ifndef KILN_XEN_STDLIB_H
#define KILN_XEN_STDLIB_H

#include <stddef.h>

#define EXIT_SUCCESS 0
#define EXIT_FAILURE 1

/* The heap: the RAM after the image. Blocks are 16-byte aligned; NULL when out of memory. */
void *malloc(size_t size);
void *calloc(size_t n, size_t size);
void *realloc(void *p, size_t size);
/* alignment: a power of two; size need not be a multiple of it. */
void *aligned_alloc(size_t alignment, size_t size);
void free(void *p);

/* As C says: base 0 (prefix decides), 2..36; errno = ERANGE on overflow, EINVAL for a bad base. */
long strtol(const char *s, char **end, int base);
long long strtoll(const char *s, char **end, int base);
unsigned long strtoul(const char *s, char **end, int base);
unsigned long long strtoull(const char *s, char **end, int base);
int atoi(const char *s);

/* Ends the unikernel: status 0 powers the domain off, any other status crashes it (see runtime/xen/README.md). */
_Noreturn void exit(int status);
/* Reports the abort on the console and crashes the domain. */
_Noreturn void abort(void);

#endif

/* malloc.h (kiln-xen libc, internal): giving the heap its memory at boot. */
#ifndef KILN_XEN_LIBC_MALLOC_H
#define KILN_XEN_LIBC_MALLOC_H

#include <stddef.h>

/* Makes [start, end) the heap that malloc and friends allocate from; called once, before any malloc. */
void kiln_xen_heap_init(void *start, void *end);

#endif

/* ctx.h: the machine context of a fiber: a saved stack pointer and how to make a fresh one. */
#ifndef KILN_CTX_H
#define KILN_CTX_H

#include <stddef.h>

/* Saves the current context's stack pointer in *save_sp and resumes the one at next_sp. */
void kiln_ctx_switch(void **save_sp, void *next_sp);

/* Prepares a stack so that switching to the returned stack pointer calls kiln_fiber_main(). */
void *kiln_ctx_make(void *stack, size_t size);

/* Called on a new fiber's own stack; never returns. Defined by the scheduler. */
void kiln_fiber_main(void) __attribute__((noreturn));

#endif

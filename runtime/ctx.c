/* ctx.c: lays out a fresh fiber stack for kiln_ctx_switch (x86-64 SysV). */
#include <stdint.h>
#include <string.h>

#include "ctx.h"

void kiln_ctx_entry(void);

/* The frame kiln_ctx_switch pops, from the lowest address up. */
struct initial_frame {
	uint32_t mxcsr;
	uint16_t fpu_cw;
	uint16_t pad;
	uint64_t r15, r14, r13, r12, rbx, rbp;
	uint64_t ret;
};

void *kiln_ctx_make(void *stack, size_t size)
{
	uintptr_t top = ((uintptr_t)stack + size) & ~(uintptr_t)15;
	struct initial_frame *f = (struct initial_frame *)(top - sizeof(*f));

	/* Once "ret" has popped f->ret, %rsp == top, 16-byte aligned, as the ABI
	 * wants at kiln_ctx_entry's call instruction. */
	memset(f, 0, sizeof(*f));
	f->mxcsr = 0x1f80;  /* all exceptions masked, round to nearest */
	f->fpu_cw = 0x037f; /* the x87 default */
	f->ret = (uint64_t)(uintptr_t)kiln_ctx_entry;
	return f;
}

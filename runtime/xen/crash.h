/* crash.h: the crash report printed on the console when the CPU raises an exception. */
#ifndef KILN_XEN_CRASH_H
#define KILN_XEN_CRASH_H

#include <stdint.h>

/* The registers as idt_entry.S saves them, lowest address first, then what the CPU pushed. */
struct crash_frame {
	uint64_t r15, r14, r13, r12, r11, r10, r9, r8, rbp, rdi, rsi, rdx, rcx, rbx, rax;
	uint64_t vector, error;
	uint64_t rip, cs, rflags, rsp, ss;
};

/* Called by idt_entry.S for every exception: prints the vector, error code, rip, rsp, cr2,
 * the registers, the fiber and a frame-pointer backtrace, then crashes the unikernel. */
_Noreturn void kiln_xen_exception(struct crash_frame *f);

#endif

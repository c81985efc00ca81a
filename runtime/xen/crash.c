/* crash.c: the crash report printed on the console when the CPU raises an exception. */
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>

#include <kiln/fiber.h>

#include "../platform.h"
#include "cpu.h"
#include "crash.h"
#include "shutdown.h"

#define IMAGE_BASE 0x100000ull
#define MAPPED_END 0x100000000ull /* the page tables map the first 4 GiB */
#define MAX_FRAMES 16

static const char *const names[32] = {
	"divide error", "debug", "NMI", "breakpoint", "overflow", "bound range exceeded", "invalid opcode",
	"device not available", "double fault", "coprocessor segment overrun", "invalid TSS",
	"segment not present", "stack-segment fault", "general protection fault", "page fault", "reserved",
	"x87 floating-point error", "alignment check", "machine check", "SIMD floating-point error",
	"virtualization exception", "control protection", "reserved", "reserved", "reserved", "reserved",
	"reserved", "reserved", "hypervisor injection", "VMM communication", "security exception", "reserved",
};

/* One line of the report, straight to the console. */
static void report(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static void report(const char *fmt, ...)
{
	char line[160];
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(line, sizeof(line), fmt, ap);
	va_end(ap);
	kiln_plat_console_write(line, (size_t)n < sizeof(line) ? (size_t)n : sizeof(line) - 1);
}

/* Return addresses along the saved frame pointers, as far as they look sane. */
static void backtrace(uint64_t rbp)
{
	report("  backtrace:");
	for (int i = 0; i < MAX_FRAMES && rbp >= IMAGE_BASE && rbp < MAPPED_END - 16 && !(rbp & 7); i++) {
		const uint64_t *frame = (const uint64_t *)(uintptr_t)rbp;
		if (!frame[1])
			break;
		report(" 0x%lx", frame[1]);
		if (frame[0] <= rbp)
			break;
		rbp = frame[0];
	}
	report("\n");
}

void kiln_xen_exception(struct crash_frame *f)
{
	static bool reporting;

	/* A fault while reporting must not report again, or it would never end. */
	if (reporting) {
		report("\n*** kiln: exception %lu while reporting a crash\n", f->vector);
		kiln_xen_crash();
	}
	reporting = true;
	report("\n*** kiln: crash: exception %lu (%s), error code 0x%lx, in fiber \"%s\"\n", f->vector,
	       names[f->vector & 31], f->error, kiln_fiber_name());
	report("  rip 0x%016lx  rsp 0x%016lx  rflags 0x%016lx  cr2 0x%016lx\n", f->rip, f->rsp, f->rflags,
	       cpu_cr2());
	report("  rax 0x%016lx  rbx 0x%016lx  rcx 0x%016lx  rdx 0x%016lx\n", f->rax, f->rbx, f->rcx, f->rdx);
	report("  rsi 0x%016lx  rdi 0x%016lx  rbp 0x%016lx  r8  0x%016lx\n", f->rsi, f->rdi, f->rbp, f->r8);
	report("  r9  0x%016lx  r10 0x%016lx  r11 0x%016lx  r12 0x%016lx\n", f->r9, f->r10, f->r11, f->r12);
	report("  r13 0x%016lx  r14 0x%016lx  r15 0x%016lx  cs 0x%lx ss 0x%lx\n", f->r13, f->r14, f->r15, f->cs,
	       f->ss);
	backtrace(f->rbp);
	kiln_xen_crash();
}

/* cpu.h: x86-64 instructions the guest needs (CPUID, MSRs, TSC, port I/O, interrupts), as inline functions. */
#ifndef KILN_XEN_CPU_H
#define KILN_XEN_CPU_H

#include <stdbool.h>
#include <stdint.h>
#include <string.h>

struct cpuid_regs {
	uint32_t eax, ebx, ecx, edx;
};

static inline struct cpuid_regs cpu_cpuid(uint32_t leaf, uint32_t subleaf)
{
	struct cpuid_regs r;

	__asm__ volatile("cpuid" : "=a"(r.eax), "=b"(r.ebx), "=c"(r.ecx), "=d"(r.edx) : "a"(leaf), "c"(subleaf));
	return r;
}

/* CPUID.1:ECX feature bits. */
#define CPUID1_ECX_TSC_DEADLINE (1u << 24)
#define CPUID1_ECX_RDRAND (1u << 30)
#define CPUID1_ECX_HYPERVISOR (1u << 31)

/* The base leaf (0x40000000 + n * 0x100) of the hypervisor whose 12-byte CPUID signature is sig, or 0. */
static inline uint32_t cpu_hypervisor_base(const char sig[12])
{
	if (!(cpu_cpuid(1, 0).ecx & CPUID1_ECX_HYPERVISOR))
		return 0;
	for (uint32_t base = 0x40000000; base < 0x40010000; base += 0x100) {
		struct cpuid_regs r = cpu_cpuid(base, 0);
		uint32_t got[3] = { r.ebx, r.ecx, r.edx };
		if (memcmp(got, sig, 12) == 0)
			return base;
	}
	return 0;
}

static inline uint64_t cpu_rdtsc(void)
{
	uint32_t lo, hi;

	__asm__ volatile("rdtsc" : "=a"(lo), "=d"(hi));
	return (uint64_t)hi << 32 | lo;
}

static inline uint64_t cpu_rdmsr(uint32_t msr)
{
	uint32_t lo, hi;

	__asm__ volatile("rdmsr" : "=a"(lo), "=d"(hi) : "c"(msr));
	return (uint64_t)hi << 32 | lo;
}

static inline void cpu_wrmsr(uint32_t msr, uint64_t v)
{
	__asm__ volatile("wrmsr" : : "c"(msr), "a"((uint32_t)v), "d"((uint32_t)(v >> 32)) : "memory");
}

static inline uint64_t cpu_cr2(void)
{
	uint64_t v;

	__asm__ volatile("mov %%cr2, %0" : "=r"(v));
	return v;
}

static inline void cpu_outb(uint16_t port, uint8_t v)
{
	__asm__ volatile("outb %0, %1" : : "a"(v), "Nd"(port));
}

static inline uint8_t cpu_inb(uint16_t port)
{
	uint8_t v;

	__asm__ volatile("inb %1, %0" : "=a"(v) : "Nd"(port));
	return v;
}

/* Enables interrupts for exactly one halt: an interrupt already pending (or arriving)
 * ends the halt, since "sti" holds interrupts off until "hlt" has started. */
static inline void cpu_halt_until_interrupt(void)
{
	__asm__ volatile("sti; hlt; cli" : : : "memory");
}

/* Stops this vCPU for good. */
static inline _Noreturn void cpu_halt_forever(void)
{
	for (;;)
		__asm__ volatile("cli; hlt");
}

/* A random word from RDRAND (CPUID1_ECX_RDRAND), which may run dry for a moment: false after ten tries. */
static inline bool cpu_rdrand(uint64_t *v)
{
	for (int i = 0; i < 10; i++) {
		uint8_t ok;
		__asm__ volatile("rdrand %0; setc %1" : "=r"(*v), "=qm"(ok));
		if (ok)
			return true;
	}
	return false;
}

static inline void cpu_pause(void)
{
	__asm__ volatile("pause");
}

#endif

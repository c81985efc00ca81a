/* lapic.c: the local APIC timer, which wakes a halted guest when there is no Xen. */
#include <errno.h>
#include <stdbool.h>

#include "clock.h"
#include "cpu.h"
#include "idt.h"
#include "lapic.h"

#define MSR_APIC_BASE 0x1b
#define APIC_BASE_ENABLE (1u << 11)
#define MSR_TSC_DEADLINE 0x6e0
#define REG_EOI 0x0b0
#define REG_SVR 0x0f0
#define REG_LVT_TIMER 0x320
#define REG_LVT_LINT0 0x350
#define REG_INITIAL_COUNT 0x380
#define REG_CURRENT_COUNT 0x390
#define REG_DIVIDE 0x3e0
#define SVR_ENABLE 0x100
#define LVT_MASKED (1u << 16)
#define LVT_TSC_DEADLINE (2u << 17)
#define DIVIDE_BY_16 0x3
#define NSEC_PER_SEC 1000000000ull
#define NSEC_PER_MS 1000000ull
#define CALIBRATE_NS NSEC_PER_MS
#define MAX_WAIT_NS NSEC_PER_SEC /* a longer wait is armed again when it ends */

static struct {
	volatile uint8_t *regs;
	bool tsc_deadline;
	uint64_t ticks_per_ms;          /* one-shot mode: the timer's rate */
} apic;

static void write_reg(unsigned reg, uint32_t v)
{
	*(volatile uint32_t *)(apic.regs + reg) = v;
}

static uint32_t read_reg(unsigned reg)
{
	return *(volatile uint32_t *)(apic.regs + reg);
}

/* Counts the timer's ticks over CALIBRATE_NS of the monotonic clock. The counts are read inside
 * the clock's readings, so a vCPU descheduled meanwhile makes the rate low: the timer then fires
 * early (and is armed again), never late. */
static void calibrate(void)
{
	uint64_t t0, t1;
	uint32_t c0, c1;

	write_reg(REG_LVT_TIMER, LVT_MASKED | KILN_XEN_VECTOR_LAPIC_TIMER);
	write_reg(REG_INITIAL_COUNT, UINT32_MAX);
	t0 = kiln_xen_clock_ns(NULL);
	c0 = read_reg(REG_CURRENT_COUNT);
	while (kiln_xen_clock_ns(NULL) - t0 < CALIBRATE_NS)
		cpu_pause();
	c1 = read_reg(REG_CURRENT_COUNT);
	t1 = kiln_xen_clock_ns(NULL);
	write_reg(REG_INITIAL_COUNT, 0);
	apic.ticks_per_ms = (uint64_t)(c0 - c1) * NSEC_PER_MS / (t1 - t0);
}

int kiln_xen_lapic_timer_init(void)
{
	uint64_t base = cpu_rdmsr(MSR_APIC_BASE);

	if (!(base & APIC_BASE_ENABLE))
		return -ENODEV;
	apic.regs = (volatile uint8_t *)(uintptr_t)(base & ~0xfffull);
	kiln_xen_lapic_eoi = (volatile uint32_t *)(apic.regs + REG_EOI);
	kiln_xen_idt_set(KILN_XEN_VECTOR_LAPIC_TIMER, kiln_xen_lapic_timer_entry);
	write_reg(REG_SVR, SVR_ENABLE | KILN_XEN_VECTOR_SPURIOUS);
	write_reg(REG_LVT_LINT0, LVT_MASKED); /* no legacy PIC interrupts */
	write_reg(REG_DIVIDE, DIVIDE_BY_16);
	apic.tsc_deadline = cpu_cpuid(1, 0).ecx & CPUID1_ECX_TSC_DEADLINE;
	if (apic.tsc_deadline)
		write_reg(REG_LVT_TIMER, LVT_TSC_DEADLINE | KILN_XEN_VECTOR_LAPIC_TIMER);
	else
		calibrate();
	return 0;
}

void kiln_xen_lapic_timer_arm(uint64_t deadline_ns)
{
	uint64_t tsc, now = kiln_xen_clock_ns(&tsc);
	uint64_t wait = deadline_ns > now ? deadline_ns - now : 0;

	if (wait > MAX_WAIT_NS)
		wait = MAX_WAIT_NS;
	if (apic.tsc_deadline) {
		cpu_wrmsr(MSR_TSC_DEADLINE, tsc + wait * kiln_xen_clock_tsc_hz() / NSEC_PER_SEC + 1);
		return;
	}
	uint64_t ticks = wait * apic.ticks_per_ms / NSEC_PER_MS + 1;
	write_reg(REG_LVT_TIMER, KILN_XEN_VECTOR_LAPIC_TIMER);
	write_reg(REG_INITIAL_COUNT, ticks > UINT32_MAX ? UINT32_MAX : (uint32_t)ticks);
}

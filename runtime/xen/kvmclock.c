/* kvmclock.c: KVM's paravirtual clock, when Kiln runs under KVM without Xen. */
#include <errno.h>

#include "cpu.h"
#include "kvmclock.h"

#define KVM_FEATURE_CLOCKSOURCE2 (1u << 3)
#define MSR_KVM_WALL_CLOCK_NEW 0x4b564d00
#define MSR_KVM_SYSTEM_TIME_NEW 0x4b564d01
#define NSEC_PER_SEC 1000000000ull
#define KVM_SYSTEM_TIME_ENABLE 1

/* KVM's pvclock_vcpu_time_info has Xen's vcpu_time_info layout. */
static volatile struct vcpu_time_info clock __attribute__((aligned(64)));

/* KVM's pvclock_wall_clock, written when the MSR is. */
static volatile struct {
	uint32_t version;
	uint32_t sec;
	uint32_t nsec;
} wall __attribute__((aligned(16)));

int kiln_xen_kvmclock_init(const volatile struct vcpu_time_info **out)
{
	uint32_t base = cpu_hypervisor_base("KVMKVMKVM\0\0\0");

	if (!base || !(cpu_cpuid(base + 1, 0).eax & KVM_FEATURE_CLOCKSOURCE2))
		return -ENODEV;
	cpu_wrmsr(MSR_KVM_SYSTEM_TIME_NEW, (uintptr_t)&clock | KVM_SYSTEM_TIME_ENABLE);
	if (!clock.tsc_to_system_mul)
		return -ENODEV;
	*out = &clock;
	return 0;
}

uint64_t kiln_xen_kvmclock_wall_base_ns(void)
{
	uint32_t version;
	uint64_t ns;

	cpu_wrmsr(MSR_KVM_WALL_CLOCK_NEW, (uintptr_t)&wall);
	do {
		version = wall.version;
		__atomic_thread_fence(__ATOMIC_ACQUIRE);
		ns = wall.sec * NSEC_PER_SEC + wall.nsec;
		__atomic_thread_fence(__ATOMIC_ACQUIRE);
	} while ((version & 1) || version != wall.version);
	return ns;
}

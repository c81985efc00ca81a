/* kvmclock.c: KVM's paravirtual clock, when Kiln runs under KVM without Xen. */
#include <errno.h>

#include "cpu.h"
#include "kvmclock.h"

#define KVM_FEATURE_CLOCKSOURCE2 (1u << 3)
#define MSR_KVM_SYSTEM_TIME_NEW 0x4b564d01
#define KVM_SYSTEM_TIME_ENABLE 1

/* KVM's pvclock_vcpu_time_info has Xen's vcpu_time_info layout. */
static volatile struct vcpu_time_info clock __attribute__((aligned(64)));

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

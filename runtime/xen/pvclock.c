/* pvclock.c: reading a paravirtual clock (Xen's vcpu_time_info, which KVM's kvmclock shares): TSC to nanoseconds. */
#include "cpu.h"
#include "pvclock.h"

#define NSEC_PER_SEC 1000000000ull

uint64_t kiln_xen_pvclock_scale(uint64_t delta, uint32_t mul, int8_t shift)
{
	delta = shift < 0 ? delta >> -shift : delta << shift;
	/* The 96-bit product's bits 32..95, in two 64-bit halves. */
	return (delta >> 32) * mul + (((delta & 0xffffffffu) * mul) >> 32);
}

uint64_t kiln_xen_pvclock_read(const volatile struct vcpu_time_info *t, uint64_t *tsc)
{
	uint32_t version;
	uint64_t now, ns;

	/* The hypervisor bumps version around each update: odd means one is under way. */
	do {
		version = t->version;
		__atomic_thread_fence(__ATOMIC_ACQUIRE);
		now = cpu_rdtsc();
		ns = t->system_time + kiln_xen_pvclock_scale(now - t->tsc_timestamp, t->tsc_to_system_mul, t->tsc_shift);
		__atomic_thread_fence(__ATOMIC_ACQUIRE);
	} while ((version & 1) || version != t->version);
	if (tsc)
		*tsc = now;
	return ns;
}

uint64_t kiln_xen_pvclock_tsc_hz(const volatile struct vcpu_time_info *t)
{
	uint64_t hz = (NSEC_PER_SEC << 32) / t->tsc_to_system_mul;

	return t->tsc_shift < 0 ? hz << -t->tsc_shift : hz >> t->tsc_shift;
}

void kiln_xen_pvclock_from_hz(struct vcpu_time_info *t, uint64_t tsc0, uint64_t tsc_hz)
{
	int8_t shift = 0;

	/* mul = 2^32 * 1e9 / (hz << shift) must fit 32 bits: slow TSCs need a shift. */
	while ((NSEC_PER_SEC << 32) / (tsc_hz << shift) > UINT32_MAX)
		shift++;
	*t = (struct vcpu_time_info){
		.version = 2,
		.tsc_timestamp = tsc0,
		.system_time = 0,
		.tsc_to_system_mul = (uint32_t)((NSEC_PER_SEC << 32) / (tsc_hz << shift)),
		.tsc_shift = shift,
	};
}

/* pvclock.h: reading a paravirtual clock (Xen's vcpu_time_info, which KVM's kvmclock shares): TSC to nanoseconds. */
#ifndef KILN_XEN_PVCLOCK_H
#define KILN_XEN_PVCLOCK_H

#include <stdint.h>

#include <xen/xen.h>

/* delta TSC ticks in nanoseconds, scaled as the pvclock ABI says: ((delta << shift) * mul) >> 32. */
uint64_t kiln_xen_pvclock_scale(uint64_t delta, uint32_t mul, int8_t shift);

/* The clock's time in nanoseconds; *tsc (if not NULL) receives the TSC it was computed from. */
uint64_t kiln_xen_pvclock_read(const volatile struct vcpu_time_info *t, uint64_t *tsc);

/* The TSC frequency the clock's scale implies, in Hz. */
uint64_t kiln_xen_pvclock_tsc_hz(const volatile struct vcpu_time_info *t);

/* Sets t up as a clock that reads 0 at TSC tsc0 and counts tsc_hz ticks per second. */
void kiln_xen_pvclock_from_hz(struct vcpu_time_info *t, uint64_t tsc0, uint64_t tsc_hz);

#endif

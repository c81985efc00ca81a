/* kvmclock.h: KVM's paravirtual clock, when Kiln runs under KVM without Xen. */
#ifndef KILN_XEN_KVMCLOCK_H
#define KILN_XEN_KVMCLOCK_H

#include <stdint.h>

#include <xen/xen.h>

/* Asks KVM to keep a pvclock for vCPU 0 and points *out at it. Returns 0 or -ENODEV (no KVM clock). */
int kiln_xen_kvmclock_init(const volatile struct vcpu_time_info **out);

/* The wall clock when kvmclock read 0, in nanoseconds since 1970. Needs kiln_xen_kvmclock_init. */
uint64_t kiln_xen_kvmclock_wall_base_ns(void);

#endif

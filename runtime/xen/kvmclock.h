/* kvmclock.h: KVM's paravirtual clock, when Kiln runs under KVM without Xen. */
#ifndef KILN_XEN_KVMCLOCK_H
#define KILN_XEN_KVMCLOCK_H

#include <xen/xen.h>

/* Asks KVM to keep a pvclock for vCPU 0 and points *out at it. Returns 0 or -ENODEV (no KVM clock). */
int kiln_xen_kvmclock_init(const volatile struct vcpu_time_info **out);

#endif

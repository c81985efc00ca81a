/* hypercall.h: finding Xen through CPUID, its hypercall page, and typed wrappers of the hypercalls the guest makes. */
#ifndef KILN_XEN_HYPERCALL_H
#define KILN_XEN_HYPERCALL_H

#include <stdbool.h>
#include <stdint.h>

#include <xen/xen.h>
#include <xen/event_channel.h>
#include <xen/grant_table.h>
#include <xen/hvm/hvm_op.h>
#include <xen/memory.h>
#include <xen/sched.h>
#include <xen/vcpu.h>

/*
 * Looks for Xen's CPUID leaves; when found, installs the hypercall page (through
 * the MSR they name). Returns 0, or -ENODEV when not running on Xen.
 */
int kiln_xen_hypercall_init(void);

/* Whether kiln_xen_hypercall_init found Xen. */
bool kiln_xen_present(void);

/* Xen's version as CPUID reports it: major << 16 | minor. */
uint32_t kiln_xen_version(void);

/* Hypercall op with up to five arguments; returns Xen's result (0 or a negative Xen errno). */
long kiln_xen_hypercall(unsigned op, uint64_t a1, uint64_t a2, uint64_t a3, uint64_t a4, uint64_t a5);

static inline long xen_sched_op(int cmd, void *arg)
{
	return kiln_xen_hypercall(__HYPERVISOR_sched_op, (uint64_t)cmd, (uintptr_t)arg, 0, 0, 0);
}

static inline long xen_event_channel_op(int cmd, void *arg)
{
	return kiln_xen_hypercall(__HYPERVISOR_event_channel_op, (uint64_t)cmd, (uintptr_t)arg, 0, 0, 0);
}

static inline long xen_hvm_op(int cmd, void *arg)
{
	return kiln_xen_hypercall(__HYPERVISOR_hvm_op, (uint64_t)cmd, (uintptr_t)arg, 0, 0, 0);
}

static inline long xen_memory_op(int cmd, void *arg)
{
	return kiln_xen_hypercall(__HYPERVISOR_memory_op, (uint64_t)cmd, (uintptr_t)arg, 0, 0, 0);
}

static inline long xen_vcpu_op(int cmd, unsigned vcpu, void *arg)
{
	return kiln_xen_hypercall(__HYPERVISOR_vcpu_op, (uint64_t)cmd, vcpu, (uintptr_t)arg, 0, 0);
}

static inline long xen_grant_table_op(int cmd, void *arg, unsigned count)
{
	return kiln_xen_hypercall(__HYPERVISOR_grant_table_op, (uint64_t)cmd, (uintptr_t)arg, count, 0, 0);
}

/* Reads or sets one of this domain's HVM parameters (HVM_PARAM_*). Return 0 or a negative Xen errno. */
int kiln_xen_hvm_get_param(uint32_t index, uint64_t *value);
int kiln_xen_hvm_set_param(uint32_t index, uint64_t value);

/*
 * Finds a PV ring the toolstack set up (the console's, xenstore's) from the HVM parameters
 * holding its frame and its event channel: *ring is the page (identity-mapped), *port the
 * channel. Returns 0, -ENODEV when the domain has no such ring, or a negative Xen errno.
 */
int kiln_xen_hvm_ring(uint32_t pfn_param, uint32_t evtchn_param, void **ring, uint32_t *port);

/* Puts Xen's page of kind space (XENMAPSPACE_*), number idx, at the guest frame of page. */
int kiln_xen_map_page(unsigned space, unsigned long idx, void *page);

#endif

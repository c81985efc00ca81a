/* hypercall.c: finding Xen through CPUID, its hypercall page, and the calls that go through it. */
#include <errno.h>

#include "cpu.h"
#include "hypercall.h"

#define PAGE_SIZE 4096

/* Xen fills this page with one 32-byte calling stub per hypercall. */
static uint8_t hypercall_page[PAGE_SIZE] __attribute__((aligned(PAGE_SIZE)));
static bool present;
static uint32_t version;

int kiln_xen_hypercall_init(void)
{
	uint32_t base = cpu_hypervisor_base("XenVMMXenVMM");
	struct cpuid_regs r;

	if (!base || cpu_cpuid(base, 0).eax < base + 2)
		return -ENODEV;
	version = cpu_cpuid(base + 1, 0).eax;
	/* Leaf 2: eax pages of stubs (we use the first), ebx the MSR taking their address. */
	r = cpu_cpuid(base + 2, 0);
	cpu_wrmsr(r.ebx, (uintptr_t)hypercall_page);
	present = true;
	return 0;
}

bool kiln_xen_present(void)
{
	return present;
}

uint32_t kiln_xen_version(void)
{
	return version;
}

long kiln_xen_hypercall(unsigned op, uint64_t a1, uint64_t a2, uint64_t a3, uint64_t a4, uint64_t a5)
{
	register uint64_t r10 __asm__("r10") = a4;
	register uint64_t r8 __asm__("r8") = a5;
	long ret;

	/* Xen may clobber the argument registers (debug builds do on purpose). */
	__asm__ volatile("call *%[stub]"
			 : "=a"(ret), "+D"(a1), "+S"(a2), "+d"(a3), "+r"(r10), "+r"(r8)
			 : [stub] "r"(hypercall_page + op * 32)
			 : "rcx", "r9", "r11", "memory");
	return ret;
}

int kiln_xen_hvm_get_param(uint32_t index, uint64_t *value)
{
	struct xen_hvm_param p = { .domid = DOMID_SELF, .index = index };
	long rc = xen_hvm_op(HVMOP_get_param, &p);

	*value = p.value;
	return (int)rc;
}

int kiln_xen_hvm_ring(uint32_t pfn_param, uint32_t evtchn_param, void **ring, uint32_t *port)
{
	uint64_t pfn = 0, evtchn = 0;
	int rc = kiln_xen_hvm_get_param(pfn_param, &pfn);

	if (rc == 0)
		rc = kiln_xen_hvm_get_param(evtchn_param, &evtchn);
	if (rc < 0)
		return rc;
	if (!pfn)
		return -ENODEV;
	/* The first 4 GiB are identity-mapped: the frame's address is the ring's. */
	*ring = (void *)(uintptr_t)(pfn << 12);
	*port = (uint32_t)evtchn;
	return 0;
}

int kiln_xen_hvm_set_param(uint32_t index, uint64_t value)
{
	struct xen_hvm_param p = { .domid = DOMID_SELF, .index = index, .value = value };

	return (int)xen_hvm_op(HVMOP_set_param, &p);
}

int kiln_xen_map_page(unsigned space, unsigned long idx, void *page)
{
	struct xen_add_to_physmap xatp = {
		.domid = DOMID_SELF,
		.space = space,
		.idx = idx,
		.gpfn = (uintptr_t)page / PAGE_SIZE,
	};

	return (int)xen_memory_op(XENMEM_add_to_physmap, &xatp);
}

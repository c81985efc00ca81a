/* shared_info.h: Xen's shared info page: event channel bits, vCPU 0's info (upcall flags, pvclock), the wall clock. */
#ifndef KILN_XEN_SHARED_INFO_H
#define KILN_XEN_SHARED_INFO_H

#include <xen/xen.h>

/* Maps the shared info page into the guest (XENMEM_add_to_physmap). Returns 0 or a negative Xen errno. */
int kiln_xen_shared_info_init(void);

/* The mapped page (Xen writes it at any time: read it through volatile or atomics). */
struct shared_info *kiln_xen_shared_info(void);

/* vCPU 0's part of it: the only vCPU Kiln runs on. */
struct vcpu_info *kiln_xen_vcpu_info(void);

#endif

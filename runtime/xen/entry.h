/* entry.h: the guest's C entry, called by boot.S in long mode on the boot stack. */
#ifndef KILN_XEN_ENTRY_H
#define KILN_XEN_ENTRY_H

#include <stdint.h>

/* The TSC when the vCPU entered the image (boot.S reads it first thing). */
extern uint64_t kiln_xen_boot_tsc;

/* Brings up the CPU tables, Xen (or COM1), the heap and the clock, then ends the unikernel
 * with main(argc, argv)'s status, argv coming from the boot command line. */
_Noreturn void kiln_xen_start(uint32_t start_info_paddr);

#endif

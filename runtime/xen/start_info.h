/* start_info.h: what the PVH boot loader (Xen or QEMU) hands over in hvm_start_info: the command line and the memory map. */
#ifndef KILN_XEN_START_INFO_H
#define KILN_XEN_START_INFO_H

#include <stdint.h>

/*
 * Copies the command line and the memory map out of the hvm_start_info at paddr, since
 * they lie in memory the heap is about to take. Returns 0, -EINVAL (no hvm_start_info
 * there), -E2BIG (command line or memory map too large) or -ENODATA (no memory map).
 */
int kiln_xen_start_info_load(uintptr_t paddr);

/* The boot command line ("" when there is none). */
const char *kiln_xen_start_info_cmdline(void);

/* The end of the RAM region holding addr, cut at limit; 0 when addr is not in RAM. */
uint64_t kiln_xen_start_info_ram_end(uint64_t addr, uint64_t limit);

#endif

/* start_info.c: what the PVH boot loader (Xen or QEMU) hands over in hvm_start_info: the command line and the memory map. */
#include <errno.h>
#include <stdint.h>
#include <string.h>

#include <xen/arch-x86/hvm/start_info.h>

#include "start_info.h"

#define MAX_CMDLINE 2048
#define MAX_MEMMAP 128

static struct {
	char cmdline[MAX_CMDLINE];
	struct hvm_memmap_table_entry memmap[MAX_MEMMAP];
	uint32_t entries;
} boot;

int kiln_xen_start_info_load(uintptr_t paddr)
{
	const struct hvm_start_info *si = (const struct hvm_start_info *)paddr;

	if (!si || si->magic != XEN_HVM_START_MAGIC_VALUE)
		return -EINVAL;
	if (si->cmdline_paddr) {
		const char *cmdline = (const char *)(uintptr_t)si->cmdline_paddr;
		size_t len = strnlen(cmdline, MAX_CMDLINE);
		if (len == MAX_CMDLINE)
			return -E2BIG;
		memcpy(boot.cmdline, cmdline, len + 1);
	}
	if (si->version < 1 || si->memmap_entries == 0)
		return -ENODATA;
	if (si->memmap_entries > MAX_MEMMAP)
		return -E2BIG;
	memcpy(boot.memmap, (const void *)(uintptr_t)si->memmap_paddr, si->memmap_entries * sizeof(boot.memmap[0]));
	boot.entries = si->memmap_entries;
	return 0;
}

const char *kiln_xen_start_info_cmdline(void)
{
	return boot.cmdline;
}

uint64_t kiln_xen_start_info_ram_end(uint64_t addr, uint64_t limit)
{
	for (uint32_t i = 0; i < boot.entries; i++) {
		const struct hvm_memmap_table_entry *e = &boot.memmap[i];
		if (e->type == XEN_HVM_MEMMAP_TYPE_RAM && addr >= e->addr && addr < e->addr + e->size)
			return e->addr + e->size < limit ? e->addr + e->size : limit;
	}
	return 0;
}

/* shared_info.c: Xen's shared info page, mapped over a page of the image set aside for it. */
#include <stdint.h>

#include "hypercall.h"
#include "shared_info.h"

static union {
	struct shared_info info;
	uint8_t page[4096];
} shared __attribute__((aligned(4096)));

int kiln_xen_shared_info_init(void)
{
	return kiln_xen_map_page(XENMAPSPACE_shared_info, 0, &shared);
}

struct shared_info *kiln_xen_shared_info(void)
{
	return &shared.info;
}

struct vcpu_info *kiln_xen_vcpu_info(void)
{
	return &shared.info.vcpu_info[0];
}

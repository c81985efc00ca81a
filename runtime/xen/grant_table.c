/* grant_table.c: granting other domains (backends) access to pages of the guest, and ending it. */
#include <errno.h>

#include "grant_table.h"
#include "hypercall.h"

#define PAGE_SIZE 4096
#define MAX_FRAMES 4
#define PER_FRAME (PAGE_SIZE / sizeof(grant_entry_v1_t))
#define NO_REF UINT32_MAX

/* The table's frames are mapped over these pages of the image. */
static grant_entry_v1_t table[MAX_FRAMES * PER_FRAME] __attribute__((aligned(PAGE_SIZE)));

static struct {
	unsigned frames;
	grant_ref_t free_head;                    /* NO_REF when none is free */
	grant_ref_t next_free[MAX_FRAMES * PER_FRAME];
} gnt = { .free_head = NO_REF };

int kiln_xen_gnttab_init(void)
{
	struct gnttab_query_size q = { .dom = DOMID_SELF };
	unsigned frames;
	int rc = (int)xen_grant_table_op(GNTTABOP_query_size, &q, 1);

	if (rc == 0 && q.status != GNTST_okay)
		rc = -ENODEV;
	if (rc < 0)
		return rc;
	frames = q.max_nr_frames < MAX_FRAMES ? q.max_nr_frames : MAX_FRAMES;
	for (unsigned i = 0; i < frames; i++) {
		rc = kiln_xen_map_page(XENMAPSPACE_grant_table, i, &table[i * PER_FRAME]);
		if (rc < 0)
			return rc;
		gnt.frames = i + 1;
	}
	/* The first references are the toolstack's (console, xenstore). */
	for (grant_ref_t r = gnt.frames * PER_FRAME; r-- > GNTTAB_NR_RESERVED_ENTRIES;) {
		gnt.next_free[r] = gnt.free_head;
		gnt.free_head = r;
	}
	return 0;
}

unsigned kiln_xen_gnttab_frames(void)
{
	return gnt.frames;
}

int kiln_xen_gnttab_grant(domid_t domid, const void *page, bool readonly, grant_ref_t *ref)
{
	grant_ref_t r = gnt.free_head;
	grant_entry_v1_t *e;

	if ((uintptr_t)page % PAGE_SIZE)
		return -EINVAL;
	if (r == NO_REF)
		return -ENOSPC;
	gnt.free_head = gnt.next_free[r];
	e = &table[r];
	e->domid = domid;
	e->frame = (uint32_t)((uintptr_t)page / PAGE_SIZE);
	/* The flags last: they make the entry valid for Xen. */
	__atomic_store_n(&e->flags, (uint16_t)(GTF_permit_access | (readonly ? GTF_readonly : 0)), __ATOMIC_RELEASE);
	*ref = r;
	return 0;
}

int kiln_xen_gnttab_end(grant_ref_t ref)
{
	uint16_t flags = __atomic_load_n(&table[ref].flags, __ATOMIC_ACQUIRE);

	/* Clear the entry only while Xen says nobody maps it (Xen sets reading/writing atomically). */
	do {
		if (flags & (GTF_reading | GTF_writing))
			return -EBUSY;
	} while (!__atomic_compare_exchange_n(&table[ref].flags, &flags, 0, false, __ATOMIC_SEQ_CST,
					      __ATOMIC_SEQ_CST));
	gnt.next_free[ref] = gnt.free_head;
	gnt.free_head = ref;
	return 0;
}

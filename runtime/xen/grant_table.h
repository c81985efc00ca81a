/* grant_table.h: granting other domains (backends) access to pages of the guest, and ending it. */
#ifndef KILN_XEN_GRANT_TABLE_H
#define KILN_XEN_GRANT_TABLE_H

#include <stdbool.h>
#include <stdint.h>

#include <xen/grant_table.h>

/* Maps the grant table (v1, up to 4 frames: 2040 usable references) into the guest.
 * Returns 0 or a negative Xen errno. */
int kiln_xen_gnttab_init(void);

/* How many grant table frames kiln_xen_gnttab_init mapped. */
unsigned kiln_xen_gnttab_frames(void);

/*
 * Lets domain domid map page (4 KiB-aligned; the caller keeps owning it and must not free it
 * before the grant ends), read-only or read-write. Returns 0 with *ref to pass to the domain,
 * -EINVAL (page not aligned) or -ENOSPC (every reference in use).
 */
int kiln_xen_gnttab_grant(domid_t domid, const void *page, bool readonly, grant_ref_t *ref);

/* Ends the grant and frees ref. Returns 0, or -EBUSY while the other domain still maps the page. */
int kiln_xen_gnttab_end(grant_ref_t ref);

#endif

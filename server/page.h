/* page.h: paginated lists: ?limit= (1 to 200, default 50), ?before= ids, and the {"items", "next"} reply. */
#ifndef KILN_PAGE_H
#define KILN_PAGE_H

#include <stdbool.h>

#include "reply.h"
#include "router.h"

#define PAGE_DEFAULT 50
#define PAGE_MAX 200

/* Parses a positive decimal into *v; false when TEXT (may be NULL) is not one. */
bool page_positive(const char *text, long *v);
/* *limit from ?limit= (PAGE_DEFAULT without one); false with R set to 400 when malformed. */
bool page_limit(const struct call *c, int *limit, struct reply *r);
/* *before from ?before= (0 without one); false with R set to 400 when it is not a positive id. */
bool page_before(const struct call *c, long *before, struct reply *r);
/* Replies 200 {"items": ITEMS, "next": NEXT or null}, taking ITEMS; NEXT is the query of the next page. */
void page_reply(struct reply *r, json_t *items, const char *next);

#endif

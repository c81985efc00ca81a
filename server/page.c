/* page.c: the query arguments and the reply shape every paginated list shares. */
#include <errno.h>
#include <stdlib.h>

#include "page.h"

bool page_positive(const char *text, long *v)
{
	char *end;

	if (!text || text[0] < '0' || text[0] > '9')
		return false;
	errno = 0;
	*v = strtol(text, &end, 10);
	return !errno && !*end && *v > 0;
}

bool page_limit(const struct call *c, int *limit, struct reply *r)
{
	const char *text = call_query(c, "limit");
	long v;

	*limit = PAGE_DEFAULT;
	if (!text)
		return true;
	if (!page_positive(text, &v) || v > PAGE_MAX) {
		reply_error(r, 400, "'limit' must be a number from 1 to %d", PAGE_MAX);
		return false;
	}
	*limit = (int)v;
	return true;
}

bool page_before(const struct call *c, long *before, struct reply *r)
{
	const char *text = call_query(c, "before");

	*before = 0;
	if (!text || page_positive(text, before))
		return true;
	reply_error(r, 400, "'before' must be a positive id");
	return false;
}

void page_reply(struct reply *r, json_t *items, const char *next)
{
	reply_json(r, 200, json_pack("{s:o, s:o}", "items", items, "next", next ? json_string(next) : json_null()));
}

/* api_builds.c: the builds API: a build's log, as text or followed live. */
#include <errno.h>
#include <limits.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>

#include "api_builds.h"
#include "log_follow.h"

/* Parses a build id (a positive decimal) into *id; false with R set to 404 when it is not one. */
static bool parse_id(const char *text, long *id, struct reply *r)
{
	char *end;

	errno = 0;
	*id = strtol(text, &end, 10);
	if (errno || *end || end == text || *id <= 0 || text[0] == '+') {
		reply_error(r, 404, "no build '%s'", text);
		return false;
	}
	return true;
}

void api_builds_log(struct server *s, const struct call *c, struct reply *r)
{
	char path[PATH_MAX], what[32];
	long id;

	if (!parse_id(c->args[0], &id, r))
		return;
	snprintf(path, sizeof(path), "%s/logs/build-%ld.log", s->home, id);
	snprintf(what, sizeof(what), "build %ld", id);
	log_follow_reply(s->logs, c, path, what, r);
}

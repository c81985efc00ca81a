/* api_builds.h: the /api/v1/builds handlers. */
#ifndef KILN_API_BUILDS_H
#define KILN_API_BUILDS_H

#include "reply.h"
#include "router.h"
#include "server.h"

/* Each handler answers C into R; c->args[0] is the {id} of /builds/{id}/... */
void api_builds_log(struct server *s, const struct call *c, struct reply *r);

#endif

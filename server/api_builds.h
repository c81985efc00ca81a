/* api_builds.h: the builds API: queue, list, read, follow, cancel and retry builds, download their artifacts. */
#ifndef KILN_API_BUILDS_H
#define KILN_API_BUILDS_H

#include "../db/db_builds.h"
#include "reply.h"
#include "router.h"
#include "server.h"

/* Each handler answers C into R. On /apps/{name}/builds c->args[0] is the app's name; on
 * /builds/{id}/... it is the build's id (and c->args[1] the artifact's file name). */
void api_builds_create(struct server *s, const struct call *c, struct reply *r);
void api_builds_list(struct server *s, const struct call *c, struct reply *r);
void api_builds_get(struct server *s, const struct call *c, struct reply *r);
void api_builds_log(struct server *s, const struct call *c, struct reply *r);
void api_builds_cancel(struct server *s, const struct call *c, struct reply *r);
void api_builds_retry(struct server *s, const struct call *c, struct reply *r);
void api_builds_artifact(struct server *s, const struct call *c, struct reply *r);

/* Queues the build REQ describes and replies 201 with it (or an error). */
void api_builds_queue(struct server *s, const struct build_request *req, struct reply *r);

#endif

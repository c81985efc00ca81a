/* api_deployments.h: the deployments API and the list of backends. */
#ifndef KILN_API_DEPLOYMENTS_H
#define KILN_API_DEPLOYMENTS_H

#include "reply.h"
#include "router.h"
#include "server.h"

/* Each handler answers C into R; on /deployments/{id}/... c->args[0] is the deployment's id. Writes
 * only change the database and kick the monitor, which does the work outside libmicrohttpd's thread. */
void api_deployments_create(struct server *s, const struct call *c, struct reply *r);
void api_deployments_list(struct server *s, const struct call *c, struct reply *r);
void api_deployments_get(struct server *s, const struct call *c, struct reply *r);
void api_deployments_stop(struct server *s, const struct call *c, struct reply *r);
void api_deployments_start(struct server *s, const struct call *c, struct reply *r);
void api_deployments_restart(struct server *s, const struct call *c, struct reply *r);
void api_deployments_delete(struct server *s, const struct call *c, struct reply *r);
void api_deployments_console(struct server *s, const struct call *c, struct reply *r);
void api_backends_list(struct server *s, const struct call *c, struct reply *r);

#endif

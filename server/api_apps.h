/* api_apps.h: the /api/v1/apps handlers. */
#ifndef KILN_API_APPS_H
#define KILN_API_APPS_H

#include <jansson.h>

#include "reply.h"
#include "router.h"
#include "server.h"

/* Each handler answers C into R; c->args[0] is the {name} of /apps/{name}. */
void api_apps_list(struct server *s, const struct call *c, struct reply *r);
void api_apps_create(struct server *s, const struct call *c, struct reply *r);
void api_apps_get(struct server *s, const struct call *c, struct reply *r);
void api_apps_patch(struct server *s, const struct call *c, struct reply *r);
void api_apps_delete(struct server *s, const struct call *c, struct reply *r);

#endif

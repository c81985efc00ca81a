/* api_apps.h: the /api/v1/apps handlers. */
#ifndef KILN_API_APPS_H
#define KILN_API_APPS_H

#include <jansson.h>

#include "reply.h"
#include "server.h"

/* Each handler answers into R; NAME is the {name} of the route (NULL on /apps), BODY the parsed request body or NULL. */
void api_apps_list(struct server *s, const char *name, const json_t *body, struct reply *r);
void api_apps_create(struct server *s, const char *name, const json_t *body, struct reply *r);
void api_apps_get(struct server *s, const char *name, const json_t *body, struct reply *r);
void api_apps_patch(struct server *s, const char *name, const json_t *body, struct reply *r);
void api_apps_delete(struct server *s, const char *name, const json_t *body, struct reply *r);

#endif

/* api_git_credentials.h: an app's git credentials (an https token or an ssh key): set, described (never shown), forgotten. */
#ifndef KILN_API_GIT_CREDENTIALS_H
#define KILN_API_GIT_CREDENTIALS_H

#include "reply.h"
#include "router.h"
#include "server.h"

/* POST /api/v1/apps/{name}/credentials {"https_token"|"ssh_key", "username"?}: sets or replaces them. */
void api_git_credentials_set(struct server *s, const struct call *c, struct reply *r);
/* GET /api/v1/apps/{name}/credentials: their kind, user name and date, never the secret. */
void api_git_credentials_get(struct server *s, const struct call *c, struct reply *r);
/* DELETE /api/v1/apps/{name}/credentials. */
void api_git_credentials_delete(struct server *s, const struct call *c, struct reply *r);

#endif

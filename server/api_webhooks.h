/* api_webhooks.h: webhook secrets per app, and the deliveries of GitHub, GitLab and Gitea that queue builds. */
#ifndef KILN_API_WEBHOOKS_H
#define KILN_API_WEBHOOKS_H

#include "reply.h"
#include "router.h"
#include "server.h"

/* POST /api/v1/apps/{name}/webhook: makes (or replaces) the app's secret and answers it, once. */
void api_webhooks_secret(struct server *s, const struct call *c, struct reply *r);
/* POST /api/v1/webhooks/{name}: a forge's delivery; a verified push to the app's branch queues a build. */
void api_webhooks_deliver(struct server *s, const struct call *c, struct reply *r);

#endif

/* api_session.h: the /api/v1/session handlers: signing a browser in with a token, and out. */
#ifndef KILN_API_SESSION_H
#define KILN_API_SESSION_H

#include "reply.h"
#include "router.h"
#include "server.h"

/* POST: {"token"} → a session cookie, and {"csrf", "scopes", "expires_in"}. */
void api_session_create(struct server *s, const struct call *c, struct reply *r);
/* GET: the caller's session: {"csrf", "scopes", "expires_in"} (a page that reloads finds its CSRF token here). */
void api_session_get(struct server *s, const struct call *c, struct reply *r);
/* DELETE: signs the session out and clears the cookie. */
void api_session_delete(struct server *s, const struct call *c, struct reply *r);

#endif

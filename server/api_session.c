/* api_session.c: signing a browser in (a token becomes a session cookie with the token's scopes) and out. */
#include <errno.h>

#include "../db/db_tokens.h"
#include "api_session.h"
#include "session.h"
#include "token.h"

#define NO_SESSION "this request has no session: it was sent with a bearer token"

/* Replies with the session's CSRF token and scopes. */
static void reply_session(struct reply *r, unsigned status, const struct db_session *stored)
{
	reply_json(r, status, json_pack("{s:s, s:o*, s:i}", "csrf", stored->csrf, "scopes",
					token_scopes_json(stored->scopes), "expires_in", SESSION_LIFETIME_S));
}

void api_session_create(struct server *s, const struct call *c, struct reply *r)
{
	const char *token = json_string_value(json_object_get(c->body, "token"));
	char hash[TOKEN_HASH_LEN + 1], *cookie = NULL;
	struct db_session stored;
	int rc;

	if (!token || !*token) {
		reply_error(r, 400, "the body must be {\"token\": \"kiln_...\"}");
		return;
	}
	rc = token_hash(token, hash);
	if (rc == 0)
		rc = db_token_find(s->db, hash, &stored.scopes, &stored.token_id);
	if (rc == -ENOENT) {
		reply_error(r, 401, "invalid token");
		return;
	}
	if (rc == 0)
		rc = session_start(s->db, &stored, &cookie);
	if (rc < 0) {
		reply_internal(r, rc);
		return;
	}
	reply_session(r, 201, &stored);
	r->set_cookie = cookie;
}

void api_session_get(struct server *s, const struct call *c, struct reply *r)
{
	(void)s;
	if (!c->session)
		reply_error(r, 400, NO_SESSION);
	else
		reply_session(r, 200, &c->session->stored);
}

void api_session_delete(struct server *s, const struct call *c, struct reply *r)
{
	int rc;

	if (!c->session) {
		reply_error(r, 400, NO_SESSION);
		return;
	}
	rc = db_session_delete(s->db, c->session->id_hash);
	if (rc < 0 && rc != -ENOENT) {
		reply_internal(r, rc);
		return;
	}
	reply_json(r, 200, json_pack("{s:b}", "signed_out", 1));
	r->set_cookie = session_clear_cookie();
}

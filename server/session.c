/* session.c: browser sessions: a random cookie (only its SHA-256 is stored), a CSRF token per session, the session's scopes. */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "session.h"

/* HttpOnly: scripts cannot read it; SameSite=Strict: other sites' pages cannot send it. */
#define COOKIE_ATTRS "; Path=/; HttpOnly; SameSite=Strict"

bool session_cookie_present(struct MHD_Connection *conn)
{
	return MHD_lookup_connection_value(conn, MHD_COOKIE_KIND, SESSION_COOKIE) != NULL;
}

int session_resolve(sqlite3 *db, struct MHD_Connection *conn, struct session *s)
{
	const char *id = MHD_lookup_connection_value(conn, MHD_COOKIE_KIND, SESSION_COOKIE);
	int rc;

	if (!id)
		return -ENOENT;
	rc = token_hash(id, s->id_hash);
	if (rc == 0)
		rc = db_session_find(db, s->id_hash, time(NULL), &s->stored);
	return rc;
}

bool session_csrf_ok(const struct session *s, struct MHD_Connection *conn)
{
	const char *sent = MHD_lookup_connection_value(conn, MHD_HEADER_KIND, "X-CSRF-Token");
	char want[TOKEN_HASH_LEN + 1], got[TOKEN_HASH_LEN + 1];

	/* Hashes of equal length compare in constant time whatever was sent. */
	return sent && token_hash(s->stored.csrf, want) == 0 && token_hash(sent, got) == 0 && token_hash_equal(want, got);
}

int session_start(sqlite3 *db, struct db_session *stored, char **cookie)
{
	char id[TOKEN_LEN + 1], hash[TOKEN_HASH_LEN + 1];
	time_t now = time(NULL);
	int rc;

	rc = token_generate(id);
	if (rc == 0)
		rc = token_generate(stored->csrf);
	if (rc == 0)
		rc = token_hash(id, hash);
	if (rc == 0)
		rc = db_session_insert(db, hash, stored, now, now + SESSION_LIFETIME_S);
	if (rc == 0 && asprintf(cookie, SESSION_COOKIE "=%s" COOKIE_ATTRS "; Max-Age=%d", id, SESSION_LIFETIME_S) < 0)
		rc = -ENOMEM;
	return rc;
}

char *session_clear_cookie(void)
{
	return strdup(SESSION_COOKIE "=" COOKIE_ATTRS "; Max-Age=0");
}

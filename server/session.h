/* session.h: browser sessions: the session cookie, looking a session up, and its CSRF check. */
#ifndef KILN_SESSION_H
#define KILN_SESSION_H

#include <microhttpd.h>
#include <sqlite3.h>
#include <stdbool.h>

#include "../db/db_sessions.h"
#include "token.h"

#define SESSION_COOKIE "kiln_session"
#define SESSION_LIFETIME_S (12 * 3600)

/* A request's session: what is stored, and the hash of its cookie. */
struct session {
	struct db_session stored;
	char id_hash[TOKEN_HASH_LEN + 1];
};

/* Whether CONN carries a session cookie at all. */
bool session_cookie_present(struct MHD_Connection *conn);
/* Looks up the session of CONN's cookie into *s. Returns 0, -ENOENT for an unknown,
 * signed-out or expired session, or a negative errno. */
int session_resolve(sqlite3 *db, struct MHD_Connection *conn, struct session *s);
/* Whether CONN's X-CSRF-Token header equals S's CSRF token (compared in constant time). */
bool session_csrf_ok(const struct session *s, struct MHD_Connection *conn);
/* Starts a session with STORED's scopes and token: stores it, writes its CSRF token into
 * stored->csrf and its Set-Cookie header to *cookie (malloc'd, the caller's). Returns 0 or a negative errno. */
int session_start(sqlite3 *db, struct db_session *stored, char **cookie);
/* The Set-Cookie header that removes the cookie from the browser, malloc'd for the caller; NULL when out of memory. */
char *session_clear_cookie(void);

#endif

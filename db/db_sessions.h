/* db_sessions.h: the sessions table: browser sessions, stored by the SHA-256 of their cookie, with their CSRF token and scopes. */
#ifndef KILN_DB_SESSIONS_H
#define KILN_DB_SESSIONS_H

#include <sqlite3.h>
#include <time.h>

#include "../server/token.h"

/* A session as stored. */
struct db_session {
	unsigned scopes;
	long token_id; /* the token that signed in */
	char csrf[TOKEN_LEN + 1];
};

/* Stores session S under ID_HASH, expiring at EXPIRES, and deletes every session already expired
 * at NOW. Returns 0 or a negative errno. */
int db_session_insert(sqlite3 *db, const char *id_hash, const struct db_session *s, time_t now, time_t expires);
/* Finds into *s the session whose cookie hashes to ID_HASH, has not expired at NOW, and whose
 * token still exists (a token deleted ends its sessions).
 * Returns 0, -ENOENT, or a negative errno. */
int db_session_find(sqlite3 *db, const char *id_hash, time_t now, struct db_session *s);
/* Deletes the session ID_HASH. Returns 0, -ENOENT when there was none, or a negative errno. */
int db_session_delete(sqlite3 *db, const char *id_hash);

#endif

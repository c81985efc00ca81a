/* db_sessions.c: queries on the sessions table. */
#include <errno.h>
#include <string.h>

#include "db.h"
#include "db_sessions.h"

/* Runs SQL, which has one parameter, bound to TEXT when not NULL, else to N; *changes is how many rows it touched. */
static int run(sqlite3 *db, const char *sql, const char *text, sqlite3_int64 n, int *changes)
{
	sqlite3_stmt *st;
	int rc;

	if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) != SQLITE_OK)
		return -EIO;
	if (text)
		sqlite3_bind_text(st, 1, text, -1, SQLITE_STATIC);
	else
		sqlite3_bind_int64(st, 1, n);
	rc = sqlite3_step(st) == SQLITE_DONE ? 0 : -EIO;
	*changes = sqlite3_changes(db);
	sqlite3_finalize(st);
	return rc;
}

int db_session_insert(sqlite3 *db, const char *id_hash, const struct db_session *s, time_t now, time_t expires)
{
	sqlite3_stmt *st;
	int rc, changes;

	rc = run(db, "DELETE FROM sessions WHERE expires <= ?", NULL, now, &changes);
	if (rc < 0)
		return rc;
	if (sqlite3_prepare_v2(db, "INSERT INTO sessions (id_hash, csrf, scopes, token_id, expires) VALUES (?, ?, ?, ?, ?)", -1, &st,
			       NULL) != SQLITE_OK)
		return -EIO;
	sqlite3_bind_text(st, 1, id_hash, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, s->csrf, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 3, s->scopes);
	sqlite3_bind_int64(st, 4, s->token_id);
	sqlite3_bind_int64(st, 5, expires);
	rc = sqlite3_step(st) == SQLITE_DONE ? 0 : -EIO;
	sqlite3_finalize(st);
	return rc;
}

int db_session_find(sqlite3 *db, const char *id_hash, time_t now, struct db_session *s)
{
	sqlite3_stmt *st;
	int rc, step;

	if (sqlite3_prepare_v2(db, "SELECT s.scopes, s.token_id, s.csrf FROM sessions s JOIN tokens t ON t.id = s.token_id"
			       " WHERE s.id_hash = ? AND s.expires > ?", -1, &st,
			       NULL) != SQLITE_OK)
		return -EIO;
	sqlite3_bind_text(st, 1, id_hash, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 2, now);
	step = sqlite3_step(st);
	if (step == SQLITE_ROW) {
		const char *stored = (const char *)sqlite3_column_text(st, 2);
		s->scopes = (unsigned)sqlite3_column_int64(st, 0);
		s->token_id = (long)sqlite3_column_int64(st, 1);
		rc = stored && strlen(stored) == TOKEN_LEN ? 0 : -EIO;
		if (rc == 0)
			memcpy(s->csrf, stored, TOKEN_LEN + 1);
	} else {
		rc = step == SQLITE_DONE ? -ENOENT : -EIO;
	}
	sqlite3_finalize(st);
	return rc;
}

int db_session_delete(sqlite3 *db, const char *id_hash)
{
	int changes, rc = run(db, "DELETE FROM sessions WHERE id_hash = ?", id_hash, 0, &changes);

	return rc < 0 ? rc : changes ? 0 : -ENOENT;
}

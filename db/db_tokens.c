/* db_tokens.c: queries on the tokens table. */
#include <errno.h>
#include <stdbool.h>

#include "../server/token.h"
#include "db.h"
#include "db_tokens.h"

int db_token_insert(sqlite3 *db, const char *hash, unsigned scopes)
{
	sqlite3_stmt *st;
	int rc;

	if (sqlite3_prepare_v2(db, "INSERT INTO tokens (hash, scopes) VALUES (?, ?)", -1, &st, NULL) != SQLITE_OK)
		return -EIO;
	sqlite3_bind_text(st, 1, hash, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 2, scopes);
	rc = sqlite3_step(st) == SQLITE_DONE ? 0 : -EIO;
	sqlite3_finalize(st);
	return rc;
}

int db_token_find(sqlite3 *db, const char *hash, unsigned *scopes, long *id)
{
	sqlite3_stmt *st;
	bool found = false;
	int step;

	if (sqlite3_prepare_v2(db, "SELECT hash, scopes, id FROM tokens", -1, &st, NULL) != SQLITE_OK)
		return -EIO;
	while ((step = sqlite3_step(st)) == SQLITE_ROW) {
		const char *stored = (const char *)sqlite3_column_text(st, 0);
		if (stored && token_hash_equal(stored, hash) && !found) {
			*scopes = (unsigned)sqlite3_column_int64(st, 1);
			*id = (long)sqlite3_column_int64(st, 2);
			found = true;
		}
	}
	sqlite3_finalize(st);
	if (step != SQLITE_DONE)
		return -EIO;
	return found ? 0 : -ENOENT;
}

int db_token_count(sqlite3 *db, long *n)
{
	return db_scalar(db, "SELECT COUNT(*) FROM tokens", n);
}

/* db_git_credentials.c: queries on the git_credentials table. */
#include <errno.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "db.h"
#include "db_git_credentials.h"

int db_git_credentials_set(sqlite3 *db, const char *app, const struct git_credentials *cred)
{
	int rc = db_run(db, NULL,
			"INSERT OR REPLACE INTO git_credentials (app, username, https_token, ssh_key) VALUES (?, ?, ?, ?)",
			"tttt", app, cred->username, cred->https_token, cred->ssh_key);

	/* The foreign key on apps refuses an unknown app. */
	return rc == -EEXIST ? -ENOENT : rc;
}

/* A copy of column I of ST (NULL stays NULL); false when out of memory. */
static bool column_copy(sqlite3_stmt *st, int i, char **out)
{
	const char *text = (const char *)sqlite3_column_text(st, i);

	*out = text ? strdup(text) : NULL;
	return !text || *out;
}

int db_git_credentials_get(sqlite3 *db, const char *app, struct git_credentials *out)
{
	sqlite3_stmt *st;
	int rc = db_prepare(db, &st,
			    "SELECT username, https_token, ssh_key, created FROM git_credentials WHERE app = ?", "t", app);

	memset(out, 0, sizeof(*out));
	if (rc < 0)
		return rc;
	rc = sqlite3_step(st) == SQLITE_ROW ? 0 : -ENOENT;
	if (rc == 0 && !(column_copy(st, 0, &out->username) && column_copy(st, 1, &out->https_token) &&
			 column_copy(st, 2, &out->ssh_key) && column_copy(st, 3, &out->created_at)))
		rc = -ENOMEM;
	sqlite3_finalize(st);
	if (rc < 0)
		db_git_credentials_clear(out);
	return rc;
}

int db_git_credentials_delete(sqlite3 *db, const char *app)
{
	int changes = 0;
	int rc = db_run(db, &changes, "DELETE FROM git_credentials WHERE app = ?", "t", app);

	return rc == 0 && changes == 0 ? -ENOENT : rc;
}

/* Frees S after overwriting it, so a secret does not linger in freed memory. */
static void wipe(char *s)
{
	if (s)
		explicit_bzero(s, strlen(s));
	free(s);
}

void db_git_credentials_clear(struct git_credentials *cred)
{
	wipe(cred->https_token);
	wipe(cred->ssh_key);
	free(cred->username);
	free(cred->created_at);
	memset(cred, 0, sizeof(*cred));
}

/* db_webhooks.c: queries on the webhooks table. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "db.h"
#include "db_webhooks.h"

int db_webhook_set(sqlite3 *db, const char *app, const char *secret)
{
	int rc = db_run(db, NULL, "INSERT OR REPLACE INTO webhooks (app, secret) VALUES (?, ?)", "tt", app, secret);

	/* The foreign key on apps refuses an unknown app. */
	return rc == -EEXIST ? -ENOENT : rc;
}

int db_webhook_secret(sqlite3 *db, const char *app, char **secret)
{
	sqlite3_stmt *st;
	int rc = db_prepare(db, &st, "SELECT secret FROM webhooks WHERE app = ?", "t", app);

	if (rc < 0)
		return rc;
	rc = sqlite3_step(st) == SQLITE_ROW ? 0 : -ENOENT;
	if (rc == 0 && !(*secret = strdup((const char *)sqlite3_column_text(st, 0))))
		rc = -ENOMEM;
	sqlite3_finalize(st);
	return rc;
}

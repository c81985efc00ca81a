/* db.c: opens the service's database in WAL mode and brings its schema up to date. */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <sys/stat.h>

#include "db.h"

/* Migration N (1-based) takes the schema from version N-1 to N; append, never edit. */
static const char *const migrations[] = {
	"CREATE TABLE tokens (id INTEGER PRIMARY KEY, hash TEXT NOT NULL UNIQUE, scopes INTEGER NOT NULL,"
	" created TEXT NOT NULL DEFAULT CURRENT_TIMESTAMP);"
	"CREATE TABLE apps (name TEXT PRIMARY KEY, repo TEXT NOT NULL, branch TEXT NOT NULL,"
	" path TEXT NOT NULL, target TEXT NOT NULL, keys TEXT NOT NULL,"
	" created TEXT NOT NULL DEFAULT CURRENT_TIMESTAMP);",
	/* web: browser sessions, by the SHA-256 of their cookie; token_id is the token that signed in; expires in seconds since the epoch. */
	"CREATE TABLE sessions (id_hash TEXT PRIMARY KEY, csrf TEXT NOT NULL, scopes INTEGER NOT NULL,"
	" token_id INTEGER NOT NULL, expires INTEGER NOT NULL, created TEXT NOT NULL DEFAULT CURRENT_TIMESTAMP);",
	/* builds: each build keeps a copy of its app's settings, so changing or deleting the app later
	 * changes nothing about it; cancel_requested asks the build queue to kill a running build. */
	"CREATE TABLE builds (id INTEGER PRIMARY KEY AUTOINCREMENT, app TEXT NOT NULL, status TEXT NOT NULL,"
	" commit_id TEXT, ref TEXT NOT NULL, trigger TEXT NOT NULL, triggered_by TEXT NOT NULL,"
	" repo TEXT NOT NULL, path TEXT NOT NULL, target TEXT NOT NULL, keys TEXT NOT NULL,"
	" created_at TEXT NOT NULL, started_at TEXT, finished_at TEXT, duration_ms INTEGER, error TEXT,"
	" cancel_requested INTEGER NOT NULL DEFAULT 0);"
	"CREATE INDEX builds_by_app ON builds (app, id);"
	"CREATE INDEX builds_by_status ON builds (status, id);"
	"CREATE TABLE build_artifacts (build INTEGER NOT NULL REFERENCES builds (id) ON DELETE CASCADE,"
	" name TEXT NOT NULL, sha256 TEXT NOT NULL, size INTEGER NOT NULL, PRIMARY KEY (build, name));",
	/* webhooks: one secret per app, gone with the app. */
	"CREATE TABLE webhooks (app TEXT PRIMARY KEY REFERENCES apps (name) ON DELETE CASCADE,"
	" secret TEXT NOT NULL, created TEXT NOT NULL DEFAULT CURRENT_TIMESTAMP);",
	/* deploy: what the API asks (desired, generation: bumped by each start or restart) and what the monitor
	 * saw (state, the handle that finds the process or domain again, started_generation); spec is what runs. */
	"CREATE TABLE deployments (id INTEGER PRIMARY KEY AUTOINCREMENT, build INTEGER NOT NULL, app TEXT NOT NULL,"
	" backend TEXT NOT NULL, restart TEXT NOT NULL, keys TEXT NOT NULL, spec TEXT NOT NULL, desired TEXT NOT NULL,"
	" generation INTEGER NOT NULL DEFAULT 1, started_generation INTEGER NOT NULL DEFAULT 0,"
	" state TEXT NOT NULL, pid INTEGER, pid_start INTEGER, shim INTEGER, shim_start INTEGER, exit_code INTEGER,"
	" reason TEXT, created_at TEXT NOT NULL, started_at TEXT, stopped_at TEXT);"
	"CREATE INDEX deployments_app ON deployments (app, id);",
	/* git credentials: an app's https token or ssh key, gone with the app; never sent back by the API. */
	"CREATE TABLE git_credentials (app TEXT PRIMARY KEY REFERENCES apps (name) ON DELETE CASCADE, username TEXT,"
	" https_token TEXT, ssh_key TEXT, created TEXT NOT NULL DEFAULT CURRENT_TIMESTAMP,"
	" CHECK ((https_token IS NULL) != (ssh_key IS NULL)));",
};

static int exec(sqlite3 *db, const char *sql)
{
	char *msg = NULL;

	if (sqlite3_exec(db, sql, NULL, NULL, &msg) == SQLITE_OK)
		return 0;
	fprintf(stderr, "kiln: database: %s\n", msg ? msg : sqlite3_errmsg(db));
	sqlite3_free(msg);
	return -EIO;
}

int db_scalar(sqlite3 *db, const char *sql, long *n)
{
	sqlite3_stmt *st;
	int rc = -EIO;

	if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) != SQLITE_OK)
		return -EIO;
	if (sqlite3_step(st) == SQLITE_ROW) {
		*n = (long)sqlite3_column_int64(st, 0);
		rc = 0;
	}
	sqlite3_finalize(st);
	return rc;
}

/* Binds the arguments TYPES describes ('i': long long, 't': const char * or NULL) to ST's parameters. */
static void bind_va(sqlite3_stmt *st, const char *types, va_list ap)
{
	for (int i = 0; types[i]; i++) {
		if (types[i] == 'i') {
			sqlite3_bind_int64(st, i + 1, va_arg(ap, long long));
		} else {
			const char *text = va_arg(ap, const char *);
			if (text)
				sqlite3_bind_text(st, i + 1, text, -1, SQLITE_TRANSIENT);
			else
				sqlite3_bind_null(st, i + 1);
		}
	}
}

int db_prepare(sqlite3 *db, sqlite3_stmt **st, const char *sql, const char *types, ...)
{
	va_list ap;

	if (sqlite3_prepare_v2(db, sql, -1, st, NULL) != SQLITE_OK) {
		fprintf(stderr, "kiln: database: %s\n", sqlite3_errmsg(db));
		return -EIO;
	}
	va_start(ap, types);
	bind_va(*st, types, ap);
	va_end(ap);
	return 0;
}

int db_run(sqlite3 *db, int *changes, const char *sql, const char *types, ...)
{
	sqlite3_stmt *st;
	va_list ap;
	int rc;

	if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) != SQLITE_OK) {
		fprintf(stderr, "kiln: database: %s\n", sqlite3_errmsg(db));
		return -EIO;
	}
	va_start(ap, types);
	bind_va(st, types, ap);
	va_end(ap);
	rc = sqlite3_step(st);
	rc = rc == SQLITE_DONE || rc == SQLITE_ROW ? 0 : rc == SQLITE_CONSTRAINT ? -EEXIST : -EIO;
	if (changes)
		*changes = sqlite3_changes(db);
	sqlite3_finalize(st);
	return rc;
}

/* Applies each missing migration in its own transaction, with its version row. */
static int migrate(sqlite3 *db)
{
	long version;
	int rc;
	char record[64];

	rc = exec(db, "CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)");
	if (rc == 0)
		rc = db_scalar(db, "SELECT COALESCE(MAX(version), 0) FROM schema_version", &version);
	for (int v = rc == 0 ? (int)version : 0; rc == 0 && v < (int)(sizeof(migrations) / sizeof(migrations[0])); v++) {
		snprintf(record, sizeof(record), "INSERT INTO schema_version VALUES (%d)", v + 1);
		rc = exec(db, "BEGIN");
		if (rc == 0)
			rc = exec(db, migrations[v]);
		if (rc == 0)
			rc = exec(db, record);
		rc = rc == 0 ? exec(db, "COMMIT") : (exec(db, "ROLLBACK"), rc);
	}
	return rc;
}

int db_open(const char *home, sqlite3 **out)
{
	char path[4096];
	sqlite3 *db = NULL;
	int rc;

	if (mkdir(home, 0700) < 0 && errno != EEXIST)
		return -errno;
	if (snprintf(path, sizeof(path), "%s/kiln.db", home) >= (int)sizeof(path))
		return -ENAMETOOLONG;
	if (sqlite3_open(path, &db) != SQLITE_OK) {
		fprintf(stderr, "kiln: cannot open %s: %s\n", path, sqlite3_errmsg(db));
		rc = -EIO;
		goto cleanup;
	}
	sqlite3_busy_timeout(db, 5000);
	rc = exec(db, "PRAGMA journal_mode=WAL; PRAGMA foreign_keys=ON;");
	if (rc == 0)
		rc = migrate(db);
	if (rc == 0) {
		*out = db;
		return 0;
	}
cleanup:
	sqlite3_close(db);
	return rc;
}

void db_close(sqlite3 *db)
{
	sqlite3_close(db);
}

/* db_deployments.c: queries on the deployments table. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "db.h"
#include "db_builds.h"
#include "db_deployments.h"

#define NOW DB_NOW

/* The columns the API shows, in the order row_json reads them. */
#define API_COLUMNS "id, build, app, backend, desired, state, pid, exit_code, reason, restart, keys, created_at, started_at, stopped_at"

static int prepare(sqlite3 *db, const char *sql, sqlite3_stmt **st)
{
	return sqlite3_prepare_v2(db, sql, -1, st, NULL) == SQLITE_OK ? 0 : -EIO;
}

/* Runs a statement to its end; *changes (may be NULL) is how many rows it touched. */
static int step_done(sqlite3 *db, sqlite3_stmt *st, int *changes)
{
	int rc = sqlite3_step(st) == SQLITE_DONE ? 0 : -EIO;

	if (changes)
		*changes = sqlite3_changes(db);
	sqlite3_finalize(st);
	return rc;
}

int db_deployment_insert(sqlite3 *db, const struct deployment_request *req, long *id)
{
	char *keys = json_dumps(req->keys, JSON_COMPACT | JSON_SORT_KEYS);
	char *spec = json_dumps(req->spec, JSON_COMPACT);
	sqlite3_stmt *st = NULL;
	int rc = keys && spec ? 0 : -ENOMEM;

	if (rc == 0)
		rc = prepare(db, "INSERT INTO deployments (build, app, backend, restart, keys, spec, desired, state, created_at)"
				 " VALUES (?, ?, ?, ?, ?, ?, 'running', 'starting', " NOW ")", &st);
	if (rc == 0) {
		sqlite3_bind_int64(st, 1, req->build);
		sqlite3_bind_text(st, 2, req->app, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 3, req->backend, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 4, req->restart, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 5, keys, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 6, spec, -1, SQLITE_STATIC);
		rc = step_done(db, st, NULL);
		*id = (long)sqlite3_last_insert_rowid(db);
	}
	free(keys);
	free(spec);
	return rc;
}

/* A column as JSON: null, an integer or a string. */
static json_t *column_json(sqlite3_stmt *st, int i)
{
	switch (sqlite3_column_type(st, i)) {
	case SQLITE_NULL:
		return json_null();
	case SQLITE_INTEGER:
		return json_integer(sqlite3_column_int64(st, i));
	default:
		return json_string((const char *)sqlite3_column_text(st, i));
	}
}

/* The current row (API_COLUMNS) as the API's object; NULL when out of memory. */
static json_t *row_json(sqlite3_stmt *st)
{
	static const char *const names[] = { "id", "build", "app", "backend", "desired", "state", "pid", "exit_code",
					     "reason", "restart", "keys", "created_at", "started_at", "stopped_at" };
	json_t *d = json_object();

	for (int i = 0; d && i < (int)(sizeof(names) / sizeof(names[0])); i++) {
		json_t *v = strcmp(names[i], "keys") == 0
				    ? json_loads((const char *)sqlite3_column_text(st, i), 0, NULL)
				    : column_json(st, i);
		if (!v || json_object_set_new(d, names[i], v) < 0) {
			json_decref(d);
			return NULL;
		}
	}
	return d;
}

/* Runs SQL, a query of one row by id (bound to ?), into *out through CONVERT; -ENOENT without a row. */
static int one_row(sqlite3 *db, const char *sql, long id, json_t *(*convert)(sqlite3_stmt *st), json_t **out)
{
	sqlite3_stmt *st;
	int rc = prepare(db, sql, &st);

	if (rc < 0)
		return rc;
	sqlite3_bind_int64(st, 1, id);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		*out = convert(st);
		rc = *out ? 0 : -ENOMEM;
	} else {
		rc = rc == SQLITE_DONE ? -ENOENT : -EIO;
	}
	sqlite3_finalize(st);
	return rc;
}

int db_deployment_get(sqlite3 *db, long id, json_t **out)
{
	return one_row(db, "SELECT " API_COLUMNS " FROM deployments WHERE id = ? AND desired <> 'deleted'", id,
		       row_json, out);
}

int db_deployment_list(sqlite3 *db, const char *app, long before, int limit, json_t **out, bool *more)
{
	sqlite3_stmt *st;
	json_t *items = json_array();
	int rc = prepare(db, "SELECT " API_COLUMNS " FROM deployments WHERE desired <> 'deleted'"
			     " AND (?1 IS NULL OR app = ?1) AND (?2 = 0 OR id < ?2) ORDER BY id DESC LIMIT ?3", &st);

	if (rc == 0 && !items)
		rc = -ENOMEM;
	if (rc < 0) {
		json_decref(items);
		return rc;
	}
	if (app)
		sqlite3_bind_text(st, 1, app, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 2, before);
	sqlite3_bind_int(st, 3, limit + 1);
	*more = false;
	while (rc == 0 && (rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (json_array_size(items) == (size_t)limit) {
			*more = true;
			break;
		}
		rc = json_array_append_new(items, row_json(st)) == 0 ? 0 : -ENOMEM;
	}
	rc = rc == SQLITE_DONE || rc == SQLITE_ROW ? 0 : rc < 0 ? rc : -EIO;
	sqlite3_finalize(st);
	if (rc == 0)
		*out = items;
	else
		json_decref(items);
	return rc;
}

/* The spec column of ST's row, parsed (NULL when it cannot be). */
static json_t *spec_json(sqlite3_stmt *st)
{
	return json_loads((const char *)sqlite3_column_text(st, 0), 0, NULL);
}

int db_deployment_spec(sqlite3 *db, long id, json_t **out)
{
	return one_row(db, "SELECT spec FROM deployments WHERE id = ? AND desired <> 'deleted'", id, spec_json, out);
}

/* A stop (?2) of a deployment the monitor would restart. */
#define WAITING_TO_RESTART "?2 <> 'running' AND desired = 'running' AND state = 'failed' AND restart = 'on-failure'"

int db_deployment_request(sqlite3 *db, long id, const char *desired, bool start)
{
	sqlite3_stmt *st;
	int changes, rc;

	/* A start of one that is not running shows "starting" until the monitor has started it; a stop of
	 * one waiting to restart after a failure ends there (the monitor forgets what leaves its working set). */
	rc = prepare(db, "UPDATE deployments SET desired = ?2, generation = generation + ?3,"
			 " state = CASE WHEN ?3 AND state NOT IN ('running', 'starting') THEN 'starting'"
			 " WHEN " WAITING_TO_RESTART " THEN 'stopped' ELSE state END,"
			 " reason = CASE WHEN " WAITING_TO_RESTART " THEN 'stopped on request while waiting to restart'"
			 " ELSE reason END"
			 " WHERE id = ?1 AND desired <> 'deleted'", &st);
	if (rc < 0)
		return rc;
	sqlite3_bind_int64(st, 1, id);
	sqlite3_bind_text(st, 2, desired, -1, SQLITE_STATIC);
	sqlite3_bind_int(st, 3, start ? 1 : 0);
	rc = step_done(db, st, &changes);
	return rc == 0 && changes == 0 ? -ENOENT : rc;
}

int db_deployment_counts(sqlite3 *db, json_t **counts)
{
	sqlite3_stmt *st;
	json_t *c = json_object();
	int rc = prepare(db, "SELECT state, COUNT(*) FROM deployments WHERE desired <> 'deleted' GROUP BY state", &st);

	if (rc < 0 || !c) {
		json_decref(c);
		return rc < 0 ? rc : -ENOMEM;
	}
	while ((rc = sqlite3_step(st)) == SQLITE_ROW)
		json_object_set_new(c, (const char *)sqlite3_column_text(st, 0), json_integer(sqlite3_column_int64(st, 1)));
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE) {
		json_decref(c);
		return -EIO;
	}
	*counts = c;
	return 0;
}

static char *column_dup(sqlite3_stmt *st, int i)
{
	const unsigned char *t = sqlite3_column_text(st, i);

	return strdup(t ? (const char *)t : "");
}

/* Fills *row from the current row of the working set query. */
static int read_row(sqlite3_stmt *st, struct deployment_row *row)
{
	row->id = (long)sqlite3_column_int64(st, 0);
	row->backend = column_dup(st, 1);
	row->desired = column_dup(st, 2);
	row->state = column_dup(st, 3);
	row->restart = strcmp((const char *)sqlite3_column_text(st, 4), "on-failure") == 0;
	row->generation = (unsigned long)sqlite3_column_int64(st, 5);
	row->started_generation = (unsigned long)sqlite3_column_int64(st, 6);
	row->keys = json_loads((const char *)sqlite3_column_text(st, 7), 0, NULL);
	row->spec = json_loads((const char *)sqlite3_column_text(st, 8), 0, NULL);
	row->has_handle = sqlite3_column_type(st, 9) != SQLITE_NULL;
	row->h.pid = (long)sqlite3_column_int64(st, 9);
	row->h.pid_start = (unsigned long long)sqlite3_column_int64(st, 10);
	row->h.shim = (long)sqlite3_column_int64(st, 11);
	row->h.shim_start = (unsigned long long)sqlite3_column_int64(st, 12);
	row->exit_code = sqlite3_column_type(st, 13) == SQLITE_NULL ? -1 : sqlite3_column_int(st, 13);
	return row->backend && row->desired && row->state && row->keys && row->spec ? 0 : -ENOMEM;
}

int db_deployment_working_set(sqlite3 *db, struct deployment_row **rows, size_t *n)
{
	sqlite3_stmt *st;
	struct deployment_row *all = NULL;
	size_t count = 0;
	int rc = prepare(db, "SELECT id, backend, desired, state, restart, generation, started_generation, keys, spec,"
			     " pid, pid_start, shim, shim_start, exit_code FROM deployments"
			     " WHERE desired = 'deleted' OR state IN ('starting', 'running')"
			     " OR (desired = 'running' AND (generation <> started_generation"
			     " OR (state = 'failed' AND restart = 'on-failure'))) ORDER BY id", &st);

	while (rc == 0 && (rc = sqlite3_step(st)) == SQLITE_ROW) {
		struct deployment_row *grown = realloc(all, (count + 1) * sizeof(*all));
		rc = grown ? 0 : -ENOMEM;
		if (rc == 0) {
			all = grown;
			memset(&all[count], 0, sizeof(all[count]));
			rc = read_row(st, &all[count++]);
		}
	}
	rc = rc == SQLITE_DONE ? 0 : rc < 0 ? rc : -EIO;
	sqlite3_finalize(st);
	if (rc < 0) {
		db_deployment_rows_free(all, count);
		return rc;
	}
	*rows = all;
	*n = count;
	return 0;
}

void db_deployment_rows_free(struct deployment_row *rows, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		free(rows[i].backend);
		free(rows[i].desired);
		free(rows[i].state);
		json_decref(rows[i].keys);
		json_decref(rows[i].spec);
	}
	free(rows);
}

int db_deployment_observe(sqlite3 *db, long id, const char *state, int exit_code, const char *reason,
			  const struct deploy_handle *h, unsigned long started_generation, bool started, bool ended)
{
	sqlite3_stmt *st;
	int rc = prepare(db, "UPDATE deployments SET state = ?2, exit_code = ?3, reason = ?4, pid = ?5, pid_start = ?6,"
			     " shim = ?7, shim_start = ?8, started_generation = ?9,"
			     " started_at = CASE WHEN ?10 THEN " NOW " ELSE started_at END,"
			     " stopped_at = CASE WHEN ?10 THEN NULL WHEN ?11 THEN " NOW " ELSE stopped_at END"
			     " WHERE id = ?1", &st);

	if (rc < 0)
		return rc;
	sqlite3_bind_int64(st, 1, id);
	sqlite3_bind_text(st, 2, state, -1, SQLITE_STATIC);
	if (exit_code >= 0)
		sqlite3_bind_int(st, 3, exit_code);
	if (reason && *reason)
		sqlite3_bind_text(st, 4, reason, -1, SQLITE_STATIC);
	if (h->pid > 0) {
		sqlite3_bind_int64(st, 5, h->pid);
		sqlite3_bind_int64(st, 6, (sqlite3_int64)h->pid_start);
		sqlite3_bind_int64(st, 7, h->shim);
		sqlite3_bind_int64(st, 8, (sqlite3_int64)h->shim_start);
	}
	sqlite3_bind_int64(st, 9, (sqlite3_int64)started_generation);
	sqlite3_bind_int(st, 10, started);
	sqlite3_bind_int(st, 11, ended);
	return step_done(db, st, NULL);
}

int db_deployment_remove(sqlite3 *db, long id)
{
	sqlite3_stmt *st;
	int rc = prepare(db, "DELETE FROM deployments WHERE id = ?", &st);

	if (rc < 0)
		return rc;
	sqlite3_bind_int64(st, 1, id);
	return step_done(db, st, NULL);
}

/* db_builds.c: queries on the builds and build_artifacts tables. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "db.h"
#include "db_builds.h"

#define BUILD_COLUMNS "id, app, status, commit_id, ref, trigger, triggered_by, created_at, started_at, " \
	"finished_at, duration_ms, error"

static const char *text_or_null(sqlite3_stmt *st, int col)
{
	return (const char *)sqlite3_column_text(st, col);
}

/* A new JSON string, or null for a NULL column. */
static json_t *json_text(sqlite3_stmt *st, int col)
{
	const char *s = text_or_null(st, col);

	return s ? json_string(s) : json_null();
}

/* The build of the current row (BUILD_COLUMNS), with an empty artifacts array. */
static json_t *row_build(sqlite3_stmt *st)
{
	static const char *const names[] = { "app", "status", "commit", "ref", "trigger", "triggered_by",
					     "created_at", "started_at", "finished_at" };
	json_t *b = json_object();

	if (!b)
		return NULL;
	json_object_set_new(b, "id", json_integer(sqlite3_column_int64(st, 0)));
	for (int i = 0; i < (int)(sizeof(names) / sizeof(names[0])); i++)
		json_object_set_new(b, names[i], json_text(st, i + 1));
	json_object_set_new(b, "duration_ms", sqlite3_column_type(st, 10) == SQLITE_NULL ? json_null() :
			    json_integer(sqlite3_column_int64(st, 10)));
	json_object_set_new(b, "error", json_text(st, 11));
	json_object_set_new(b, "artifacts", json_array());
	return b;
}

/* Fills build B's artifacts array. */
static int add_artifacts(sqlite3 *db, json_t *b)
{
	json_t *list = json_object_get(b, "artifacts");
	sqlite3_stmt *st;
	int step, rc;

	rc = db_prepare(db, &st, "SELECT name, sha256, size FROM build_artifacts WHERE build = ? ORDER BY name", "i",
			(long long)json_integer_value(json_object_get(b, "id")));
	if (rc < 0)
		return rc;
	while ((step = sqlite3_step(st)) == SQLITE_ROW)
		json_array_append_new(list, json_pack("{s:s, s:s, s:I}", "name", text_or_null(st, 0), "sha256",
						      text_or_null(st, 1), "size", (json_int_t)sqlite3_column_int64(st, 2)));
	sqlite3_finalize(st);
	return step == SQLITE_DONE ? 0 : -EIO;
}

int db_build_insert(sqlite3 *db, const struct build_request *req, long *id)
{
	const json_t *app = req->app;
	char *keys = json_dumps(json_object_get(app, "keys"), JSON_COMPACT | JSON_SORT_KEYS);
	const char *branch = json_string_value(json_object_get(app, "branch"));
	int rc;

	if (!keys)
		return -ENOMEM;
	rc = db_run(db, NULL,
		    "INSERT INTO builds (app, status, commit_id, ref, trigger, triggered_by, repo, path, target, keys,"
		    " created_at) VALUES (?, 'queued', NULL, ?, ?, ?, ?, ?, ?, ?, " DB_NOW ")",
		    "tttttttt", json_string_value(json_object_get(app, "name")), req->commit ? req->commit : branch,
		    req->trigger, req->triggered_by, json_string_value(json_object_get(app, "repo")),
		    json_string_value(json_object_get(app, "path")), json_string_value(json_object_get(app, "target")),
		    keys);
	free(keys);
	if (rc == 0)
		*id = (long)sqlite3_last_insert_rowid(db);
	return rc;
}

int db_build_retry(sqlite3 *db, long id, const char *triggered_by, long *new_id)
{
	json_t *old;
	const char *status;
	bool busy;
	int changes, rc = db_build_get(db, id, &old);

	if (rc < 0)
		return rc;
	status = json_string_value(json_object_get(old, "status"));
	busy = strcmp(status, "queued") == 0 || strcmp(status, "running") == 0;
	json_decref(old);
	if (busy)
		return -EBUSY;
	rc = db_run(db, &changes,
		    "INSERT INTO builds (app, status, commit_id, ref, trigger, triggered_by, repo, path, target, keys,"
		    " created_at) SELECT app, 'queued', NULL, COALESCE(commit_id, ref), 'retry', ?, repo, path, target,"
		    " keys, " DB_NOW " FROM builds WHERE id = ?", "ti", triggered_by, (long long)id);
	if (rc == 0)
		*new_id = (long)sqlite3_last_insert_rowid(db);
	return rc == 0 && changes == 0 ? -ENOENT : rc;
}

int db_build_get(sqlite3 *db, long id, json_t **out)
{
	sqlite3_stmt *st;
	json_t *b = NULL;
	int rc = db_prepare(db, &st, "SELECT " BUILD_COLUMNS " FROM builds WHERE id = ?", "i", (long long)id);

	if (rc < 0)
		return rc;
	rc = sqlite3_step(st) == SQLITE_ROW ? 0 : -ENOENT;
	if (rc == 0)
		b = row_build(st);
	sqlite3_finalize(st);
	if (rc == 0 && !b)
		rc = -ENOMEM;
	if (rc == 0)
		rc = add_artifacts(db, b);
	if (rc < 0) {
		json_decref(b);
		return rc;
	}
	*out = b;
	return 0;
}

int db_build_list(sqlite3 *db, const char *app, long before, int limit, json_t **out, bool *more)
{
	json_t *list = json_array();
	sqlite3_stmt *st;
	int step, rc;

	if (!list)
		return -ENOMEM;
	rc = db_prepare(db, &st, "SELECT " BUILD_COLUMNS " FROM builds WHERE app = ? AND (? = 0 OR id < ?)"
			" ORDER BY id DESC LIMIT ?", "tiii", app, (long long)before, (long long)before,
			(long long)limit + 1);
	if (rc < 0) {
		json_decref(list);
		return rc;
	}
	*more = false;
	while ((step = sqlite3_step(st)) == SQLITE_ROW) {
		if ((int)json_array_size(list) == limit) {
			*more = true;
			break;
		}
		json_array_append_new(list, row_build(st));
	}
	sqlite3_finalize(st);
	rc = step == SQLITE_DONE || step == SQLITE_ROW ? 0 : -EIO;
	for (size_t i = 0; rc == 0 && i < json_array_size(list); i++)
		rc = add_artifacts(db, json_array_get(list, i));
	if (rc < 0) {
		json_decref(list);
		return rc;
	}
	*out = list;
	return 0;
}

int db_build_cancel(sqlite3 *db, long id, bool *was_queued)
{
	int changes, rc;

	rc = db_run(db, &changes, "UPDATE builds SET status = 'cancelled', finished_at = " DB_NOW ","
		    " error = 'cancelled before it started' WHERE id = ? AND status = 'queued'", "i", (long long)id);
	*was_queued = rc == 0 && changes == 1;
	if (rc < 0 || *was_queued)
		return rc;
	rc = db_run(db, &changes, "UPDATE builds SET cancel_requested = 1 WHERE id = ? AND status = 'running'", "i",
		    (long long)id);
	if (rc == 0 && changes == 0) {
		long n;
		char sql[64];

		snprintf(sql, sizeof(sql), "SELECT COUNT(*) FROM builds WHERE id = %ld", id);
		rc = db_scalar(db, sql, &n);
		if (rc == 0)
			rc = n ? -EALREADY : -ENOENT;
	}
	return rc;
}

int db_build_claim(sqlite3 *db, long *id)
{
	sqlite3_stmt *st;
	int rc = db_prepare(db, &st, "UPDATE builds SET status = 'running', started_at = " DB_NOW
			    " WHERE id = (SELECT MIN(id) FROM builds WHERE status = 'queued') RETURNING id", "");

	if (rc < 0)
		return rc;
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		*id = (long)sqlite3_column_int64(st, 0);
	rc = rc == SQLITE_ROW ? 0 : rc == SQLITE_DONE ? -ENOENT : -EIO;
	sqlite3_finalize(st);
	return rc;
}

/* *ids: a new array of the first column of SQL's rows (run with TYPES' single text argument ARG, if any). */
static int collect_ids(sqlite3 *db, const char *sql, const char *types, const char *arg, json_t **ids)
{
	sqlite3_stmt *st;
	int step, rc = db_prepare(db, &st, sql, types, arg);

	if (rc < 0)
		return rc;
	*ids = json_array();
	while ((step = sqlite3_step(st)) == SQLITE_ROW)
		json_array_append_new(*ids, json_integer(sqlite3_column_int64(st, 0)));
	sqlite3_finalize(st);
	if (step != SQLITE_DONE) {
		json_decref(*ids);
		return -EIO;
	}
	return 0;
}

int db_build_cancels(sqlite3 *db, json_t **ids)
{
	return collect_ids(db, "SELECT id FROM builds WHERE status = 'running' AND cancel_requested = 1", "", NULL,
			   ids);
}

int db_build_interrupt_all(sqlite3 *db, const char *why, json_t **ids)
{
	return collect_ids(db, "UPDATE builds SET status = 'interrupted', finished_at = " DB_NOW ", error = ?,"
			   " duration_ms = CAST(ROUND((julianday('now') - julianday(started_at)) * 86400000) AS INTEGER)"
			   " WHERE status = 'running' RETURNING id", "t", why, ids);
}

int db_build_finish(sqlite3 *db, long id, const char *status, const char *error)
{
	int changes, rc;

	rc = db_run(db, &changes,
		    "UPDATE builds SET status = CASE WHEN cancel_requested AND ? = 'failed' THEN 'cancelled' ELSE ? END,"
		    " error = CASE WHEN cancel_requested AND ? = 'failed' THEN 'cancelled while it ran' ELSE ? END,"
		    " finished_at = " DB_NOW ","
		    " duration_ms = CAST(ROUND((julianday('now') - julianday(started_at)) * 86400000) AS INTEGER)"
		    " WHERE id = ? AND status = 'running'",
		    "tttti", status, status, status, error, (long long)id);
	return rc == 0 && changes == 0 ? -EALREADY : rc;
}

int db_build_job(sqlite3 *db, long id, struct build_job *job)
{
	sqlite3_stmt *st;
	char **fields[] = { &job->app, &job->repo, &job->path, &job->target, &job->ref, &job->commit };
	int rc = db_prepare(db, &st, "SELECT app, repo, path, target, ref, commit_id, keys FROM builds WHERE id = ?",
			    "i", (long long)id);

	memset(job, 0, sizeof(*job));
	if (rc < 0)
		return rc;
	rc = sqlite3_step(st) == SQLITE_ROW ? 0 : -ENOENT;
	for (int i = 0; rc == 0 && i < 6; i++) {
		const char *v = text_or_null(st, i);
		if (v && !(*fields[i] = strdup(v)))
			rc = -ENOMEM;
	}
	if (rc == 0 && !(job->keys = json_loads(text_or_null(st, 6), 0, NULL)))
		rc = -EIO;
	sqlite3_finalize(st);
	if (rc < 0)
		db_build_job_free(job);
	return rc;
}

void db_build_job_free(struct build_job *job)
{
	free(job->app);
	free(job->repo);
	free(job->path);
	free(job->target);
	free(job->ref);
	free(job->commit);
	json_decref(job->keys);
	memset(job, 0, sizeof(*job));
}

int db_build_set_commit(sqlite3 *db, long id, const char *commit)
{
	return db_run(db, NULL, "UPDATE builds SET commit_id = ? WHERE id = ?", "ti", commit, (long long)id);
}

int db_build_add_artifact(sqlite3 *db, long id, const char *name, const char *sha256, long long size)
{
	return db_run(db, NULL, "INSERT OR REPLACE INTO build_artifacts (build, name, sha256, size) VALUES (?, ?, ?, ?)",
		      "itti", (long long)id, name, sha256, size);
}

int db_build_artifact(sqlite3 *db, long build_id, const char *name, char *sha256_hex_out, long long *size)
{
	sqlite3_stmt *st;
	int rc = db_prepare(db, &st, "SELECT sha256, size FROM build_artifacts WHERE build = ? AND name = ?", "it",
			    (long long)build_id, name);

	if (rc < 0)
		return rc;
	rc = sqlite3_step(st) == SQLITE_ROW ? 0 : -ENOENT;
	if (rc == 0) {
		snprintf(sha256_hex_out, 65, "%s", text_or_null(st, 0));
		if (size)
			*size = sqlite3_column_int64(st, 1);
	}
	sqlite3_finalize(st);
	return rc;
}

int db_build_stats(sqlite3 *db, json_t **counts, const long *bounds_ms, long *counts_le, int n_bounds,
		   long long *sum_ms, long *n)
{
	sqlite3_stmt *st;
	int step, rc = db_prepare(db, &st, "SELECT status, COUNT(*) FROM builds GROUP BY status", "");

	if (rc < 0)
		return rc;
	*counts = json_object();
	while ((step = sqlite3_step(st)) == SQLITE_ROW)
		json_object_set_new(*counts, text_or_null(st, 0), json_integer(sqlite3_column_int64(st, 1)));
	sqlite3_finalize(st);
	rc = step == SQLITE_DONE ? 0 : -EIO;
	for (int i = 0; rc == 0 && i < n_bounds; i++) {
		char sql[160];

		snprintf(sql, sizeof(sql), "SELECT COUNT(*) FROM builds WHERE finished_at IS NOT NULL AND duration_ms <= %ld",
			 bounds_ms[i]);
		rc = db_scalar(db, sql, &counts_le[i]);
	}
	if (rc == 0) {
		long sum;

		rc = db_scalar(db, "SELECT COALESCE(SUM(duration_ms), 0) FROM builds WHERE duration_ms IS NOT NULL", &sum);
		*sum_ms = sum;
	}
	if (rc == 0)
		rc = db_scalar(db, "SELECT COUNT(*) FROM builds WHERE duration_ms IS NOT NULL", n);
	if (rc < 0)
		json_decref(*counts);
	return rc;
}

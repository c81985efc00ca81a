/* db_builds.h: the builds and build_artifacts tables; a build travels as the JSON object of the API. */
#ifndef KILN_DB_BUILDS_H
#define KILN_DB_BUILDS_H

#include <jansson.h>
#include <sqlite3.h>
#include <stdbool.h>

/* Times are stored and shown as RFC 3339 UTC with milliseconds. */
#define DB_NOW "strftime('%Y-%m-%dT%H:%M:%fZ', 'now')"

/* What a new build is made of. */
struct build_request {
	const json_t *app;          /* the app as db_app_get returns it (its settings are copied) */
	const char *commit;         /* NULL: the app's branch */
	const char *trigger;        /* api, webhook, retry, dashboard */
	const char *triggered_by;   /* "token:ID" or the webhook's source */
};

/* What a worker needs of a build (strings owned by the struct; db_build_job_free releases them). */
struct build_job {
	char *app, *repo, *path, *target, *ref, *commit;
	json_t *keys;
};

/* Every function returns 0 or a negative errno (-ENOENT: no such build); allocated results are the caller's. */

/* Queues a build; *id is its id. */
int db_build_insert(sqlite3 *db, const struct build_request *req, long *id);
/* Queues a new build of what build ID built (the same commit once resolved), triggered as retry by
 * TRIGGERED_BY. -EBUSY when ID is still queued or running. */
int db_build_retry(sqlite3 *db, long id, const char *triggered_by, long *new_id);
/* *out: the build as the API shows it, artifacts included. */
int db_build_get(sqlite3 *db, long id, json_t **out);
/* *out: the builds of APP, newest first, with ids below BEFORE (0: any), at most LIMIT; *more says
 * whether older ones remain. */
int db_build_list(sqlite3 *db, const char *app, long before, int limit, json_t **out, bool *more);
/* Cancels a queued build at once (*was_queued true), or asks for a running one to be killed.
 * -EALREADY when the build is over. */
int db_build_cancel(sqlite3 *db, long id, bool *was_queued);

/* The build queue's side. */
/* Takes the oldest queued build and marks it running: *id, or -ENOENT when none waits. */
int db_build_claim(sqlite3 *db, long *id);
/* *ids: a new array of the running builds whose cancel was requested. */
int db_build_cancels(sqlite3 *db, json_t **ids);
/* Marks every running build interrupted (after a crash of the service); *ids: a new array of them. */
int db_build_interrupt_all(sqlite3 *db, const char *why, json_t **ids);
/* Ends a running build: STATUS succeeded, failed, cancelled or interrupted, with ERROR (may be NULL).
 * When the build was asked to be cancelled, a failure is recorded as cancelled. -EALREADY when it is
 * not running any more. */
int db_build_finish(sqlite3 *db, long id, const char *status, const char *error);

/* The worker's side. */
int db_build_job(sqlite3 *db, long id, struct build_job *job);
void db_build_job_free(struct build_job *job);
int db_build_set_commit(sqlite3 *db, long id, const char *commit);
int db_build_add_artifact(sqlite3 *db, long id, const char *name, const char *sha256, long long size);
/* The sha256 (65 bytes) and size of build BUILD_ID's artifact NAME (size may be NULL). */
int db_build_artifact(sqlite3 *db, long build_id, const char *name, char *sha256_hex_out, long long *size);

/* For /metrics: *counts an object {status: n}, *queued, and the finished builds' durations as a
 * histogram: counts[i] builds took at most bounds_ms[i]; *sum_ms and *n over all. */
int db_build_stats(sqlite3 *db, json_t **counts, const long *bounds_ms, long *counts_le, int n_bounds,
		   long long *sum_ms, long *n);

#endif

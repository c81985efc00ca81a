/* db_deployments.h: the deployments table: what the API asks for (desired state) and what the monitor saw (state). */
#ifndef KILN_DB_DEPLOYMENTS_H
#define KILN_DB_DEPLOYMENTS_H

#include <jansson.h>
#include <sqlite3.h>
#include <stdbool.h>

#include "../xen/deploy_backend.h"

/* A new deployment. SPEC is what the monitor runs: {"name", "image", "xl", "files": [{"path", "source", "dir"}]}. */
struct deployment_request {
	long build;
	const char *app, *backend, *restart; /* restart: "never" or "on-failure" */
	const json_t *keys;		     /* {name: value} */
	const json_t *spec;
};

/* What the monitor needs of a deployment; strings and JSON owned by the struct (db_deployment_row_free). */
struct deployment_row {
	long id;
	char *backend, *desired, *state;
	bool restart;
	unsigned long generation, started_generation;
	json_t *keys, *spec;
	struct deploy_handle h;
	bool has_handle;
	int exit_code;
};

/* Every function returns 0 or a negative errno (-ENOENT: no such deployment, or deleted). */

/* Inserts a deployment wanted running (state "starting"); *id is its id. */
int db_deployment_insert(sqlite3 *db, const struct deployment_request *req, long *id);
/* *out: the deployment as the API shows it (a new reference). */
int db_deployment_get(sqlite3 *db, long id, json_t **out);
/* *out: deployments (of APP, when not NULL), newest first, ids below BEFORE (0: any), at most LIMIT; *more
 * says whether older ones remain. */
int db_deployment_list(sqlite3 *db, const char *app, long before, int limit, json_t **out, bool *more);
/* *out: what deployment ID runs (the spec stored at its creation; a new reference). */
int db_deployment_spec(sqlite3 *db, long id, json_t **out);
/* What the API asks: DESIRED "running" (START: a new start, or a restart when it runs), "stopped" or "deleted". */
int db_deployment_request(sqlite3 *db, long id, const char *desired, bool start);
/* For /metrics: *counts {state: n} over the deployments not deleted. */
int db_deployment_counts(sqlite3 *db, json_t **counts);

/* The monitor's side. */
/* *rows (a new array of *n, db_deployment_rows_free) of the deployments to supervise: deleted ones, those
 * that run or should, and failed ones that may restart. */
int db_deployment_working_set(sqlite3 *db, struct deployment_row **rows, size_t *n);
void db_deployment_rows_free(struct deployment_row *rows, size_t n);
/* Records what the monitor saw: state, exit code (-1: none), reason ("" : none), handle, the generation it
 * started. STARTED sets started_at (and clears stopped_at), ENDED sets stopped_at. */
int db_deployment_observe(sqlite3 *db, long id, const char *state, int exit_code, const char *reason,
			  const struct deploy_handle *h, unsigned long started_generation, bool started, bool ended);
/* Removes a deleted deployment's row. */
int db_deployment_remove(sqlite3 *db, long id);

#endif

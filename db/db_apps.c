/* db_apps.c: queries on the apps table. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>

#include "db.h"
#include "db_apps.h"

#define APP_COLUMNS "name, repo, branch, path, target, keys"
static const char *const text_fields[] = { "name", "repo", "branch", "path", "target" };
#define N_TEXT (sizeof(text_fields) / sizeof(text_fields[0]))

/* Binds the app's fields, in APP_COLUMNS order, to parameters 1..6. */
static int bind_app(sqlite3_stmt *st, const json_t *app)
{
	char *keys = json_dumps(json_object_get(app, "keys"), JSON_COMPACT | JSON_SORT_KEYS);

	if (!keys)
		return -ENOMEM;
	for (size_t i = 0; i < N_TEXT; i++)
		sqlite3_bind_text(st, (int)i + 1, json_string_value(json_object_get(app, text_fields[i])), -1,
				  SQLITE_TRANSIENT);
	sqlite3_bind_text(st, (int)N_TEXT + 1, keys, -1, SQLITE_TRANSIENT);
	free(keys);
	return 0;
}

/* Runs one statement with the app bound; *changes is how many rows it touched. */
static int write_app(sqlite3 *db, const char *sql, const json_t *app, int *changes)
{
	sqlite3_stmt *st;
	int rc;

	if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) != SQLITE_OK)
		return -EIO;
	rc = bind_app(st, app);
	if (rc == 0) {
		int step = sqlite3_step(st);
		rc = step == SQLITE_DONE ? 0 : step == SQLITE_CONSTRAINT ? -EEXIST : -EIO;
	}
	*changes = sqlite3_changes(db);
	sqlite3_finalize(st);
	return rc;
}

int db_app_insert(sqlite3 *db, const json_t *app)
{
	int changes;

	return write_app(db, "INSERT INTO apps (" APP_COLUMNS ") VALUES (?, ?, ?, ?, ?, ?)", app, &changes);
}

int db_app_update(sqlite3 *db, const json_t *app)
{
	int changes, rc;

	rc = write_app(db, "UPDATE apps SET repo = ?2, branch = ?3, path = ?4, target = ?5, keys = ?6 WHERE name = ?1",
		       app, &changes);
	return rc == 0 && changes == 0 ? -ENOENT : rc;
}

/* Builds the JSON object of the current row; NULL when out of memory. */
static json_t *row_app(sqlite3_stmt *st)
{
	json_t *app = json_object(), *keys;

	if (!app)
		return NULL;
	for (size_t i = 0; i < N_TEXT; i++)
		json_object_set_new(app, text_fields[i], json_string((const char *)sqlite3_column_text(st, (int)i)));
	keys = json_loads((const char *)sqlite3_column_text(st, (int)N_TEXT), 0, NULL);
	if (!keys || json_object_set_new(app, "keys", keys) < 0) {
		json_decref(app);
		return NULL;
	}
	return app;
}

/* Runs SQL (with NAME bound to ?1 when not NULL) and appends each row's app to ARRAY. */
static int query_apps(sqlite3 *db, const char *sql, const char *name, json_t *array)
{
	sqlite3_stmt *st;
	int step, rc = 0;

	if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) != SQLITE_OK)
		return -EIO;
	if (name)
		sqlite3_bind_text(st, 1, name, -1, SQLITE_STATIC);
	while (rc == 0 && (step = sqlite3_step(st)) == SQLITE_ROW) {
		if (json_array_append_new(array, row_app(st)) < 0)
			rc = -ENOMEM;
	}
	if (rc == 0 && step != SQLITE_DONE)
		rc = -EIO;
	sqlite3_finalize(st);
	return rc;
}

int db_app_get(sqlite3 *db, const char *name, json_t **out)
{
	json_t *found = json_array();
	int rc;

	if (!found)
		return -ENOMEM;
	rc = query_apps(db, "SELECT " APP_COLUMNS " FROM apps WHERE name = ?1", name, found);
	if (rc == 0 && json_array_size(found) == 0)
		rc = -ENOENT;
	if (rc == 0)
		*out = json_incref(json_array_get(found, 0));
	json_decref(found);
	return rc;
}

int db_app_list(sqlite3 *db, const char *after, int limit, json_t **out, bool *more)
{
	json_t *apps = json_array();
	char sql[128];
	int rc;

	if (!apps)
		return -ENOMEM;
	snprintf(sql, sizeof(sql), "SELECT " APP_COLUMNS " FROM apps WHERE name > ?1 ORDER BY name LIMIT %d", limit + 1);
	rc = query_apps(db, sql, after ? after : "", apps);
	if (rc < 0) {
		json_decref(apps);
		return rc;
	}
	*more = (int)json_array_size(apps) > limit;
	if (*more)
		json_array_remove(apps, (size_t)limit);
	*out = apps;
	return 0;
}

int db_app_delete(sqlite3 *db, const char *name)
{
	sqlite3_stmt *st;
	int rc;

	if (sqlite3_prepare_v2(db, "DELETE FROM apps WHERE name = ?1", -1, &st, NULL) != SQLITE_OK)
		return -EIO;
	sqlite3_bind_text(st, 1, name, -1, SQLITE_STATIC);
	rc = sqlite3_step(st) == SQLITE_DONE ? 0 : -EIO;
	if (rc == 0 && sqlite3_changes(db) == 0)
		rc = -ENOENT;
	sqlite3_finalize(st);
	return rc;
}

int db_app_count(sqlite3 *db, long *n)
{
	return db_scalar(db, "SELECT COUNT(*) FROM apps", n);
}

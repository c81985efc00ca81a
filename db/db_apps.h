/* db_apps.h: the apps table; an app travels as a JSON object {name, repo, branch, path, target, keys}. */
#ifndef KILN_DB_APPS_H
#define KILN_DB_APPS_H

#include <jansson.h>
#include <sqlite3.h>
#include <stdbool.h>

/* Inserts a validated app. Returns 0, -EEXIST when the name is taken, or a negative errno. */
int db_app_insert(sqlite3 *db, const json_t *app);
/* Replaces the stored app of the same name. Returns 0, -ENOENT, or a negative errno. */
int db_app_update(sqlite3 *db, const json_t *app);
/* Sets *out to the app NAME, a new reference the caller releases. Returns 0, -ENOENT, or a negative errno. */
int db_app_get(sqlite3 *db, const char *name, json_t **out);
/* Sets *out to a new array of at most LIMIT apps by name, those after AFTER (NULL: from the first), the
 * caller's to release; *more says whether others follow. Returns 0 or a negative errno. */
int db_app_list(sqlite3 *db, const char *after, int limit, json_t **out, bool *more);
/* Deletes the app NAME. Returns 0, -ENOENT, or a negative errno. */
int db_app_delete(sqlite3 *db, const char *name);
int db_app_count(sqlite3 *db, long *n);

#endif

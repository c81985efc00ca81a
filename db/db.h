/* db.h: the service's sqlite database: opening it in WAL mode and applying the versioned migrations. */
#ifndef KILN_DB_H
#define KILN_DB_H

#include <sqlite3.h>

/* Opens (creating it if needed) HOME/kiln.db, creating HOME too, and migrates it to the latest
 * schema. On success *out is the caller's, to close with db_close. Returns 0 or a negative errno. */
int db_open(const char *home, sqlite3 **out);
void db_close(sqlite3 *db);
/* Runs SQL, a query returning one integer, into *n. Returns 0 or a negative errno. */
int db_scalar(sqlite3 *db, const char *sql, long *n);

/* Prepares SQL into *st with its parameters bound from the arguments TYPES describes, one letter each:
 * 'i' a long long, 't' a const char * (NULL binds NULL). *st is the caller's to finalize. Returns 0 or -EIO. */
int db_prepare(sqlite3 *db, sqlite3_stmt **st, const char *sql, const char *types, ...);
/* Runs SQL once with parameters as db_prepare binds them; *changes (may be NULL) gets the rows it
 * touched. Returns 0, -EEXIST on a constraint violation, or -EIO. */
int db_run(sqlite3 *db, int *changes, const char *sql, const char *types, ...);

#endif

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

#endif

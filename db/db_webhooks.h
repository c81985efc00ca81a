/* db_webhooks.h: the webhooks table: each app's webhook secret (kept in clear: HMACs need it). */
#ifndef KILN_DB_WEBHOOKS_H
#define KILN_DB_WEBHOOKS_H

#include <sqlite3.h>

/* Sets (or replaces) APP's secret. Returns 0, -ENOENT when there is no such app, or a negative errno. */
int db_webhook_set(sqlite3 *db, const char *app, const char *secret);
/* Sets *secret to APP's secret, malloc'd for the caller. Returns 0, -ENOENT when it has none, or a negative errno. */
int db_webhook_secret(sqlite3 *db, const char *app, char **secret);

#endif

/* server.h: kiln serve: the HTTP server's state and its life from start to graceful shutdown. */
#ifndef KILN_SERVER_H
#define KILN_SERVER_H

#include <sqlite3.h>

#include "log_follow.h"
#include "metrics.h"

#define SERVER_MAX_BODY (1024 * 1024)

/* Connections the daemon accepts at once (event-stream followers included). */
#define SERVER_MAX_CONNECTIONS 4096

struct server {
	const char *home;
	sqlite3 *db;
	struct metrics metrics;
	struct log_hub *logs;
};

/* Serves the API on LISTEN ("HOST:PORT", IPv4) with its state under HOME until SIGTERM or
 * SIGINT; on first start stores $KILN_BOOTSTRAP_TOKEN or says how to make an admin token.
 * Returns 0 after a clean shutdown or a negative errno. */
int server_run(const char *listen, const char *home);

#endif

/* server.h: kiln serve: the HTTP server's state and its life from start to graceful shutdown. */
#ifndef KILN_SERVER_H
#define KILN_SERVER_H

#include <sqlite3.h>

#include "build_queue.h"
#include "deploy_monitor.h"
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
	struct build_queue *builds;
	struct deploy_monitor *monitor;
};

/* How kiln serve was asked to run. */
struct server_options {
	const char *listen;  /* "HOST:PORT", IPv4 */
	const char *home;    /* the database, logs, mirrors, artifacts */
	unsigned workers;    /* builds run at once (0: one per core) */
	unsigned build_timeout; /* seconds of wall clock (and of CPU) a build may take */
};

/* Serves the API until SIGTERM or SIGINT; on first start stores $KILN_BOOTSTRAP_TOKEN or says how
 * to make an admin token. Returns 0 after a clean shutdown or a negative errno. */
int server_run(const struct server_options *opt);

#endif

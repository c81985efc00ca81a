/* deploy_monitor.h: the service's supervisor of deployments: a thread with its own database connection. */
#ifndef KILN_DEPLOY_MONITOR_H
#define KILN_DEPLOY_MONITOR_H

/* How often the monitor looks at running deployments (a kick makes it look at once). */
#define DEPLOY_MONITOR_TICK_MS 100

struct deploy_monitor;

/*
 * Starts the monitor for the service whose state is under HOME: its own connection to HOME/kiln.db,
 * and a thread that reattaches to the deployments that ran before a restart, then starts, stops,
 * restarts, reaps and deletes deployments as the database asks, recording what it sees. Never runs
 * in libmicrohttpd's thread. On success *out is the caller's, to stop with deploy_monitor_stop.
 * Returns 0 or a negative errno.
 */
int deploy_monitor_start(const char *home, struct deploy_monitor **out);
/* Wakes the monitor now (after the API changed what a deployment should be). Never blocks on it. */
void deploy_monitor_kick(struct deploy_monitor *m);
/* Stops the thread and frees M. Deployments keep running: the next start finds them again. */
void deploy_monitor_stop(struct deploy_monitor *m);

#endif

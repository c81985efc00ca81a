/* deploy_supervisor.h: one deployment under supervision: start, stop with escalation, restart policy with backoff. */
#ifndef KILN_DEPLOY_SUPERVISOR_H
#define KILN_DEPLOY_SUPERVISOR_H

#include <stdbool.h>

#include "deploy_backend.h"

#define DEPLOY_STOP_GRACE_MS 5000	 /* from SIGTERM (or a xen shutdown request) to the forced stop */
#define DEPLOY_BACKOFF_FIRST_MS 500	 /* the first restart's delay, doubled at each failure in a row */
#define DEPLOY_BACKOFF_MAX_MS 30000
#define DEPLOY_HEALTHY_MS 10000	 /* a run this long resets the backoff */

/*
 * The supervisor's view of a deployment. The owner sets spec, backend, want_running, restart and
 * generation (bumped to ask for a start or restart), and calls deploy_supervise often; the rest is
 * the supervisor's. After a restart of the service, the owner fills h, state and started_generation
 * from what it stored, sets active, and the first deploy_supervise reattaches.
 */
struct deploy_unit {
	struct deploy_spec spec;
	const struct kiln_deploy_backend *backend;
	bool want_running;
	bool restart;			/* restart: on-failure */
	unsigned long generation;	/* what the owner asked for */
	unsigned long started_generation; /* what the supervisor last started */

	struct deploy_handle h;
	bool active;	  /* h designates a process or domain that may still run */
	bool reattaching; /* active since before a restart of the service: check it is still the same */
	enum deploy_state state;
	int exit_code;	  /* -1: none or unknown */
	char reason[320];
	unsigned failures; /* in a row, for the backoff */
	unsigned restarts; /* restarts by the policy since the last start asked for */
	long long started_ms, retry_at_ms, stop_at_ms;
	bool stop_sent, kill_sent;
	bool rebooting;	   /* it ended asking to be started again: maybe_start does so at once */
};

/* The delay before the Nth restart in a row (N >= 1): DEPLOY_BACKOFF_FIRST_MS doubled, up to the max. */
long long deploy_backoff_ms(unsigned n);

/* Moves U on at NOW_MS (a monotonic clock): reaps, stops, escalates, restarts, starts. Never waits.
 * Returns true when what the API shows (state, exit_code, reason, h) changed. */
bool deploy_supervise(struct deploy_unit *u, long long now_ms);

/* A monotonic clock in milliseconds. */
long long deploy_now_ms(void);

#endif

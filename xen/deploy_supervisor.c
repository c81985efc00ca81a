/* deploy_supervisor.c: one deployment under supervision: start, stop with escalation, restart policy with backoff. */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "deploy_supervisor.h"

long long deploy_now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

long long deploy_backoff_ms(unsigned n)
{
	long long ms = DEPLOY_BACKOFF_FIRST_MS;

	while (n-- > 1 && ms < DEPLOY_BACKOFF_MAX_MS)
		ms *= 2;
	return ms < DEPLOY_BACKOFF_MAX_MS ? ms : DEPLOY_BACKOFF_MAX_MS;
}

static void set_state(struct deploy_unit *u, enum deploy_state state, int exit_code, const char *reason)
{
	u->state = state;
	u->exit_code = exit_code;
	snprintf(u->reason, sizeof(u->reason), "%s", reason);
}

/* A running deployment that should not run (stopped, or restarted): asks it to stop, then forces it. */
static void stop_step(struct deploy_unit *u, long long now)
{
	char err[256] = "";

	if (!u->stop_sent) {
		u->stop_sent = true;
		u->stop_at_ms = now + DEPLOY_STOP_GRACE_MS;
		u->backend->stop(&u->spec, &u->h, false, err, sizeof(err));
	} else if (!u->kill_sent && now >= u->stop_at_ms) {
		u->kill_sent = true;
		u->backend->stop(&u->spec, &u->h, true, err, sizeof(err));
	}
}

/* What ended it, in the state the API shows (stopped when a stop was asked, even if it ended on its own
 * first); with restart on-failure, when it starts again; a reboot starts it again at once, whatever the policy. */
static void ended(struct deploy_unit *u, const struct deploy_status *st, long long now)
{
	char reason[sizeof(u->reason)];

	u->active = false;
	if (u->stop_sent || !u->want_running) { /* asked to stop: stopped, whatever ended it first */
		snprintf(reason, sizeof(reason), "stopped on request: %s", st->reason);
		set_state(u, DEPLOY_STOPPED, st->exit_code, reason);
	} else if (st->reboot) {
		u->rebooting = true;
		set_state(u, DEPLOY_STARTING, st->exit_code, st->reason);
	} else if (st->exit_code == 0) {
		set_state(u, DEPLOY_EXITED, 0, st->reason);
	} else if (u->restart && u->want_running) {
		u->failures++;
		u->retry_at_ms = now + deploy_backoff_ms(u->failures);
		snprintf(reason, sizeof(reason), "%s; restarting in %lld ms (failure %u in a row)", st->reason,
			 deploy_backoff_ms(u->failures), u->failures);
		set_state(u, DEPLOY_FAILED, st->exit_code, reason);
	} else {
		set_state(u, DEPLOY_FAILED, st->exit_code, st->reason);
	}
	u->stop_sent = u->kill_sent = false;
}

/* Polls an active deployment (reattaching first after a restart of the service). */
static bool check(struct deploy_unit *u, long long now)
{
	struct deploy_status st = { 0 };
	char err[256] = "";
	int rc = (u->reattaching ? u->backend->reattach : u->backend->poll)(&u->spec, &u->h, &st, err, sizeof(err));

	if (u->reattaching)
		u->started_ms = now;
	u->reattaching = false;
	if (rc < 0) {
		u->active = false;
		set_state(u, DEPLOY_FAILED, -1, err);
		return true;
	}
	if (!st.running) {
		ended(u, &st, now);
		return true;
	}
	if (u->failures && now - u->started_ms >= DEPLOY_HEALTHY_MS)
		u->failures = 0;
	if (!u->want_running || u->generation != u->started_generation)
		stop_step(u, now);
	if (u->state == DEPLOY_RUNNING)
		return false;
	set_state(u, DEPLOY_RUNNING, -1, "");
	return true;
}

/* Starts an inactive deployment when asked to, or when its restart is due. */
static bool maybe_start(struct deploy_unit *u, long long now)
{
	bool asked = u->generation != u->started_generation, reboot = u->rebooting;
	bool due = (u->retry_at_ms && now >= u->retry_at_ms) || reboot;
	char err[256] = "";
	int rc;

	u->rebooting = false; /* once: a start that fails is a failure like any other */
	if (!u->want_running) {
		if (!u->retry_at_ms)
			return false;
		u->retry_at_ms = 0; /* stopped while waiting to restart */
		set_state(u, DEPLOY_STOPPED, u->exit_code, "stopped on request while waiting to restart");
		return true;
	}
	if (!asked && !due)
		return false;
	if (asked)
		u->failures = u->restarts = 0;
	else if (!reboot)
		u->restarts++;
	u->started_generation = u->generation;
	u->retry_at_ms = 0;
	memset(&u->h, 0, sizeof(u->h));
	rc = u->backend->start(&u->spec, &u->h, err, sizeof(err));
	if (rc < 0) {
		set_state(u, DEPLOY_FAILED, -1, err);
		return true;
	}
	u->active = true;
	u->started_ms = now;
	u->stop_sent = u->kill_sent = false;
	if (reboot && !asked)
		snprintf(err, sizeof(err), "started again: it asked to reboot");
	else if (u->restarts)
		snprintf(err, sizeof(err), "restarted by the on-failure policy (restart %u)", u->restarts);
	set_state(u, DEPLOY_RUNNING, -1, err);
	return true;
}

bool deploy_supervise(struct deploy_unit *u, long long now_ms)
{
	bool changed = u->active && check(u, now_ms);

	if (!u->active)
		changed |= maybe_start(u, now_ms);
	return changed;
}

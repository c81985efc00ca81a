/* deploy_monitor.c: the supervisor thread: the database says what deployments should be, the backends what they are. */
#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "../db/db.h"
#include "../db/db_deployments.h"
#include "../xen/deploy_dir.h"
#include "../xen/deploy_supervisor.h"
#include "deploy_monitor.h"
#include "deploy_spec.h"
#include "log_follow.h"

/* With nothing to supervise, how long the thread sleeps unless kicked. */
#define IDLE_MS 1000

/* A deployment the monitor supervises. */
struct slot {
	struct deploy_unit u;
	struct deploy_spec_json spec;
	bool seen; /* in this tick's working set */
};

struct deploy_monitor {
	char *home;
	sqlite3 *db;
	pthread_t thread;
	pthread_mutex_t lock;
	pthread_cond_t wake;
	bool kicked, closing;
	struct slot **slots;
	size_t n;
};

static struct slot *find_slot(struct deploy_monitor *m, long id)
{
	for (size_t i = 0; i < m->n; i++) {
		if (m->slots[i]->u.spec.id == id)
			return m->slots[i];
	}
	return NULL;
}

static void drop_slot(struct deploy_monitor *m, size_t i)
{
	deploy_spec_json_free(&m->slots[i]->spec);
	free(m->slots[i]);
	m->slots[i] = m->slots[--m->n];
}

/* A slot for ROW, reattaching to what it ran before a restart of the service; NULL on error (logged). */
static struct slot *add_slot(struct deploy_monitor *m, const struct deployment_row *row)
{
	struct slot *s = calloc(1, sizeof(*s));
	struct slot **grown = realloc(m->slots, (m->n + 1) * sizeof(*m->slots));
	enum deploy_state state = DEPLOY_STARTING;

	if (grown)
		m->slots = grown;
	if (!s || !grown || deploy_spec_json_load(m->home, row->id, row->spec, row->keys, &s->spec) < 0) {
		fprintf(stderr, "kiln: deployment %ld: cannot load its spec\n", row->id);
		free(s);
		return NULL;
	}
	s->u.spec = s->spec.spec;
	s->u.backend = deploy_backend_find(row->backend);
	deploy_state_parse(row->state, &state);
	s->u.state = state;
	s->u.exit_code = row->exit_code;
	s->u.started_generation = row->started_generation;
	if (row->has_handle && (state == DEPLOY_RUNNING || state == DEPLOY_STARTING)) {
		s->u.h = row->h;
		s->u.active = s->u.reattaching = true;
	} else if (state == DEPLOY_FAILED && row->restart && strcmp(row->desired, "running") == 0) {
		/* it was waiting to restart when the service stopped */
		s->u.failures = 1;
		s->u.retry_at_ms = deploy_now_ms() + deploy_backoff_ms(1);
	}
	m->slots[m->n++] = s;
	return s;
}

/* Marks the console log finished (followers get "event: end") or growing again. */
static void mark_log(const struct slot *s, bool finished)
{
	char path[4096];

	if (s->u.backend->console_path(&s->u.spec, path, sizeof(path)) < 0)
		return;
	if (finished)
		log_follow_finish(path);
	else
		log_follow_reopen(path);
}

/* Removes a deleted deployment: ended at once, its folder, its log files and its row. */
static void delete_deployment(struct deploy_monitor *m, struct slot *s)
{
	static const char *const suffixes[] = { "", ".1", ".end" };
	char err[256] = "", path[4200];

	if (s->u.backend->destroy(&s->u.spec, &s->u.h, err, sizeof(err)) < 0)
		fprintf(stderr, "kiln: deployment %ld: %s\n", s->u.spec.id, err);
	if (deploy_log_path(&s->u.spec, path, sizeof(path) - 8) == 0) {
		size_t len = strlen(path);
		for (size_t i = 0; i < sizeof(suffixes) / sizeof(suffixes[0]); i++) {
			snprintf(path + len, sizeof(path) - len, "%s", suffixes[i]);
			remove(path);
		}
	}
	db_deployment_remove(m->db, s->u.spec.id);
}

/* Supervises the deployment of ROW once, and records what changed. Returns false when its slot should go. */
static bool supervise_row(struct deploy_monitor *m, const struct deployment_row *row, long long now)
{
	struct slot *s = find_slot(m, row->id);
	bool was_active, started, ended;
	long was_pid;

	if (!s)
		s = add_slot(m, row);
	if (!s || !s->u.backend)
		return true;
	s->seen = true;
	s->u.want_running = strcmp(row->desired, "running") == 0;
	s->u.restart = row->restart;
	s->u.generation = row->generation;
	if (strcmp(row->desired, "deleted") == 0 && s->u.active && !s->u.kill_sent) {
		/* deleted: no grace period; polled until it ended (so its shim is reaped), then removed */
		char err[256] = "";
		s->u.stop_sent = s->u.kill_sent = true;
		s->u.backend->stop(&s->u.spec, &s->u.h, true, err, sizeof(err));
	}
	was_active = s->u.active;
	was_pid = s->u.h.pid;
	if (deploy_supervise(&s->u, now)) {
		started = s->u.active && (!was_active || s->u.h.pid != was_pid);
		ended = was_active && !s->u.active;
		if (started)
			mark_log(s, false);
		else if (!s->u.active && !s->u.retry_at_ms)
			mark_log(s, true);
		db_deployment_observe(m->db, row->id, deploy_state_name(s->u.state), s->u.exit_code, s->u.reason,
				      s->u.active ? &s->u.h : &(struct deploy_handle){ 0 }, s->u.started_generation,
				      started, ended);
	}
	if (strcmp(row->desired, "deleted") == 0 && !s->u.active) {
		delete_deployment(m, s);
		return false;
	}
	return true;
}

/* One look at every deployment of the working set; slots that left it are dropped. */
static void tick(struct deploy_monitor *m)
{
	struct deployment_row *rows;
	size_t n;
	long long now = deploy_now_ms();

	if (db_deployment_working_set(m->db, &rows, &n) < 0)
		return;
	for (size_t i = 0; i < m->n; i++)
		m->slots[i]->seen = false;
	for (size_t i = 0; i < n; i++) {
		if (!supervise_row(m, &rows[i], now)) {
			struct slot *s = find_slot(m, rows[i].id);
			s->seen = false;
		}
	}
	for (size_t i = m->n; i-- > 0;) {
		if (!m->slots[i]->seen && !m->slots[i]->u.active)
			drop_slot(m, i);
	}
	db_deployment_rows_free(rows, n);
}

static void *run(void *arg)
{
	struct deploy_monitor *m = arg;
	struct timespec until;

	pthread_mutex_lock(&m->lock);
	while (!m->closing) {
		long ms = m->n ? DEPLOY_MONITOR_TICK_MS : IDLE_MS;

		pthread_mutex_unlock(&m->lock);
		tick(m);
		pthread_mutex_lock(&m->lock);
		clock_gettime(CLOCK_MONOTONIC, &until);
		until.tv_nsec += ms * 1000000;
		until.tv_sec += until.tv_nsec / 1000000000;
		until.tv_nsec %= 1000000000;
		while (!m->kicked && !m->closing && pthread_cond_timedwait(&m->wake, &m->lock, &until) == 0)
			;
		m->kicked = false;
	}
	pthread_mutex_unlock(&m->lock);
	return NULL;
}

/* Frees M and what it holds (its thread not running). */
static void monitor_free(struct deploy_monitor *m)
{
	while (m->n)
		drop_slot(m, m->n - 1);
	free(m->slots);
	if (m->db)
		db_close(m->db);
	pthread_cond_destroy(&m->wake);
	pthread_mutex_destroy(&m->lock);
	free(m->home);
	free(m);
}

int deploy_monitor_start(const char *home, struct deploy_monitor **out)
{
	struct deploy_monitor *m = calloc(1, sizeof(*m));
	pthread_condattr_t attr;
	int rc;

	if (!m)
		return -ENOMEM;
	pthread_mutex_init(&m->lock, NULL);
	pthread_condattr_init(&attr);
	pthread_condattr_setclock(&attr, CLOCK_MONOTONIC);
	pthread_cond_init(&m->wake, &attr);
	pthread_condattr_destroy(&attr);
	m->home = strdup(home);
	rc = m->home ? db_open(home, &m->db) : -ENOMEM;
	if (rc == 0)
		rc = -pthread_create(&m->thread, NULL, run, m);
	if (rc < 0) {
		monitor_free(m);
		return rc;
	}
	*out = m;
	return 0;
}

void deploy_monitor_kick(struct deploy_monitor *m)
{
	pthread_mutex_lock(&m->lock);
	m->kicked = true;
	pthread_cond_signal(&m->wake);
	pthread_mutex_unlock(&m->lock);
}

void deploy_monitor_stop(struct deploy_monitor *m)
{
	if (!m)
		return;
	pthread_mutex_lock(&m->lock);
	m->closing = true;
	pthread_cond_signal(&m->wake);
	pthread_mutex_unlock(&m->lock);
	pthread_join(m->thread, NULL);
	monitor_free(m);
}

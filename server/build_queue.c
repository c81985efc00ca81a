/* build_queue.c: the supervisor thread: claims queued builds, spawns and reaps workers, kills cancelled ones. */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <spawn.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/pidfd.h>
#include <sys/wait.h>
#include <unistd.h>

#include "../db/db.h"
#include "../db/db_builds.h"
#include "build_log.h"
#include "build_queue.h"

#define POLL_MS 250

extern char **environ;

struct worker {
	long id;
	pid_t pid;
	int pidfd; /* readable when the worker ends, so it is reaped at once (-1: at the next tick) */
	bool killed;
};

struct build_queue {
	const char *home;
	char exe[PATH_MAX];
	unsigned max;
	char timeout[16];
	sqlite3 *db;
	pthread_t thread;
	int wake[2];
	atomic_bool stopping;
	struct worker *workers;
	unsigned n;
	struct pollfd *pfds; /* the wake pipe and each worker's pidfd */
};

/* Ends build ID, which its worker left running, as STATUS and says so in its log. */
static void end_build(struct build_queue *q, long id, const char *status, const char *why)
{
	json_t *b = NULL;

	if (db_build_finish(q->db, id, status, why) < 0)
		return;
	if (db_build_get(q->db, id, &b) == 0)
		build_log_say(q->home, id, true, "build %s: %s", json_string_value(json_object_get(b, "status")),
			      json_string_value(json_object_get(b, "error")));
	json_decref(b);
}

/* Starts a worker for build ID; a build that cannot start fails. */
static void spawn_worker(struct build_queue *q, long id)
{
	char id_text[24], parent[24];
	char *argv[] = { q->exe, "build-worker", (char *)q->home, id_text, parent, q->timeout, NULL };
	posix_spawnattr_t attr;
	pid_t pid;
	int rc;

	snprintf(id_text, sizeof(id_text), "%ld", id);
	snprintf(parent, sizeof(parent), "%ld", (long)getpid());
	posix_spawnattr_init(&attr);
	posix_spawnattr_setflags(&attr, POSIX_SPAWN_SETSID);
	rc = posix_spawn(&pid, q->exe, NULL, &attr, argv, environ);
	posix_spawnattr_destroy(&attr);
	if (rc != 0) {
		char why[128];

		snprintf(why, sizeof(why), "cannot start a build worker: %s", strerror(rc));
		end_build(q, id, "failed", why);
		return;
	}
	q->workers[q->n++] = (struct worker){ id, pid, pidfd_open(pid, 0), false };
}

/* Describes how a worker ended, for a build it left running. */
static void died(int status, char *why, size_t n)
{
	if (WIFSIGNALED(status))
		snprintf(why, n, "the build worker was killed by signal %d", WTERMSIG(status));
	else
		snprintf(why, n, "the build worker exited with status %d without finishing the build",
			 WEXITSTATUS(status));
}

/* Reaps the workers that ended; a build one left running ends failed (or cancelled, when asked). */
static void reap(struct build_queue *q, bool wait_all)
{
	for (unsigned i = 0; i < q->n;) {
		int status;
		char why[128];

		if (waitpid(q->workers[i].pid, &status, wait_all ? 0 : WNOHANG) != q->workers[i].pid) {
			i++;
			continue;
		}
		if (q->workers[i].pidfd >= 0)
			close(q->workers[i].pidfd);
		died(status, why, sizeof(why));
		end_build(q, q->workers[i].id, wait_all ? "interrupted" : "failed",
			  wait_all ? "the service stopped while this build ran" : why);
		q->workers[i] = q->workers[--q->n];
	}
}

/* Kills the process group of each running build whose cancel was asked for. */
static void kill_cancelled(struct build_queue *q)
{
	json_t *ids;
	size_t k;
	json_t *v;

	if (db_build_cancels(q->db, &ids) < 0)
		return;
	json_array_foreach(ids, k, v) {
		for (unsigned i = 0; i < q->n; i++) {
			if (q->workers[i].id == json_integer_value(v) && !q->workers[i].killed) {
				killpg(q->workers[i].pid, SIGKILL);
				q->workers[i].killed = true;
			}
		}
	}
	json_decref(ids);
}

static void start_queued(struct build_queue *q)
{
	long id;

	while (q->n < q->max && db_build_claim(q->db, &id) == 0)
		spawn_worker(q, id);
}

/* Waits up to POLL_MS for a wake-up or a worker's end, and drains the wake-ups. */
static void wait_for_news(struct build_queue *q)
{
	struct pollfd *pfds = q->pfds;
	nfds_t n = 1;
	char buf[64];

	pfds[0] = (struct pollfd){ q->wake[0], POLLIN, 0 };
	for (unsigned i = 0; i < q->n; i++) {
		if (q->workers[i].pidfd >= 0)
			pfds[n++] = (struct pollfd){ q->workers[i].pidfd, POLLIN, 0 };
	}
	if (poll(pfds, n, POLL_MS) > 0 && pfds[0].revents)
		while (read(q->wake[0], buf, sizeof(buf)) > 0)
			;
}

static void *supervise(void *arg)
{
	struct build_queue *q = arg;

	while (!q->stopping) {
		reap(q, false);
		kill_cancelled(q);
		start_queued(q);
		wait_for_news(q);
	}
	for (unsigned i = 0; i < q->n; i++)
		killpg(q->workers[i].pid, SIGKILL);
	reap(q, true);
	return NULL;
}

/* Ends the builds a previous run left running: interrupted, retryable. */
static int interrupt_leftovers(struct build_queue *q)
{
	json_t *ids, *v;
	size_t k;
	int rc = db_build_interrupt_all(q->db, "the service stopped while this build ran", &ids);

	if (rc < 0)
		return rc;
	json_array_foreach(ids, k, v)
		build_log_say(q->home, (long)json_integer_value(v), true,
			      "build interrupted: the service stopped while this build ran");
	json_decref(ids);
	return 0;
}

static void free_queue(struct build_queue *q)
{
	if (q->wake[0] >= 0)
		close(q->wake[0]);
	if (q->wake[1] >= 0)
		close(q->wake[1]);
	if (q->db)
		db_close(q->db);
	free(q->workers);
	free(q->pfds);
	free(q);
}

int build_queue_start(const char *home, unsigned workers, unsigned timeout_s, struct build_queue **out)
{
	struct build_queue *q = calloc(1, sizeof(*q));
	ssize_t len;
	int rc;

	if (!q)
		return -ENOMEM;
	q->wake[0] = q->wake[1] = -1;
	q->home = home;
	q->max = workers ? workers : 1;
	snprintf(q->timeout, sizeof(q->timeout), "%u", timeout_s);
	q->workers = calloc(q->max, sizeof(*q->workers));
	q->pfds = calloc(q->max + 1, sizeof(*q->pfds));
	if (!q->workers || !q->pfds) {
		rc = -ENOMEM;
		goto fail;
	}
	len = readlink("/proc/self/exe", q->exe, sizeof(q->exe) - 1);
	if (len < 0 || pipe2(q->wake, O_CLOEXEC | O_NONBLOCK) < 0) {
		rc = -errno;
		goto fail;
	}
	q->exe[len] = '\0';
	rc = db_open(home, &q->db);
	if (rc == 0)
		rc = interrupt_leftovers(q);
	if (rc == 0)
		rc = -pthread_create(&q->thread, NULL, supervise, q);
	if (rc < 0)
		goto fail;
	*out = q;
	return 0;
fail:
	free_queue(q);
	return rc;
}

void build_queue_wake(struct build_queue *q)
{
	if (write(q->wake[1], "", 1) < 0 && errno != EAGAIN)
		return;
}

void build_queue_stop(struct build_queue *q)
{
	if (!q)
		return;
	q->stopping = true;
	build_queue_wake(q);
	pthread_join(q->thread, NULL);
	free_queue(q);
}

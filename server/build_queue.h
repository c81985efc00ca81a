/* build_queue.h: the worker pool: a supervisor thread that runs queued builds in child processes. */
#ifndef KILN_BUILD_QUEUE_H
#define KILN_BUILD_QUEUE_H

struct build_queue;

/*
 * Marks the builds a previous run of the service left running as interrupted, then starts the
 * supervisor thread, with its own database connection, which keeps up to WORKERS builds running, each
 * in a `kiln build-worker` child in its own session (killed with its process group on cancel), and
 * records how the ones that die end. Each build may take TIMEOUT_S seconds. On success *out is the
 * caller's, for build_queue_stop.
 */
int build_queue_start(const char *home, unsigned workers, unsigned timeout_s, struct build_queue **out);
/* Tells the supervisor to look at the database now (a build was queued or a cancel asked for). Thread-safe. */
void build_queue_wake(struct build_queue *q);
/* Kills the running workers (their builds end interrupted), stops the thread and frees Q. */
void build_queue_stop(struct build_queue *q);

#endif

/* log_follow.h: serving a growing log file: its text so far, or server-sent events following it to its end. */
#ifndef KILN_LOG_FOLLOW_H
#define KILN_LOG_FOLLOW_H

#include "reply.h"
#include "router.h"

/* Seconds between the ": keepalive" comments of an idle event stream. */
#define LOG_FOLLOW_KEEPALIVE_MS 15000

/* The followers of one server and the thread that wakes them when their log grows or ends. */
struct log_hub;

/* Starts a hub (and its watcher thread). On success *out is the caller's: log_hub_close before
 * MHD_stop_daemon, log_hub_free after it. Returns 0 or a negative errno. */
int log_hub_start(struct log_hub **out);
/* Stops the watcher and ends every stream (suspended connections are resumed, as MHD_stop_daemon needs),
 * waiting up to 2 s for the streams to send their end. */
void log_hub_close(struct log_hub *hub);
void log_hub_free(struct log_hub *hub);
/* How many event streams are open now. */
unsigned log_hub_followers(struct log_hub *hub);

/*
 * Answers C with the log file at PATH: with "Accept: text/event-stream", an event stream of its lines
 * (each "id: BYTE-OFFSET-AFTER-IT" and "data: LINE"; "Last-Event-ID" resumes after that offset), new
 * lines as they are written, ": keepalive" when idle, and "event: end" once the log is finished;
 * otherwise text/plain of what it holds now. A missing file is a 404 saying WHAT ("build 3").
 */
void log_follow_reply(struct log_hub *hub, const struct call *c, const char *path, const char *what,
		      struct reply *r);

/* For the producer, in any process: marks the log at PATH finished (streams end after its last
 * line), or no longer finished (it grows again). Return 0 or a negative errno. */
int log_follow_finish(const char *path);
int log_follow_reopen(const char *path);

#endif

/* log_follow.c: log files as text or as event streams; idle streams are suspended connections a watcher thread resumes. */
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "log_follow.h"

#define WATCH_MS 200
#define IN_SIZE 8192            /* the longest line sent as one event; longer ones are split */
#define OUT_SIZE (2 * IN_SIZE)  /* events formatted but not yet taken by MHD */
#define EVENT_OVERHEAD 48       /* "id: N\ndata: " and "\n\n" */
#define END_SUFFIX ".end"
#define CLOSE_WAIT_MS 2000      /* at most, for the streams to end at shutdown */

struct follower {
	struct log_hub *hub;
	struct MHD_Connection *conn;
	int fd;
	char *end_path;           /* the producer's "finished" marker */
	off_t offset;             /* bytes of the file already turned into events */
	long long keepalive_at;   /* monotonic ms */
	bool suspended;           /* guarded by hub->lock */
	bool ended;               /* "event: end" formatted */
	size_t out_len, out_off;
	char out[OUT_SIZE];
	struct follower *prev, *next; /* guarded by hub->lock */
};

struct log_hub {
	pthread_mutex_t lock;
	pthread_cond_t wake;
	pthread_t thread;
	bool closing;
	unsigned n;
	struct follower *head;
};

static long long now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* The marker path of the log at PATH, malloc'd for the caller, or NULL. */
static char *end_path_of(const char *path)
{
	char *p = malloc(strlen(path) + sizeof(END_SUFFIX));

	if (p)
		strcat(strcpy(p, path), END_SUFFIX);
	return p;
}

int log_follow_finish(const char *path)
{
	char *p = end_path_of(path);
	int fd, rc = 0;

	if (!p)
		return -ENOMEM;
	fd = open(p, O_WRONLY | O_CREAT | O_CLOEXEC, 0644);
	if (fd < 0)
		rc = -errno;
	else
		close(fd);
	free(p);
	return rc;
}

int log_follow_reopen(const char *path)
{
	char *p = end_path_of(path);
	int rc = 0;

	if (!p)
		return -ENOMEM;
	if (unlink(p) < 0 && errno != ENOENT)
		rc = -errno;
	free(p);
	return rc;
}

/* Whether F has something to send now: its file grew, it was finished, or a keepalive is due. */
static bool has_news(const struct follower *f, long long now)
{
	struct stat st;

	return now >= f->keepalive_at || (fstat(f->fd, &st) == 0 && st.st_size > f->offset) ||
	       access(f->end_path, F_OK) == 0;
}

/* The watcher: resumes the suspended followers that have news, every WATCH_MS, until closing. */
static void *watch(void *arg)
{
	struct log_hub *hub = arg;
	struct timespec ts;

	pthread_mutex_lock(&hub->lock);
	while (!hub->closing) {
		long long now = now_ms();

		for (struct follower *f = hub->head; f; f = f->next) {
			if (f->suspended && has_news(f, now)) {
				f->suspended = false;
				MHD_resume_connection(f->conn);
			}
		}
		clock_gettime(CLOCK_REALTIME, &ts);
		ts.tv_nsec += WATCH_MS * 1000000L;
		ts.tv_sec += ts.tv_nsec / 1000000000L;
		ts.tv_nsec %= 1000000000L;
		pthread_cond_timedwait(&hub->wake, &hub->lock, &ts);
	}
	pthread_mutex_unlock(&hub->lock);
	return NULL;
}

int log_hub_start(struct log_hub **out)
{
	struct log_hub *hub = calloc(1, sizeof(*hub));
	int rc;

	if (!hub)
		return -ENOMEM;
	pthread_mutex_init(&hub->lock, NULL);
	pthread_cond_init(&hub->wake, NULL);
	rc = pthread_create(&hub->thread, NULL, watch, hub);
	if (rc) {
		pthread_cond_destroy(&hub->wake);
		pthread_mutex_destroy(&hub->lock);
		free(hub);
		return -rc;
	}
	*out = hub;
	return 0;
}

void log_hub_close(struct log_hub *hub)
{
	pthread_mutex_lock(&hub->lock);
	hub->closing = true;
	pthread_cond_signal(&hub->wake);
	for (struct follower *f = hub->head; f; f = f->next) {
		if (f->suspended) {
			f->suspended = false;
			MHD_resume_connection(f->conn);
		}
	}
	pthread_mutex_unlock(&hub->lock);
	pthread_join(hub->thread, NULL);
	/* MHD_stop_daemon drops what is still unsent: give the streams a moment to send their end. */
	for (int i = 0; i < CLOSE_WAIT_MS / 10 && log_hub_followers(hub) > 0; i++)
		usleep(10000);
}

void log_hub_free(struct log_hub *hub)
{
	if (!hub)
		return;
	pthread_cond_destroy(&hub->wake);
	pthread_mutex_destroy(&hub->lock);
	free(hub);
}

unsigned log_hub_followers(struct log_hub *hub)
{
	unsigned n;

	pthread_mutex_lock(&hub->lock);
	n = hub->n;
	pthread_mutex_unlock(&hub->lock);
	return n;
}

/* Appends one event for LEN bytes of LINE (carriage returns dropped) whose end is at byte END. */
static void add_event(struct follower *f, const char *line, size_t len, off_t end)
{
	char *o = f->out + f->out_len;

	o += sprintf(o, "id: %" PRIdMAX "\ndata: ", (intmax_t)end);
	for (size_t i = 0; i < len; i++) {
		if (line[i] != '\r')
			*o++ = line[i];
	}
	*o++ = '\n';
	*o++ = '\n';
	f->out_len = (size_t)(o - f->out);
}

/* Formats the file's complete lines from f->offset into f->out (and a last unterminated line when
 * FINISHED), as many as fit. */
static void format_lines(struct follower *f, bool finished)
{
	char in[IN_SIZE];
	ssize_t n = pread(f->fd, in, sizeof(in), f->offset);
	bool at_eof = n >= 0 && (size_t)n < sizeof(in);
	size_t pos = 0;

	while (n > 0 && pos < (size_t)n) {
		const char *nl = memchr(in + pos, '\n', (size_t)n - pos);
		size_t len = nl ? (size_t)(nl - in) - pos : (size_t)n - pos;
		size_t used = nl ? len + 1 : len;

		/* An unterminated line waits for the rest (read next time, when it straddles this read), unless
		 * it ends a finished log or fills IN_SIZE. */
		if (!nl && !(finished && at_eof) && !(pos == 0 && (size_t)n == sizeof(in)))
			break;
		if (f->out_len + len + EVENT_OVERHEAD > OUT_SIZE)
			break;
		f->offset += (off_t)used;
		add_event(f, in + pos, len, f->offset);
		pos += used;
	}
}

/* Fills f->out with what is to be sent now: new lines, the end, or a keepalive. */
static void produce(struct follower *f)
{
	bool finished = access(f->end_path, F_OK) == 0;
	struct stat st;
	static const char end[] = "event: end\ndata: \n\n", keepalive[] = ": keepalive\n\n";

	f->out_len = f->out_off = 0;
	format_lines(f, finished);
	if (f->out_len == 0 && (finished || f->hub->closing) && !f->ended &&
	    (f->hub->closing || (fstat(f->fd, &st) == 0 && st.st_size <= f->offset))) {
		memcpy(f->out, end, sizeof(end) - 1);
		f->out_len = sizeof(end) - 1;
		f->ended = true;
	} else if (f->out_len == 0 && now_ms() >= f->keepalive_at) {
		memcpy(f->out, keepalive, sizeof(keepalive) - 1);
		f->out_len = sizeof(keepalive) - 1;
	}
	if (f->out_len)
		f->keepalive_at = now_ms() + LOG_FOLLOW_KEEPALIVE_MS;
}

/* MHD_ContentReaderCallback of an event stream: sends what is pending, or suspends the connection
 * until the watcher sees news. */
static ssize_t read_events(void *cls, uint64_t pos, char *buf, size_t max)
{
	struct follower *f = cls;
	size_t n;

	(void)pos;
	if (f->out_off == f->out_len) {
		if (f->ended)
			return MHD_CONTENT_READER_END_OF_STREAM;
		produce(f);
	}
	if (f->out_off == f->out_len) {
		pthread_mutex_lock(&f->hub->lock);
		if (!f->hub->closing) {
			f->suspended = true;
			MHD_suspend_connection(f->conn);
		}
		pthread_mutex_unlock(&f->hub->lock);
		return 0;
	}
	n = f->out_len - f->out_off < max ? f->out_len - f->out_off : max;
	memcpy(buf, f->out + f->out_off, n);
	f->out_off += n;
	return (ssize_t)n;
}

/* MHD_ContentReaderFreeCallback: the stream is over; F leaves the hub. */
static void free_follower(void *cls)
{
	struct follower *f = cls;
	struct log_hub *hub = f->hub;

	pthread_mutex_lock(&hub->lock);
	if (f->prev)
		f->prev->next = f->next;
	else
		hub->head = f->next;
	if (f->next)
		f->next->prev = f->prev;
	hub->n--;
	pthread_mutex_unlock(&hub->lock);
	close(f->fd);
	free(f->end_path);
	free(f);
}

/* The byte offset a reconnecting client's Last-Event-ID names, if valid and within SIZE; else 0. */
static off_t resume_offset(const struct call *c, off_t size)
{
	const char *id = call_header(c, "Last-Event-ID");
	char *end;
	long long v;

	if (!id || *id < '0' || *id > '9')
		return 0;
	errno = 0;
	v = strtoll(id, &end, 10);
	return errno || *end || v > size ? 0 : (off_t)v;
}

/* Answers with an event stream following FD (which it takes). */
static void reply_stream(struct log_hub *hub, const struct call *c, int fd, const char *path, off_t size,
			 struct reply *r)
{
	struct follower *f = calloc(1, sizeof(*f));
	struct MHD_Response *resp;

	if (!f || !(f->end_path = end_path_of(path))) {
		free(f);
		close(fd);
		reply_error(r, 500, "out of memory");
		return;
	}
	f->hub = hub;
	f->conn = c->conn;
	f->fd = fd;
	f->offset = resume_offset(c, size);
	f->keepalive_at = now_ms() + LOG_FOLLOW_KEEPALIVE_MS;
	resp = MHD_create_response_from_callback(MHD_SIZE_UNKNOWN, 4096, read_events, f, free_follower);
	if (!resp) {
		close(fd);
		free(f->end_path);
		free(f);
		reply_error(r, 500, "out of memory");
		return;
	}
	pthread_mutex_lock(&hub->lock);
	f->next = hub->head;
	if (hub->head)
		hub->head->prev = f;
	hub->head = f;
	hub->n++;
	pthread_mutex_unlock(&hub->lock);
	MHD_add_response_header(resp, MHD_HTTP_HEADER_CONTENT_TYPE, "text/event-stream");
	MHD_add_response_header(resp, MHD_HTTP_HEADER_CACHE_CONTROL, "no-cache");
	reply_response(r, 200, resp);
}

void log_follow_reply(struct log_hub *hub, const struct call *c, const char *path, const char *what,
		      struct reply *r)
{
	const char *accept = call_header(c, MHD_HTTP_HEADER_ACCEPT);
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	struct MHD_Response *resp;
	struct stat st;

	if (fd < 0 || fstat(fd, &st) < 0) {
		if (fd >= 0)
			close(fd);
		if (errno == ENOENT)
			reply_error(r, 404, "%s has no log yet", what);
		else
			reply_internal(r, -errno);
		return;
	}
	if (accept && strstr(accept, "text/event-stream")) {
		reply_stream(hub, c, fd, path, st.st_size, r);
		return;
	}
	resp = MHD_create_response_from_fd((uint64_t)st.st_size, fd);
	if (!resp) {
		close(fd);
		reply_error(r, 500, "out of memory");
		return;
	}
	MHD_add_response_header(resp, MHD_HTTP_HEADER_CONTENT_TYPE, "text/plain; charset=utf-8");
	reply_response(r, 200, resp);
}

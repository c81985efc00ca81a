/* api_builds.c: the builds API: queueing a build of an app, reading and listing builds, their logs and artifacts, cancel and retry. */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "../builder/artifacts.h"
#include "../db/db_apps.h"
#include "../db/db_builds.h"
#include "api_builds.h"
#include "build_log.h"
#include "build_queue.h"
#include "log_follow.h"
#include "page.h"

/* Parses c->args[0] as a build id into *id; false with R set to 404 when it is not one. */
static bool parse_id(const struct call *c, long *id, struct reply *r)
{
	if (page_positive(c->args[0], id))
		return true;
	reply_error(r, 404, "no build '%s'", c->args[0]);
	return false;
}

/* Answers a database error about build ID. */
static void reply_build_error(struct reply *r, int err, long id)
{
	if (err == -ENOENT)
		reply_error(r, 404, "no build %ld", id);
	else
		reply_internal(r, err);
}

/* Replies STATUS with build ID as it is now. */
static void reply_build(struct server *s, struct reply *r, unsigned status, long id)
{
	json_t *b;
	int rc = db_build_get(s->db, id, &b);

	if (rc < 0)
		reply_build_error(r, rc, id);
	else
		reply_json(r, status, b);
}

/* The commit a build request names, checked: 7 to 40 hex digits; NULL when none. False with R set to 400. */
static bool requested_commit(const json_t *body, const char **commit, struct reply *r)
{
	const char *key;
	json_t *v;

	*commit = NULL;
	if (!body)
		return true;
	if (!json_is_object(body)) {
		reply_error(r, 400, "the body must be a JSON object");
		return false;
	}
	json_object_foreach((json_t *)body, key, v) {
		if (strcmp(key, "commit") != 0) {
			reply_error(r, 400, "unknown field '%s'", key);
			return false;
		}
	}
	v = json_object_get(body, "commit");
	if (!v || json_is_null(v))
		return true;
	*commit = json_string_value(v);
	if (!*commit || strlen(*commit) < 7 || strlen(*commit) > 40 ||
	    strspn(*commit, "0123456789abcdef") != strlen(*commit)) {
		reply_error(r, 400, "'commit' must be a commit id: 7 to 40 lowercase hex digits");
		return false;
	}
	return true;
}

/* Who asked, as builds record it: "token:ID". */
static void token_name(const struct call *c, char *out, size_t n)
{
	snprintf(out, n, "token:%ld", c->token_id);
}

/* After queueing build ID: its log exists (so it can be followed at once), the reply (201) is the
 * row as queued, read before the queue is woken (a worker may start it at once), and the queue looks. */
static void reply_queued(struct server *s, struct reply *r, long id, const char *trigger, const char *by)
{
	build_log_say(s->home, id, false, "build %ld queued (%s, by %s)", id, trigger, by);
	reply_build(s, r, 201, id);
	build_queue_wake(s->builds);
}

void api_builds_queue(struct server *s, const struct build_request *req, struct reply *r)
{
	long id;
	int rc = db_build_insert(s->db, req, &id);

	if (rc < 0) {
		reply_internal(r, rc);
		return;
	}
	reply_queued(s, r, id, req->trigger, req->triggered_by);
}

void api_builds_create(struct server *s, const struct call *c, struct reply *r)
{
	/* A request with a browser session comes from the dashboard. */
	struct build_request req = { .trigger = c->session ? "dashboard" : "api" };
	char by[32];
	json_t *app;
	int rc;

	if (!requested_commit(c->body, &req.commit, r))
		return;
	rc = db_app_get(s->db, c->args[0], &app);
	if (rc < 0) {
		if (rc == -ENOENT)
			reply_error(r, 404, "no app named '%s'", c->args[0]);
		else
			reply_internal(r, rc);
		return;
	}
	token_name(c, by, sizeof(by));
	req.app = app;
	req.triggered_by = by;
	api_builds_queue(s, &req, r);
	json_decref(app);
}

/* Replies with a page of builds, and the query of the next when MORE. */
static void list_reply(struct reply *r, json_t *items, int limit, bool more)
{
	size_t n = json_array_size(items);
	char next[64];

	if (more && n)
		snprintf(next, sizeof(next), "?limit=%d&before=%" JSON_INTEGER_FORMAT, limit,
			 json_integer_value(json_object_get(json_array_get(items, n - 1), "id")));
	page_reply(r, items, more && n ? next : NULL);
}

void api_builds_list(struct server *s, const struct call *c, struct reply *r)
{
	json_t *app, *items;
	int limit, rc;
	long before;
	bool more;

	if (!page_limit(c, &limit, r) || !page_before(c, &before, r))
		return;
	rc = db_app_get(s->db, c->args[0], &app);
	if (rc == 0) {
		json_decref(app);
		rc = db_build_list(s->db, c->args[0], before, limit, &items, &more);
	}
	if (rc == -ENOENT)
		reply_error(r, 404, "no app named '%s'", c->args[0]);
	else if (rc < 0)
		reply_internal(r, rc);
	else
		list_reply(r, items, limit, more);
}

void api_builds_get(struct server *s, const struct call *c, struct reply *r)
{
	long id;

	if (parse_id(c, &id, r))
		reply_build(s, r, 200, id);
}

void api_builds_log(struct server *s, const struct call *c, struct reply *r)
{
	char path[PATH_MAX], what[32];
	json_t *b;
	long id;
	int rc;

	if (!parse_id(c, &id, r))
		return;
	rc = db_build_get(s->db, id, &b);
	if (rc < 0) {
		reply_build_error(r, rc, id);
		return;
	}
	json_decref(b);
	build_log_path(s->home, id, path, sizeof(path));
	snprintf(what, sizeof(what), "build %ld", id);
	log_follow_reply(s->logs, c, path, what, r);
}

void api_builds_cancel(struct server *s, const struct call *c, struct reply *r)
{
	bool was_queued;
	json_t *b;
	long id;
	int rc;

	if (!parse_id(c, &id, r))
		return;
	rc = db_build_cancel(s->db, id, &was_queued);
	if (rc == -EALREADY && db_build_get(s->db, id, &b) == 0) {
		reply_error(r, 409, "build %ld is already over (%s)", id, json_string_value(json_object_get(b, "status")));
		json_decref(b);
		return;
	}
	if (rc < 0) {
		reply_build_error(r, rc, id);
		return;
	}
	if (was_queued)
		build_log_say(s->home, id, true, "build cancelled before it started");
	else
		build_queue_wake(s->builds);
	/* A running build ends cancelled once the queue has killed it: 202. */
	reply_build(s, r, was_queued ? 200 : 202, id);
}

void api_builds_retry(struct server *s, const struct call *c, struct reply *r)
{
	char by[32];
	long id, new_id;
	int rc;

	if (!parse_id(c, &id, r))
		return;
	token_name(c, by, sizeof(by));
	rc = db_build_retry(s->db, id, by, &new_id);
	if (rc == -EBUSY) {
		reply_error(r, 409, "build %ld is still queued or running", id);
		return;
	}
	if (rc < 0) {
		reply_build_error(r, rc, id);
		return;
	}
	reply_queued(s, r, new_id, "retry", by);
}

/* The content type of an artifact: text for the descriptions, bytes for the rest. */
static const char *artifact_type(const char *name)
{
	size_t n = strlen(name);

	if ((n > 3 && strcmp(name + n - 3, ".xl") == 0) || (n > 6 && strcmp(name + n - 6, ".xl.in") == 0) ||
	    (n > 5 && strcmp(name + n - 5, ".json") == 0))
		return "text/plain; charset=utf-8";
	return "application/octet-stream";
}

void api_builds_artifact(struct server *s, const struct call *c, struct reply *r)
{
	char sha[65], path[PATH_MAX];
	struct MHD_Response *resp;
	long long size;
	long id;
	int fd, rc;

	if (!parse_id(c, &id, r))
		return;
	rc = db_build_artifact(s->db, id, c->args[1], sha, &size);
	if (rc == 0)
		rc = artifact_path(s->home, sha, path, sizeof(path));
	if (rc < 0) {
		if (rc == -ENOENT)
			reply_error(r, 404, "build %ld has no artifact '%s'", id, c->args[1]);
		else
			reply_internal(r, rc);
		return;
	}
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		reply_internal(r, -errno);
		return;
	}
	resp = MHD_create_response_from_fd((uint64_t)size, fd);
	if (!resp) {
		close(fd);
		reply_error(r, 500, "out of memory");
		return;
	}
	MHD_add_response_header(resp, MHD_HTTP_HEADER_CONTENT_TYPE, artifact_type(c->args[1]));
	MHD_add_response_header(resp, "X-Kiln-SHA256", sha);
	reply_response(r, 200, resp);
}

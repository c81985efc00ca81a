/* router.c: request bodies, routes with "{}" segments, methods, authentication and scopes, then one handler per route. */
#include <errno.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "../db/db_tokens.h"
#include "api_apps.h"
#include "api_builds.h"
#include "api_git_credentials.h"
#include "api_webhooks.h"
#include "api_deployments.h"
#include "api_session.h"
#include "openapi.h"
#include "reply.h"
#include "router.h"
#include "server.h"
#include "session.h"
#include "token.h"
#include "web_assets.h"

#define API "/api/v1"

/* Per-request state: the body as it arrives, capped at SERVER_MAX_BODY. */
struct request {
	char *body;
	size_t len;
	bool too_big;
};

typedef void handler_fn(struct server *s, const struct call *c, struct reply *r);

static void get_healthz(struct server *s, const struct call *c, struct reply *r)
{
	(void)s, (void)c;
	reply_json(r, 200, json_pack("{s:s}", "status", "ok"));
}

static void get_metrics(struct server *s, const struct call *c, struct reply *r)
{
	(void)c;
	reply_text(r, 200, metrics_render(&s->metrics, s->db), "text/plain; version=0.0.4");
}

static void get_openapi(struct server *s, const struct call *c, struct reply *r)
{
	(void)s, (void)c;
	reply_text(r, 200, strdup(openapi_json), "application/json");
}

/* Routes with this scope need a token or a session, with any scope. */
#define SCOPE_ANY (~0u)

/* ROUTE_RAW: the body is handed over as received (c->raw), not required to be JSON nor parsed. */
#define ROUTE_RAW 1u

/* A route: PATH, where each "{}" segment matches one non-empty segment; SCOPE 0 needs no token. */
static const struct route {
	const char *path;
	const char *method;
	unsigned scope;
	handler_fn *fn;
	unsigned flags;
} routes[] = {
	{ "/healthz", "GET", 0, get_healthz, 0 },
	{ "/metrics", "GET", 0, get_metrics, 0 },
	{ API "/openapi.json", "GET", 0, get_openapi, 0 },
	{ API "/apps", "GET", SCOPE_READ, api_apps_list, 0 },
	{ API "/apps", "POST", SCOPE_ADMIN, api_apps_create, 0 },
	{ API "/apps/{}", "GET", SCOPE_READ, api_apps_get, 0 },
	{ API "/apps/{}", "PATCH", SCOPE_ADMIN, api_apps_patch, 0 },
	{ API "/apps/{}", "DELETE", SCOPE_ADMIN, api_apps_delete, 0 },
	{ API "/apps/{}/builds", "GET", SCOPE_READ, api_builds_list, 0 },
	{ API "/apps/{}/builds", "POST", SCOPE_BUILD, api_builds_create, 0 },
	{ API "/builds/{}", "GET", SCOPE_READ, api_builds_get, 0 },
	{ API "/builds/{}/log", "GET", SCOPE_READ, api_builds_log, 0 },
	{ API "/builds/{}/cancel", "POST", SCOPE_BUILD, api_builds_cancel, 0 },
	{ API "/builds/{}/retry", "POST", SCOPE_BUILD, api_builds_retry, 0 },
	{ API "/builds/{}/artifacts/{}", "GET", SCOPE_READ, api_builds_artifact, 0 },
	{ API "/apps/{}/webhook", "POST", SCOPE_ADMIN, api_webhooks_secret, 0 },
	{ API "/apps/{}/credentials", "POST", SCOPE_ADMIN, api_git_credentials_set, 0 },
	{ API "/apps/{}/credentials", "GET", SCOPE_READ, api_git_credentials_get, 0 },
	{ API "/apps/{}/credentials", "DELETE", SCOPE_ADMIN, api_git_credentials_delete, 0 },
	/* Deliveries carry a signature, not a token; it is checked over the body as received. */
	{ API "/webhooks/{}", "POST", 0, api_webhooks_deliver, ROUTE_RAW },
	{ API "/deployments", "GET", SCOPE_READ, api_deployments_list, 0 },
	{ API "/deployments", "POST", SCOPE_DEPLOY, api_deployments_create, 0 },
	{ API "/deployments/{}", "GET", SCOPE_READ, api_deployments_get, 0 },
	{ API "/deployments/{}", "DELETE", SCOPE_DEPLOY, api_deployments_delete, 0 },
	{ API "/deployments/{}/stop", "POST", SCOPE_DEPLOY, api_deployments_stop, 0 },
	{ API "/deployments/{}/start", "POST", SCOPE_DEPLOY, api_deployments_start, 0 },
	{ API "/deployments/{}/restart", "POST", SCOPE_DEPLOY, api_deployments_restart, 0 },
	{ API "/deployments/{}/console", "GET", SCOPE_READ, api_deployments_console, 0 },
	{ API "/backends", "GET", SCOPE_READ, api_backends_list, 0 },
	{ API "/session", "POST", 0, api_session_create, 0 },
	{ API "/session", "GET", SCOPE_ANY, api_session_get, 0 },
	{ API "/session", "DELETE", SCOPE_ANY, api_session_delete, 0 },
};
#define N_ROUTES (sizeof(routes) / sizeof(routes[0]))

/* The URL split into its segments, in a copy the captured arguments point into. */
struct segments {
	char buf[1024];
	const char *seg[32];
	size_t n;
	bool too_long;
};

static void split_url(const char *url, struct segments *sg)
{
	char *save = NULL, *tok;

	sg->n = 0;
	sg->too_long = strlen(url) >= sizeof(sg->buf);
	if (sg->too_long)
		return;
	strcpy(sg->buf, url);
	for (tok = strtok_r(sg->buf, "/", &save); tok; tok = strtok_r(NULL, "/", &save)) {
		if (sg->n == sizeof(sg->seg) / sizeof(sg->seg[0])) {
			sg->too_long = true;
			return;
		}
		sg->seg[sg->n++] = tok;
	}
}

/* Whether URL (its text and its segments) matches PATTERN; fills args with what each "{}" matched. */
static bool path_matches(const char *pattern, const char *url, const struct segments *sg,
			 const char *args[ROUTER_MAX_ARGS + 1])
{
	const char *p = pattern;
	size_t i = 0, n_args = 0;

	args[0] = NULL;
	if (!strstr(pattern, "{}"))
		return strcmp(pattern, url) == 0;
	if (sg->too_long || url[strlen(url) - 1] == '/' || strstr(url, "//"))
		return false;
	while (*p == '/') {
		const char *end = strchr(p + 1, '/');
		size_t len = end ? (size_t)(end - p - 1) : strlen(p + 1);

		if (i == sg->n)
			return false;
		if (len == 2 && strncmp(p + 1, "{}", 2) == 0) {
			if (n_args == ROUTER_MAX_ARGS)
				return false;
			args[n_args++] = sg->seg[i];
		} else if (strlen(sg->seg[i]) != len || strncmp(p + 1, sg->seg[i], len) != 0) {
			return false;
		}
		i++;
		p += len + 1;
	}
	args[n_args] = NULL;
	return i == sg->n;
}

/* Finds the route for URL and METHOD; with none, sets R to 404 or to 405 with the methods URL has. */
static const struct route *find_route(const char *url, const char *method, const struct segments *sg,
				      const char *args[ROUTER_MAX_ARGS + 1], struct reply *r, char *allow, size_t n)
{
	allow[0] = '\0';
	for (size_t i = 0; i < N_ROUTES; i++) {
		if (!path_matches(routes[i].path, url, sg, args))
			continue;
		if (strcmp(routes[i].method, method) == 0)
			return &routes[i];
		if (allow[0])
			strncat(allow, ", ", n - strlen(allow) - 1);
		strncat(allow, routes[i].method, n - strlen(allow) - 1);
	}
	if (allow[0]) {
		reply_error(r, 405, "%s is not allowed on %s (allowed: %s)", method, url, allow);
		r->allow = allow;
	} else {
		reply_error(r, 404, "no route %s", url);
	}
	return NULL;
}

/* Sets *scopes and *token_id from the bearer token in AUTH; false with R set to 401 or 500. */
static bool bearer_token(struct server *s, const char *auth, unsigned *scopes, long *token_id, struct reply *r)
{
	char hash[TOKEN_HASH_LEN + 1];
	int rc;

	if (strncasecmp(auth, "Bearer ", 7) != 0) {
		reply_error(r, 401, "an 'Authorization: Bearer TOKEN' header is required");
		return false;
	}
	rc = token_hash(auth + 7, hash);
	if (rc == 0)
		rc = db_token_find(s->db, hash, scopes, token_id);
	if (rc == -ENOENT)
		reply_error(r, 401, "invalid token");
	else if (rc < 0)
		reply_internal(r, rc);
	return rc == 0;
}

/* Looks up the session cookie into *session; a state-changing request must carry the session's
 * CSRF token. False with R set to 401, 403 or 500. */
static bool session_cookie(struct server *s, struct MHD_Connection *conn, const char *method,
			   struct session *session, struct reply *r)
{
	int rc = session_resolve(s->db, conn, session);

	if (rc == -ENOENT) {
		reply_error(r, 401, "the session has expired or was signed out: sign in again");
		return false;
	}
	if (rc < 0) {
		reply_internal(r, rc);
		return false;
	}
	if (strcmp(method, "GET") != 0 && strcmp(method, "HEAD") != 0 && !session_csrf_ok(session, conn)) {
		reply_error(r, 403, "the X-CSRF-Token header is missing or does not match the session");
		return false;
	}
	return true;
}

/* Identifies the caller of C (a bearer token, else the session cookie, into *session and
 * c->session) and checks the route's scope; false with R set to 401, 403 or 500. */
static bool authorize(struct server *s, struct call *c, unsigned need, struct session *session, struct reply *r)
{
	const char *auth = MHD_lookup_connection_value(c->conn, MHD_HEADER_KIND, MHD_HTTP_HEADER_AUTHORIZATION);
	unsigned have;

	if (!need)
		return true;
	if (auth || !session_cookie_present(c->conn)) {
		if (!bearer_token(s, auth ? auth : "", &have, &c->token_id, r))
			return false;
	} else {
		if (!session_cookie(s, c->conn, c->method, session, r))
			return false;
		c->session = session;
		c->token_id = session->stored.token_id;
		have = session->stored.scopes;
	}
	if (need != SCOPE_ANY && !token_scopes_allow(have, need)) {
		reply_error(r, 403, "this token lacks the scope this request needs");
		return false;
	}
	return true;
}

/* Parses the body of a POST or PATCH into *body; false with R set to 413, 415 or 400. */
static bool parse_body(struct MHD_Connection *conn, const struct request *req, json_t **body, struct reply *r)
{
	const char *type = MHD_lookup_connection_value(conn, MHD_HEADER_KIND, MHD_HTTP_HEADER_CONTENT_TYPE);
	json_error_t err;

	if (!type || strncasecmp(type, "application/json", 16) != 0 || (type[16] && type[16] != ';')) {
		reply_error(r, 415, "the body must be application/json");
		return false;
	}
	*body = json_loadb(req->body ? req->body : "", req->len, 0, &err);
	if (!*body) {
		reply_error(r, 400, "malformed JSON: %s (line %d, column %d)", err.text, err.line, err.column);
		return false;
	}
	return true;
}

/* Routes a complete request into R. */
static void dispatch(struct server *s, struct MHD_Connection *conn, const char *url, const char *method,
		     const struct request *req, struct reply *r, char *allow, size_t n)
{
	const char *args[ROUTER_MAX_ARGS + 1];
	struct segments sg;
	struct session session;
	const struct route *route;
	struct call c = { .conn = conn, .method = method, .url = url, .args = args,
			  .raw = req->body ? req->body : "", .raw_len = req->len };
	json_t *body = NULL;
	bool has_body = strcmp(method, "POST") == 0 || strcmp(method, "PATCH") == 0;

	split_url(url, &sg);
	route = find_route(url, method, &sg, args, r, allow, n);
	if (!route || !authorize(s, &c, route->scope, &session, r))
		return;
	if (req->too_big) {
		reply_error(r, 413, "the body is over %d bytes", SERVER_MAX_BODY);
		return;
	}
	/* An empty body is no body: POST /builds/1/cancel needs none. */
	if (has_body && req->len && !(route->flags & ROUTE_RAW) && !parse_body(conn, req, &body, r))
		return;
	c.body = body;
	route->fn(s, &c, r);
	json_decref(body);
}

static enum MHD_Result send_reply(struct MHD_Connection *conn, struct reply *r)
{
	char *text;
	struct MHD_Response *resp;
	enum MHD_Result ret;

	if (r->response)
		return MHD_queue_response(conn, r->status, r->response);
	text = r->text ? r->text : json_dumps(r->json, JSON_COMPACT);
	if (!text)
		return MHD_NO;
	r->text = text;
	resp = MHD_create_response_from_buffer(strlen(text), text, MHD_RESPMEM_MUST_COPY);
	if (!resp)
		return MHD_NO;
	MHD_add_response_header(resp, MHD_HTTP_HEADER_CONTENT_TYPE, r->content_type ? r->content_type : "application/json");
	if (r->allow)
		MHD_add_response_header(resp, MHD_HTTP_HEADER_ALLOW, r->allow);
	if (r->set_cookie)
		MHD_add_response_header(resp, MHD_HTTP_HEADER_SET_COOKIE, r->set_cookie);
	MHD_add_response_header(resp, MHD_HTTP_HEADER_CACHE_CONTROL, "no-store");
	ret = MHD_queue_response(conn, r->status, resp);
	MHD_destroy_response(resp);
	return ret;
}

const char *call_query(const struct call *c, const char *key)
{
	return MHD_lookup_connection_value(c->conn, MHD_GET_ARGUMENT_KIND, key);
}

const char *call_header(const struct call *c, const char *name)
{
	return MHD_lookup_connection_value(c->conn, MHD_HEADER_KIND, name);
}

/* Appends a chunk of the body, or marks the request too big and drops the rest. */
static void append_body(struct request *req, const char *data, size_t size)
{
	char *grown;

	if (req->too_big || req->len + size > SERVER_MAX_BODY) {
		req->too_big = true;
		return;
	}
	grown = realloc(req->body, req->len + size);
	if (!grown) {
		req->too_big = true;
		return;
	}
	memcpy(grown + req->len, data, size);
	req->body = grown;
	req->len += size;
}

enum MHD_Result router_handle(void *cls, struct MHD_Connection *conn, const char *url, const char *method,
			      const char *version, const char *upload_data, size_t *upload_data_size, void **req_cls)
{
	struct server *s = cls;
	struct request *req = *req_cls;
	struct reply r = { 0 };
	char allow[64];
	enum MHD_Result ret;

	(void)version;
	if (!req) {
		*req_cls = req = calloc(1, sizeof(*req));
		return req ? MHD_YES : MHD_NO;
	}
	if (*upload_data_size) {
		append_body(req, upload_data, *upload_data_size);
		*upload_data_size = 0;
		return MHD_YES;
	}
	if (web_assets_owns(url)) {
		ret = web_assets_reply(conn, url, method, &r.status);
		metrics_count_request(&s->metrics, method, r.status);
		return ret;
	}
	dispatch(s, conn, url, method, req, &r, allow, sizeof(allow));
	ret = send_reply(conn, &r);
	metrics_count_request(&s->metrics, method, r.status);
	reply_free(&r);
	return ret;
}

void router_completed(void *cls, struct MHD_Connection *conn, void **req_cls, enum MHD_RequestTerminationCode toe)
{
	struct request *req = *req_cls;

	(void)cls, (void)conn, (void)toe;
	if (req)
		free(req->body);
	free(req);
	*req_cls = NULL;
}

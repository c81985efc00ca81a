/* router.c: request bodies, routes, methods, authentication and scopes, then one handler per route and method. */
#include <errno.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "../db/db_tokens.h"
#include "api_apps.h"
#include "openapi.h"
#include "reply.h"
#include "router.h"
#include "server.h"
#include "token.h"

#define API "/api/v1"

/* Per-request state: the body as it arrives, capped at SERVER_MAX_BODY. */
struct request {
	char *body;
	size_t len;
	bool too_big;
};

typedef void handler_fn(struct server *s, const char *arg, const json_t *body, struct reply *r);

static void get_healthz(struct server *s, const char *arg, const json_t *body, struct reply *r)
{
	(void)s, (void)arg, (void)body;
	reply_json(r, 200, json_pack("{s:s}", "status", "ok"));
}

static void get_metrics(struct server *s, const char *arg, const json_t *body, struct reply *r)
{
	(void)arg, (void)body;
	reply_text(r, 200, metrics_render(&s->metrics, s->db), "text/plain; version=0.0.4");
}

static void get_openapi(struct server *s, const char *arg, const json_t *body, struct reply *r)
{
	(void)s, (void)arg, (void)body;
	reply_text(r, 200, strdup(openapi_json), "application/json");
}

/* A route: PATH, where a trailing "{}" matches one non-empty segment; SCOPE 0 needs no token. */
static const struct route {
	const char *path;
	const char *method;
	unsigned scope;
	handler_fn *fn;
} routes[] = {
	{ "/healthz", "GET", 0, get_healthz },
	{ "/metrics", "GET", 0, get_metrics },
	{ API "/openapi.json", "GET", 0, get_openapi },
	{ API "/apps", "GET", SCOPE_READ, api_apps_list },
	{ API "/apps", "POST", SCOPE_ADMIN, api_apps_create },
	{ API "/apps/{}", "GET", SCOPE_READ, api_apps_get },
	{ API "/apps/{}", "PATCH", SCOPE_ADMIN, api_apps_patch },
	{ API "/apps/{}", "DELETE", SCOPE_ADMIN, api_apps_delete },
};
#define N_ROUTES (sizeof(routes) / sizeof(routes[0]))

/* Whether URL matches PATTERN; *arg points at the segment "{}" matched (NULL if none). */
static bool path_matches(const char *pattern, const char *url, const char **arg)
{
	const char *hole = strstr(pattern, "{}");
	size_t prefix = hole ? (size_t)(hole - pattern) : strlen(pattern);

	*arg = NULL;
	if (!hole)
		return strcmp(pattern, url) == 0;
	if (strncmp(pattern, url, prefix) != 0 || url[prefix] == '\0' || strchr(url + prefix, '/'))
		return false;
	*arg = url + prefix;
	return true;
}

/* Finds the route for URL and METHOD; with none, sets R to 404 or to 405 with the methods URL has. */
static const struct route *find_route(const char *url, const char *method, const char **arg, struct reply *r,
				      char *allow, size_t n)
{
	allow[0] = '\0';
	for (size_t i = 0; i < N_ROUTES; i++) {
		if (!path_matches(routes[i].path, url, arg))
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

/* Checks the bearer token against the route's scope; false with R set to 401 or 403. */
static bool authorize(struct server *s, struct MHD_Connection *conn, unsigned need, struct reply *r)
{
	const char *auth = MHD_lookup_connection_value(conn, MHD_HEADER_KIND, MHD_HTTP_HEADER_AUTHORIZATION);
	char hash[TOKEN_HASH_LEN + 1];
	unsigned have;
	int rc;

	if (!need)
		return true;
	if (!auth || strncasecmp(auth, "Bearer ", 7) != 0) {
		reply_error(r, 401, "an 'Authorization: Bearer TOKEN' header is required");
		return false;
	}
	rc = token_hash(auth + 7, hash);
	if (rc == 0)
		rc = db_token_find(s->db, hash, &have);
	if (rc < 0) {
		if (rc == -ENOENT)
			reply_error(r, 401, "invalid token");
		else
			reply_internal(r, rc);
		return false;
	}
	if (!token_scopes_allow(have, need)) {
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

	if (req->too_big) {
		reply_error(r, 413, "the body is over %d bytes", SERVER_MAX_BODY);
		return false;
	}
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
	const char *arg;
	const struct route *route = find_route(url, method, &arg, r, allow, n);
	json_t *body = NULL;
	bool has_body = strcmp(method, "POST") == 0 || strcmp(method, "PATCH") == 0;

	if (!route || !authorize(s, conn, route->scope, r))
		return;
	if (has_body && !parse_body(conn, req, &body, r))
		return;
	route->fn(s, arg, body, r);
	json_decref(body);
}

static enum MHD_Result send_reply(struct MHD_Connection *conn, struct reply *r)
{
	char *text = r->text ? r->text : json_dumps(r->json, JSON_COMPACT);
	struct MHD_Response *resp;
	enum MHD_Result ret;

	if (!text)
		return MHD_NO;
	r->text = text;
	resp = MHD_create_response_from_buffer(strlen(text), text, MHD_RESPMEM_MUST_COPY);
	if (!resp)
		return MHD_NO;
	MHD_add_response_header(resp, MHD_HTTP_HEADER_CONTENT_TYPE, r->content_type ? r->content_type : "application/json");
	if (r->allow)
		MHD_add_response_header(resp, MHD_HTTP_HEADER_ALLOW, r->allow);
	ret = MHD_queue_response(conn, r->status, resp);
	MHD_destroy_response(resp);
	return ret;
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

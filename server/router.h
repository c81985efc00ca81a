/* router.h: the one libmicrohttpd request handler, which dispatches to the small handlers by route. */
#ifndef KILN_ROUTER_H
#define KILN_ROUTER_H

#include <jansson.h>
#include <microhttpd.h>
#include <stddef.h>

/* The most "{}" segments a route may have. */
#define ROUTER_MAX_ARGS 4

/* What a handler gets of its request; everything is the router's, valid during the handler. */
struct call {
	struct MHD_Connection *conn;
	const char *method, *url;
	const char *const *args; /* the segments the route's "{}" matched, in order, NULL-terminated */
	const json_t *body;      /* the parsed body of a POST or PATCH (NULL otherwise, and on raw routes) */
	const char *raw;         /* the body as received (not NUL-terminated), raw_len bytes */
	size_t raw_len;
	long token_id;           /* the bearer token's id (or the token a session signed in with), 0 on a route that needs none */
	const struct session *session; /* the browser session the request came with, NULL with a bearer token */
};

/* A query argument (?key=value) or a request header of C, or NULL. */
const char *call_query(const struct call *c, const char *key);
const char *call_header(const struct call *c, const char *name);

/* MHD_AccessHandlerCallback; CLS is the struct server. Allocates per-request state in *req_cls. */
enum MHD_Result router_handle(void *cls, struct MHD_Connection *conn, const char *url, const char *method,
			      const char *version, const char *upload_data, size_t *upload_data_size, void **req_cls);
/* MHD_RequestCompletedCallback: frees the per-request state router_handle allocated. */
void router_completed(void *cls, struct MHD_Connection *conn, void **req_cls, enum MHD_RequestTerminationCode toe);

#endif

/* http.h: the head of an HTTP/1.x request, as the static website reads it, and the content type of a file name. */
#ifndef STATIC_WEBSITE_HTTP_H
#define STATIC_WEBSITE_HTTP_H

#include <stdbool.h>
#include <stddef.h>

#define HTTP_MAX_PATH 1024

struct http_request {
	char method[16];
	char path[HTTP_MAX_PATH]; /* percent-decoded, without the query string */
	bool keep_alive;          /* HTTP/1.1 unless "Connection: close"; HTTP/1.0 only with "keep-alive" */
	bool has_body;            /* a non-zero Content-Length or any Transfer-Encoding */
};

/*
 * Parses the head of a request (request line and headers, up to the empty line) at the start of
 * buf[0, len). Returns its length in bytes, 0 when the empty line has not arrived yet, -EBADMSG for
 * a malformed head, -ENAMETOOLONG for a target over HTTP_MAX_PATH, -EPROTONOSUPPORT for a version
 * other than HTTP/1.0 and HTTP/1.1.
 */
int http_parse_request(const char *buf, size_t len, struct http_request *req);

/* The Content-Type for a file name, from its extension (application/octet-stream when unknown). */
const char *http_content_type(const char *name);

#endif

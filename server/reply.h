/* reply.h: what a handler answers: a status and a JSON, text or streamed body; every error is {"error": "..."}. */
#ifndef KILN_REPLY_H
#define KILN_REPLY_H

#include <jansson.h>
#include <microhttpd.h>

struct reply {
	unsigned status;
	json_t *json;             /* owned; sent when text is NULL */
	char *text;               /* owned, malloc'd */
	const char *content_type; /* for text */
	const char *allow;        /* the Allow header of a 405 */
	struct MHD_Response *response; /* owned; when set, sent as it is (streams, files) */
	char *set_cookie;         /* owned, malloc'd: a Set-Cookie header for a JSON or text reply, or NULL */
};

/* Sets R to STATUS with JSON, whose reference R takes (NULL: out of memory, a 500). */
void reply_json(struct reply *r, unsigned status, json_t *json);
/* Sets R to STATUS with {"error": message}. */
void reply_error(struct reply *r, unsigned status, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
/* Sets R to STATUS with TEXT, which R takes. */
void reply_text(struct reply *r, unsigned status, char *text, const char *content_type);
/* Sets R to STATUS with RESPONSE (its headers set by the caller), which R takes (NULL: a 500). */
void reply_response(struct reply *r, unsigned status, struct MHD_Response *response);
/* Maps a negative errno from the database to a 500 error reply. */
void reply_internal(struct reply *r, int err);
/* Releases what R owns. */
void reply_free(struct reply *r);

#endif

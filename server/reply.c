/* reply.c: building handler replies and the service's JSON error bodies in one place. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "reply.h"

void reply_json(struct reply *r, unsigned status, json_t *json)
{
	if (!json) {
		reply_error(r, 500, "out of memory");
		return;
	}
	reply_free(r);
	r->status = status;
	r->json = json;
}

void reply_error(struct reply *r, unsigned status, const char *fmt, ...)
{
	char message[512];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(message, sizeof(message), fmt, ap);
	va_end(ap);
	reply_free(r);
	r->status = status;
	r->json = json_pack("{s:s}", "error", message);
}

void reply_text(struct reply *r, unsigned status, char *text, const char *content_type)
{
	if (!text) {
		reply_error(r, 500, "out of memory");
		return;
	}
	reply_free(r);
	r->status = status;
	r->text = text;
	r->content_type = content_type;
}

void reply_response(struct reply *r, unsigned status, struct MHD_Response *response)
{
	if (!response) {
		reply_error(r, 500, "out of memory");
		return;
	}
	reply_free(r);
	r->status = status;
	r->response = response;
}

void reply_internal(struct reply *r, int err)
{
	reply_error(r, 500, "internal error: %s", strerror(-err));
}

void reply_free(struct reply *r)
{
	json_decref(r->json);
	free(r->text);
	free(r->set_cookie);
	if (r->response)
		MHD_destroy_response(r->response);
	r->json = NULL;
	r->text = NULL;
	r->response = NULL;
	r->set_cookie = NULL;
}

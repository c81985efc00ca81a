/* api_webhooks.c: webhook secrets, and verified push deliveries turned into builds of the pushed commit. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "../db/db_apps.h"
#include "../db/db_builds.h"
#include "../db/db_webhooks.h"
#include "api_builds.h"
#include "api_webhooks.h"
#include "token.h"
#include "webhook.h"

void api_webhooks_secret(struct server *s, const struct call *c, struct reply *r)
{
	char secret[TOKEN_LEN + 1], url[128];
	int rc = token_generate(secret);

	if (rc == 0)
		rc = db_webhook_set(s->db, c->args[0], secret);
	if (rc == -ENOENT) {
		reply_error(r, 404, "no app named '%s'", c->args[0]);
		return;
	}
	if (rc < 0) {
		reply_internal(r, rc);
		return;
	}
	snprintf(url, sizeof(url), "/api/v1/webhooks/%s", c->args[0]);
	reply_json(r, 201, json_pack("{s:s, s:s, s:s}", "app", c->args[0], "url", url, "secret", secret));
}

/* Checks the delivery against the app's secret; false with R set (404, 401, 500). */
static bool verified(struct server *s, const struct call *c, const char **source, const char **event,
		     struct reply *r)
{
	struct webhook_headers h = {
		call_header(c, "X-Hub-Signature-256"), call_header(c, "X-Gitea-Signature"),
		call_header(c, "X-Gitlab-Token"), call_header(c, "X-GitHub-Event"), call_header(c, "X-Gitea-Event"),
		call_header(c, "X-Gitlab-Event"),
	};
	char *secret = NULL;
	int rc = db_webhook_secret(s->db, c->args[0], &secret);

	if (rc == 0)
		rc = webhook_verify(secret, &h, c->raw, c->raw_len, source, event);
	free(secret);
	if (rc == 0)
		return true;
	if (rc == -ENOENT)
		reply_error(r, 404, "app '%s' has no webhook (POST /api/v1/apps/%s/webhook makes one)", c->args[0],
			    c->args[0]);
	else if (rc == -ENOKEY)
		reply_error(r, 401, "a delivery must be signed: X-Hub-Signature-256, X-Gitea-Signature or X-Gitlab-Token");
	else if (rc == -EACCES)
		reply_error(r, 401, "the delivery's signature does not match the app's webhook secret");
	else
		reply_internal(r, rc);
	return false;
}

/* Queues a build of the push in PAYLOAD if it went to the app's branch, or says why not. */
static void on_push(struct server *s, const struct call *c, const json_t *payload, const char *source,
		    struct reply *r)
{
	const char *ref, *after, *why, *branch;
	char wanted[300];
	json_t *app;
	int rc;

	if (webhook_push(payload, &ref, &after, &why) < 0) {
		reply_error(r, 400, "%s", why);
		return;
	}
	rc = db_app_get(s->db, c->args[0], &app);
	if (rc < 0) {
		reply_internal(r, rc);
		return;
	}
	branch = json_string_value(json_object_get(app, "branch"));
	snprintf(wanted, sizeof(wanted), "refs/heads/%s", branch);
	if (strcmp(ref, wanted) != 0)
		reply_json(r, 200, json_pack("{s:s+++}", "ignored", "a push to ", ref, ", not to ", wanted));
	else if (strspn(after, "0") == 40)
		reply_json(r, 200, json_pack("{s:s}", "ignored", "the branch was deleted"));
	else
		api_builds_queue(s, &(struct build_request){ app, after, "webhook", source }, r);
	json_decref(app);
}

void api_webhooks_deliver(struct server *s, const struct call *c, struct reply *r)
{
	const char *type = call_header(c, MHD_HTTP_HEADER_CONTENT_TYPE), *source, *event;
	json_error_t err;
	json_t *payload;

	if (!verified(s, c, &source, &event, r))
		return;
	if (strcmp(event, "ping") == 0) {
		reply_json(r, 200, json_pack("{s:b}", "pong", 1));
		return;
	}
	if (strcmp(event, "push") != 0) {
		reply_json(r, 200, json_pack("{s:s++}", "ignored", "event '", event, "'"));
		return;
	}
	if (!type || strncasecmp(type, "application/json", 16) != 0) {
		reply_error(r, 415, "the delivery must be application/json");
		return;
	}
	payload = json_loadb(c->raw, c->raw_len, 0, &err);
	if (!payload) {
		reply_error(r, 400, "malformed JSON: %s (line %d, column %d)", err.text, err.line, err.column);
		return;
	}
	on_push(s, c, payload, source, r);
	json_decref(payload);
}

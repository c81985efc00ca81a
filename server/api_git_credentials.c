/* api_git_credentials.c: an app's git credentials: checked on the way in, stored, and described without the secret. */
#include <errno.h>
#include <stdbool.h>
#include <string.h>

#include "../db/db_git_credentials.h"
#include "api_git_credentials.h"

#define MAX_TOKEN 4096
#define MAX_KEY 16384
#define MAX_USERNAME 64

/* The string member NAME of BODY: NULL when absent; false with R set when present but no string,
 * empty, longer than MAX or holding a control character other than a line break (keys have lines). */
static bool string_member(const json_t *body, const char *name, size_t max, bool lines, const char **out,
			  struct reply *r)
{
	const json_t *v = json_object_get(body, name);
	const char *s;

	*out = NULL;
	if (!v)
		return true;
	s = json_string_value(v);
	if (!s || !*s || json_string_length(v) > max || strlen(s) != json_string_length(v)) {
		reply_error(r, 400, "%s must be a non-empty string of at most %zu bytes", name, max);
		return false;
	}
	for (const char *p = s; *p; p++) {
		if ((unsigned char)*p < ' ' && !(lines && (*p == '\n' || *p == '\r'))) {
			reply_error(r, 400, "%s holds a control character", name);
			return false;
		}
	}
	*out = s;
	return true;
}

/* Fills CRED (pointing into BODY) from a valid body, else sets R to 400 and returns false. */
static bool parse(const json_t *body, struct git_credentials *cred, struct reply *r)
{
	const char *key, *token, *ssh_key, *user;
	const json_t *v;

	json_object_foreach((json_t *)body, key, v) {
		if (strcmp(key, "https_token") != 0 && strcmp(key, "ssh_key") != 0 && strcmp(key, "username") != 0) {
			reply_error(r, 400, "unknown field '%s' (https_token, ssh_key, username)", key);
			return false;
		}
	}
	if (!string_member(body, "https_token", MAX_TOKEN, false, &token, r) ||
	    !string_member(body, "ssh_key", MAX_KEY, true, &ssh_key, r) ||
	    !string_member(body, "username", MAX_USERNAME, false, &user, r))
		return false;
	if (!token == !ssh_key) {
		reply_error(r, 400, "give exactly one of https_token and ssh_key");
		return false;
	}
	if (ssh_key && !strstr(ssh_key, "PRIVATE KEY-----")) {
		reply_error(r, 400, "ssh_key must be a private key in PEM or OpenSSH form (-----BEGIN ... PRIVATE KEY-----)");
		return false;
	}
	if (user && strspn(user, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._-") != strlen(user)) {
		reply_error(r, 400, "username may hold letters, digits, '.', '_' and '-' only");
		return false;
	}
	/* The struct's strings are owned when the database fills it; here they point into BODY. */
	*cred = (struct git_credentials){ (char *)user, (char *)token, (char *)ssh_key, NULL };
	return true;
}

/* What GET answers: the kind of secret, the user name, the date; the secret itself never leaves. */
static json_t *describe(const char *app, const struct git_credentials *cred)
{
	return json_pack("{s:s, s:s, s:s?, s:s?}", "app", app, "kind", cred->https_token ? "https_token" : "ssh_key",
			 "username", cred->username, "created_at", cred->created_at);
}

/* Answers STATUS with APP's stored credentials described, or 404 when it has none. */
static void answer(struct server *s, const char *app, unsigned status, struct reply *r)
{
	struct git_credentials cred;
	int rc = db_git_credentials_get(s->db, app, &cred);

	if (rc == -ENOENT)
		reply_error(r, 404, "app '%s' has no git credentials", app);
	else if (rc < 0)
		reply_internal(r, rc);
	else
		reply_json(r, status, describe(app, &cred));
	if (rc == 0)
		db_git_credentials_clear(&cred);
}

void api_git_credentials_set(struct server *s, const struct call *c, struct reply *r)
{
	struct git_credentials cred = { 0 };
	int rc;

	if (!json_is_object(c->body)) {
		reply_error(r, 400, "the body must be a JSON object");
		return;
	}
	if (!parse(c->body, &cred, r))
		return;
	rc = db_git_credentials_set(s->db, c->args[0], &cred);
	if (rc == -ENOENT)
		reply_error(r, 404, "no app named '%s'", c->args[0]);
	else if (rc < 0)
		reply_internal(r, rc);
	else
		answer(s, c->args[0], 201, r);
}

void api_git_credentials_get(struct server *s, const struct call *c, struct reply *r)
{
	answer(s, c->args[0], 200, r);
}

void api_git_credentials_delete(struct server *s, const struct call *c, struct reply *r)
{
	int rc = db_git_credentials_delete(s->db, c->args[0]);

	if (rc == -ENOENT)
		reply_error(r, 404, "app '%s' has no git credentials", c->args[0]);
	else if (rc < 0)
		reply_internal(r, rc);
	else
		reply_json(r, 200, json_pack("{s:s}", "deleted", c->args[0]));
}

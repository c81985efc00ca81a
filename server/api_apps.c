/* api_apps.c: create, list, read, change and delete apps. */
#include <errno.h>
#include <stdio.h>

#include "../db/db_apps.h"
#include "api_apps.h"
#include "app_spec.h"
#include "page.h"

/* Answers a database error: 404 for a missing app, 409 for a taken name, else 500. */
static void reply_db_error(struct reply *r, int err, const char *name)
{
	if (err == -ENOENT)
		reply_error(r, 404, "no app named '%s'", name);
	else if (err == -EEXIST)
		reply_error(r, 409, "an app named '%s' already exists", name);
	else
		reply_internal(r, err);
}

/* Answers an app_spec_build failure: 400 with its reason, or 500. */
static void reply_spec_error(struct reply *r, int err, const char *why)
{
	if (err == -EINVAL)
		reply_error(r, 400, "%s", why);
	else
		reply_internal(r, err);
}

void api_apps_list(struct server *s, const struct call *c, struct reply *r)
{
	const char *after = call_query(c, "after");
	char next[128];
	json_t *apps;
	bool more;
	int limit, rc;

	if (!page_limit(c, &limit, r))
		return;
	rc = db_app_list(s->db, after, limit, &apps, &more);
	if (rc < 0) {
		reply_internal(r, rc);
		return;
	}
	/* Names are [a-z][a-z0-9-]*: nothing to escape in the query. */
	if (more)
		snprintf(next, sizeof(next), "?limit=%d&after=%s", limit,
			 json_string_value(json_object_get(json_array_get(apps, json_array_size(apps) - 1), "name")));
	page_reply(r, apps, more ? next : NULL);
}

void api_apps_create(struct server *s, const struct call *c, struct reply *r)
{
	const json_t *body = c->body;
	char why[256];
	json_t *app;
	int rc;

	rc = app_spec_build(body, NULL, &app, why, sizeof(why));
	if (rc < 0) {
		reply_spec_error(r, rc, why);
		return;
	}
	rc = db_app_insert(s->db, app);
	if (rc < 0) {
		reply_db_error(r, rc, json_string_value(json_object_get(app, "name")));
		json_decref(app);
	} else {
		reply_json(r, 201, app);
	}
}

void api_apps_get(struct server *s, const struct call *c, struct reply *r)
{
	const char *name = c->args[0];
	json_t *app;
	int rc;

	rc = db_app_get(s->db, name, &app);
	if (rc < 0)
		reply_db_error(r, rc, name);
	else
		reply_json(r, 200, app);
}

void api_apps_patch(struct server *s, const struct call *c, struct reply *r)
{
	const char *name = c->args[0];
	const json_t *body = c->body;
	json_t *base, *app;
	char why[256];
	int rc;

	rc = db_app_get(s->db, name, &base);
	if (rc < 0) {
		reply_db_error(r, rc, name);
		return;
	}
	rc = app_spec_build(body, base, &app, why, sizeof(why));
	json_decref(base);
	if (rc < 0) {
		reply_spec_error(r, rc, why);
		return;
	}
	rc = db_app_update(s->db, app);
	if (rc < 0) {
		reply_db_error(r, rc, name);
		json_decref(app);
	} else {
		reply_json(r, 200, app);
	}
}

void api_apps_delete(struct server *s, const struct call *c, struct reply *r)
{
	const char *name = c->args[0];
	int rc;

	rc = db_app_delete(s->db, name);
	if (rc < 0)
		reply_db_error(r, rc, name);
	else
		reply_json(r, 200, json_pack("{s:s}", "deleted", name));
}

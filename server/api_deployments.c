/* api_deployments.c: the deployments API: deploy a succeeded build, list, read, stop, start, restart, delete, console; the backends. */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../builder/artifacts.h"
#include "../db/db_builds.h"
#include "../db/db_deployments.h"
#include "api_deployments.h"
#include "app_spec.h"
#include "deploy_monitor.h"
#include "deploy_spec.h"
#include "log_follow.h"
#include "page.h"

/* Parses c->args[0] as a deployment id into *id; false with R set to 404 when it is not one. */
static bool parse_id(const struct call *c, long *id, struct reply *r)
{
	if (page_positive(c->args[0], id))
		return true;
	reply_error(r, 404, "no deployment '%s'", c->args[0]);
	return false;
}

static void reply_db_error(struct reply *r, int err, long id)
{
	if (err == -ENOENT)
		reply_error(r, 404, "no deployment %ld", id);
	else
		reply_internal(r, err);
}

/* Replies STATUS with deployment ID as it is now. */
static void reply_deployment(struct server *s, struct reply *r, unsigned status, long id)
{
	json_t *d;
	int rc = db_deployment_get(s->db, id, &d);

	if (rc < 0)
		reply_db_error(r, rc, id);
	else
		reply_json(r, status, d);
}

/* The store path of build BUILD's artifact NAME into PATH; false when it has none. */
static bool artifact_of(struct server *s, long build, const char *name, char *path, size_t n)
{
	char sha[65];

	return db_build_artifact(s->db, build, name, sha, NULL) == 0 && artifact_path(s->home, sha, path, n) == 0;
}

/* The request's fields, checked: *build, *backend, *restart, *keys (borrowed, NULL when absent); false with
 * R set to 400. */
static bool parse_request(const json_t *body, long *build, const struct kiln_deploy_backend **backend,
			  const char **restart, const json_t **keys, struct reply *r)
{
	const char *field, *name = "unix";
	const json_t *v;

	if (!json_is_object(body)) {
		reply_error(r, 400, "the body must be a JSON object");
		return false;
	}
	json_object_foreach((json_t *)body, field, v) {
		if (strcmp(field, "build") && strcmp(field, "backend") && strcmp(field, "restart") && strcmp(field, "keys")) {
			reply_error(r, 400, "unknown field '%s' (build, backend, restart, keys)", field);
			return false;
		}
	}
	v = json_object_get(body, "build");
	if (!json_is_integer(v) || json_integer_value(v) <= 0) {
		reply_error(r, 400, "'build' must be a build id (a positive integer)");
		return false;
	}
	*build = (long)json_integer_value(v);
	v = json_object_get(body, "backend");
	if (v && !json_is_string(v)) {
		reply_error(r, 400, "'backend' must be a string: unix or xen");
		return false;
	}
	name = v ? json_string_value(v) : name;
	*backend = deploy_backend_find(name);
	if (!*backend) {
		reply_error(r, 400, "no backend '%s' (unix, xen)", name);
		return false;
	}
	v = json_object_get(body, "restart");
	*restart = v ? json_string_value(v) : "never";
	if (!*restart || (strcmp(*restart, "never") && strcmp(*restart, "on-failure"))) {
		reply_error(r, 400, "'restart' must be never or on-failure");
		return false;
	}
	*keys = json_object_get(body, "keys"); /* NULL: none */
	if (*keys && !json_is_object(*keys)) {
		reply_error(r, 400, "'keys' must be an object of strings");
		return false;
	}
	return true;
}

/* Whether KILN (the build's kiln.json) has a boot key NAME (or it is the runtime's --logs). */
static bool boot_key(const json_t *kiln, const char *name)
{
	size_t i;
	const json_t *k;

	if (strcmp(name, "logs") == 0)
		return true;
	json_array_foreach(json_object_get(kiln, "keys"), i, k) {
		const char *stage = json_string_value(json_object_get(k, "stage"));
		const char *key = json_string_value(json_object_get(k, "name"));
		if (stage && key && strcmp(stage, "boot") == 0 && strcmp(key, name) == 0)
			return true;
	}
	return false;
}

/* Checks KEYS against the build's boot keys; false with R set to 400. */
static bool check_keys(const json_t *kiln, const json_t *keys, long build, struct reply *r)
{
	const char *name;
	const json_t *v;

	json_object_foreach((json_t *)keys, name, v) {
		if (!json_is_string(v)) {
			reply_error(r, 400, "key '%s': values are strings", name);
			return false;
		}
		if (!boot_key(kiln, name)) {
			reply_error(r, 400, "build %ld has no boot key '%s' (kiln describe lists them)", build, name);
			return false;
		}
	}
	return true;
}

/* The files the build's devices need in the run folder: block files (from the artifact of that name
 * when the build kept one) and direct kv_ro folders. */
static json_t *device_files(struct server *s, long build, const json_t *kiln)
{
	json_t *files = json_array();
	const json_t *dev;
	size_t i;

	json_array_foreach(json_object_get(kiln, "devices"), i, dev) {
		const char *kind = json_string_value(json_object_get(dev, "kind"));
		const char *impl = json_string_value(json_object_get(dev, "impl"));
		const char *path = json_string_value(json_object_get(dev, "path"));
		char source[PATH_MAX];
		bool have = path && artifact_of(s, build, path, source, sizeof(source));
		bool dir = impl && strcmp(impl, "direct_kv_ro") == 0;

		if (!path || !kind || (strcmp(kind, "block") != 0 && !dir && !have))
			continue;
		json_array_append_new(files, json_pack("{s:s, s:o, s:b}", "path", path, "source",
						       have ? json_string(source) : json_null(), "dir", dir));
	}
	return files;
}

/* What the monitor will run for BUILD (checked: succeeded, built for BACKEND): *spec, *app, *kiln (new
 * references); false with R set. */
static bool resolve_build(struct server *s, long build, const struct kiln_deploy_backend *backend, json_t **spec,
			  json_t **app, json_t **kiln, struct reply *r)
{
	char kiln_path[PATH_MAX], image[PATH_MAX], xl[PATH_MAX + 4];
	const char *status, *target, *name, *binary;
	json_t *b;
	int rc = db_build_get(s->db, build, &b);

	*kiln = NULL;
	if (rc < 0) {
		if (rc == -ENOENT)
			reply_error(r, 400, "there is no build %ld", build);
		else
			reply_internal(r, rc);
		return false;
	}
	status = json_string_value(json_object_get(b, "status"));
	*app = json_incref(json_object_get(b, "app"));
	if (!status || strcmp(status, "succeeded") != 0) {
		reply_error(r, 409, "build %ld is %s: only a succeeded build can be deployed", build,
			    status ? status : "unknown");
		json_decref(b);
		goto fail;
	}
	json_decref(b);
	if (artifact_of(s, build, "kiln.json", kiln_path, sizeof(kiln_path)))
		*kiln = json_load_file(kiln_path, 0, NULL);
	target = json_string_value(json_object_get(*kiln, "target"));
	name = json_string_value(json_object_get(*kiln, "name"));
	binary = json_string_value(json_array_get(json_object_get(*kiln, "artifacts"), 0));
	if (!target || !name || !binary || !artifact_of(s, build, binary, image, sizeof(image))) {
		reply_error(r, 409, "build %ld has no kiln.json or no binary among its artifacts", build);
		goto fail;
	}
	if (strcmp(target, backend->name) != 0) {
		reply_error(r, 400, "build %ld is a %s build: the %s backend runs %s builds", build, target, backend->name,
			    backend->name);
		goto fail;
	}
	snprintf(xl, sizeof(xl), "%s.xl", name);
	if (strcmp(target, "xen") == 0 && !artifact_of(s, build, xl, xl, sizeof(xl))) {
		reply_error(r, 409, "build %ld has no %s.xl among its artifacts", build, name);
		goto fail;
	}
	*spec = json_pack("{s:s, s:s, s:s?, s:o}", "name", name, "image", image, "xl",
			  strcmp(target, "xen") == 0 ? xl : NULL, "files", device_files(s, build, *kiln));
	if (*spec)
		return true;
	reply_internal(r, -ENOMEM);
fail:
	json_decref(*app);
	json_decref(*kiln);
	*app = *kiln = NULL;
	return false;
}

void api_deployments_create(struct server *s, const struct call *c, struct reply *r)
{
	const struct kiln_deploy_backend *backend;
	const char *restart;
	const json_t *keys;
	json_t *spec = NULL, *app = NULL, *kiln = NULL, *none = json_object();
	char reason[512];
	long build, id;
	int rc;

	if (!parse_request(c->body, &build, &backend, &restart, &keys, r))
		goto cleanup;
	if (!backend->available(reason, sizeof(reason))) {
		reply_error(r, 409, "%s", reason);
		goto cleanup;
	}
	if (!resolve_build(s, build, backend, &spec, &app, &kiln, r))
		goto cleanup;
	if (check_keys(kiln, keys, build, r)) {
		struct deployment_request req = { build, json_string_value(app), backend->name, restart,
						  keys ? keys : none, spec };
		rc = db_deployment_insert(s->db, &req, &id);
		if (rc < 0) {
			reply_internal(r, rc);
		} else {
			/* the reply is the row as inserted: read before the monitor can start it */
			reply_deployment(s, r, 201, id);
			deploy_monitor_kick(s->monitor);
		}
	}
cleanup:
	json_decref(spec);
	json_decref(app);
	json_decref(kiln);
	json_decref(none);
}

void api_deployments_list(struct server *s, const struct call *c, struct reply *r)
{
	const char *app = call_query(c, "app");
	char next[160];
	json_t *items;
	int limit, rc;
	long before;
	bool more;

	if (!page_limit(c, &limit, r) || !page_before(c, &before, r))
		return;
	if (app && !app_name_valid(app)) {
		reply_error(r, 400, "'app' must be an app name");
		return;
	}
	rc = db_deployment_list(s->db, app, before, limit, &items, &more);
	if (rc < 0) {
		reply_internal(r, rc);
		return;
	}
	if (more) /* the filter kept: "?app=NAME&limit=N&before=LAST" */
		snprintf(next, sizeof(next), "?%s%s%slimit=%d&before=%" JSON_INTEGER_FORMAT, app ? "app=" : "",
			 app ? app : "", app ? "&" : "", limit,
			 json_integer_value(json_object_get(json_array_get(items, json_array_size(items) - 1), "id")));
	page_reply(r, items, more ? next : NULL);
}

void api_deployments_get(struct server *s, const struct call *c, struct reply *r)
{
	long id;

	if (parse_id(c, &id, r))
		reply_deployment(s, r, 200, id);
}

/* Asks the monitor for DESIRED (START: a new start or restart), then replies 202 with the deployment. */
static void request(struct server *s, const struct call *c, struct reply *r, const char *desired, bool start)
{
	long id;
	int rc;

	if (!parse_id(c, &id, r))
		return;
	rc = db_deployment_request(s->db, id, desired, start);
	if (rc < 0) {
		reply_db_error(r, rc, id);
		return;
	}
	/* the reply is the row as requested: read before the monitor acts on it */
	if (strcmp(desired, "deleted") == 0)
		reply_json(r, 202, json_pack("{s:I}", "deleted", (json_int_t)id));
	else
		reply_deployment(s, r, 202, id);
	deploy_monitor_kick(s->monitor);
}

void api_deployments_stop(struct server *s, const struct call *c, struct reply *r)
{
	request(s, c, r, "stopped", false);
}

/* Start: refused while it runs or is starting (restart is for that). */
void api_deployments_start(struct server *s, const struct call *c, struct reply *r)
{
	json_t *d;
	const char *state, *desired;
	long id;
	int rc;

	if (!parse_id(c, &id, r))
		return;
	rc = db_deployment_get(s->db, id, &d);
	if (rc < 0) {
		reply_db_error(r, rc, id);
		return;
	}
	state = json_string_value(json_object_get(d, "state"));
	desired = json_string_value(json_object_get(d, "desired"));
	if (strcmp(desired, "running") == 0 && (strcmp(state, "running") == 0 || strcmp(state, "starting") == 0))
		reply_error(r, 409, "deployment %ld is %s already (restart restarts it)", id, state);
	else
		request(s, c, r, "running", true);
	json_decref(d);
}

void api_deployments_restart(struct server *s, const struct call *c, struct reply *r)
{
	request(s, c, r, "running", true);
}

void api_deployments_delete(struct server *s, const struct call *c, struct reply *r)
{
	request(s, c, r, "deleted", false);
}

void api_deployments_console(struct server *s, const struct call *c, struct reply *r)
{
	struct deploy_spec_json spec;
	const struct kiln_deploy_backend *backend;
	char path[PATH_MAX], what[48];
	json_t *d = NULL, *row_spec = NULL;
	long id;
	int rc;

	if (!parse_id(c, &id, r))
		return;
	rc = db_deployment_get(s->db, id, &d);
	if (rc == 0)
		rc = db_deployment_spec(s->db, id, &row_spec);
	if (rc < 0) {
		reply_db_error(r, rc, id);
		goto cleanup;
	}
	backend = deploy_backend_find(json_string_value(json_object_get(d, "backend")));
	rc = deploy_spec_json_load(s->home, id, row_spec, json_object_get(d, "keys"), &spec);
	if (rc == 0) {
		rc = backend ? backend->console_path(&spec.spec, path, sizeof(path)) : -EINVAL;
		deploy_spec_json_free(&spec);
	}
	if (rc < 0) {
		reply_internal(r, rc);
		goto cleanup;
	}
	snprintf(what, sizeof(what), "deployment %ld's console", id);
	log_follow_reply(s->logs, c, path, what, r);
cleanup:
	json_decref(d);
	json_decref(row_spec);
}

void api_backends_list(struct server *s, const struct call *c, struct reply *r)
{
	json_t *list = json_array();
	char reason[512];

	(void)s, (void)c;
	for (size_t i = 0; deploy_backends[i]; i++) {
		bool up = deploy_backends[i]->available(reason, sizeof(reason));
		json_t *b = json_pack("{s:s, s:b}", "name", deploy_backends[i]->name, "available", up);
		if (b && !up)
			json_object_set_new(b, "reason", json_string(reason));
		json_array_append_new(list, b);
	}
	reply_json(r, 200, list);
}

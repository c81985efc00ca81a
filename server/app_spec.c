/* app_spec.c: checks an app's fields: name pattern, repository URL scheme, path inside the repository. */
#include <errno.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "app_spec.h"

#define NAME_MAX_LEN 63
#define FIELD_MAX_LEN 1024

static const char *const string_fields[] = { "name", "repo", "branch", "path", "target" };

static int reject(char *why, size_t n, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(why, n, fmt, ap);
	va_end(ap);
	return -EINVAL;
}

bool app_name_valid(const char *s)
{
	size_t len = s ? strlen(s) : 0;

	if (len == 0 || len > NAME_MAX_LEN || !(s[0] >= 'a' && s[0] <= 'z'))
		return false;
	return strspn(s, "abcdefghijklmnopqrstuvwxyz0123456789-") == len;
}

static bool has_control(const char *s)
{
	for (; *s; s++) {
		if ((unsigned char)*s < 0x20 || *s == 0x7f)
			return true;
	}
	return false;
}

static bool valid_repo(const char *s)
{
	static const char *const prefixes[] = { "https://", "ssh://", "file://", "/" };

	for (size_t i = 0; i < sizeof(prefixes) / sizeof(prefixes[0]); i++) {
		size_t len = strlen(prefixes[i]);
		if (strncmp(s, prefixes[i], len) == 0 && s[len] && !strchr(s, ' '))
			return true;
	}
	return false;
}

/* A relative path none of whose components is "..". */
static bool valid_path(const char *s)
{
	if (s[0] == '/' || s[0] == '\0')
		return false;
	for (const char *p = s; *p; p += strspn(p, "/")) {
		size_t n = strcspn(p, "/");
		if (n == 2 && p[0] == '.' && p[1] == '.')
			return false;
		p += n;
	}
	return true;
}

static bool valid_branch(const char *s)
{
	size_t len = strlen(s);

	return len > 0 && s[0] != '-' && !strstr(s, "..") &&
	       strspn(s, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._/-") == len;
}

/* Checks the types of BODY's members: known names only, strings, and keys an object of strings. */
static int check_types(const json_t *body, char *why, size_t n)
{
	const char *field, *key;
	json_t *value, *v;

	if (!json_is_object(body))
		return reject(why, n, "the body must be a JSON object");
	json_object_foreach ((json_t *)body, field, value) {
		bool known = strcmp(field, "keys") == 0;
		for (size_t i = 0; i < sizeof(string_fields) / sizeof(string_fields[0]); i++)
			known = known || strcmp(field, string_fields[i]) == 0;
		if (!known)
			return reject(why, n, "unknown field '%s'", field);
		if (strcmp(field, "keys") != 0 && !json_is_string(value))
			return reject(why, n, "'%s' must be a string", field);
	}
	value = json_object_get(body, "keys");
	if (value && !json_is_object(value))
		return reject(why, n, "'keys' must be an object of strings");
	json_object_foreach (value, key, v) {
		if (!json_is_string(v))
			return reject(why, n, "key '%s' must have a string value", key);
	}
	return 0;
}

/* Checks the values of a complete app. */
static int check_values(const json_t *app, char *why, size_t n)
{
	const char *target = json_string_value(json_object_get(app, "target"));

	for (size_t i = 0; i < sizeof(string_fields) / sizeof(string_fields[0]); i++) {
		const char *s = json_string_value(json_object_get(app, string_fields[i]));
		if (!s)
			return reject(why, n, "missing field '%s'", string_fields[i]);
		if (strlen(s) > FIELD_MAX_LEN || has_control(s))
			return reject(why, n, "'%s' is too long or holds control characters", string_fields[i]);
	}
	if (!app_name_valid(json_string_value(json_object_get(app, "name"))))
		return reject(why, n, "'name' must be 1 to %d lowercase letters, digits or '-', starting with a letter",
			      NAME_MAX_LEN);
	if (!valid_repo(json_string_value(json_object_get(app, "repo"))))
		return reject(why, n, "'repo' must be an https://, ssh:// or file:// URL or an absolute path");
	if (!valid_branch(json_string_value(json_object_get(app, "branch"))))
		return reject(why, n, "'branch' is not a valid branch name");
	if (!valid_path(json_string_value(json_object_get(app, "path"))))
		return reject(why, n, "'path' must be relative and stay inside the repository (no '..')");
	if (strcmp(target, "unix") != 0 && strcmp(target, "xen") != 0)
		return reject(why, n, "'target' must be unix or xen");
	return 0;
}

/* A new app holding only the defaults of the optional fields. */
static json_t *defaults(void)
{
	return json_pack("{s:s, s:s, s:s, s:{}}", "branch", "main", "path", ".", "target", "unix", "keys");
}

int app_spec_build(const json_t *body, const json_t *base, json_t **out, char *why, size_t n)
{
	json_t *app;
	int rc = check_types(body, why, n);

	if (rc < 0)
		return rc;
	if (base) {
		const char *name = json_string_value(json_object_get(body, "name"));
		if (name && strcmp(name, json_string_value(json_object_get(base, "name"))) != 0)
			return reject(why, n, "'name' cannot be changed");
	}
	app = base ? json_deep_copy(base) : defaults();
	if (!app || json_object_update(app, (json_t *)body) < 0) {
		rc = -ENOMEM;
		goto cleanup;
	}
	rc = check_values(app, why, n);
	if (rc == 0) {
		*out = app;
		return 0;
	}
cleanup:
	json_decref(app);
	return rc;
}

/* test_app_spec.c: unit tests of app validation: defaults, patches, names, repository URLs and paths. */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "app_spec.h"

/* Builds an app from the JSON text BODY over BASE; returns the result code, *why the reason. */
static int build(const char *body, const json_t *base, json_t **app, char *why)
{
	json_t *in = json_loads(body, 0, NULL);
	int rc;

	assert_non_null(in);
	*app = NULL;
	rc = app_spec_build(in, base, app, why, 256);
	json_decref(in);
	return rc;
}

/* Asserts BODY is rejected with the reason WANT. */
static void rejected(const char *body, const char *want)
{
	char why[256];
	json_t *app;

	assert_int_equal(build(body, NULL, &app, why), -EINVAL);
	assert_null(app);
	assert_string_equal(why, want);
}

static void defaults_fill_the_optional_fields(void **state)
{
	char why[256], *text;
	json_t *app;

	(void)state;
	assert_int_equal(build("{\"name\": \"a-1\", \"repo\": \"/srv/a\"}", NULL, &app, why), 0);
	text = json_dumps(app, JSON_SORT_KEYS | JSON_COMPACT);
	assert_string_equal(text, "{\"branch\":\"main\",\"keys\":{},\"name\":\"a-1\",\"path\":\".\",\"repo\":\"/srv/a\","
				  "\"target\":\"unix\"}");
	free(text);
	json_decref(app);
}

static void a_patch_changes_only_its_fields(void **state)
{
	char why[256];
	json_t *base, *app;

	(void)state;
	assert_int_equal(build("{\"name\": \"a\", \"repo\": \"https://h/r\"}", NULL, &base, why), 0);
	assert_int_equal(build("{\"target\": \"xen\", \"name\": \"a\"}", base, &app, why), 0);
	assert_string_equal(json_string_value(json_object_get(app, "target")), "xen");
	assert_string_equal(json_string_value(json_object_get(app, "repo")), "https://h/r");
	json_decref(app);
	assert_int_equal(build("{\"name\": \"b\"}", base, &app, why), -EINVAL);
	assert_string_equal(why, "'name' cannot be changed");
	json_decref(base);
}

static void names_repos_paths_and_targets_are_checked(void **state)
{
	const char *name_err = "'name' must be 1 to 63 lowercase letters, digits or '-', starting with a letter";
	const char *path_err = "'path' must be relative and stay inside the repository (no '..')";

	(void)state;
	rejected("{\"name\": \"1a\", \"repo\": \"/r\"}", name_err);
	rejected("{\"name\": \"\", \"repo\": \"/r\"}", name_err);
	rejected("{\"name\": \"a\", \"repo\": \"https://\"}",
		 "'repo' must be an https://, ssh:// or file:// URL or an absolute path");
	rejected("{\"name\": \"a\", \"repo\": \"/r\", \"path\": \"a/..\"}", path_err);
	rejected("{\"name\": \"a\", \"repo\": \"/r\", \"path\": \"\"}", path_err);
	rejected("{\"name\": \"a\", \"repo\": \"/r\", \"branch\": \"-x\"}", "'branch' is not a valid branch name");
	rejected("{\"name\": \"a\", \"repo\": \"/r\", \"target\": \"Xen\"}", "'target' must be unix or xen");
	rejected("{\"name\": \"a\", \"repo\": \"/r\\n\"}", "'repo' is too long or holds control characters");
}

static void a_path_may_hold_dots_that_stay_inside(void **state)
{
	char why[256];
	json_t *app;

	(void)state;
	assert_int_equal(build("{\"name\": \"a\", \"repo\": \"/r\", \"path\": \"./a..b/.x//c\"}", NULL, &app, why), 0);
	json_decref(app);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(defaults_fill_the_optional_fields),
		cmocka_unit_test(a_patch_changes_only_its_fields),
		cmocka_unit_test(names_repos_paths_and_targets_are_checked),
		cmocka_unit_test(a_path_may_hold_dots_that_stay_inside),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

/* kiln_json.c: loads and checks a unikernel folder's kiln.json. */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "kiln_json.h"

json_t *kiln_json_load(const char *cmd)
{
	json_error_t err;
	json_t *root = json_load_file("kiln.json", 0, &err);

	if (!root) {
		if (errno == ENOENT && strstr(err.text, "unable to open"))
			fprintf(stderr, "kiln %s: this folder is not configured (no kiln.json): run kiln configure first\n", cmd);
		else
			fprintf(stderr, "kiln %s: kiln.json is corrupt (line %d: %s): run kiln configure again\n", cmd,
				err.line, err.text);
		return NULL;
	}
	if (!json_is_object(root) || !*kiln_json_str(root, "name") || !*kiln_json_str(root, "target")) {
		fprintf(stderr, "kiln %s: kiln.json lacks its name or target: run kiln configure again\n", cmd);
		json_decref(root);
		return NULL;
	}
	return root;
}

const char *kiln_json_str(const json_t *obj, const char *key)
{
	const char *s = json_string_value(json_object_get(obj, key));

	return s ? s : "";
}

/* deploy_spec.c: a deployment's spec and keys, stored as JSON, as the backends' struct deploy_spec. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "deploy_spec.h"

static const char *str(const json_t *obj, const char *key)
{
	return json_string_value(json_object_get(obj, key));
}

int deploy_spec_json_load(const char *home, long id, json_t *spec, json_t *keys, struct deploy_spec_json *out)
{
	const json_t *files = json_object_get(spec, "files");
	const char *name;
	json_t *v;
	size_t i;

	memset(out, 0, sizeof(*out));
	out->spec_json = json_incref(spec);
	out->keys_json = json_incref(keys);
	out->spec = (struct deploy_spec){ .id = id, .home = home, .name = str(spec, "name"),
					  .image = str(spec, "image"), .xl = str(spec, "xl") };
	if (!out->spec.name || !out->spec.image || (files && !json_is_array(files)) || !json_is_object(keys))
		goto invalid;
	out->keys = calloc(json_object_size(keys) + 1, sizeof(*out->keys));
	out->files = calloc(json_array_size(files) + 1, sizeof(*out->files));
	if (!out->keys || !out->files) {
		deploy_spec_json_free(out);
		return -ENOMEM;
	}
	json_object_foreach(keys, name, v) {
		if (!json_is_string(v))
			goto invalid;
		out->keys[out->spec.nkeys++] = (struct deploy_key){ name, json_string_value(v) };
	}
	json_array_foreach(files, i, v) {
		out->files[i] = (struct deploy_file){ str(v, "path"), str(v, "source"),
						      json_is_true(json_object_get(v, "dir")) };
		if (!out->files[i].path)
			goto invalid;
	}
	out->spec.nfiles = json_array_size(files);
	out->spec.keys = out->keys;
	out->spec.files = out->files;
	return 0;
invalid:
	deploy_spec_json_free(out);
	return -EINVAL;
}

void deploy_spec_json_free(struct deploy_spec_json *s)
{
	free(s->keys);
	free(s->files);
	json_decref(s->spec_json);
	json_decref(s->keys_json);
	memset(s, 0, sizeof(*s));
}

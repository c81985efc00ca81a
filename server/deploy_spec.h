/* deploy_spec.h: a deployment's spec and keys, stored as JSON, as the backends' struct deploy_spec. */
#ifndef KILN_DEPLOY_SPEC_H
#define KILN_DEPLOY_SPEC_H

#include <jansson.h>

#include "../xen/deploy_backend.h"

/* A struct deploy_spec and what its pointers point into. */
struct deploy_spec_json {
	struct deploy_spec spec;
	json_t *spec_json, *keys_json; /* references held */
	struct deploy_key *keys;
	struct deploy_file *files;
};

/*
 * Fills *out for deployment ID under HOME from SPEC ({"name", "image", "xl", "files": [{"path",
 * "source", "dir"}]}) and KEYS ({name: value}), keeping references to both (HOME is not copied).
 * Release with deploy_spec_json_free. Returns 0, -EINVAL for a malformed spec, or -ENOMEM.
 */
int deploy_spec_json_load(const char *home, long id, json_t *spec, json_t *keys, struct deploy_spec_json *out);
void deploy_spec_json_free(struct deploy_spec_json *s);

#endif

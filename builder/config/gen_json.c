/* gen_json.c: generates kiln.json, the machine-readable description kiln and the service read. */
#include <jansson.h>
#include <stdio.h>
#include <string.h>

#include "config_internal.h"

static json_t *keys_json(const struct config *cfg)
{
	json_t *keys = json_array();

	for (size_t i = 0; i < cfg->nkeys; i++) {
		const kiln_key *k = cfg->keys[i];
		json_array_append_new(keys, json_pack("{s:s, s:s, s:s, s:s, s:s}", "name", k->name, "type",
						      kiln_key_type_name(k->type), "default", k->default_text,
						      "value", k->value, "doc", k->doc));
	}
	return keys;
}

static json_t *devices_json(const struct config *cfg)
{
	json_t *devices = json_array();

	for (size_t i = 0; i < cfg->ndevices; i++) {
		const kiln_impl *d = cfg->devices[i];
		json_array_append_new(devices, json_pack("{s:s, s:s}", "kind", kind_info(d->kind)->name,
							 "impl", d->name));
	}
	return devices;
}

/* The Debian packages a build of this unikernel needs: the tools, and the compiler kiln.pc names. */
static json_t *depends_json(const struct config *cfg)
{
	const char *cc = cfg->cc && *cfg->cc ? cfg->cc : "gcc";

	return json_pack("[s, s, s]", "make", "pkg-config", strcmp(cc, "cc") == 0 ? "gcc" : cc);
}

int gen_kiln_json(const struct config *cfg, const char *const *files, FILE *out)
{
	json_t *generated = json_array();
	json_t *root;
	int rc;

	for (; *files; files++)
		json_array_append_new(generated, json_string(*files));
	root = json_pack("{s:s, s:i, s:s, s:s, s:s, s:o, s:o, s:[s], s:o, s:o}",
			 "comment", GENERATED_MARKER "; kiln describe prints it",
			 "version", 1, "name", cfg->name, "target", target_name(cfg->target),
			 "start", cfg->job->start, "devices", devices_json(cfg), "keys", keys_json(cfg),
			 "artifacts", cfg->name, "generated", generated, "depends", depends_json(cfg));
	if (!root)
		return -1;
	rc = json_dumpf(root, out, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
	fputc('\n', out);
	json_decref(root);
	return rc;
}

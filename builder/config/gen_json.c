/* gen_json.c: generates kiln.json, the machine-readable description kiln and the service read. */
#include <errno.h>
#include <jansson.h>
#include <stdio.h>
#include <string.h>

#include "config_internal.h"

static json_t *keys_json(const struct config *cfg)
{
	json_t *keys = json_array();

	for (size_t i = 0; i < cfg->nkeys; i++) {
		const kiln_key *k = cfg->keys[i];
		json_array_append_new(keys, json_pack("{s:s, s:s, s:s, s:s, s:s, s:s}", "name", k->name, "type",
						      kiln_key_type_name(k->type), "default", k->default_text,
						      "value", k->value, "doc", k->doc, "stage",
						      key_at_boot(k) ? "boot" : "configure"));
	}
	return keys;
}

static json_t *devices_json(const struct config *cfg)
{
	json_t *devices = json_array();

	for (size_t i = 0; i < cfg->ndevices; i++) {
		const kiln_impl *d = cfg->devices[i];
		json_t *dev = json_pack("{s:s, s:s}", "kind", kind_info(d->kind)->name, "impl", d->name);
		if (d->path)
			json_object_set_new(dev, "path", json_string(d->path));
		if (d->dep && d->dep->path)
			json_object_set_new(dev, "image", json_string(d->dep->path));
		json_array_append_new(devices, dev);
	}
	return devices;
}

/* The Debian packages a build of this unikernel needs: the tools, and the compiler kiln.pc names. */
static json_t *depends_json(const struct config *cfg)
{
	const char *cc = cfg->cc && *cfg->cc ? cfg->cc : "gcc";
	json_t *deps = json_pack("[s, s, s]", "make", "pkg-config", strcmp(cc, "cc") == 0 ? "gcc" : cc);

	/* A FAT store's image is made with mkfs.fat and mcopy. */
	for (size_t i = 0; i < cfg->nnodes; i++) {
		if (cfg->nodes[i]->dep) {
			json_array_append_new(deps, json_string("dosfstools"));
			json_array_append_new(deps, json_string("mtools"));
			break;
		}
	}
	return deps;
}

int gen_kiln_json(const struct config *cfg, const struct gen_output *o, FILE *out)
{
	json_t *generated = json_array();
	json_t *root;
	int rc;

	(void)o;
	for (const char **f = cfg->generated; *f; f++)
		json_array_append_new(generated, json_string(*f));
	root = json_pack("{s:s, s:i, s:s, s:s, s:s, s:o, s:o, s:[s+], s:o, s:o}",
			 "comment", GENERATED_MARKER "; kiln describe prints it",
			 "version", 1, "name", cfg->name, "target", target_info(cfg->target)->name,
			 "start", cfg->job->start, "devices", devices_json(cfg), "keys", keys_json(cfg),
			 "artifacts", cfg->name, target_info(cfg->target)->suffix, "generated", generated,
			 "depends", depends_json(cfg));
	if (!root) {
		fprintf(stderr, "kiln configure: cannot describe %s in JSON\n", cfg->name);
		return -EINVAL;
	}
	rc = json_dumpf(root, out, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
	fputc('\n', out);
	json_decref(root);
	return rc < 0 ? -EIO : 0;
}

/* gen_xl.c: configure's <name>.xl and <name>.xl.in: the configuration's guest, written by xen/xl_config.c. */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../../xen/xl_config.h"
#include "config_internal.h"
#include "gen_file.h"

/* cfg's guest for xl_write: its folder, its block devices' files, the boot keys given to configure. */
static int spec_of(const struct config *cfg, struct xl_spec *spec)
{
	const char **disks = config_alloc(cfg->nnodes * sizeof(*disks));
	struct xl_arg *args = config_alloc(cfg->nkeys * sizeof(*args));
	const char *root = getenv("KILN_SYSFS_NET");
	char dir[PATH_MAX];

	if (!getcwd(dir, sizeof(dir))) {
		int rc = -errno;
		fprintf(stderr, "kiln configure: cannot tell which folder this is: %s\n", strerror(-rc));
		return rc;
	}
	*spec = (struct xl_spec){ .name = cfg->name, .dir = config_strdup(dir), .memory_mib = cfg->xen_memory_mib,
				  .disks = disks, .args = args,
				  .sysfs_net_root = root && *root ? root : "/sys/class/net" };
	for (size_t i = 0; i < cfg->nnodes; i++) {
		if (cfg->nodes[i]->kind == KILN_BLOCK)
			disks[spec->ndisks++] = cfg->nodes[i]->path;
	}
	for (size_t i = 0; i < cfg->nkeys; i++) {
		const kiln_key *k = cfg->keys[i];
		if (k->set && key_at_boot(k))
			args[spec->nargs++] = (struct xl_arg){ k->name, k->value };
	}
	return 0;
}

int gen_xl(const struct config *cfg, const struct gen_output *o, FILE *out)
{
	struct xl_spec spec;
	int rc = spec_of(cfg, &spec);

	if (rc == 0)
		xl_write(&spec, o->index == 1, out);
	return rc;
}

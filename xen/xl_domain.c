/* xl_domain.c: a xen deployment's libxl domain configuration, from its build's .xl read by libxlutil. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <libxlutil.h>

#include "xl_config.h"
#include "xl_domain.h"

int xl_domain_name(const struct deploy_spec *spec, char *name, size_t n)
{
	int len = snprintf(name, n, "%s-%ld", spec->name, spec->id);

	return len < 0 || (size_t)len >= n ? -ENAMETOOLONG : 0;
}

/* A malloc'd "DIR/FILE", or NULL. */
static char *join(const char *dir, const char *file)
{
	char *s;

	return asprintf(&s, "%s/%s", dir, file) < 0 ? NULL : s;
}

/* The command line: the .xl's extra, then --key=value for each of the deployment's keys. */
static char *command_line(const XLU_Config *xlu, const struct deploy_spec *spec)
{
	const char *extra = NULL;
	char *text = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&text, &len);

	if (!f)
		return NULL;
	if (xlu_cfg_get_string(xlu, "extra", &extra, 1) == 0)
		fputs(extra, f);
	for (size_t i = 0; i < spec->nkeys; i++) {
		fprintf(f, "%s--%s=", ftell(f) ? " " : "", spec->keys[i].name);
		xl_guest_word(f, spec->keys[i].value, false);
	}
	if (fclose(f) != 0) {
		free(text);
		return NULL;
	}
	return text;
}

/* Points a disk at the run folder's copy of its file: the deployment file whose path ends its target. */
static int relocate_disk(libxl_device_disk *disk, const struct deploy_spec *spec, const char *run)
{
	size_t tlen = disk->pdev_path ? strlen(disk->pdev_path) : 0;

	for (size_t i = 0; i < spec->nfiles; i++) {
		const char *path = spec->files[i].path;
		size_t plen = strlen(path);

		if (spec->files[i].dir || plen >= tlen || disk->pdev_path[tlen - plen - 1] != '/' ||
		    strcmp(disk->pdev_path + tlen - plen, path) != 0)
			continue;
		free(disk->pdev_path);
		disk->pdev_path = join(run, path);
		return disk->pdev_path ? 0 : -ENOMEM;
	}
	return 0; /* a disk outside the build's folder (an absolute path in config.c) stays where it is */
}

static int add_disks(XLU_Config *xlu, const struct deploy_spec *spec, const char *run, libxl_domain_config *cfg,
		     char *err, size_t n)
{
	XLU_ConfigList *list;
	const char *item;
	int count = 0, rc = 0;

	if (xlu_cfg_get_list(xlu, "disk", &list, &count, 1) != 0)
		return 0;
	cfg->disks = calloc((size_t)count, sizeof(*cfg->disks));
	if (count && !cfg->disks)
		return -ENOMEM;
	for (int i = 0; rc == 0 && i < count && (item = xlu_cfg_get_listitem(list, i)); i++) {
		libxl_device_disk *disk = &cfg->disks[i];

		libxl_device_disk_init(disk);
		cfg->num_disks = i + 1;
		if (xlu_disk_parse(xlu, 1, &item, disk) != 0) {
			snprintf(err, n, "%s: disk %d ('%s') is not a disk xl understands", spec->xl, i, item);
			return -EINVAL;
		}
		rc = relocate_disk(disk, spec, run);
	}
	return rc;
}

/* One vif 'key=value,...' of the .xl: bridge, script and mac are what kiln writes and reads. */
static int parse_vif(const char *item, libxl_device_nic *nic, char *err, size_t n)
{
	char *copy = strdup(item), *save = NULL;
	int rc = copy ? 0 : -ENOMEM;

	for (char *kv = copy ? strtok_r(copy, ",", &save) : NULL; rc == 0 && kv; kv = strtok_r(NULL, ",", &save)) {
		char *eq = strchr(kv, '=');
		unsigned m[6];

		while (*kv == ' ')
			kv++;
		if (!eq) {
			rc = -EINVAL;
		} else if ((*eq = '\0', strcmp(kv, "bridge") == 0)) {
			nic->bridge = strdup(eq + 1);
		} else if (strcmp(kv, "script") == 0) {
			nic->script = strdup(eq + 1);
		} else if (strcmp(kv, "mac") == 0 &&
			   sscanf(eq + 1, "%2x:%2x:%2x:%2x:%2x:%2x", &m[0], &m[1], &m[2], &m[3], &m[4], &m[5]) == 6) {
			for (int i = 0; i < 6; i++)
				nic->mac[i] = (uint8_t)m[i];
		} else {
			rc = -EINVAL;
		}
	}
	if (rc == -EINVAL)
		snprintf(err, n, "vif '%s': kiln's xen backend reads bridge=, script= and mac= only", item);
	free(copy);
	return rc;
}

static int add_vifs(const XLU_Config *xlu, libxl_domain_config *cfg, char *err, size_t n)
{
	XLU_ConfigList *list;
	const char *item;
	int count = 0, rc = 0;

	if (xlu_cfg_get_list(xlu, "vif", &list, &count, 1) != 0)
		return 0;
	cfg->nics = calloc((size_t)count, sizeof(*cfg->nics));
	if (count && !cfg->nics)
		return -ENOMEM;
	for (int i = 0; rc == 0 && i < count && (item = xlu_cfg_get_listitem(list, i)); i++) {
		libxl_device_nic_init(&cfg->nics[i]);
		cfg->num_nics = i + 1;
		cfg->nics[i].devid = i;
		rc = parse_vif(item, &cfg->nics[i], err, n);
	}
	return rc;
}

/* Reads SPEC's .xl into *xlu, which reports to REPORT (open as long as *xlu is: libxlutil writes its
 * complaints there, the disk parser's too); on failure ERR says why, with what it reported (TEXT, LEN). */
static int read_xl(const struct deploy_spec *spec, XLU_Config **xlu, FILE *report, char **text, size_t *len,
		   char *err, size_t n)
{
	int rc;

	if (access(spec->xl, R_OK) < 0) { /* libxlutil's own message would say "Success" */
		rc = -errno;
		snprintf(err, n, "cannot read %s: %s", spec->xl, strerror(-rc));
		return rc;
	}
	*xlu = xlu_cfg_init(report, spec->xl);
	rc = *xlu ? xlu_cfg_readfile(*xlu, spec->xl) : ENOMEM;
	if (rc) {
		fflush(report);
		while (*len && (*text)[*len - 1] == '\n')
			(*text)[--*len] = '\0';
		snprintf(err, n, "cannot read %s: %s", spec->xl, *len ? *text : strerror(rc > 0 ? rc : EINVAL));
		rc = rc > 0 ? -rc : -EINVAL;
	}
	return rc;
}

int xl_domain_config(const struct deploy_spec *spec, const char *run, libxl_domain_config *cfg, char *err, size_t n)
{
	XLU_Config *xlu = NULL;
	const char *type = "pvh";
	char name[256], *text = NULL;
	size_t len = 0;
	long memory = 32;
	FILE *report = open_memstream(&text, &len);
	int rc = report ? read_xl(spec, &xlu, report, &text, &len, err, n) : -ENOMEM;

	if (rc < 0)
		goto cleanup;
	xlu_cfg_get_string(xlu, "type", &type, 1);
	if (strcmp(type, "pvh") != 0) {
		snprintf(err, n, "%s: type '%s': kiln's unikernels are PVH guests", spec->xl, type);
		rc = -EINVAL;
		goto cleanup;
	}
	xlu_cfg_get_long(xlu, "memory", &memory, 1);
	rc = xl_domain_name(spec, name, sizeof(name));
	if (rc < 0)
		goto cleanup;
	cfg->c_info.type = LIBXL_DOMAIN_TYPE_PVH;
	cfg->c_info.name = strdup(name);
	libxl_domain_build_info_init_type(&cfg->b_info, LIBXL_DOMAIN_TYPE_PVH);
	cfg->b_info.max_memkb = cfg->b_info.target_memkb = (uint64_t)memory * 1024;
	cfg->b_info.kernel = join(run, spec->name);
	cfg->b_info.cmdline = command_line(xlu, spec);
	cfg->on_poweroff = cfg->on_crash = cfg->on_reboot = LIBXL_ACTION_ON_SHUTDOWN_PRESERVE;
	if (!cfg->c_info.name || !cfg->b_info.kernel || !cfg->b_info.cmdline)
		rc = -ENOMEM;
	if (rc == 0)
		rc = add_disks(xlu, spec, run, cfg, err, n);
	if (rc == 0)
		rc = add_vifs(xlu, cfg, err, n);
	if (rc == -ENOMEM)
		snprintf(err, n, "out of memory");
cleanup:
	if (xlu)
		xlu_cfg_destroy(xlu);
	if (report)
		fclose(report);
	free(text);
	return rc;
}

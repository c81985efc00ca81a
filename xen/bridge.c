/* bridge.c: bridge detection over /sys/class/net: the preferred names, Linux bridges, Open vSwitch. */
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include "bridge.h"

const char *const xen_bridge_preferred[] = { "xenbr0", "br0", "virbr0", NULL };

/* Whether root/name/sub is a folder (sub "" for the interface's own folder). */
static bool is_dir(const char *root, const char *name, const char *sub)
{
	char path[4096];
	struct stat st;

	if ((size_t)snprintf(path, sizeof(path), "%s/%s/%s", root, name, sub) >= sizeof(path))
		return false;
	return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

static bool linux_bridge(const char *root, const char *name)
{
	return is_dir(root, name, "bridge");
}

static int copy_name(char *out, size_t len, const char *name)
{
	size_t n = strlen(name);

	if (n >= len)
		return -ENAMETOOLONG;
	memcpy(out, name, n + 1);
	return 0;
}

/* The Linux bridge of root that sorts first by name (so the choice does not depend on readdir's order). */
static int first_linux_bridge(const char *root, char *out, size_t len)
{
	DIR *d = opendir(root);
	struct dirent *e;
	char best[sizeof(e->d_name)] = "";

	if (!d)
		return -ENOENT;
	while ((e = readdir(d))) {
		if (e->d_name[0] != '.' && linux_bridge(root, e->d_name) && (!*best || strcmp(e->d_name, best) < 0))
			snprintf(best, sizeof(best), "%s", e->d_name);
	}
	closedir(d);
	return *best ? copy_name(out, len, best) : -ENOENT;
}

int xen_bridge_detect(const char *sysfs_net_root, char *out, size_t len, bool *ovs)
{
	bool datapath = is_dir(sysfs_net_root, "ovs-system", "");
	int rc;

	*ovs = false;
	for (const char *const *name = xen_bridge_preferred; *name; name++) {
		if (linux_bridge(sysfs_net_root, *name))
			return copy_name(out, len, *name);
		if (datapath && is_dir(sysfs_net_root, *name, "")) {
			*ovs = true;
			return copy_name(out, len, *name);
		}
	}
	rc = first_linux_bridge(sysfs_net_root, out, len);
	if (rc == -ENOENT && copy_name(out, len, xen_bridge_preferred[0]) < 0)
		rc = -ENAMETOOLONG;
	return rc;
}

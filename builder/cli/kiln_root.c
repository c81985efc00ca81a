/* kiln_root.c: locates the running kiln's root and queries its pkg-config files. */
#include <errno.h>
#include <libgen.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "kiln_root.h"
#include "proc.h"

int kiln_root_find(struct kiln_root *r)
{
	char pc[4200], tmp[4096];
	ssize_t n = readlink("/proc/self/exe", r->bin, sizeof(r->bin) - 1);

	if (n < 0) {
		fprintf(stderr, "kiln: cannot find where kiln is installed: %s\n", strerror(errno));
		return -errno;
	}
	r->bin[n] = '\0';
	snprintf(tmp, sizeof(tmp), "%s", r->bin);
	snprintf(r->root, sizeof(r->root), "%s", dirname(dirname(tmp)));
	snprintf(r->pkg_config_path, sizeof(r->pkg_config_path), "PKG_CONFIG_PATH=%s/lib/pkgconfig", r->root);
	snprintf(pc, sizeof(pc), "%s/lib/pkgconfig/kiln.pc", r->root);
	if (access(pc, R_OK) < 0) {
		fprintf(stderr, "kiln: this installation is incomplete: %s is missing "
			"(reinstall with make install)\n", pc);
		return -ENOENT;
	}
	return 0;
}

int kiln_root_pkg_config(const struct kiln_root *r, char *const args[], char **out)
{
	char *argv[8] = { "pkg-config" };
	char *env[] = { (char *)r->pkg_config_path, NULL };
	int i, rc;

	for (i = 0; args[i] && i < 6; i++)
		argv[i + 1] = args[i];
	argv[i + 1] = NULL;
	rc = proc_capture(argv, env, out);
	if (rc == -ENOENT)
		fprintf(stderr, "kiln: pkg-config is not installed (kiln depend, or apt-get install pkg-config)\n");
	else if (rc != 0)
		fprintf(stderr, "kiln: pkg-config %s failed against %s\n", args[0], r->pkg_config_path + 16);
	return rc == 0 ? 0 : (rc < 0 ? rc : -EINVAL);
}

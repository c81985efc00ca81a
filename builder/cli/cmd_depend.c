/* cmd_depend.c: kiln depend (make depend): checks the Debian packages the build needs, installing them as root. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "commands.h"
#include "kiln_json.h"
#include "kiln_root.h"
#include "proc.h"

static int installed(const char *pkg)
{
	char *status = NULL;
	int rc = proc_capture_quiet((char *[]){ "dpkg-query", "-W", "-f=${Status}", (char *)pkg, NULL },
				    (char *[]){ "LC_ALL=C", NULL }, &status);
	int ok = rc == 0 && status && strstr(status, "install ok installed");

	free(status);
	return ok;
}

static int install(char **missing, size_t n)
{
	char **argv = calloc(n + 6, sizeof(*argv));
	int rc;

	if (!argv)
		return -ENOMEM;
	rc = proc_run((char *[]){ "apt-get", "update", "-q", NULL }, NULL);
	argv[0] = "apt-get";
	argv[1] = "install";
	argv[2] = "-y";
	argv[3] = "-q";
	argv[4] = "--no-install-recommends";
	memcpy(argv + 5, missing, n * sizeof(*argv));
	if (rc == 0)
		rc = proc_run(argv, (char *[]){ "DEBIAN_FRONTEND=noninteractive", NULL });
	free(argv);
	return rc;
}

int cmd_depend(int argc, char **argv)
{
	char *missing[32];
	size_t n = 0, i;
	struct kiln_root r;
	json_t *desc, *pkg;
	int rc = 0;

	if (argc > 1 && (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0)) {
		puts("Usage: kiln depend\n\nChecks that the Debian packages the configured unikernel's build needs "
		     "are\ninstalled, and installs the missing ones with apt-get when run as root.");
		return 0;
	}
	desc = kiln_json_load("depend");
	if (!desc)
		return 1;
	json_array_foreach(json_object_get(desc, "depends"), i, pkg) {
		const char *name = json_string_value(pkg);
		if (name && n < sizeof(missing) / sizeof(missing[0]) && !installed(name))
			missing[n++] = (char *)name;
	}
	if (n == 0) {
		printf("depend: the %zu packages %s needs are installed\n", json_array_size(json_object_get(desc, "depends")),
		       kiln_json_str(desc, "name"));
	} else if (geteuid() != 0) {
		fprintf(stderr, "depend: missing Debian packages:");
		for (i = 0; i < n; i++)
			fprintf(stderr, " %s", missing[i]);
		fprintf(stderr, "\ndepend: run make depend as root to install them\n");
		rc = 1;
	} else if (install(missing, n) != 0) {
		fprintf(stderr, "depend: apt-get could not install the missing packages\n");
		rc = 1;
	}
	if (rc == 0 && kiln_root_find(&r) == 0) {
		char *version = NULL;
		if (kiln_root_pkg_config(&r, (char *[]){ "--modversion", "kiln", NULL }, &version) == 0)
			printf("depend: libkiln %s at %s\n", version, r.root);
		else
			rc = 1;
		free(version);
	}
	json_decref(desc);
	return rc;
}

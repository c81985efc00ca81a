/* cmd_build.c: kiln build and kiln run: make the configured unikernel, run the built one. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "commands.h"
#include "kiln_json.h"
#include "proc.h"

int cmd_build(int argc, char **argv)
{
	char jobs[32];
	char **args;
	int rc;

	if (argc > 1 && (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0)) {
		puts("Usage: kiln build [MAKE-ARGS]...\n\nBuilds the configured unikernel with its generated Makefile "
		     "(make -jN, N the number of CPUs);\nextra arguments go to make.");
		return 0;
	}
	if (access("Makefile", F_OK) < 0 || access("kiln.json", F_OK) < 0) {
		fprintf(stderr, "kiln build: this folder is not configured: run kiln configure first\n");
		return 1;
	}
	args = calloc((size_t)argc + 3, sizeof(*args));
	if (!args)
		return 1;
	snprintf(jobs, sizeof(jobs), "-j%ld", sysconf(_SC_NPROCESSORS_ONLN));
	args[0] = "make";
	args[1] = jobs;
	for (int i = 1; i < argc; i++)
		args[i + 1] = argv[i];
	rc = proc_run(args, NULL);
	free(args);
	if (rc == -ENOENT)
		fprintf(stderr, "kiln build: make is not installed (run make depend, or apt-get install make)\n");
	return rc == 0 ? 0 : 1;
}

/* kiln run does not start xen guests: says how to boot one. */
static void explain_xen(const char *name)
{
	fprintf(stderr, "kiln run: %s is configured for xen; kiln run starts unix unikernels. After make, boot it with\n"
		"  xl create -c %s.xl\n"
		"as root on a Xen host, or for a quick look without Xen (the console is the serial port):\n"
		"  qemu-system-x86_64 -M microvm -enable-kvm -cpu host -m 32 -nographic -nodefaults -serial stdio "
		"-no-reboot -device isa-debug-exit -kernel %s.xen\n", name, name, name);
}

int cmd_run(int argc, char **argv)
{
	json_t *desc;
	char path[4200];

	if (argc > 1 && (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0)) {
		puts("Usage: kiln run [--KEY=VALUE]...\n\nRuns the built unix unikernel of this folder with the given "
		     "boot arguments\n(kiln run -- --help lists its keys).");
		return 0;
	}
	desc = kiln_json_load("run");
	if (!desc)
		return 1;
	if (strcmp(kiln_json_str(desc, "target"), "xen") == 0) {
		explain_xen(kiln_json_str(desc, "name"));
		json_decref(desc);
		return 1;
	}
	if (strcmp(kiln_json_str(desc, "target"), "unix") != 0) {
		fprintf(stderr, "kiln run: %s is configured for %s; kiln run starts unix unikernels\n",
			kiln_json_str(desc, "name"), kiln_json_str(desc, "target"));
		json_decref(desc);
		return 1;
	}
	snprintf(path, sizeof(path), "./%s", kiln_json_str(desc, "name"));
	json_decref(desc);
	if (access(path, X_OK) < 0) {
		fprintf(stderr, "kiln run: %s is not built yet: run kiln build (or make) first\n", path);
		return 1;
	}
	if (argc > 1 && strcmp(argv[1], "--") == 0) {
		argv++;
		argc--;
	}
	argv[0] = path;
	proc_exec(argv);
	fprintf(stderr, "kiln run: cannot start %s: %s\n", path, strerror(errno));
	return 1;
}

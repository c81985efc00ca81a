/* cmd_fetch_build.c: kiln fetch-build: mirrors a repository, checks out one commit and builds it in the sandbox. */
#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "commands.h"
#include "git_mirror.h"
#include "kiln_root.h"
#include "sandbox.h"

#define MiB ((rlim_t)1 << 20)

struct fetch_build {
	const char *url, *rev, *subdir, *target, *cache, *out;
	struct sandbox_limits lim;
};

static const char usage[] =
	"Usage: kiln fetch-build REPO --cache DIR --out DIR [OPTIONS]\n\n"
	"Mirrors REPO (https://, ssh://, file://, user@host:path or an absolute path) under the cache folder,\n"
	"checks out one commit into OUT/src and runs `kiln configure -t TARGET && make` there under bubblewrap\n"
	"(no network, read-only system), with its output in OUT/build.log.\n\n"
	"  --commit REV     branch, tag or commit to build (default: the repository's default branch)\n"
	"  --path SUBDIR    the unikernel's folder inside the repository (default: its top)\n"
	"  --target T       unix or xen (default: unix)\n"
	"  --timeout S      wall-clock limit in seconds (default: 600)\n"
	"  --log-cap BYTES  output kept in the log (default: 4194304)\n"
	"  --memory MB      address-space limit (default: 4096; 0: none)\n";

/* Parses a decimal count into *value; returns -1 after printing why when arg is not one. */
static int parse_count(const char *opt, const char *arg, unsigned long long *value)
{
	char *end;

	errno = 0;
	*value = strtoull(arg, &end, 10);
	if (errno || end == arg || *end || arg[0] == '-') {
		fprintf(stderr, "kiln fetch-build: %s wants a number, not '%s'\n", opt, arg);
		return -1;
	}
	return 0;
}

/* Parses the options into fb; returns 0, or 2 after printing why (1 for --help, which exits 0). */
static int parse(int argc, char **argv, struct fetch_build *fb)
{
	static const struct option opts[] = {
		{ "commit", required_argument, NULL, 'c' }, { "path", required_argument, NULL, 'p' },
		{ "target", required_argument, NULL, 't' }, { "cache", required_argument, NULL, 'C' },
		{ "out", required_argument, NULL, 'o' }, { "timeout", required_argument, NULL, 'T' },
		{ "log-cap", required_argument, NULL, 'L' }, { "memory", required_argument, NULL, 'm' },
		{ "help", no_argument, NULL, 'h' }, { NULL, 0, NULL, 0 },
	};
	unsigned long long n = 0;
	int c;

	while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		if ((c == 'T' || c == 'L' || c == 'm') &&
		    parse_count(c == 'T' ? "--timeout" : c == 'L' ? "--log-cap" : "--memory", optarg, &n) < 0)
			return 2;
		switch (c) {
		case 'c': fb->rev = optarg; break;
		case 'p': fb->subdir = optarg; break;
		case 't': fb->target = optarg; break;
		case 'C': fb->cache = optarg; break;
		case 'o': fb->out = optarg; break;
		case 'T': fb->lim.timeout_s = (unsigned int)n; break;
		case 'L': fb->lim.log_cap = n; break;
		case 'm': fb->lim.as_bytes = n * MiB; break;
		case 'h': fputs(usage, stdout); return 1;
		default: return 2;
		}
	}
	if (optind != argc - 1 || !fb->cache || !fb->out) {
		fputs(usage, stderr);
		return 2;
	}
	fb->url = argv[optind];
	return 0;
}

/* Prints the fetch's progress at each quarter of the objects. */
static void on_progress(const struct mirror_progress *p, void *arg)
{
	unsigned int *last_quarter = arg;
	unsigned int quarter = p->total_objects ? p->received_objects * 4 / p->total_objects : 0;

	if (p->total_objects == 0 || quarter == *last_quarter)
		return;
	*last_quarter = quarter;
	printf("fetch: %u/%u objects, %zu bytes\n", p->received_objects, p->total_objects, p->received_bytes);
	fflush(stdout);
}

/* Mirrors and checks out fb's commit into src. Returns 0 or -errno after printing why. */
static int checkout(const struct fetch_build *fb, const char *src)
{
	struct mirror *m = NULL;
	unsigned int last_quarter = 0;
	char hex[41];
	int rc;

	if (mkdir(fb->cache, 0755) < 0 && errno != EEXIST) {
		fprintf(stderr, "kiln fetch-build: cannot create %s: %s\n", fb->cache, strerror(errno));
		return -errno;
	}
	rc = mirror_update(fb->cache, fb->url, on_progress, &last_quarter, &m);
	if (rc == 0)
		rc = mirror_resolve(m, fb->rev, hex);
	if (rc == 0)
		rc = mirror_checkout(m, hex, src);
	if (rc < 0)
		fprintf(stderr, "kiln fetch-build: %s: %s\n", fb->url, mirror_error());
	else
		printf("commit: %s\n", hex);
	mirror_free(m);
	return rc;
}

/* Runs configure and make in dir under the sandbox and says how it went. Returns kiln's exit status. */
static int build(const struct fetch_build *fb, const char *dir, const char *log)
{
	struct kiln_root root;
	struct sandbox_result res;
	int rc;

	if (kiln_root_find(&root) < 0)
		return 1;
	char *argv[] = { "sh", "-c", "\"$0\" configure -t \"$1\" && make", root.bin, (char *)fb->target, NULL };
	rc = sandbox_run(dir, root.root, argv, &fb->lim, log, &res);
	if (rc < 0) {
		fprintf(stderr, "kiln fetch-build: cannot start the sandbox: %s\n", strerror(-rc));
		return 1;
	}
	if (res.log_capped)
		printf("build: the log reached its cap of %zu bytes\n", fb->lim.log_cap);
	if (res.timed_out)
		printf("build: killed after the %u s timeout\n", fb->lim.timeout_s);
	printf("build: exit status %d (log: %s)\n", res.status, log);
	return res.status == 0 && !res.timed_out ? 0 : 1;
}

int cmd_fetch_build(int argc, char **argv)
{
	struct fetch_build fb = { .target = "unix", .subdir = ".",
				  .lim = { .timeout_s = 600, .cpu_s = 600, .as_bytes = 4096 * MiB, .nproc = 512,
					   .fsize_bytes = 1024 * MiB, .log_cap = 4 << 20 } };
	char src[PATH_MAX], dir[PATH_MAX], log[PATH_MAX], real[PATH_MAX];
	int rc = parse(argc, argv, &fb);

	if (rc)
		return rc == 1 ? 0 : 2;
	if (mkdir(fb.out, 0755) < 0 && errno != EEXIST) {
		fprintf(stderr, "kiln fetch-build: cannot create %s: %s\n", fb.out, strerror(errno));
		return 1;
	}
	if (!realpath(fb.out, real) || snprintf(src, sizeof(src), "%s/src", real) >= (int)sizeof(src) ||
	    snprintf(log, sizeof(log), "%s/build.log", real) >= (int)sizeof(log))
		return 1;
	if (checkout(&fb, src) < 0)
		return 1;
	if (snprintf(dir, sizeof(dir), "%s/%s", src, fb.subdir) >= (int)sizeof(dir) || !realpath(dir, real) ||
	    strncmp(real, src, strlen(src)) != 0 || (real[strlen(src)] != '/' && real[strlen(src)] != '\0')) {
		fprintf(stderr, "kiln fetch-build: no folder %s inside the repository\n", fb.subdir);
		return 1;
	}
	return build(&fb, real, log);
}

/* cmd_fetch_build.c: kiln fetch-build: mirrors a repository, checks out one commit and builds it in the sandbox. */
#include <errno.h>
#include <getopt.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "commands.h"
#include "fetch_build.h"

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

/* Parses the options into fb and *out; returns 0, or 2 after printing why (1 for --help, which exits 0). */
static int parse(int argc, char **argv, struct fetch_build *fb, const char **out)
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
		case 'o': *out = optarg; break;
		case 'T': fb->lim.timeout_s = (unsigned int)n; break;
		case 'L': fb->lim.log_cap = n; break;
		case 'm': fb->lim.as_bytes = n * MiB; break;
		case 'h': fputs(usage, stdout); return 1;
		default: return 2;
		}
	}
	if (optind != argc - 1 || !fb->cache || !*out) {
		fputs(usage, stderr);
		return 2;
	}
	fb->url = argv[optind];
	return 0;
}

/* Runs configure and make in dir under the sandbox and says how it went. Returns kiln's exit status. */
static int build(const struct fetch_build *fb, const char *dir, const char *log)
{
	struct sandbox_result res;
	int fd = open(log, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	int rc = fd < 0 ? -errno : fetch_build_make(fb, dir, fd, &res);

	if (fd >= 0)
		close(fd);
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
	struct fetch_build fb;
	const char *out = NULL;
	char src[PATH_MAX], dir[PATH_MAX], log[PATH_MAX], real[PATH_MAX], commit[41], why[1024];
	int rc;

	fetch_build_defaults(&fb);
	fb.lim.as_bytes = 4096 * MiB;
	rc = parse(argc, argv, &fb, &out);
	if (rc)
		return rc == 1 ? 0 : 2;
	if (mkdir(out, 0755) < 0 && errno != EEXIST) {
		fprintf(stderr, "kiln fetch-build: cannot create %s: %s\n", out, strerror(errno));
		return 1;
	}
	if (!realpath(out, real) || snprintf(src, sizeof(src), "%s/src", real) >= (int)sizeof(src) ||
	    snprintf(log, sizeof(log), "%s/build.log", real) >= (int)sizeof(log))
		return 1;
	if (fetch_build_checkout(&fb, src, stdout, commit, dir, why, sizeof(why)) < 0) {
		fprintf(stderr, "kiln fetch-build: %s\n", why);
		return 1;
	}
	printf("commit: %s\n", commit);
	return build(&fb, dir, log);
}

/* fetch_build.c: the steps of a build that kiln fetch-build and the service's build workers share. */
#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "fetch_build.h"
#include "git_mirror.h"
#include "cli/kiln_root.h"

#if defined(__SANITIZE_ADDRESS__)
#define ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define ASAN 1
#endif
#endif

void fetch_build_defaults(struct fetch_build *fb)
{
	memset(fb, 0, sizeof(*fb));
	fb->subdir = ".";
	fb->target = "unix";
	fb->lim = (struct sandbox_limits){ .timeout_s = 600, .cpu_s = 600, .as_bytes = 4096 * MiB, .nproc = 512,
					   .fsize_bytes = 1024 * MiB, .log_cap = 4 << 20 };
#ifdef ASAN
	fb->lim.as_bytes = 0;
#endif
}

/* Where fetch progress goes, and the last quarter of the objects printed. */
struct progress {
	FILE *msg;
	unsigned int last_quarter;
};

/* Prints the fetch's progress at each quarter of the objects. */
static void on_progress(const struct mirror_progress *p, void *arg)
{
	struct progress *pr = arg;
	unsigned int quarter = p->total_objects ? p->received_objects * 4 / p->total_objects : 0;

	if (p->total_objects == 0 || quarter == pr->last_quarter)
		return;
	pr->last_quarter = quarter;
	fprintf(pr->msg, "fetch: %u/%u objects, %zu bytes\n", p->received_objects, p->total_objects, p->received_bytes);
	fflush(pr->msg);
}

/* Sets DIR to SRC/SUBDIR resolved, which must be a folder inside SRC. */
static int inside(const char *src, const char *subdir, char *dir, char *why, size_t n)
{
	char joined[PATH_MAX];
	size_t len = strlen(src);

	if (snprintf(joined, sizeof(joined), "%s/%s", src, subdir) >= (int)sizeof(joined) || !realpath(joined, dir) ||
	    strncmp(dir, src, len) != 0 || (dir[len] != '/' && dir[len] != '\0')) {
		snprintf(why, n, "no folder %s inside the repository", subdir);
		return -ENOENT;
	}
	return 0;
}

int fetch_build_checkout(const struct fetch_build *fb, const char *src, FILE *msg, char commit[41], char *dir,
			 char *why, size_t n)
{
	struct progress pr = { msg, 0 };
	struct mirror *m = NULL;
	char real[PATH_MAX];
	int rc;

	if (mkdir(fb->cache, 0755) < 0 && errno != EEXIST) {
		snprintf(why, n, "cannot create %s: %s", fb->cache, strerror(errno));
		return -errno;
	}
	rc = mirror_update(fb->cache, fb->url, fb->cred, on_progress, &pr, &m);
	if (rc == 0)
		rc = mirror_resolve(m, fb->rev, commit);
	if (rc == 0)
		rc = mirror_checkout(m, commit, src);
	if (rc < 0)
		snprintf(why, n, "%s: %s", fb->url, mirror_error());
	mirror_free(m);
	if (rc == 0 && !realpath(src, real))
		rc = -errno;
	if (rc == 0)
		rc = inside(real, fb->subdir, dir, why, n);
	return rc;
}

int fetch_build_make(const struct fetch_build *fb, const char *dir, int log_fd, struct sandbox_result *res)
{
	static const char script[] = "k=$0 t=$1; shift; \"$k\" configure -t \"$t\" \"$@\" || exit 90; make";
	struct kiln_root root;
	size_t n_keys = 0;
	char **argv;
	int rc;

	if (kiln_root_find(&root) < 0)
		return -ENOENT;
	while (fb->keys && fb->keys[n_keys])
		n_keys++;
	argv = calloc(n_keys + 6, sizeof(*argv));
	if (!argv)
		return -ENOMEM;
	argv[0] = "sh";
	argv[1] = "-c";
	argv[2] = (char *)script;
	argv[3] = root.bin;
	argv[4] = (char *)fb->target;
	if (n_keys)
		memcpy(argv + 5, fb->keys, n_keys * sizeof(*argv));
	rc = sandbox_run(dir, root.root, argv, &fb->lim, log_fd, res);
	free(argv);
	return rc;
}

/* fetch_build.h: one build of a repository's commit: mirror and checkout, then configure and make in the sandbox. */
#ifndef KILN_FETCH_BUILD_H
#define KILN_FETCH_BUILD_H

#include <stdio.h>

#include "git_mirror.h"
#include "sandbox.h"

#define MiB ((rlim_t)1 << 20)

/* What to build, and the sandbox's limits. */
struct fetch_build {
	const char *url;           /* what git_mirror accepts */
	const char *rev;           /* branch, tag or commit (NULL: the default branch) */
	const char *subdir;        /* the unikernel's folder inside the repository */
	const char *target;        /* unix or xen */
	const char *cache;         /* the mirrors' folder */
	const char *const *keys;   /* configure's "--KEY", "VALUE" arguments, NULL-terminated (may be NULL) */
	const struct mirror_credentials *cred; /* offered when the git server asks (may be NULL) */
	struct sandbox_limits lim;
};

/* The default limits: 600 s of wall clock and CPU, 4 GiB of address space (none when kiln itself runs
 * under AddressSanitizer, as its unikernels then do), 512 processes, 1 GiB files, a 4 MiB log. */
void fetch_build_defaults(struct fetch_build *fb);

/*
 * Mirrors fb->url (under fb->cache, created if needed), resolves fb->rev into COMMIT and checks that
 * tree out into SRC (which must not exist); DIR (PATH_MAX bytes) becomes the unikernel's folder
 * fb->subdir inside it, which must stay inside. Fetch progress goes to MSG. Returns 0, or a
 * negative errno with WHY (N bytes) saying what went wrong.
 */
int fetch_build_checkout(const struct fetch_build *fb, const char *src, FILE *msg, char commit[41], char *dir,
			 char *why, size_t n);

/* Runs `kiln configure -t TARGET KEYS... && make` in DIR under the sandbox with its output appended to
 * LOG_FD. Returns 0 with *res filled when it ran (whatever its status), or a negative errno. */
int fetch_build_make(const struct fetch_build *fb, const char *dir, int log_fd, struct sandbox_result *res);

/* The exit status fetch_build_make's command has when `kiln configure` failed (make never exits so). */
#define FETCH_BUILD_CONFIGURE_FAILED 90

#endif

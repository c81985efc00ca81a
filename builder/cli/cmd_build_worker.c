/* cmd_build_worker.c: kiln build-worker: runs one build the service's queue claimed, start to finish, into its log and the database. */
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <jansson.h>

#include "../../db/db.h"
#include "../../db/db_builds.h"
#include "../../db/db_git_credentials.h"
#include "../../server/build_log.h"
#include "../../server/log_follow.h"
#include "artifacts.h"
#include "commands.h"
#include "fetch_build.h"

#define MAX_ARTIFACTS 32
#define MAX_KILN_JSON (1 << 20)

/* One build being run. */
struct worker {
	const char *home;
	long id;
	unsigned timeout_s;
	sqlite3 *db;
	struct build_job job;
	char log[PATH_MAX], work[PATH_MAX], mirrors[PATH_MAX];
	int log_fd;
	FILE *msg;     /* the log, for the worker's own lines */
	char why[1024];
};

/* Ends the build as STATUS with ERROR (NULL when it succeeded), in the database then in its log. */
static int finish(struct worker *w, const char *status, const char *error)
{
	int rc = db_build_finish(w->db, w->id, status, error);

	if (error)
		fprintf(w->msg, "kiln: build failed: %s\n", error);
	else
		fprintf(w->msg, "kiln: build succeeded\n");
	fflush(w->msg);
	log_follow_finish(w->log);
	return rc == 0 && !error ? 0 : 1;
}

static int remove_entry(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
	(void)st, (void)flag, (void)ftw;
	remove(path);
	return 0;
}

/* configure's "--KEY", "VALUE" arguments from the app's keys, NULL-terminated; NULL when out of memory. */
static char **key_args(const json_t *keys)
{
	char **args = calloc(2 * json_object_size(keys) + 1, sizeof(*args));
	const char *k;
	json_t *v;
	size_t n = 0;

	if (!args)
		return NULL;
	json_object_foreach((json_t *)keys, k, v) {
		if (asprintf(&args[n], "--%s", k) < 0)
			break;
		args[n + 1] = (char *)json_string_value(v);
		n += 2;
	}
	return args;
}

static void free_key_args(char **args)
{
	for (size_t i = 0; args && args[i]; i += 2)
		free(args[i]);
	free(args);
}

/* Whether NAME, read from the build's own kiln.json, is a plain file name in its folder. */
static bool plain_name(const char *name)
{
	return name && name[0] && name[0] != '.' && !strchr(name, '/') && strlen(name) < 256;
}

/* Whether NAME ends with SUFFIX. */
static bool ends_with(const char *name, const char *suffix)
{
	size_t n = strlen(name), s = strlen(suffix);

	return n >= s && strcmp(name + n - s, suffix) == 0;
}

/* Stores one artifact NAME of folder DIR_FD and records it on the build. */
static int keep(struct worker *w, int dir_fd, const char *name)
{
	char sha[65];
	long long size;
	int rc;

	if (!plain_name(name)) {
		snprintf(w->why, sizeof(w->why), "kiln.json names an artifact outside the build folder");
		return -EINVAL;
	}
	rc = artifact_store(w->home, dir_fd, name, sha, &size);
	if (rc == 0)
		rc = db_build_add_artifact(w->db, w->id, name, sha, size);
	if (rc < 0) {
		snprintf(w->why, sizeof(w->why), "artifact %s: %s", name,
			 rc == -EINVAL ? "not a regular file" : rc == -EFBIG ? "too big" : strerror(-rc));
		return rc;
	}
	fprintf(w->msg, "artifact: %s sha256:%s %lld bytes\n", name, sha, size);
	return 0;
}

/* Keeps what the build's kiln.json lists (artifacts; generated .xl and .xl.in files) and kiln.json
 * itself. The build wrote kiln.json, so nothing in it is trusted: plain names, regular files only. */
static int collect(struct worker *w, const char *dir)
{
	int dir_fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC), fd = -1, rc = -EINVAL;
	json_t *desc = NULL, *v;
	size_t i, kept = 0;
	struct stat st;

	snprintf(w->why, sizeof(w->why), "the build made no valid kiln.json");
	if (dir_fd < 0)
		return -errno;
	fd = openat(dir_fd, "kiln.json", O_RDONLY | O_NOFOLLOW | O_CLOEXEC | O_NONBLOCK);
	if (fd < 0 || fstat(fd, &st) < 0 || !S_ISREG(st.st_mode) || st.st_size > MAX_KILN_JSON)
		goto cleanup;
	desc = json_loadfd(fd, 0, NULL);
	if (!json_is_array(json_object_get(desc, "artifacts")) || !json_array_size(json_object_get(desc, "artifacts")))
		goto cleanup;
	rc = 0;
	json_array_foreach(json_object_get(desc, "artifacts"), i, v) {
		if (rc == 0 && kept++ < MAX_ARTIFACTS)
			rc = keep(w, dir_fd, json_string_value(v));
	}
	json_array_foreach(json_object_get(desc, "generated"), i, v) {
		const char *name = json_string_value(v);
		if (rc == 0 && name && (ends_with(name, ".xl") || ends_with(name, ".xl.in")) && kept++ < MAX_ARTIFACTS)
			rc = keep(w, dir_fd, name);
	}
	if (rc == 0)
		rc = keep(w, dir_fd, "kiln.json");
cleanup:
	json_decref(desc);
	if (fd >= 0)
		close(fd);
	close(dir_fd);
	return rc;
}

/* Says why the sandboxed configure and make failed, into w->why; false when they succeeded. */
static bool make_failed(struct worker *w, const struct fetch_build *fb, const struct sandbox_result *res)
{
	if (res->timed_out)
		snprintf(w->why, sizeof(w->why), "the build ran over its %u s limit and was killed", fb->lim.timeout_s);
	else if (res->status == FETCH_BUILD_CONFIGURE_FAILED)
		snprintf(w->why, sizeof(w->why), "kiln configure -t %s failed (its error is in the log)", fb->target);
	else if (res->status)
		snprintf(w->why, sizeof(w->why), "make failed with exit status %d (its errors are in the log)", res->status);
	else
		return false;
	return true;
}

/* Checks out, builds and collects; returns the command's exit status. */
static int run(struct worker *w)
{
	struct fetch_build fb;
	struct sandbox_result res;
	struct git_credentials stored;
	struct mirror_credentials cred;
	char src[PATH_MAX + 8], dir[PATH_MAX], commit[41];
	char **keys = key_args(w->job.keys);
	int rc;

	/* The app's credentials as they are now (a build keeps a copy of the rest of its app). */
	rc = db_git_credentials_get(w->db, w->job.app, &stored);
	if (rc < 0 && rc != -ENOENT) {
		free_key_args(keys);
		return finish(w, "failed", "cannot read the app's git credentials");
	}
	cred = (struct mirror_credentials){ stored.username, stored.https_token, stored.ssh_key };

	fetch_build_defaults(&fb);
	fb.lim.timeout_s = w->timeout_s;
	fb.lim.cpu_s = w->timeout_s;
	fb.url = w->job.repo;
	fb.rev = w->job.ref;
	fb.subdir = w->job.path;
	fb.target = w->job.target;
	fb.keys = (const char *const *)keys;
	fb.cache = w->mirrors;
	fb.cred = &cred;
	snprintf(src, sizeof(src), "%s/src", w->work);
	fprintf(w->msg, "kiln: build %ld of %s: %s %s, folder %s, target %s\n", w->id, w->job.app, w->job.repo,
		w->job.ref, w->job.path, w->job.target);
	fflush(w->msg);
	rc = keys ? fetch_build_checkout(&fb, src, w->msg, commit, dir, w->why, sizeof(w->why)) : -ENOMEM;
	db_git_credentials_clear(&stored);
	if (rc == 0)
		rc = db_build_set_commit(w->db, w->id, commit);
	if (rc < 0) {
		free_key_args(keys);
		return finish(w, "failed", w->why[0] ? w->why : strerror(-rc));
	}
	fprintf(w->msg, "commit: %s\nkiln: kiln configure -t %s && make, in the sandbox\n", commit, fb.target);
	fflush(w->msg);
	rc = fetch_build_make(&fb, dir, w->log_fd, &res);
	free_key_args(keys);
	if (rc < 0) {
		snprintf(w->why, sizeof(w->why), "cannot start the sandbox: %s", strerror(-rc));
		return finish(w, "failed", w->why);
	}
	if (make_failed(w, &fb, &res) || collect(w, dir) < 0)
		return finish(w, "failed", w->why);
	nftw(w->work, remove_entry, 16, FTW_DEPTH | FTW_PHYS);
	return finish(w, "succeeded", NULL);
}

/* Opens the build's log and work folder; returns 0 or -errno. */
static int prepare(struct worker *w)
{
	char builds[PATH_MAX];

	if (snprintf(builds, sizeof(builds), "%s/builds", w->home) >= (int)sizeof(builds) ||
	    snprintf(w->work, sizeof(w->work), "%s/%ld", builds, w->id) >= (int)sizeof(w->work) ||
	    snprintf(w->mirrors, sizeof(w->mirrors), "%s/mirrors", w->home) >= (int)sizeof(w->mirrors) ||
	    build_log_path(w->home, w->id, w->log, sizeof(w->log)) < 0)
		return -ENAMETOOLONG;
	w->log_fd = open(w->log, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0644);
	if (w->log_fd < 0)
		return -errno;
	w->msg = fdopen(dup(w->log_fd), "a");
	if (!w->msg)
		return -errno;
	if ((mkdir(builds, 0755) < 0 && errno != EEXIST))
		return -errno;
	nftw(w->work, remove_entry, 16, FTW_DEPTH | FTW_PHYS);
	return mkdir(w->work, 0755) < 0 ? -errno : 0;
}

int cmd_build_worker(int argc, char **argv)
{
	struct worker w = { .log_fd = -1 };
	int rc;

	if (argc != 5) {
		fputs("Usage: kiln build-worker HOME BUILD-ID PARENT-PID TIMEOUT-S (run by kiln serve)\n", stderr);
		return 2;
	}
	/* The service's death takes the worker down (and bwrap with it, --die-with-parent). */
	prctl(PR_SET_PDEATHSIG, SIGKILL);
	if (getppid() != (pid_t)atol(argv[3]))
		return 1;
	w.home = argv[1];
	w.id = atol(argv[2]);
	w.timeout_s = (unsigned)atol(argv[4]);
	rc = db_open(w.home, &w.db);
	if (rc == 0)
		rc = db_build_job(w.db, w.id, &w.job);
	if (rc == 0)
		rc = prepare(&w);
	if (rc < 0) {
		fprintf(stderr, "kiln build-worker: build %ld: %s\n", w.id, strerror(-rc));
		rc = 1;
	} else {
		rc = run(&w);
	}
	if (w.msg)
		fclose(w.msg);
	if (w.log_fd >= 0)
		close(w.log_fd);
	db_build_job_free(&w.job);
	if (w.db)
		db_close(w.db);
	return rc;
}

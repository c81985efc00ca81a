/* deploy_dir.c: a deployment's run folder (its image and device files) and the paths of its files under $KILN_HOME. */
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "deploy_dir.h"

/* snprintf into PATH, or -ENAMETOOLONG. */
static int path_printf(char *path, size_t n, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
static int path_printf(char *path, size_t n, const char *fmt, ...)
{
	va_list ap;
	int len;

	va_start(ap, fmt);
	len = vsnprintf(path, n, fmt, ap);
	va_end(ap);
	return len < 0 || (size_t)len >= n ? -ENAMETOOLONG : 0;
}

int deploy_dir_path(const struct deploy_spec *spec, char *path, size_t n)
{
	return path_printf(path, n, "%s/deployments/%ld", spec->home, spec->id);
}

int deploy_dir_file(const struct deploy_spec *spec, const char *file, char *path, size_t n)
{
	return path_printf(path, n, "%s/deployments/%ld/%s", spec->home, spec->id, file);
}

int deploy_log_path(const struct deploy_spec *spec, char *path, size_t n)
{
	return path_printf(path, n, "%s/logs/deploy-%ld.log", spec->home, spec->id);
}

static int make_dir(const char *path)
{
	return mkdir(path, 0755) == 0 || errno == EEXIST ? 0 : -errno;
}

/* Makes each folder of the relative PATH's parents under BASE (PATH itself too when LAST). */
static int make_parents(const char *base, const char *path, bool last)
{
	char dir[4096];
	int rc = 0;

	for (const char *slash = strchr(path, '/'); rc == 0 && slash; slash = strchr(slash + 1, '/')) {
		rc = path_printf(dir, sizeof(dir), "%s/%.*s", base, (int)(slash - path), path);
		if (rc == 0)
			rc = make_dir(dir);
	}
	if (rc == 0 && last) {
		rc = path_printf(dir, sizeof(dir), "%s/%s", base, path);
		if (rc == 0)
			rc = make_dir(dir);
	}
	return rc;
}

/* Copies FROM to TO (replaced), with MODE. Returns 0 or a negative errno. */
static int copy_file(const char *from, const char *to, mode_t mode)
{
	char buf[65536];
	ssize_t got = 0;
	int in, out, rc = 0;

	in = open(from, O_RDONLY | O_CLOEXEC);
	if (in < 0)
		return -errno;
	unlink(to);
	out = open(to, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, mode);
	if (out < 0) {
		rc = -errno;
		goto cleanup;
	}
	while (rc == 0 && (got = read(in, buf, sizeof(buf))) > 0) {
		if (write(out, buf, (size_t)got) != got)
			rc = -EIO;
	}
	if (got < 0)
		rc = -errno;
	if (close(out) < 0 && rc == 0)
		rc = -errno;
cleanup:
	close(in);
	return rc;
}

/* The image, as NAME in the run folder RUN: linked when executable (shared, read-only), else copied. */
static int place_image(const struct deploy_spec *spec, const char *run, char *err, size_t n)
{
	char to[4096];
	struct stat st;
	int rc = path_printf(to, sizeof(to), "%s/%s", run, spec->name);

	if (rc == 0 && stat(spec->image, &st) < 0)
		rc = -errno;
	if (rc == 0) {
		unlink(to);
		if (!(st.st_mode & S_IXUSR) || link(spec->image, to) < 0)
			rc = copy_file(spec->image, to, 0555);
	}
	if (rc < 0)
		snprintf(err, n, "cannot place the image %s in %s: %s", spec->image, run, strerror(-rc));
	return rc;
}

/* A device path stays inside the run folder: relative, no empty, "." or ".." component. */
static bool path_inside(const char *path)
{
	const char *p = path;

	if (*p == '/' || *p == '\0')
		return false;
	for (;;) {
		size_t len = strcspn(p, "/");
		if (len == 0 || (len == 1 && p[0] == '.') || (len == 2 && p[0] == '.' && p[1] == '.'))
			return false;
		if (!p[len])
			return true;
		p += len + 1;
	}
}

/* One device's file or folder in the run folder RUN. */
static int place_file(const struct deploy_file *f, const char *run, char *err, size_t n)
{
	char to[4096];
	struct stat st;
	int rc;

	if (!path_inside(f->path)) {
		snprintf(err, n, "device path '%s' leaves the deployment's folder", f->path);
		return -EINVAL;
	}
	rc = make_parents(run, f->path, f->dir && !f->source);
	if (rc == 0)
		rc = path_printf(to, sizeof(to), "%s/%s", run, f->path);
	if (rc < 0) {
		snprintf(err, n, "cannot make %s in %s: %s", f->path, run, strerror(-rc));
		return rc;
	}
	if (!f->source) {
		if (f->dir)
			return 0;
		if (stat(to, &st) == 0)
			return 0; /* written by a previous run of this deployment */
		snprintf(err, n, "the block device file '%s' is not among the build's artifacts", f->path);
		return -ENOENT;
	}
	if (stat(to, &st) == 0)
		return 0;
	rc = copy_file(f->source, to, 0644);
	if (rc < 0)
		snprintf(err, n, "cannot copy %s to %s: %s", f->source, to, strerror(-rc));
	return rc;
}

int deploy_dir_prepare(const struct deploy_spec *spec, char *err, size_t n)
{
	char run[4096], dir[4096];
	int rc = make_dir(spec->home);

	if (rc == 0)
		rc = path_printf(dir, sizeof(dir), "%s/deployments", spec->home);
	if (rc == 0)
		rc = make_dir(dir);
	if (rc == 0)
		rc = path_printf(dir, sizeof(dir), "%s/logs", spec->home);
	if (rc == 0)
		rc = make_dir(dir);
	if (rc == 0)
		rc = deploy_dir_path(spec, run, sizeof(run));
	if (rc == 0)
		rc = make_dir(run);
	if (rc < 0) {
		snprintf(err, n, "cannot make the deployment's folders under %s: %s", spec->home, strerror(-rc));
		return rc;
	}
	rc = place_image(spec, run, err, n);
	for (size_t i = 0; rc == 0 && i < spec->nfiles; i++)
		rc = place_file(&spec->files[i], run, err, n);
	return rc;
}

static int remove_entry(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
	(void)st, (void)flag, (void)ftw;
	return remove(path) == 0 || errno == ENOENT ? 0 : -1;
}

int deploy_dir_remove(const struct deploy_spec *spec)
{
	char run[4096];
	int rc = deploy_dir_path(spec, run, sizeof(run));

	if (rc < 0)
		return rc;
	if (nftw(run, remove_entry, 16, FTW_DEPTH | FTW_PHYS) < 0 && errno != ENOENT)
		return -errno;
	return 0;
}

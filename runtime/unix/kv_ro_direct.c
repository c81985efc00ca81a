/* kv_ro_direct.c: the direct store on unix: keys are paths beneath a host directory, resolved so none leaves it. */
#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <dirent.h>
#include <linux/openat2.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "../device.h"
#include "../kv_ro_impl.h"

struct direct {
	struct kiln_kv_ro kv; /* first: the handle is a pointer to it */
	int root;             /* the directory, O_PATH */
	char *cached_key;     /* the value last read, kept open for sequential reads */
	int cached_fd;
};

/* Opens key beneath d->root: "..", absolute symlinks and symlinks out of the root fail with EXDEV or ELOOP. */
static int open_beneath(struct direct *d, const char *key, int flags)
{
	struct open_how how = {
		.flags = (uint64_t)(flags | O_CLOEXEC),
		.resolve = RESOLVE_BENEATH | RESOLVE_NO_MAGICLINKS,
	};
	long fd = syscall(SYS_openat2, d->root, *key ? key : ".", &how, sizeof(how));

	if (fd >= 0)
		return (int)fd;
	/* Leaving the directory is a key that does not exist in the store. */
	return errno == EXDEV || errno == ELOOP ? -ENOENT : -errno;
}

static int kind_of(const struct stat *st, enum kiln_kv_kind *kind)
{
	if (S_ISDIR(st->st_mode))
		*kind = KILN_KV_DICTIONARY;
	else if (S_ISREG(st->st_mode))
		*kind = KILN_KV_VALUE;
	else
		return -EINVAL; /* devices, fifos and sockets are not values */
	return 0;
}

static int direct_stat(struct kiln_kv_ro *kv, const char *key, enum kiln_kv_kind *kind, uint64_t *size)
{
	struct direct *d = (struct direct *)kv;
	bool cached = d->cached_key && strcmp(d->cached_key, key) == 0;
	int fd = cached ? d->cached_fd : open_beneath(d, key, O_PATH);
	struct stat st;
	int rc;

	/* The value being read sequentially is stat'ed through its open fd: no path walk per read. */
	if (fd < 0)
		return fd;
	rc = fstat(fd, &st) < 0 ? -errno : kind_of(&st, kind);
	if (!cached)
		close(fd);
	if (rc == 0)
		*size = *kind == KILN_KV_VALUE ? (uint64_t)st.st_size : 0;
	return rc;
}

/* Opens the value at key for reading, refusing what is not a value before any read (a FIFO
 * opened without O_NONBLOCK would block the whole unikernel). Returns the fd or -errno. */
static int open_value(struct direct *d, const char *key, uint64_t *size)
{
	enum kiln_kv_kind kind = KILN_KV_VALUE;
	struct stat st;
	int rc, fd = open_beneath(d, key, O_RDONLY | O_NONBLOCK);

	if (fd < 0)
		return fd;
	rc = fstat(fd, &st) < 0 ? -errno : kind_of(&st, &kind);
	if (rc == 0 && kind == KILN_KV_DICTIONARY)
		rc = -EISDIR;
	if (rc < 0) {
		close(fd);
		return rc;
	}
	*size = (uint64_t)st.st_size;
	return fd;
}

/* An fd for the value at key, reusing the one of the previous read; *size is its size now. */
static int value_fd(struct direct *d, const char *key, uint64_t *size)
{
	struct stat st;
	char *copy;
	int fd;

	if (d->cached_key && strcmp(d->cached_key, key) == 0) {
		if (fstat(d->cached_fd, &st) < 0)
			return -errno;
		*size = (uint64_t)st.st_size;
		return d->cached_fd;
	}
	fd = open_value(d, key, size);
	if (fd < 0)
		return fd;
	copy = strdup(key);
	if (!copy) {
		close(fd);
		return -ENOMEM;
	}
	if (d->cached_key) {
		close(d->cached_fd);
		free(d->cached_key);
	}
	d->cached_key = copy;
	d->cached_fd = fd;
	return fd;
}

static int direct_read(struct kiln_kv_ro *kv, const char *key, uint64_t offset, void *buf, size_t len,
		       size_t *nread)
{
	uint64_t size = 0;
	int fd = value_fd((struct direct *)kv, key, &size);
	char *p = buf;

	if (fd < 0)
		return fd;
	len = kv_ro_clip(size, offset, len);
	while (len > 0) {
		ssize_t n = pread(fd, p, len, (off_t)offset);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return -errno;
		if (n == 0)
			return -EIO; /* the file shrank since fstat */
		p += n;
		len -= (size_t)n;
		offset += (uint64_t)n;
		*nread += (size_t)n;
	}
	return 0;
}

static int direct_list(struct kiln_kv_ro *kv, const char *key, kiln_kv_list_fn fn, void *arg)
{
	struct direct *d = (struct direct *)kv;
	int fd = open_beneath(d, key, O_RDONLY | O_DIRECTORY);
	struct dirent *e;
	DIR *dir;
	int rc = 0;

	if (fd < 0)
		return fd;
	dir = fdopendir(fd);
	if (!dir) {
		close(fd);
		return -errno;
	}
	while (rc == 0 && (e = readdir(dir))) {
		char path[4096];
		enum kiln_kv_kind kind;
		uint64_t size;
		if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
			continue;
		snprintf(path, sizeof(path), "%s%s%s", key, *key ? "/" : "", e->d_name);
		/* Entries that are not values or dictionaries, or lead outside, are not in the store. */
		if (direct_stat(kv, path, &kind, &size) == 0)
			rc = fn(arg, e->d_name, kind);
	}
	closedir(dir);
	return rc;
}

static const struct kiln_kv_ro_ops direct_ops = { direct_stat, direct_read, direct_list };

static void direct_release(void *dev)
{
	struct direct *d = dev;

	if (d->cached_key) {
		close(d->cached_fd);
		free(d->cached_key);
	}
	close(d->root);
	free(d);
}

int kiln_direct_kv_ro_connect(struct kiln_kv_ro **out, const char *dir)
{
	struct direct *d;
	int fd = open(dir, O_PATH | O_DIRECTORY | O_CLOEXEC);

	if (fd < 0)
		return -errno;
	d = calloc(1, sizeof(*d));
	if (!d) {
		close(fd);
		return -ENOMEM;
	}
	if (kiln_device_own(d, direct_release) < 0) {
		free(d);
		close(fd);
		return -ENOMEM;
	}
	d->kv.ops = &direct_ops;
	d->kv.name = dir;
	d->root = fd;
	*out = &d->kv;
	return 0;
}

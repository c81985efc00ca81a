/* block_unix.c: block devices backed by files on unix, with positioned reads and writes. */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <kiln/log.h>

#include "../block_impl.h"
#include "../device.h"

#define SECTOR_SIZE 512

KILN_LOG_SRC(log_block, "block", "file-backed block devices");

struct file_block {
	struct kiln_block b; /* first: the handle is a pointer to it */
	int fd;
};

/* Reads or writes all of len at off; a file that ends early is -EIO. */
static int transfer(int fd, bool write, char *buf, size_t len, off_t off)
{
	while (len > 0) {
		ssize_t n = write ? pwrite(fd, buf, len, off) : pread(fd, buf, len, off);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return -errno;
		if (n == 0)
			return -EIO;
		buf += n;
		len -= (size_t)n;
		off += n;
	}
	return 0;
}

static int file_read(struct kiln_block *b, uint64_t sector, void *buf, size_t len)
{
	struct file_block *f = (struct file_block *)b;

	return transfer(f->fd, false, buf, len, (off_t)(sector * SECTOR_SIZE));
}

static int file_write(struct kiln_block *b, uint64_t sector, const void *buf, size_t len)
{
	struct file_block *f = (struct file_block *)b;

	return transfer(f->fd, true, (char *)buf, len, (off_t)(sector * SECTOR_SIZE));
}

static const struct kiln_block_ops file_ops = { file_read, file_write };

static void file_release(void *dev)
{
	struct file_block *f = dev;

	close(f->fd);
	free(f);
}

int kiln_block_of_file_connect(struct kiln_block **out, const char *path)
{
	struct file_block *f;
	struct stat st;
	bool rw = true;
	int fd, err;

	fd = open(path, O_RDWR | O_CLOEXEC);
	if (fd < 0 && (errno == EACCES || errno == EROFS)) {
		rw = false;
		fd = open(path, O_RDONLY | O_CLOEXEC);
	}
	if (fd < 0)
		return -errno;
	if (fstat(fd, &st) < 0) {
		err = -errno;
		goto fail;
	}
	if (!S_ISREG(st.st_mode)) {
		err = S_ISDIR(st.st_mode) ? -EISDIR : -EINVAL;
		goto fail;
	}
	f = calloc(1, sizeof(*f));
	if (!f) {
		err = -ENOMEM;
		goto fail;
	}
	f->fd = fd;
	f->b.ops = &file_ops;
	f->b.name = path;
	f->b.info.sector_size = SECTOR_SIZE;
	f->b.info.sectors = (uint64_t)st.st_size / SECTOR_SIZE;
	f->b.info.read_write = rw;
	err = kiln_device_own(f, file_release);
	if (err < 0) {
		free(f);
		goto fail;
	}
	if (st.st_size % SECTOR_SIZE)
		kiln_log_warn(&log_block, "%s: %lld trailing bytes past the last whole sector are ignored", path,
			      (long long)(st.st_size % SECTOR_SIZE));
	*out = &f->b;
	return 0;
fail:
	close(fd);
	return err;
}

/* block.c: the block device interface: checks alignment and range, then calls the backend. */
#include <errno.h>

#include "block_impl.h"

void kiln_block_info(struct kiln_block *b, struct kiln_block_info *info)
{
	*info = b->info;
}

/* 0 when [sector, sector + len) is whole sectors inside the device. */
static int check_span(const struct kiln_block *b, uint64_t sector, size_t len)
{
	uint64_t n;

	if (len % b->info.sector_size != 0)
		return -EINVAL;
	n = len / b->info.sector_size;
	if (sector > b->info.sectors || n > b->info.sectors - sector)
		return -ERANGE;
	return 0;
}

int kiln_block_read(struct kiln_block *b, uint64_t sector, void *buf, size_t len)
{
	int rc = check_span(b, sector, len);

	return rc < 0 ? rc : b->ops->read(b, sector, buf, len);
}

int kiln_block_write(struct kiln_block *b, uint64_t sector, const void *buf, size_t len)
{
	int rc = check_span(b, sector, len);

	if (rc < 0)
		return rc;
	if (!b->info.read_write)
		return -EROFS;
	return b->ops->write(b, sector, buf, len);
}

/* block_impl.h: what a block backend (a file on unix, blkfront on xen) provides behind struct kiln_block. */
#ifndef KILN_BLOCK_IMPL_H
#define KILN_BLOCK_IMPL_H

#include <kiln/block.h>

struct kiln_block_ops {
	/* Whole, in-range sectors only: kiln_block_read/write have checked. Return 0 or -errno. */
	int (*read)(struct kiln_block *b, uint64_t sector, void *buf, size_t len);
	int (*write)(struct kiln_block *b, uint64_t sector, const void *buf, size_t len);
};

struct kiln_block {
	const struct kiln_block_ops *ops;
	struct kiln_block_info info;
	const char *name; /* for logs: the file or the vdev */
};

#endif

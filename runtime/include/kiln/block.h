/* block.h: the block device: whole sectors read and written at 64-bit sector offsets. */
#ifndef KILN_BLOCK_H
#define KILN_BLOCK_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct kiln_block;

struct kiln_block_info {
	uint32_t sector_size; /* bytes per sector, a power of two >= 512 */
	uint64_t sectors;     /* the device's size in sectors */
	bool read_write;      /* false: writes fail with -EROFS */
};

/* Connects a block device backed by the file at path (unix; opened read-write, or read-only
 * when the file is). The handle is owned by the runtime. Returns 0 or -errno (-ENOENT: no such file). */
int kiln_block_of_file_connect(struct kiln_block **out, const char *path);

/* The device's geometry. */
void kiln_block_info(struct kiln_block *b, struct kiln_block_info *info);

/*
 * Reads len bytes (a whole number of sectors) from sector on into buf.
 * Returns 0, -EINVAL when len is not a multiple of the sector size, -ERANGE when
 * the sectors lie past the end of the device, or -EIO.
 */
int kiln_block_read(struct kiln_block *b, uint64_t sector, void *buf, size_t len);

/* Writes len bytes (whole sectors) at sector. Errors as kiln_block_read, and -EROFS on a read-only device. */
int kiln_block_write(struct kiln_block *b, uint64_t sector, const void *buf, size_t len);

#endif

/* fat_vol.h: a FAT volume on a block device: cached metadata reads, the FAT, cluster chains, file data. */
#ifndef KILN_FAT_VOL_H
#define KILN_FAT_VOL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <kiln/block.h>

#include "fat_bpb.h"

#define FAT_CACHE_SLOTS 8

/* One cached block of the device: block_size bytes at block * block_size. */
struct fat_cache_slot {
	uint64_t block;
	uint64_t used; /* the volume's clock when last used: the least recent is replaced */
	bool valid;
	uint8_t *data;
};

/* Where the last file read stopped: the next read of that file goes on from here. */
struct fat_cursor {
	uint32_t first;   /* the file's first cluster; 0: no file */
	uint32_t length;  /* how many clusters its chain has (walked to its end: no loop, no break) */
	uint32_t index;   /* which cluster of the file the cursor is on */
	uint32_t cluster; /* and its number */
};

struct fat_vol {
	struct kiln_block *dev;
	const char *name;     /* the device's, for logs */
	struct fat_geom g;
	uint32_t dev_sector;  /* the device's sector size */
	uint64_t dev_bytes;
	uint32_t block_size;  /* a cache block: the larger of the device's sector and the FAT's */
	uint64_t clock;
	struct fat_cache_slot cache[FAT_CACHE_SLOTS];
	struct fat_cursor cursor;
};

/*
 * Reads and checks the boot sector of dev and prepares v. Returns 0, -EINVAL (logged:
 * not a FAT volume this reader accepts), -ENOMEM or the device's error. After 0, the
 * caller owns v's cache and frees it with fat_vol_close.
 */
int fat_vol_open(struct fat_vol *v, struct kiln_block *dev);
void fat_vol_close(struct fat_vol *v);

/* Copies len bytes of the volume at off into buf through the cache. Returns 0, -EIO (past the volume) or -errno. */
int fat_vol_read_meta(struct fat_vol *v, uint64_t off, void *buf, size_t len);

/* Whether cluster is a data cluster's number. */
bool fat_vol_valid_cluster(const struct fat_vol *v, uint32_t cluster);

/* Where cluster (a valid number) starts in the volume. */
uint64_t fat_vol_cluster_start(const struct fat_vol *v, uint32_t cluster);

/*
 * Follows the chain from cluster: 1 with *next set, 0 at the chain's end, -EIO when the
 * FAT marks cluster free or bad or points outside the data clusters, or -errno.
 */
int fat_vol_next(struct fat_vol *v, uint32_t cluster, uint32_t *next);

/* Walks a cluster chain, noticing when it comes back on itself (Brent's cycle detection). */
struct fat_chain {
	uint32_t cluster;  /* where the walk is */
	uint32_t tortoise; /* a cluster passed earlier: meeting it again means a loop */
	uint32_t power, lam;
};

void fat_chain_start(struct fat_chain *ch, uint32_t first);

/* Moves ch to the next cluster: 1, or 0 at the chain's end, or -EIO (broken, or a loop), or -errno. */
int fat_chain_next(struct fat_vol *v, struct fat_chain *ch);

/*
 * Reads [offset, offset + len) of the file of size bytes whose chain starts at first into
 * buf. Returns 0, -EINVAL when the range is not within size, -EIO when the chain is shorter
 * than size needs (or loops, or is broken), or -errno.
 */
int fat_vol_read_file(struct fat_vol *v, uint32_t first, uint64_t size, uint64_t offset, void *buf, size_t len);

#endif

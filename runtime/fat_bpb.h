/* fat_bpb.h: a FAT boot sector (BIOS parameter block) checked and turned into the volume's geometry. */
#ifndef KILN_FAT_BPB_H
#define KILN_FAT_BPB_H

#include <stddef.h>
#include <stdint.h>

#define FAT_BPB_SIZE 512 /* the bytes of the boot sector fat_bpb_parse reads */

enum fat_type { FAT12 = 12, FAT16 = 16, FAT32 = 32 };

/* Where everything is, in bytes from the start of the volume. Cluster numbers run from 2 to clusters + 1. */
struct fat_geom {
	enum fat_type type;
	uint32_t sector_size;   /* bytes per FAT sector: 512, 1024, 2048 or 4096 */
	uint32_t cluster_size;  /* bytes per cluster */
	uint32_t clusters;      /* data clusters, which decides the type */
	uint64_t fat_start;     /* the FAT in use (the active one when FAT32 mirroring is off) */
	uint64_t fat_bytes;     /* its size */
	uint64_t root_start;    /* FAT12/16: the fixed root directory */
	uint32_t root_entries;  /* FAT12/16: how many 32-byte entries it holds */
	uint32_t root_cluster;  /* FAT32: the root directory's first cluster */
	uint64_t data_start;    /* cluster 2 */
	uint64_t volume_bytes;  /* the whole file system */
};

/*
 * Checks the boot sector bs (FAT_BPB_SIZE bytes) of a volume on a device of device_bytes
 * and fills g. Returns 0, or -EINVAL with what is wrong written to why (why_len bytes).
 */
int fat_bpb_parse(const uint8_t *bs, uint64_t device_bytes, struct fat_geom *g, char *why, size_t why_len);

#endif

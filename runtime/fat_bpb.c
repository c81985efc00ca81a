/* fat_bpb.c: checks a FAT boot sector's fields and computes the regions and type (Microsoft's FAT specification). */
#include <errno.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>

#include "fat_bpb.h"

#define MAX_FATS 4                 /* 2 is usual; a few more are harmless */
#define FAT12_MAX_CLUSTERS 4084    /* fewer than 4085 clusters: FAT12 */
#define FAT16_MAX_CLUSTERS 65524   /* fewer than 65525: FAT16, else FAT32 */
#define FAT32_MAX_CLUSTERS 0x0FFFFFF5u

/* The boot sector's fields, as stored. */
struct bpb {
	uint32_t bytes_per_sector, sectors_per_cluster, reserved, fats, root_entries;
	uint32_t total16, total32, fat16_size, fat32_size, ext_flags, root_cluster;
};

static uint32_t le16(const uint8_t *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8;
}

static uint32_t le32(const uint8_t *p)
{
	return le16(p) | le16(p + 2) << 16;
}

static bool power_of_two(uint32_t x)
{
	return x && !(x & (x - 1));
}

/* Writes the reason into why and returns -EINVAL. */
__attribute__((format(printf, 3, 4))) static int bad(char *why, size_t why_len, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(why, why_len, fmt, ap);
	va_end(ap);
	return -EINVAL;
}

static void read_fields(const uint8_t *bs, struct bpb *b)
{
	b->bytes_per_sector = le16(bs + 11);
	b->sectors_per_cluster = bs[13];
	b->reserved = le16(bs + 14);
	b->fats = bs[16];
	b->root_entries = le16(bs + 17);
	b->total16 = le16(bs + 19);
	b->fat16_size = le16(bs + 22);
	b->total32 = le32(bs + 32);
	b->fat32_size = le32(bs + 36);
	b->ext_flags = le16(bs + 40);
	b->root_cluster = le32(bs + 44);
}

/* The fields that do not depend on the FAT type. */
static int check_fields(const struct bpb *b, char *why, size_t n)
{
	if (!power_of_two(b->bytes_per_sector) || b->bytes_per_sector < 512 || b->bytes_per_sector > 4096)
		return bad(why, n, "bytes per sector is %u, not a power of two in 512..4096", b->bytes_per_sector);
	if (!power_of_two(b->sectors_per_cluster))
		return bad(why, n, "sectors per cluster is %u, not a power of two", b->sectors_per_cluster);
	if (b->reserved == 0)
		return bad(why, n, "no reserved sectors (the boot sector itself is one)");
	if (b->fats < 1 || b->fats > MAX_FATS)
		return bad(why, n, "%u FATs (1 to %d expected)", b->fats, MAX_FATS);
	if (b->total16 == 0 && b->total32 == 0)
		return bad(why, n, "the total sector count is 0");
	if (b->fat16_size == 0 && b->fat32_size == 0)
		return bad(why, n, "the FAT size is 0");
	return 0;
}

/* How many entries a FAT of fat_bytes holds for the type. */
static uint64_t fat_capacity(enum fat_type type, uint64_t fat_bytes)
{
	return type == FAT12 ? fat_bytes * 2 / 3 : fat_bytes * 8 / (unsigned)type;
}

/* The fields whose meaning depends on the type, which the cluster count has decided. */
static int check_type_fields(const struct bpb *b, struct fat_geom *g, char *why, size_t n)
{
	if (g->type == FAT32) {
		if (b->root_entries != 0 || b->fat16_size != 0)
			return bad(why, n, "%u clusters make FAT32, but the boot sector has FAT12/16 fields "
				   "(%u root entries, 16-bit FAT size %u)", g->clusters, b->root_entries, b->fat16_size);
		if (g->clusters > FAT32_MAX_CLUSTERS)
			return bad(why, n, "%u clusters, more than FAT32 can number", g->clusters);
		if (b->root_cluster < 2 || b->root_cluster > g->clusters + 1)
			return bad(why, n, "the root directory's cluster %u is outside 2..%u", b->root_cluster,
				   g->clusters + 1);
		g->root_cluster = b->root_cluster;
		return 0;
	}
	if (b->root_entries == 0 || b->fat16_size == 0)
		return bad(why, n, "%u clusters make FAT%d, but the boot sector has FAT32 fields "
			   "(%u root entries, 16-bit FAT size %u)", g->clusters, (int)g->type, b->root_entries,
			   b->fat16_size);
	return 0;
}

/* Computes the regions from the fields; the type follows from the cluster count. */
static int layout(const struct bpb *b, uint64_t device_bytes, struct fat_geom *g, char *why, size_t n)
{
	uint64_t bps = b->bytes_per_sector;
	uint64_t total = b->total16 ? b->total16 : b->total32;
	uint64_t fat_size = b->fat16_size ? b->fat16_size : b->fat32_size;
	uint64_t root_sectors = ((uint64_t)b->root_entries * 32 + bps - 1) / bps;
	uint64_t meta = b->reserved + b->fats * fat_size + root_sectors;
	uint32_t active = 0;
	int rc;

	if (meta >= total)
		return bad(why, n, "the reserved sectors, FATs and root directory (%llu sectors) fill the volume "
			   "(%llu sectors)", (unsigned long long)meta, (unsigned long long)total);
	g->sector_size = (uint32_t)bps;
	g->cluster_size = (uint32_t)(bps * b->sectors_per_cluster);
	g->clusters = (uint32_t)((total - meta) / b->sectors_per_cluster);
	if (g->clusters == 0)
		return bad(why, n, "no room for a single data cluster");
	g->type = g->clusters <= FAT12_MAX_CLUSTERS ? FAT12 : g->clusters <= FAT16_MAX_CLUSTERS ? FAT16 : FAT32;
	rc = check_type_fields(b, g, why, n);
	if (rc < 0)
		return rc;
	if (g->type == FAT32 && (b->ext_flags & 0x80)) /* mirroring off: one active FAT */
		active = b->ext_flags & 0x0F;
	if (active >= b->fats)
		return bad(why, n, "the active FAT is number %u of %u", active, b->fats);
	g->fat_bytes = fat_size * bps;
	if (fat_capacity(g->type, g->fat_bytes) < (uint64_t)g->clusters + 2)
		return bad(why, n, "a FAT of %llu bytes cannot hold the entries of %u clusters",
			   (unsigned long long)g->fat_bytes, g->clusters);
	g->fat_start = (b->reserved + active * fat_size) * bps;
	g->root_start = (b->reserved + b->fats * fat_size) * bps;
	g->root_entries = b->root_entries;
	g->data_start = meta * bps;
	g->volume_bytes = total * bps;
	if (g->volume_bytes > device_bytes)
		return bad(why, n, "the volume is %llu bytes but the device holds only %llu (a truncated image?)",
			   (unsigned long long)g->volume_bytes, (unsigned long long)device_bytes);
	return 0;
}

int fat_bpb_parse(const uint8_t *bs, uint64_t device_bytes, struct fat_geom *g, char *why, size_t why_len)
{
	struct bpb b;
	int rc;

	*g = (struct fat_geom){ 0 };
	read_fields(bs, &b);
	rc = check_fields(&b, why, why_len);
	return rc < 0 ? rc : layout(&b, device_bytes, g, why, why_len);
}

/* fat_vol.c: a FAT volume's block cache, FAT entries (12/16/32 bits), bounded cluster chains and file reads with a cursor. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <kiln/log.h>

#include "block_impl.h"
#include "fat_vol.h"

#define MAX_DEVICE_SECTOR 65536 /* larger sectors would make the cache large */

KILN_LOG_SRC(log_fat, "fat", "FAT file systems");

static uint64_t min_u64(uint64_t a, uint64_t b)
{
	return a < b ? a : b;
}

/* Checks the device's geometry and reads the boot sector into a fresh geometry. */
static int read_boot_sector(struct fat_vol *v)
{
	char why[160];
	uint8_t *sector;
	int rc;

	if (v->dev_sector < FAT_BPB_SIZE || v->dev_sector > MAX_DEVICE_SECTOR || (v->dev_sector & (v->dev_sector - 1))) {
		kiln_log_warn(&log_fat, "%s: unsupported device sector size %u", v->name, v->dev_sector);
		return -EINVAL;
	}
	if (v->dev_bytes == 0) {
		kiln_log_warn(&log_fat, "%s: the device is empty, with no boot sector", v->name);
		return -EINVAL;
	}
	sector = malloc(v->dev_sector);
	if (!sector)
		return -ENOMEM;
	rc = kiln_block_read(v->dev, 0, sector, v->dev_sector);
	if (rc == 0) {
		rc = fat_bpb_parse(sector, v->dev_bytes, &v->g, why, sizeof(why));
		if (rc < 0)
			kiln_log_warn(&log_fat, "%s: not a FAT file system: %s", v->name, why);
	}
	free(sector);
	return rc;
}

int fat_vol_open(struct fat_vol *v, struct kiln_block *dev)
{
	struct kiln_block_info info;
	uint8_t *mem;
	int rc;

	memset(v, 0, sizeof(*v));
	kiln_block_info(dev, &info);
	v->dev = dev;
	v->name = dev->name ? dev->name : "block device";
	v->dev_sector = info.sector_size;
	v->dev_bytes = info.sector_size && info.sectors <= UINT64_MAX / 2 / info.sector_size
			       ? info.sectors * info.sector_size : 0;
	rc = read_boot_sector(v);
	if (rc < 0)
		return rc;
	v->block_size = v->dev_sector > v->g.sector_size ? v->dev_sector : v->g.sector_size;
	mem = malloc((size_t)v->block_size * FAT_CACHE_SLOTS);
	if (!mem)
		return -ENOMEM;
	for (int i = 0; i < FAT_CACHE_SLOTS; i++)
		v->cache[i].data = mem + (size_t)i * v->block_size;
	return 0;
}

void fat_vol_close(struct fat_vol *v)
{
	free(v->cache[0].data);
	v->cache[0].data = NULL;
}

/* The cached copy of block, read from the device when missing (the least recently used slot is reused). */
static int cache_get(struct fat_vol *v, uint64_t block, const uint8_t **data)
{
	struct fat_cache_slot *victim = &v->cache[0];
	uint64_t at = block * v->block_size;
	size_t len;
	int rc;

	for (int i = 0; i < FAT_CACHE_SLOTS; i++) {
		struct fat_cache_slot *s = &v->cache[i];
		if (s->valid && s->block == block) {
			s->used = ++v->clock;
			*data = s->data;
			return 0;
		}
		if (victim->valid && (!s->valid || s->used < victim->used))
			victim = s;
	}
	if (at >= v->dev_bytes)
		return -EIO;
	/* The last block may run past the device's end (past the volume too): only what exists is read. */
	len = (size_t)min_u64(v->block_size, v->dev_bytes - at);
	victim->valid = false;
	rc = kiln_block_read(v->dev, at / v->dev_sector, victim->data, len);
	if (rc < 0)
		return rc;
	memset(victim->data + len, 0, v->block_size - len);
	victim->block = block;
	victim->valid = true;
	victim->used = ++v->clock;
	*data = victim->data;
	return 0;
}

int fat_vol_read_meta(struct fat_vol *v, uint64_t off, void *buf, size_t len)
{
	uint8_t *out = buf;

	if (off > v->g.volume_bytes || len > v->g.volume_bytes - off)
		return -EIO;
	while (len > 0) {
		const uint8_t *data;
		size_t in = (size_t)(off % v->block_size);
		size_t n = (size_t)min_u64(len, v->block_size - in);
		int rc = cache_get(v, off / v->block_size, &data);
		if (rc < 0)
			return rc;
		memcpy(out, data + in, n);
		out += n;
		off += n;
		len -= n;
	}
	return 0;
}

bool fat_vol_valid_cluster(const struct fat_vol *v, uint32_t cluster)
{
	return cluster >= 2 && cluster - 2 < v->g.clusters;
}

uint64_t fat_vol_cluster_start(const struct fat_vol *v, uint32_t cluster)
{
	return v->g.data_start + (uint64_t)(cluster - 2) * v->g.cluster_size;
}

/* The FAT's entry for cluster n, and the smallest value that ends a chain. */
static int fat_entry(struct fat_vol *v, uint32_t n, uint32_t *value, uint32_t *end)
{
	uint8_t b[4];
	int rc;

	switch (v->g.type) {
	case FAT12:
		rc = fat_vol_read_meta(v, v->g.fat_start + n + n / 2, b, 2);
		*value = (n & 1) ? (uint32_t)(b[0] >> 4 | b[1] << 4) : (uint32_t)(b[0] | (b[1] & 0x0F) << 8);
		*end = 0xFF8;
		break;
	case FAT16:
		rc = fat_vol_read_meta(v, v->g.fat_start + (uint64_t)n * 2, b, 2);
		*value = (uint32_t)(b[0] | b[1] << 8);
		*end = 0xFFF8;
		break;
	default:
		rc = fat_vol_read_meta(v, v->g.fat_start + (uint64_t)n * 4, b, 4);
		*value = ((uint32_t)b[0] | (uint32_t)b[1] << 8 | (uint32_t)b[2] << 16 | (uint32_t)b[3] << 24) & 0x0FFFFFFF;
		*end = 0x0FFFFFF8;
		break;
	}
	return rc;
}

int fat_vol_next(struct fat_vol *v, uint32_t cluster, uint32_t *next)
{
	uint32_t value, end;
	int rc = fat_entry(v, cluster, &value, &end);

	if (rc < 0)
		return rc;
	if (value >= end)
		return 0;
	if (!fat_vol_valid_cluster(v, value)) {
		/* free (0), reserved (1), bad (end - 1) or a number past the last cluster */
		kiln_log_warn(&log_fat, "%s: the chain through cluster %u is broken: the FAT says 0x%x", v->name,
			      cluster, value);
		return -EIO;
	}
	*next = value;
	return 1;
}

void fat_chain_start(struct fat_chain *ch, uint32_t first)
{
	*ch = (struct fat_chain){ .cluster = first, .tortoise = first, .power = 1, .lam = 1 };
}

int fat_chain_next(struct fat_vol *v, struct fat_chain *ch)
{
	int rc = fat_vol_next(v, ch->cluster, &ch->cluster);

	if (rc <= 0)
		return rc;
	if (ch->cluster == ch->tortoise) {
		kiln_log_warn(&log_fat, "%s: a cluster chain loops back to cluster %u", v->name, ch->cluster);
		return -EIO;
	}
	if (ch->power == ch->lam) { /* leave the tortoise at the next power of two */
		ch->tortoise = ch->cluster;
		ch->power *= 2;
		ch->lam = 0;
	}
	ch->lam++;
	return 1;
}

/* The length of the chain from first, walked to its end. Returns 0 or -EIO (broken, or a loop) or -errno. */
static int chain_length(struct fat_vol *v, uint32_t first, uint32_t *len)
{
	struct fat_chain ch;
	int rc;

	if (!fat_vol_valid_cluster(v, first)) {
		kiln_log_warn(&log_fat, "%s: a file starts at cluster %u, not a data cluster", v->name, first);
		return -EIO;
	}
	fat_chain_start(&ch, first);
	*len = 1;
	while ((rc = fat_chain_next(v, &ch)) > 0)
		(*len)++;
	return rc;
}

/* Moves the cursor to the file's next cluster; past the chain's end is -EIO, and forgets the cursor. */
static int cursor_step(struct fat_vol *v)
{
	struct fat_cursor *c = &v->cursor;
	int rc = fat_vol_next(v, c->cluster, &c->cluster);

	if (rc == 0)
		rc = -EIO;
	if (rc < 0) {
		c->first = 0;
		return rc;
	}
	c->index++;
	return 0;
}

/* Puts the cursor on cluster index of the file, checking first that its chain has need clusters. */
static int cursor_seek(struct fat_vol *v, uint32_t first, uint64_t need, uint32_t index)
{
	struct fat_cursor *c = &v->cursor;
	int rc = 0;

	if (c->first != first) {
		uint32_t len;
		rc = chain_length(v, first, &len);
		if (rc < 0)
			return rc;
		*c = (struct fat_cursor){ .first = first, .length = len, .index = 0, .cluster = first };
	}
	if (need > c->length) {
		kiln_log_warn(&log_fat, "%s: a file of %llu clusters has a chain of %u, from cluster %u", v->name,
			      (unsigned long long)need, c->length, first);
		return -EIO;
	}
	if (c->index > index) {
		c->index = 0;
		c->cluster = first;
	}
	while (rc == 0 && c->index < index)
		rc = cursor_step(v);
	return rc;
}

/* Reads len bytes of the volume at off: whole device sectors straight into buf, the ragged ends through the cache. */
static int read_data(struct fat_vol *v, uint64_t off, uint8_t *buf, size_t len)
{
	size_t head = (size_t)min_u64(len, (v->dev_sector - off % v->dev_sector) % v->dev_sector);
	size_t body = (len - head) / v->dev_sector * v->dev_sector;
	int rc = 0;

	if (head)
		rc = fat_vol_read_meta(v, off, buf, head);
	if (rc == 0 && body)
		rc = kiln_block_read(v->dev, (off + head) / v->dev_sector, buf + head, body);
	if (rc == 0 && len > head + body)
		rc = fat_vol_read_meta(v, off + head + body, buf + head + body, len - head - body);
	return rc;
}

int fat_vol_read_file(struct fat_vol *v, uint32_t first, uint64_t size, uint64_t offset, void *buf, size_t len)
{
	uint64_t cs = v->g.cluster_size, pos = offset % cs;
	uint8_t *out = buf;
	int rc;

	if (offset > size || len > size - offset)
		return -EINVAL;
	if (len == 0)
		return 0;
	rc = cursor_seek(v, first, (size + cs - 1) / cs, (uint32_t)(offset / cs));
	/* Each pass reads one run of consecutive clusters, starting at the cursor's. */
	while (rc == 0 && len > 0) {
		uint32_t start = v->cursor.cluster, run = 1;
		uint64_t avail = cs - pos;
		while (avail < len) {
			rc = cursor_step(v);
			if (rc < 0 || v->cursor.cluster != start + run)
				break;
			run++;
			avail += cs;
		}
		if (rc < 0)
			break;
		avail = min_u64(avail, len);
		rc = read_data(v, fat_vol_cluster_start(v, start) + pos, out, (size_t)avail);
		out += avail;
		len -= (size_t)avail;
		pos = 0;
	}
	return rc;
}

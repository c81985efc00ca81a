/* kv_ro_fat.c: the FAT store: keys looked up through directories (fixed root or cluster chains), stat, read, list. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <kiln/log.h>

#include "device.h"
#include "fat.h"
#include "fat_dir.h"
#include "fat_vol.h"
#include "kv_ro_impl.h"

#define MAX_DIR_ENTRIES 65536 /* the FAT specification's limit (2 MiB) */

KILN_LOG_SRC(log_fat, "fat", "FAT file systems");

struct fat_kv {
	struct kiln_kv_ro kv; /* first: the handle is a pointer to it */
	struct fat_vol vol;
};

/* What a key names: the root directory, or a directory entry's file or directory. */
struct fat_node {
	bool root;
	bool dir;
	uint32_t cluster;
	uint32_t size;
};

/* Reads a directory's entries in order. */
struct dir_iter {
	struct fat_vol *v;
	bool fixed;             /* the FAT12/16 root directory, a region of root_entries entries */
	struct fat_chain chain; /* otherwise the clusters, and where the walk is */
	uint32_t in;            /* the offset of the next entry in the chain's cluster */
	uint32_t count;         /* entries read so far */
	struct fat_lfn lfn;
};

static int dir_open(struct dir_iter *it, struct fat_vol *v, const struct fat_node *dir)
{
	memset(it, 0, sizeof(*it));
	it->v = v;
	it->fixed = dir->root && v->g.type != FAT32;
	if (it->fixed)
		return 0;
	fat_chain_start(&it->chain, dir->root ? v->g.root_cluster : dir->cluster);
	if (!fat_vol_valid_cluster(v, it->chain.cluster)) {
		kiln_log_warn(&log_fat, "%s: a directory starts at cluster %u, not a data cluster", v->name,
			      it->chain.cluster);
		return -EIO;
	}
	return 0;
}

/* Where the next entry is: 1 with *off set, 0 at the directory's end, or -errno. */
static int dir_advance(struct dir_iter *it, uint64_t *off)
{
	struct fat_vol *v = it->v;

	if (it->fixed) {
		if (it->count >= v->g.root_entries)
			return 0;
		*off = v->g.root_start + (uint64_t)it->count * FAT_DIRENT_SIZE;
	} else {
		if (it->in == v->g.cluster_size) {
			int rc = fat_chain_next(v, &it->chain);
			if (rc <= 0)
				return rc;
			it->in = 0;
		}
		if (it->count >= MAX_DIR_ENTRIES) {
			kiln_log_warn(&log_fat, "%s: a directory goes on past %d entries", v->name,
				      MAX_DIR_ENTRIES);
			return -EIO;
		}
		*off = fat_vol_cluster_start(v, it->chain.cluster) + it->in;
		it->in += FAT_DIRENT_SIZE;
	}
	it->count++;
	return 1;
}

/* The next file or directory: 1 with *e filled, 0 at the end, or -errno. */
static int dir_next(struct dir_iter *it, struct fat_entry *e)
{
	uint8_t raw[FAT_DIRENT_SIZE];
	uint64_t off;
	int rc;

	while ((rc = dir_advance(it, &off)) > 0) {
		rc = fat_vol_read_meta(it->v, off, raw, sizeof(raw));
		if (rc < 0)
			return rc;
		switch (fat_dir_decode(&it->lfn, raw, it->v->g.type == FAT32, e)) {
		case FAT_DIR_END:
			return 0;
		case FAT_DIR_SKIP:
			break;
		case FAT_DIR_ENTRY:
			return 1;
		}
	}
	return rc;
}

/* Finds the entry named by the len bytes of name in directory dir; fills *out. Returns 0, -ENOENT or -errno. */
static int find(struct fat_vol *v, const struct fat_node *dir, const char *name, size_t len, struct fat_node *out)
{
	struct dir_iter it;
	struct fat_entry e;
	int rc = dir_open(&it, v, dir);

	while (rc == 0 && (rc = dir_next(&it, &e)) > 0) {
		if (fat_dir_matches(&e, name, len)) {
			*out = (struct fat_node){ .dir = e.dir, .cluster = e.cluster, .size = e.dir ? 0 : e.size };
			return 0;
		}
		rc = 0;
	}
	return rc < 0 ? rc : -ENOENT;
}

/* What the normalised key names. Returns 0, -ENOENT, -ENOTDIR (a component is a file) or -errno. */
static int lookup(struct fat_vol *v, const char *key, struct fat_node *node)
{
	*node = (struct fat_node){ .root = true, .dir = true };
	while (*key) {
		size_t len = strcspn(key, "/");
		int rc;
		if (!node->dir)
			return -ENOTDIR;
		rc = find(v, node, key, len, node);
		if (rc < 0)
			return rc;
		key += len;
		if (*key == '/')
			key++;
	}
	return 0;
}

static struct fat_vol *vol_of(struct kiln_kv_ro *kv)
{
	return &((struct fat_kv *)kv)->vol;
}

static int fat_stat(struct kiln_kv_ro *kv, const char *key, enum kiln_kv_kind *kind, uint64_t *size)
{
	struct fat_node node;
	int rc = lookup(vol_of(kv), key, &node);

	if (rc < 0)
		return rc;
	*kind = node.dir ? KILN_KV_DICTIONARY : KILN_KV_VALUE;
	*size = node.size;
	return 0;
}

static int fat_read(struct kiln_kv_ro *kv, const char *key, uint64_t offset, void *buf, size_t len, size_t *nread)
{
	struct fat_node node;
	size_t n;
	int rc = lookup(vol_of(kv), key, &node);

	if (rc < 0)
		return rc;
	if (node.dir)
		return -EISDIR;
	n = kv_ro_clip(node.size, offset, len);
	rc = n ? fat_vol_read_file(vol_of(kv), node.cluster, node.size, offset, buf, n) : 0;
	if (rc == 0)
		*nread = n;
	return rc;
}

static int fat_list(struct kiln_kv_ro *kv, const char *key, kiln_kv_list_fn fn, void *arg)
{
	struct fat_vol *v = vol_of(kv);
	struct fat_node node;
	struct dir_iter it;
	struct fat_entry e;
	int rc = lookup(v, key, &node);

	if (rc < 0)
		return rc;
	if (!node.dir)
		return -ENOTDIR;
	rc = dir_open(&it, v, &node);
	while (rc == 0 && (rc = dir_next(&it, &e)) > 0)
		rc = fn(arg, e.name, e.dir ? KILN_KV_DICTIONARY : KILN_KV_VALUE);
	return rc;
}

static const struct kiln_kv_ro_ops fat_ops = { fat_stat, fat_read, fat_list };

static void fat_release(void *dev)
{
	struct fat_kv *f = dev;

	fat_vol_close(&f->vol);
	free(f);
}

int kiln_fat_kv_ro_connect(struct kiln_kv_ro **out, struct kiln_block *block)
{
	struct fat_kv *f = calloc(1, sizeof(*f));
	int rc;

	if (!f)
		return -ENOMEM;
	rc = fat_vol_open(&f->vol, block);
	if (rc < 0) {
		free(f);
		return rc;
	}
	rc = kiln_device_own(f, fat_release);
	if (rc < 0) {
		fat_vol_close(&f->vol);
		free(f);
		return rc;
	}
	f->kv.ops = &fat_ops;
	f->kv.name = "fat";
	kiln_log_debug(&log_fat, "%s: FAT%d, %u clusters of %u bytes", f->vol.name, (int)f->vol.g.type,
		       f->vol.g.clusters, f->vol.g.cluster_size);
	*out = &f->kv;
	return 0;
}

void kiln_fat_kv_ro_disconnect(struct kiln_kv_ro *kv)
{
	struct fat_kv *f = (struct fat_kv *)kv;

	if (!f)
		return;
	kiln_device_disown(f);
	fat_release(f);
}

/* fuzz_fat.c: a libFuzzer target: the input is a disk image; the FAT store over it is walked whole, every value read. */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <kiln/kv_ro.h>
#include <kiln/log.h>

#include "block_impl.h"
#include "fat.h"

/* The device is at least 64 MiB, zeros past the input, so that FAT32 (65525 clusters or more)
 * is reachable from inputs of a few hundred KiB. Truncated devices are the unit tests' business. */
#define MIN_BYTES (64u << 20)
#define MAX_DEPTH 6
#define MAX_VISITS 256              /* entries looked at per input (each looks its path up again) */
#define MAX_READ (16u << 20)        /* bytes of values read per input */
#define CHUNK 65536
#define KEY_MAX 4096                /* kv_ro.c's limit: longer keys are -EINVAL */

struct image_block {
	struct kiln_block b; /* first: the handle is a pointer to it */
	const uint8_t *data;
	size_t len;
};

/* Copies what the input holds of the sectors; the rest reads as zeros. */
static int image_read(struct kiln_block *b, uint64_t sector, void *buf, size_t len)
{
	struct image_block *img = (struct image_block *)b;
	uint64_t at = sector * b->info.sector_size;
	size_t have = at < img->len ? img->len - (size_t)at : 0;

	if (have > len)
		have = len;
	if (have)
		memcpy(buf, img->data + at, have);
	memset((uint8_t *)buf + have, 0, len - have);
	return 0;
}

static int image_write(struct kiln_block *b, uint64_t sector, const void *buf, size_t len)
{
	(void)b, (void)sector, (void)buf, (void)len;
	return -EROFS;
}

static const struct kiln_block_ops image_ops = { image_read, image_write };

struct walk {
	struct kiln_kv_ro *kv;
	unsigned visits;
	uint64_t read;      /* bytes read so far */
	uint8_t *buf;       /* CHUNK bytes */
};

/* One directory being listed: its key, for making its children's. */
struct level {
	struct walk *w;
	const char *key;
	int depth;
};

/* A listed name must be usable as a key component. */
static void check_name(const char *name)
{
	if (!*name || strchr(name, '/') || strcmp(name, ".") == 0 || strcmp(name, "..") == 0) {
		fprintf(stderr, "listed an impossible name \"%s\"\n", name);
		abort();
	}
}

/* Reads the value at key in chunks, then a few bytes from its middle (going back), then all of it at once when small. */
static void read_value(struct walk *w, const char *key, uint64_t size)
{
	size_t n;
	char *all;

	for (uint64_t off = 0; off < size && w->read < MAX_READ; off += CHUNK) {
		if (kiln_kv_ro_read(w->kv, key, off, w->buf, CHUNK, &n) < 0)
			return;
		w->read += n;
	}
	if (size > 2)
		(void)kiln_kv_ro_read(w->kv, key, size / 2 - 1, w->buf, 3, &n);
	if (size <= CHUNK && kiln_kv_ro_get(w->kv, key, &all, &n) == 0)
		free(all);
}

/* Looks the key up in the other ASCII case too: 8.3 names match so, long names do not; anything may come of it. */
static void stat_other_case(struct walk *w, char *key)
{
	enum kiln_kv_kind kind;
	uint64_t size;

	for (char *p = key; *p; p++) {
		if (*p >= 'a' && *p <= 'z')
			*p = (char)(*p - 'a' + 'A');
		else if (*p >= 'A' && *p <= 'Z')
			*p = (char)(*p - 'A' + 'a');
	}
	(void)kiln_kv_ro_stat(w->kv, key, &kind, &size);
}

static int visit(void *arg, const char *name, enum kiln_kv_kind kind);

/* Lists the dictionary key, visiting each entry from inside the listing (the store must allow that). */
static void walk_dir(struct walk *w, const char *key, int depth)
{
	struct level l = { w, key, depth };

	(void)kiln_kv_ro_list(w->kv, key, visit, &l);
}

static int visit(void *arg, const char *name, enum kiln_kv_kind kind)
{
	struct level *l = arg;
	struct walk *w = l->w;
	char key[2 * KEY_MAX];
	enum kiln_kv_kind stat_kind;
	uint64_t size;
	int rc;

	check_name(name);
	if (++w->visits > MAX_VISITS)
		return 1;
	if (strlen(l->key) + strlen(name) + 2 > sizeof(key))
		return 0;
	snprintf(key, sizeof(key), "%s%s%s", l->key, *l->key ? "/" : "", name);
	rc = kiln_kv_ro_stat(w->kv, key, &stat_kind, &size);
	/* The listing found the name, so a lookup finds it (or an earlier entry of the same name). */
	if (rc < 0 && !(rc == -EINVAL && strlen(key) >= KEY_MAX - 1)) {
		fprintf(stderr, "listed \"%s\" but stat says %d\n", key, rc);
		abort();
	}
	if (rc < 0)
		return 0;
	if (kind == KILN_KV_DICTIONARY && stat_kind == KILN_KV_DICTIONARY && l->depth < MAX_DEPTH)
		walk_dir(w, key, l->depth + 1);
	else if (stat_kind == KILN_KV_VALUE)
		read_value(w, key, size);
	stat_other_case(w, key);
	return 0;
}

/* Connects a store over the input as a device of sector_size bytes per sector and walks it all. */
static void walk_image(const uint8_t *data, size_t len, uint32_t sector_size)
{
	static uint8_t buf[CHUNK];
	uint64_t bytes = len > MIN_BYTES ? len : MIN_BYTES;
	struct image_block img = { { &image_ops, { sector_size, (bytes + sector_size - 1) / sector_size, false },
				     "fuzz" }, data, len };
	struct walk w = { NULL, 0, 0, buf };

	if (kiln_fat_kv_ro_connect(&w.kv, &img.b) < 0)
		return;
	walk_dir(&w, "", 0);
	kiln_fat_kv_ro_disconnect(w.kv);
}

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t len);

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc, (void)argv;
	kiln_log_set_spec("quiet");
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t len)
{
	/* Device sectors the size of the FAT's (usually), and larger than the FAT's. */
	walk_image(data, len, 512);
	walk_image(data, len, 4096);
	return 0;
}

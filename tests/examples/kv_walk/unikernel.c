/* unikernel.c: prints "<kind> <size> <fnv1a-64> <key>" for every entry of the store, reading values in odd-sized chunks. */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "start_gen.h"

struct walk {
	struct kiln_console *c;
	struct kiln_kv_ro *kv;
	const char *dir;
	int depth;
};

/* FNV-1a over the value at key, read 1000 bytes at a time; the size is checked against kiln_kv_ro_size. */
static int checksum(struct kiln_kv_ro *kv, const char *key, uint64_t *size, uint64_t *hash)
{
	unsigned char buf[1000];
	uint64_t off = 0, expected;
	size_t n;
	int rc = kiln_kv_ro_size(kv, key, &expected);

	*hash = 14695981039346656037ull;
	while (rc == 0) {
		rc = kiln_kv_ro_read(kv, key, off, buf, sizeof(buf), &n);
		if (rc < 0 || n == 0)
			break;
		for (size_t i = 0; i < n; i++)
			*hash = (*hash ^ buf[i]) * 1099511628211ull;
		off += n;
	}
	*size = off;
	return rc < 0 ? rc : off == expected ? 0 : -EIO;
}

static int visit(void *arg, const char *name, enum kiln_kv_kind kind);

static int walk_dir(struct walk *w, const char *dir)
{
	struct walk sub = { w->c, w->kv, dir, w->depth + 1 };

	return w->depth > 16 ? -ELOOP : kiln_kv_ro_list(w->kv, dir, visit, &sub);
}

static int visit(void *arg, const char *name, enum kiln_kv_kind kind)
{
	struct walk *w = arg;
	char key[1024];
	uint64_t size = 0, hash = 0;
	int rc;

	snprintf(key, sizeof(key), "%s%s%s", w->dir, *w->dir ? "/" : "", name);
	if (kind == KILN_KV_DICTIONARY) {
		rc = kiln_console_logf(w->c, "dir - - %s", key);
		return rc < 0 ? rc : walk_dir(w, key);
	}
	rc = checksum(w->kv, key, &size, &hash);
	if (rc < 0)
		return kiln_console_logf(w->c, "error %s: %s", key, strerror(-rc)) < 0 ? -EIO : rc;
	return kiln_console_logf(w->c, "value %" PRIu64 " %016" PRIx64 " %s", size, hash, key);
}

int kv_walk_start(struct kiln_console *c, struct kiln_kv_ro *kv)
{
	struct walk root = { c, kv, "", 0 };
	char *v;
	size_t len;
	int rc = walk_dir(&root, "");

	if (rc < 0)
		return rc;
	/* Keys that are not there, or leave the store, are errors, not crashes. */
	kiln_console_logf(c, "missing: %d", kiln_kv_ro_get(kv, "no/such/key", &v, &len) == -ENOENT);
	kiln_console_logf(c, "dotdot: %d", kiln_kv_ro_get(kv, "../outside", &v, &len) == -EINVAL);
	kiln_console_logf(c, "dir-as-value: %d", kiln_kv_ro_get(kv, "sub", &v, &len) == -EISDIR);
	return 0;
}

/* kv_ro_impl.h: what a kv_ro backend (crunch, direct, FAT) provides behind struct kiln_kv_ro. */
#ifndef KILN_KV_RO_IMPL_H
#define KILN_KV_RO_IMPL_H

#include <kiln/kv_ro.h>

/* Backends receive normalised keys: no leading, trailing or doubled '/', no "." or ".."; "" is the root. */
struct kiln_kv_ro_ops {
	int (*stat)(struct kiln_kv_ro *kv, const char *key, enum kiln_kv_kind *kind, uint64_t *size);
	/* Reads up to len bytes at offset of the value at key, clipped to its size, with one lookup of
	 * the key; *nread is what was read. Returns 0, -ENOENT, -EISDIR (a dictionary) or -errno. */
	int (*read)(struct kiln_kv_ro *kv, const char *key, uint64_t offset, void *buf, size_t len, size_t *nread);
	int (*list)(struct kiln_kv_ro *kv, const char *key, kiln_kv_list_fn fn, void *arg);
};

struct kiln_kv_ro {
	const struct kiln_kv_ro_ops *ops;
	const char *name; /* for logs */
};

/* How many of len bytes at offset lie within a value of size bytes. */
static inline size_t kv_ro_clip(uint64_t size, uint64_t offset, size_t len)
{
	if (offset >= size)
		return 0;
	return len > size - offset ? (size_t)(size - offset) : len;
}

#endif

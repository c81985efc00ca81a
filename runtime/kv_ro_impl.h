/* kv_ro_impl.h: what a kv_ro backend (crunch, direct, FAT) provides behind struct kiln_kv_ro. */
#ifndef KILN_KV_RO_IMPL_H
#define KILN_KV_RO_IMPL_H

#include <kiln/kv_ro.h>

/* Backends receive normalised keys: no leading, trailing or doubled '/', no "." or ".."; "" is the root. */
struct kiln_kv_ro_ops {
	int (*stat)(struct kiln_kv_ro *kv, const char *key, enum kiln_kv_kind *kind, uint64_t *size);
	/* Reads within the value only: the caller has clipped [offset, offset + len) to its size. */
	int (*read)(struct kiln_kv_ro *kv, const char *key, uint64_t offset, void *buf, size_t len);
	int (*list)(struct kiln_kv_ro *kv, const char *key, kiln_kv_list_fn fn, void *arg);
};

struct kiln_kv_ro {
	const struct kiln_kv_ro_ops *ops;
	const char *name; /* for logs */
};

#endif

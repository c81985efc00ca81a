/* crunch.h: a directory compiled into the unikernel (the crunch store), as kiln configure generates it. */
#ifndef KILN_CRUNCH_H
#define KILN_CRUNCH_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct kiln_kv_ro;

/* One file or directory of the crunched tree; paths are normalised keys ("a/b.txt"). */
struct kiln_crunch_entry {
	const char *path;
	const unsigned char *data; /* NULL for a directory */
	uint64_t size;
	bool dir;
};

/* The tree: entries sorted by path with strcmp (the generator writes them so), the root excluded. */
struct kiln_crunch_tree {
	const struct kiln_crunch_entry *entries;
	size_t n;
};

/* Connects a store over a generated tree (static data; the handle is owned by the runtime). */
int kiln_crunch_connect(struct kiln_kv_ro **out, const struct kiln_crunch_tree *tree);

#endif

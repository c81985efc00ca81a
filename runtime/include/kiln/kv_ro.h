/* kv_ro.h: the read-only key/value store: values and dictionaries named by '/'-separated keys. */
#ifndef KILN_KV_RO_H
#define KILN_KV_RO_H

#include <stddef.h>
#include <stdint.h>

struct kiln_kv_ro;

enum kiln_kv_kind {
	KILN_KV_VALUE,      /* a file */
	KILN_KV_DICTIONARY, /* a directory */
};

/*
 * Keys are paths inside the store: "a/b.txt" or "/a/b.txt" (the same key); "" or "/"
 * is the root dictionary. A ".." component is refused with -EINVAL. A key that does
 * not exist is -ENOENT, never a crash.
 */

/* What key is; with size (if not NULL) set to a value's length in bytes. Returns 0 or -errno. */
int kiln_kv_ro_stat(struct kiln_kv_ro *kv, const char *key, enum kiln_kv_kind *kind, uint64_t *size);

/* A value's size; -EISDIR for a dictionary. */
int kiln_kv_ro_size(struct kiln_kv_ro *kv, const char *key, uint64_t *size);

/*
 * Reads up to len bytes of the value at key from offset into buf; *nread is how many
 * (fewer than len only at the end of the value; 0 at or past it). Returns 0 or -errno.
 */
int kiln_kv_ro_read(struct kiln_kv_ro *kv, const char *key, uint64_t offset, void *buf, size_t len,
		    size_t *nread);

/*
 * Reads the whole value at key into *value, a new buffer the caller frees, with a NUL
 * after its *len bytes. Returns 0, -ENOENT, -EISDIR, -EFBIG (too large for memory) or -errno.
 */
int kiln_kv_ro_get(struct kiln_kv_ro *kv, const char *key, char **value, size_t *len);

/* Called for each entry of a dictionary; a non-zero return stops the listing and is returned. */
typedef int (*kiln_kv_list_fn)(void *arg, const char *name, enum kiln_kv_kind kind);

/* Lists the dictionary at key (its direct entries, in the store's order). Returns 0, -ENOTDIR or -errno. */
int kiln_kv_ro_list(struct kiln_kv_ro *kv, const char *key, kiln_kv_list_fn fn, void *arg);

/* Connects the store at the host directory dir (unix): keys are paths beneath it, and none
 * may leave it (through "..", or a symbolic link pointing outside). Owned by the runtime. */
int kiln_direct_kv_ro_connect(struct kiln_kv_ro **out, const char *dir);

struct kiln_block;

/* Connects a FAT12/16/32 file system on block as a store (VFAT long names, subdirectories).
 * A corrupt image gives -EIO (or -EINVAL for a bad boot sector) from the calls, never a crash. */
int kiln_fat_kv_ro_connect(struct kiln_kv_ro **out, struct kiln_block *block);

#endif

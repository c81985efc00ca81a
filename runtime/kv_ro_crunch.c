/* kv_ro_crunch.c: the crunch store: a directory generated into C at configure time, looked up by binary search. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <kiln/crunch.h>

#include "device.h"
#include "kv_ro_impl.h"

struct crunch {
	struct kiln_kv_ro kv; /* first: the handle is a pointer to it */
	const struct kiln_crunch_tree *tree;
};

static const struct kiln_crunch_entry *find(const struct kiln_crunch_tree *t, const char *key)
{
	size_t lo = 0, hi = t->n;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int c = strcmp(t->entries[mid].path, key);
		if (c == 0)
			return &t->entries[mid];
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;
}

static int crunch_stat(struct kiln_kv_ro *kv, const char *key, enum kiln_kv_kind *kind, uint64_t *size)
{
	const struct kiln_crunch_entry *e;

	if (!*key) {
		*kind = KILN_KV_DICTIONARY;
		*size = 0;
		return 0;
	}
	e = find(((struct crunch *)kv)->tree, key);
	if (!e)
		return -ENOENT;
	*kind = e->dir ? KILN_KV_DICTIONARY : KILN_KV_VALUE;
	*size = e->size;
	return 0;
}

static int crunch_read(struct kiln_kv_ro *kv, const char *key, uint64_t offset, void *buf, size_t len,
		       size_t *nread)
{
	const struct kiln_crunch_entry *e = *key ? find(((struct crunch *)kv)->tree, key) : NULL;

	if (!*key || (e && e->dir))
		return -EISDIR;
	if (!e)
		return -ENOENT;
	*nread = kv_ro_clip(e->size, offset, len);
	if (*nread)
		memcpy(buf, e->data + offset, *nread);
	return 0;
}

/* Lists the direct children of key: entries "key/name" with no further '/'. */
static int crunch_list(struct kiln_kv_ro *kv, const char *key, kiln_kv_list_fn fn, void *arg)
{
	const struct kiln_crunch_tree *t = ((struct crunch *)kv)->tree;
	size_t plen = strlen(key);

	for (size_t i = 0; i < t->n; i++) {
		const struct kiln_crunch_entry *e = &t->entries[i];
		const char *name = e->path;
		int rc;
		if (plen) {
			if (strncmp(name, key, plen) != 0 || name[plen] != '/')
				continue;
			name += plen + 1;
		}
		if (strchr(name, '/'))
			continue;
		rc = fn(arg, name, e->dir ? KILN_KV_DICTIONARY : KILN_KV_VALUE);
		if (rc)
			return rc;
	}
	return 0;
}

static const struct kiln_kv_ro_ops crunch_ops = { crunch_stat, crunch_read, crunch_list };

int kiln_crunch_connect(struct kiln_kv_ro **out, const struct kiln_crunch_tree *tree)
{
	struct crunch *c = calloc(1, sizeof(*c));

	if (!c)
		return -ENOMEM;
	if (kiln_device_own(c, free) < 0) {
		free(c);
		return -ENOMEM;
	}
	c->kv.ops = &crunch_ops;
	c->kv.name = "crunch";
	c->tree = tree;
	*out = &c->kv;
	return 0;
}

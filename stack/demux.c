/* demux.c: the handler tables of the dispatching layers. */
#include <errno.h>

#include "demux.h"

int demux_set(struct demux_slot *t, size_t n, unsigned key, demux_fn *fn, void *ctx)
{
	struct demux_slot *free_slot = NULL;

	for (size_t i = 0; i < n; i++) {
		if (t[i].fn && t[i].key == key) {
			t[i] = (struct demux_slot){ key, fn, ctx };
			return 0;
		}
		if (!t[i].fn && !free_slot)
			free_slot = &t[i];
	}
	if (!fn)
		return 0;
	if (!free_slot)
		return -ENOSPC;
	*free_slot = (struct demux_slot){ key, fn, ctx };
	return 0;
}

const struct demux_slot *demux_find(const struct demux_slot *t, size_t n, unsigned key)
{
	for (size_t i = 0; i < n; i++)
		if (t[i].fn && t[i].key == key)
			return &t[i];
	return NULL;
}

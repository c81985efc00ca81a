/* demux.h: a small table from a protocol number to its handler, for the layers that dispatch (Ethernet by type, IPv4 by protocol). */
#ifndef KILN_STACK_DEMUX_H
#define KILN_STACK_DEMUX_H

#include <stddef.h>

/* A handler of any type: each layer stores its own and casts it back before calling. */
typedef void demux_fn(void);

struct demux_slot {
	unsigned key;
	demux_fn *fn; /* NULL: a free slot */
	void *ctx;
};

/* Sets (or with fn NULL removes) the handler of key among t[0..n). Returns 0 or -ENOSPC. */
int demux_set(struct demux_slot *t, size_t n, unsigned key, demux_fn *fn, void *ctx);

/* The slot of key, or NULL. */
const struct demux_slot *demux_find(const struct demux_slot *t, size_t n, unsigned key);

#endif

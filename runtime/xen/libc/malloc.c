/* malloc.c (kiln-xen libc): the heap: boundary-tagged blocks, coalesced when freed, in power-of-two free bins. */
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "../../platform.h"
#include "../shutdown.h"
#include "malloc.h"

#define ALIGN 16
#define USED ((size_t)1)
#define NBINS 64

/* Every block starts with this header; the payload follows it, 16-byte aligned. */
struct block {
	size_t prev_size; /* the size of the block just below, 0 for the first block */
	size_t size;      /* the whole block's size in bytes (a multiple of ALIGN), | USED */
};

/* A free block keeps its bin links in what would be its payload. */
struct free_block {
	struct block hdr;
	struct free_block *next, *prev;
};

#define HDR sizeof(struct block)
#define MIN_BLOCK sizeof(struct free_block)

static struct {
	char *start, *end;             /* the arena; a used, empty block at end - HDR closes it */
	struct free_block *bins[NBINS]; /* bin k holds free blocks of [2^k, 2^(k+1)) bytes */
} heap;

static size_t block_size(const struct block *b)
{
	return b->size & ~USED;
}

static struct block *next_block(struct block *b)
{
	return (struct block *)((char *)b + block_size(b));
}

static unsigned bin_of(size_t size)
{
	return 63u - (unsigned)__builtin_clzll(size);
}

static void bin_insert(struct free_block *f)
{
	struct free_block **bin = &heap.bins[bin_of(f->hdr.size)];

	f->prev = NULL;
	f->next = *bin;
	if (*bin)
		(*bin)->prev = f;
	*bin = f;
}

static void bin_remove(struct free_block *f)
{
	if (f->prev)
		f->prev->next = f->next;
	else
		heap.bins[bin_of(f->hdr.size)] = f->next;
	if (f->next)
		f->next->prev = f->prev;
}

/* Sets b's size (keeping its USED bit as given) and tells the next block. */
static void set_size(struct block *b, size_t size, size_t used)
{
	b->size = size | used;
	next_block(b)->prev_size = size;
}

/* Makes b (not in a bin) free, merged with free neighbours, and puts it in its bin. */
static void release(struct block *b)
{
	struct block *next = next_block(b);
	size_t size = block_size(b);

	if (!(next->size & USED)) {
		bin_remove((struct free_block *)next);
		size += block_size(next);
	}
	if (b->prev_size) {
		struct block *prev = (struct block *)((char *)b - b->prev_size);
		if (!(prev->size & USED)) {
			bin_remove((struct free_block *)prev);
			size += block_size(prev);
			b = prev;
		}
	}
	set_size(b, size, 0);
	bin_insert((struct free_block *)b);
}

/* Cuts a used block b down to size bytes, freeing the rest when it can be a block of its own. */
static void trim(struct block *b, size_t size)
{
	size_t have = block_size(b);

	if (have - size < MIN_BLOCK)
		return;
	set_size(b, size, USED);
	struct block *rest = next_block(b);
	rest->size = have - size; /* rest->prev_size was set by set_size */
	next_block(rest)->prev_size = have - size;
	release(rest);
}

void kiln_xen_heap_init(void *start, void *end)
{
	char *s = (char *)(((uintptr_t)start + ALIGN - 1) & ~(uintptr_t)(ALIGN - 1));
	char *e = (char *)((uintptr_t)end & ~(uintptr_t)(ALIGN - 1));
	struct block *first = (struct block *)s, *last = (struct block *)(e - HDR);

	heap.start = s;
	heap.end = e;
	first->prev_size = 0;
	last->size = USED; /* the closing block: size 0, never merged */
	set_size(first, (size_t)((char *)last - s), 0);
	bin_insert((struct free_block *)first);
}

/* The block size that holds n payload bytes, or 0 when n is absurdly large. */
static size_t size_for(size_t n)
{
	if (n > SIZE_MAX / 2)
		return 0;
	n = (n + HDR + ALIGN - 1) & ~(size_t)(ALIGN - 1);
	return n < MIN_BLOCK ? MIN_BLOCK : n;
}

/* Takes a free block of at least size bytes out of the bins, or NULL. */
static struct block *take(size_t size)
{
	unsigned b = bin_of(size);

	/* In size's own bin blocks may be too small; any block of a higher bin fits. */
	for (struct free_block *f = heap.bins[b]; f; f = f->next) {
		if (f->hdr.size >= size) {
			bin_remove(f);
			return &f->hdr;
		}
	}
	for (b++; b < NBINS; b++) {
		if (heap.bins[b]) {
			struct free_block *f = heap.bins[b];
			bin_remove(f);
			return &f->hdr;
		}
	}
	return NULL;
}

void *malloc(size_t n)
{
	size_t size = size_for(n);
	struct block *b = size ? take(size) : NULL;

	if (!b)
		return NULL;
	b->size |= USED;
	trim(b, size);
	return (char *)b + HDR;
}

/* The block of a pointer malloc returned; a pointer it did not return crashes with a report. */
static struct block *block_of(void *p)
{
	struct block *b = (struct block *)((char *)p - HDR);

	if ((char *)p < heap.start + HDR || (char *)p >= heap.end || ((uintptr_t)p & (ALIGN - 1)) ||
	    !(b->size & USED) || block_size(b) < MIN_BLOCK) {
		static const char msg[] = "kiln: free() or realloc() of a pointer that is not a live heap block\n";
		kiln_plat_console_write(msg, sizeof(msg) - 1);
		kiln_xen_crash();
	}
	return b;
}

void free(void *p)
{
	if (p)
		release(block_of(p));
}

void *calloc(size_t n, size_t size)
{
	void *p;

	if (size && n > SIZE_MAX / size)
		return NULL;
	p = malloc(n * size);
	if (p)
		memset(p, 0, n * size);
	return p;
}

/* Grows b in place into a free next block, when that makes it size bytes. */
static bool grow_in_place(struct block *b, size_t size)
{
	struct block *next = next_block(b);
	size_t have = block_size(b);

	if ((next->size & USED) || have + block_size(next) < size)
		return false;
	bin_remove((struct free_block *)next);
	set_size(b, have + block_size(next), USED);
	trim(b, size);
	return true;
}

void *realloc(void *p, size_t n)
{
	struct block *b;
	size_t size = size_for(n);
	void *q;

	if (!p)
		return malloc(n);
	b = block_of(p);
	if (!size)
		return NULL;
	if (block_size(b) >= size) {
		trim(b, size);
		return p;
	}
	if (grow_in_place(b, size))
		return p;
	q = malloc(n);
	if (q) {
		memcpy(q, p, block_size(b) - HDR);
		free(p);
	}
	return q;
}

void *aligned_alloc(size_t alignment, size_t n)
{
	size_t size = size_for(n);
	struct block *b;
	uintptr_t payload;

	if (alignment <= ALIGN)
		return malloc(n);
	if (alignment & (alignment - 1) || !size || size > SIZE_MAX - alignment - MIN_BLOCK)
		return NULL;
	b = take(size + alignment + MIN_BLOCK);
	if (!b)
		return NULL;
	b->size |= USED;
	/* The first aligned payload with room below it for a free block (or none at all). */
	payload = ((uintptr_t)b + HDR + alignment - 1) & ~(uintptr_t)(alignment - 1);
	if (payload - HDR != (uintptr_t)b && payload - HDR - (uintptr_t)b < MIN_BLOCK)
		payload += alignment;
	if (payload - HDR != (uintptr_t)b) {
		struct block *a = (struct block *)(payload - HDR);
		size_t lead = payload - HDR - (uintptr_t)b;
		a->size = block_size(b) - lead;
		a->prev_size = lead;
		set_size(a, block_size(a), USED);
		b->size = lead | USED;
		release(b);
		b = a;
	}
	trim(b, size);
	return (void *)payload;
}

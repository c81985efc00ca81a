/* ipv4_reass.c: IPv4 fragment reassembly: a few datagrams at once, a memory cap, a timeout, no overlaps. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "ipv4_reass.h"

#define MAX_DATAGRAM 65515 /* payload bytes: 65535 minus the smallest header */
#define RANGES 64          /* separate pieces of one datagram held at once */
#define GROW_STEP 8192

struct range {
	size_t lo, hi;
};

struct datagram {
	int used;
	struct reass_key key;
	uint64_t started;
	uint8_t *buf; /* owned */
	size_t cap;
	size_t end; /* the datagram's length once its last fragment came, else 0 */
	struct range ranges[RANGES]; /* received, sorted, neither touching nor overlapping */
	unsigned nranges;
};

struct reass {
	struct datagram d[REASS_DATAGRAMS];
	size_t memory;
	uint8_t *done; /* the last completed datagram, owned until the next call */
};

struct reass *reass_new(void)
{
	return calloc(1, sizeof(struct reass));
}

static void drop(struct reass *r, struct datagram *d)
{
	r->memory -= d->cap;
	free(d->buf);
	memset(d, 0, sizeof(*d));
}

void reass_free(struct reass *r)
{
	if (!r)
		return;
	for (int i = 0; i < REASS_DATAGRAMS; i++)
		if (r->d[i].used)
			drop(r, &r->d[i]);
	free(r->done);
	free(r);
}

size_t reass_memory(const struct reass *r)
{
	return r->memory;
}

static int same_key(const struct reass_key *a, const struct reass_key *b)
{
	return a->src == b->src && a->dst == b->dst && a->id == b->id && a->proto == b->proto;
}

/* The datagram of key, or a new one (the oldest is dropped when all slots are taken). */
static struct datagram *lookup(struct reass *r, const struct reass_key *key, uint64_t now)
{
	struct datagram *oldest = NULL, *free_slot = NULL;

	for (int i = 0; i < REASS_DATAGRAMS; i++) {
		struct datagram *d = &r->d[i];
		if (d->used && same_key(&d->key, key))
			return d;
		if (!d->used && !free_slot)
			free_slot = d;
		if (d->used && (!oldest || d->started < oldest->started))
			oldest = d;
	}
	if (!free_slot) {
		drop(r, oldest);
		free_slot = oldest;
	}
	free_slot->used = 1;
	free_slot->key = *key;
	free_slot->started = now;
	return free_slot;
}

/* Whether [lo, hi) may join d: 1 yes, 0 an exact duplicate (ignored), -EINVAL refused. */
static int check_fragment(const struct datagram *d, size_t lo, size_t hi, int more)
{
	if (!more && ((d->end && d->end != hi) || (d->nranges && d->ranges[d->nranges - 1].hi > hi)))
		return -EINVAL;
	if (more && d->end && hi > d->end)
		return -EINVAL;
	for (unsigned i = 0; i < d->nranges; i++) {
		if (lo >= d->ranges[i].hi || hi <= d->ranges[i].lo)
			continue;
		return lo == d->ranges[i].lo && hi == d->ranges[i].hi ? 0 : -EINVAL;
	}
	return 1;
}

/* Records [lo, hi) among d's ranges, merging it with those it touches. -EINVAL when there are too many. */
static int add_range(struct datagram *d, size_t lo, size_t hi)
{
	unsigned i = 0, j;

	while (i < d->nranges && d->ranges[i].hi < lo)
		i++;
	/* Ranges i.. start at or after lo (none overlaps): merge with the one before and after when touching. */
	if (i < d->nranges && d->ranges[i].hi == lo) {
		d->ranges[i].hi = hi;
		if (i + 1 < d->nranges && d->ranges[i + 1].lo == hi) {
			d->ranges[i].hi = d->ranges[i + 1].hi;
			memmove(&d->ranges[i + 1], &d->ranges[i + 2], (d->nranges - i - 2) * sizeof(d->ranges[0]));
			d->nranges--;
		}
		return 0;
	}
	if (i < d->nranges && d->ranges[i].lo == hi) {
		d->ranges[i].lo = lo;
		return 0;
	}
	if (d->nranges == RANGES)
		return -EINVAL;
	for (j = d->nranges; j > i; j--)
		d->ranges[j] = d->ranges[j - 1];
	d->ranges[i] = (struct range){ lo, hi };
	d->nranges++;
	return 0;
}

/* Makes d's buffer hold need bytes within the memory cap. Returns 0 or -ENOBUFS/-ENOMEM. */
static int reserve(struct reass *r, struct datagram *d, size_t need)
{
	size_t cap;
	uint8_t *buf;

	if (need <= d->cap)
		return 0;
	cap = (need + GROW_STEP - 1) / GROW_STEP * GROW_STEP;
	if (cap > MAX_DATAGRAM)
		cap = MAX_DATAGRAM;
	if (r->memory - d->cap + cap > REASS_MEMORY)
		return -ENOBUFS;
	buf = realloc(d->buf, cap);
	if (!buf)
		return -ENOMEM;
	r->memory += cap - d->cap;
	d->buf = buf;
	d->cap = cap;
	return 0;
}

int reass_add(struct reass *r, const struct reass_key *key, size_t off, const uint8_t *data, size_t len,
	      int more, uint64_t now, const uint8_t **out, size_t *out_len)
{
	struct datagram *d;
	int rc;

	free(r->done);
	r->done = NULL;
	for (int i = 0; i < REASS_DATAGRAMS; i++)
		if (r->d[i].used && now - r->d[i].started > REASS_TIMEOUT_NS)
			drop(r, &r->d[i]);
	d = lookup(r, key, now);
	if (off > MAX_DATAGRAM || len == 0 || len > MAX_DATAGRAM - off || (more && len % 8 != 0)) {
		rc = -EINVAL;
		goto refuse;
	}
	rc = check_fragment(d, off, off + len, more);
	if (rc <= 0)
		goto refuse;
	rc = reserve(r, d, off + len);
	if (rc == 0)
		rc = add_range(d, off, off + len);
	if (rc < 0)
		goto refuse;
	memcpy(d->buf + off, data, len);
	if (!more)
		d->end = off + len;
	if (!d->end || d->nranges != 1 || d->ranges[0].lo != 0 || d->ranges[0].hi != d->end)
		return 0;
	*out = r->done = d->buf;
	*out_len = d->end;
	r->memory -= d->cap;
	memset(d, 0, sizeof(*d));
	return 1;
refuse:
	/* A duplicate (0) changes nothing; anything else ends the datagram. */
	if (rc < 0)
		drop(r, d);
	return rc;
}

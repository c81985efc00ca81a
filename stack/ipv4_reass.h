/* ipv4_reass.h: IPv4 fragment reassembly with bounded memory and timeouts; overlapping fragments are refused. */
#ifndef KILN_STACK_IPV4_REASS_H
#define KILN_STACK_IPV4_REASS_H

#include <stddef.h>
#include <stdint.h>

#define REASS_DATAGRAMS 8          /* datagrams being reassembled at once */
#define REASS_MEMORY (256 * 1024)  /* bytes of buffers they may hold together */
#define REASS_TIMEOUT_NS 30000000000ull

/* The identity of a datagram being reassembled (RFC 791). */
struct reass_key {
	uint32_t src, dst;
	uint16_t id;
	uint8_t proto;
};

struct reass;

/* An empty reassembly state; the caller owns it (reass_free). NULL when out of memory. */
struct reass *reass_new(void);
void reass_free(struct reass *r);

/*
 * Adds the fragment of key at byte offset off, of len bytes, the last one when !more. When it
 * completes the datagram, returns 1 with *out (owned by r, valid until the next call) and *out_len.
 * Returns 0 while incomplete, or -EINVAL when the fragment is refused (it overlaps another in part,
 * is empty or ends past 65535 - 20, a non-last length is not a multiple of 8, it contradicts the known end):
 * the whole datagram is dropped then, and -ENOBUFS when the memory cap is reached.
 * now is the monotonic time: datagrams older than REASS_TIMEOUT_NS are dropped first.
 */
int reass_add(struct reass *r, const struct reass_key *key, size_t off, const uint8_t *data, size_t len,
	      int more, uint64_t now, const uint8_t **out, size_t *out_len);

/* The bytes currently held, for the tests of the cap. */
size_t reass_memory(const struct reass *r);

#endif

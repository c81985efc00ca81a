/* tcp_isn.c: initial sequence numbers as RFC 6528 has them: SipHash-2-4 of the 4-tuple plus a 4 µs clock. */
#include <kiln/random.h>

#include "tcp_isn.h"

int tcp_isn_key_init(struct tcp_isn_key *key)
{
	struct kiln_random *r;
	int rc = kiln_random_connect_default(&r);

	if (rc < 0)
		return rc;
	return kiln_random_fill(r, key, sizeof(*key));
}

static uint64_t rotl(uint64_t x, int b)
{
	return x << b | x >> (64 - b);
}

struct sip {
	uint64_t v0, v1, v2, v3;
};

static void sip_round(struct sip *s)
{
	s->v0 += s->v1;
	s->v1 = rotl(s->v1, 13) ^ s->v0;
	s->v0 = rotl(s->v0, 32);
	s->v2 += s->v3;
	s->v3 = rotl(s->v3, 16) ^ s->v2;
	s->v0 += s->v3;
	s->v3 = rotl(s->v3, 21) ^ s->v0;
	s->v2 += s->v1;
	s->v1 = rotl(s->v1, 17) ^ s->v2;
	s->v2 = rotl(s->v2, 32);
}

/* Absorbs one 64-bit message word with two compression rounds. */
static void sip_word(struct sip *s, uint64_t m)
{
	s->v3 ^= m;
	sip_round(s);
	sip_round(s);
	s->v0 ^= m;
}

/* SipHash-2-4 of a 16-byte message given as two little-endian words. */
static uint64_t siphash_2words(const struct tcp_isn_key *key, uint64_t m0, uint64_t m1)
{
	struct sip s = { key->k0 ^ 0x736f6d6570736575ull, key->k1 ^ 0x646f72616e646f6dull,
			 key->k0 ^ 0x6c7967656e657261ull, key->k1 ^ 0x7465646279746573ull };

	sip_word(&s, m0);
	sip_word(&s, m1);
	sip_word(&s, 16ull << 56); /* the length byte, no tail bytes */
	s.v2 ^= 0xff;
	for (int i = 0; i < 4; i++)
		sip_round(&s);
	return s.v0 ^ s.v1 ^ s.v2 ^ s.v3;
}

uint32_t tcp_isn(const struct tcp_isn_key *key, uint32_t laddr, uint16_t lport, uint32_t raddr,
		 uint16_t rport, uint64_t now_ns)
{
	uint64_t m0 = (uint64_t)laddr << 32 | raddr, m1 = (uint64_t)lport << 16 | rport;

	return (uint32_t)(now_ns / 4000) + (uint32_t)siphash_2words(key, m0, m1);
}

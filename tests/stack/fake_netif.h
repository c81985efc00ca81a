/* fake_netif.h: a network device in memory for the stack's tests and fuzzer: it keeps the frames sent and receives none. */
#ifndef KILN_TEST_FAKE_NETIF_H
#define KILN_TEST_FAKE_NETIF_H

#include <errno.h>
#include <string.h>

#include <kiln/fiber.h>

#include "netif_impl.h"
#include "platform.h"

#define FAKE_FRAMES 64
#define FAKE_FRAME_MAX 1514

struct fake_netif {
	struct kiln_netif n; /* first: the handle is a pointer to it */
	uint8_t frames[FAKE_FRAMES][FAKE_FRAME_MAX];
	size_t lens[FAKE_FRAMES];
	unsigned nsent; /* frames sent; the last FAKE_FRAMES are kept */
	/* Called with each frame sent, when set: a peer in the test can answer (with kiln_eth_input). */
	void (*on_send)(void *ctx, const uint8_t *frame, size_t len);
	void *ctx;
};

static inline int fake_sendv(struct kiln_netif *n, const struct iovec *iov, int iovcnt, size_t len)
{
	struct fake_netif *f = (struct fake_netif *)n;
	unsigned slot = f->nsent++ % FAKE_FRAMES;
	size_t at = 0;

	for (int i = 0; i < iovcnt; i++) {
		memcpy(f->frames[slot] + at, iov[i].iov_base, iov[i].iov_len);
		at += iov[i].iov_len;
	}
	f->lens[slot] = len;
	if (f->on_send)
		f->on_send(f->ctx, f->frames[slot], len);
	return 0;
}

/* Nothing ever arrives: the receive fiber sleeps until its deadline. */
static inline ssize_t fake_recv(struct kiln_netif *n, void *buf, size_t cap, uint64_t deadline_ns, unsigned *flags)
{
	uint64_t now = kiln_plat_monotonic_ns();

	(void)n;
	(void)buf;
	(void)cap;
	(void)flags;
	if (deadline_ns == KILN_FOREVER)
		deadline_ns = now + 1000000000ull;
	kiln_sleep_ns(deadline_ns > now ? deadline_ns - now : 0);
	return -ETIMEDOUT;
}

static const struct kiln_netif_ops fake_ops = { fake_sendv, fake_recv };

/* A fake device with MAC 02:00:00:00:00:02 and an MTU of 1500. */
static inline void fake_netif_init(struct fake_netif *f)
{
	static const uint8_t mac[6] = { 2, 0, 0, 0, 0, 2 };

	memset(f, 0, sizeof(*f));
	f->n.ops = &fake_ops;
	f->n.mtu = 1500;
	memcpy(f->n.mac, mac, 6);
	strcpy(f->n.name, "fake0");
}

/* The i-th frame sent (0 the first), its length in *len. */
static inline const uint8_t *fake_sent(struct fake_netif *f, unsigned i, size_t *len)
{
	*len = f->lens[i % FAKE_FRAMES];
	return f->frames[i % FAKE_FRAMES];
}

#endif

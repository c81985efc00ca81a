/* ethernet.c: the Ethernet layer: the receive fiber, demultiplexing by ethertype, and framing on output. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <kiln/ethernet.h>
#include <kiln/fiber.h>
#include <kiln/time.h>

#include "wire.h"
#include "demux.h"
#include "platform.h"

#define MAX_TYPES 4
/* How long the receive fiber waits for a frame before it looks whether it should end. */
#define RX_SLICE KILN_MSEC(200)

const uint8_t kiln_eth_broadcast[6] = { 0xff, 0xff, 0xff, 0xff, 0xff, 0xff };

struct kiln_eth {
	struct kiln_netif *netif;
	uint8_t mac[6];
	struct demux_slot handlers[MAX_TYPES];
	struct kiln_fiber *rx;
	int stopping;
	uint64_t dropped;
	uint8_t *buf; /* one frame, owned */
	size_t cap;
	unsigned rx_flags; /* the KILN_NETIF_RX_* flags of the frame being handled */
};

static int rx_loop(void *arg)
{
	struct kiln_eth *e = arg;

	while (!e->stopping) {
		unsigned flags;
		ssize_t n = kiln_netif_recv_flags(e->netif, e->buf, e->cap, kiln_plat_monotonic_ns() + RX_SLICE, &flags);

		if (n >= 0)
			kiln_eth_input_flags(e, e->buf, (size_t)n, flags);
		else if (n != -ETIMEDOUT)
			kiln_sleep_ns(RX_SLICE); /* a device error: do not spin */
	}
	return 0;
}

int kiln_eth_new(struct kiln_eth **out, struct kiln_netif *n)
{
	struct kiln_eth *e = calloc(1, sizeof(*e));
	int rc;

	if (!e)
		return -ENOMEM;
	e->netif = n;
	kiln_netif_mac(n, e->mac);
	e->cap = kiln_netif_frame_max(n);
	e->buf = malloc(e->cap);
	rc = e->buf ? kiln_fiber_spawn(&e->rx, "eth-rx", rx_loop, e) : -ENOMEM;
	if (rc < 0) {
		free(e->buf);
		free(e);
		return rc;
	}
	*out = e;
	return 0;
}

void kiln_eth_free(struct kiln_eth *e)
{
	if (!e)
		return;
	e->stopping = 1;
	kiln_fiber_join(e->rx, NULL);
	free(e->buf);
	free(e);
}

int kiln_eth_set_handler(struct kiln_eth *e, uint16_t type, kiln_eth_fn *fn, void *ctx)
{
	return demux_set(e->handlers, MAX_TYPES, type, (demux_fn *)fn, ctx);
}

int kiln_eth_output(struct kiln_eth *e, const uint8_t dst[6], uint16_t type, const struct iovec *iov, int iovcnt)
{
	uint8_t hdr[KILN_NETIF_HEADER];
	struct iovec v[16];

	if (iovcnt < 0 || iovcnt > 15)
		return -EINVAL;
	memcpy(hdr, dst, 6);
	memcpy(hdr + 6, e->mac, 6);
	put16(hdr + 12, type);
	v[0] = (struct iovec){ hdr, sizeof(hdr) };
	memcpy(v + 1, iov, (size_t)iovcnt * sizeof(*iov));
	return kiln_netif_sendv(e->netif, v, iovcnt + 1);
}

void kiln_eth_input(struct kiln_eth *e, const uint8_t *frame, size_t len)
{
	kiln_eth_input_flags(e, frame, len, 0);
}

void kiln_eth_input_flags(struct kiln_eth *e, const uint8_t *frame, size_t len, unsigned flags)
{
	const struct demux_slot *h;

	if (len < KILN_NETIF_HEADER ||
	    (memcmp(frame, e->mac, 6) != 0 && memcmp(frame, kiln_eth_broadcast, 6) != 0) ||
	    (frame[6] & 1)) { /* a group address as the source is never valid */
		e->dropped++;
		return;
	}
	h = demux_find(e->handlers, MAX_TYPES, get16(frame + 12));
	if (!h) {
		e->dropped++;
		return;
	}
	e->rx_flags = flags;
	((kiln_eth_fn *)h->fn)(h->ctx, frame + 6, frame + KILN_NETIF_HEADER, len - KILN_NETIF_HEADER);
	e->rx_flags = 0;
}

unsigned kiln_eth_rx_flags(struct kiln_eth *e)
{
	return e->rx_flags;
}

void kiln_eth_mac(struct kiln_eth *e, uint8_t mac[6])
{
	memcpy(mac, e->mac, 6);
}

unsigned kiln_eth_mtu(struct kiln_eth *e)
{
	return kiln_netif_mtu(e->netif);
}

uint64_t kiln_eth_dropped(struct kiln_eth *e)
{
	return e->dropped;
}

char *kiln_mac_format(const uint8_t mac[6], char *buf)
{
	snprintf(buf, KILN_MAC_STRLEN, "%02x:%02x:%02x:%02x:%02x:%02x", mac[0], mac[1], mac[2], mac[3], mac[4],
		 mac[5]);
	return buf;
}

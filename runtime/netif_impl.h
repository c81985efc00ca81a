/* netif_impl.h: what a network backend (a tap device on unix, netfront on xen) provides behind struct kiln_netif. */
#ifndef KILN_NETIF_IMPL_H
#define KILN_NETIF_IMPL_H

#include <kiln/netif.h>

struct kiln_netif_ops {
	/* One frame of len bytes (checked against the MTU). Returns 0 or -errno. */
	int (*sendv)(struct kiln_netif *n, const struct iovec *iov, int iovcnt, size_t len);
	/* One frame into buf, blocking until the deadline (KILN_FOREVER: none), its KILN_NETIF_RX_* flags
	 * into *flags. Returns its length or -errno. */
	ssize_t (*recv)(struct kiln_netif *n, void *buf, size_t cap, uint64_t deadline_ns, unsigned *flags);
};

struct kiln_netif {
	const struct kiln_netif_ops *ops;
	uint8_t mac[6];
	unsigned mtu;
	size_t frame_max; /* 0: mtu + KILN_NETIF_HEADER */
	char name[32];
	struct kiln_netif_stats stats;
};

#endif

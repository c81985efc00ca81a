/* netif.c: the network device interface: checks frame lengths, keeps the statistics, then calls the backend. */
#include <errno.h>
#include <string.h>

#include <kiln/fiber.h>
#include <kiln/log.h>

#include "netif_impl.h"

KILN_LOG_SRC(log_netif_core, "netif", "network devices (tap)");

int kiln_netif_send(struct kiln_netif *n, const void *frame, size_t len)
{
	struct iovec iov = { (void *)frame, len };

	return kiln_netif_sendv(n, &iov, 1);
}

int kiln_netif_sendv(struct kiln_netif *n, const struct iovec *iov, int iovcnt)
{
	size_t len = 0;
	int rc;

	for (int i = 0; i < iovcnt; i++)
		len += iov[i].iov_len;
	if (len < KILN_NETIF_HEADER || len > n->mtu + KILN_NETIF_HEADER)
		rc = -EMSGSIZE;
	else
		rc = n->ops->sendv(n, iov, iovcnt, len);
	if (rc < 0) {
		n->stats.tx_drops++;
		return rc;
	}
	n->stats.tx_frames++;
	n->stats.tx_bytes += len;
	return 0;
}

ssize_t kiln_netif_recv(struct kiln_netif *n, void *buf, size_t cap, uint64_t deadline_ns)
{
	unsigned flags;

	return kiln_netif_recv_flags(n, buf, cap, deadline_ns, &flags);
}

ssize_t kiln_netif_recv_flags(struct kiln_netif *n, void *buf, size_t cap, uint64_t deadline_ns, unsigned *flags)
{
	ssize_t len;

	*flags = 0;
	len = n->ops->recv(n, buf, cap, deadline_ns ? deadline_ns : KILN_FOREVER, flags);
	if (len < 0) {
		*flags = 0;
		if (len != -ETIMEDOUT)
			n->stats.rx_drops++;
		return len;
	}
	if ((size_t)len > n->mtu + KILN_NETIF_HEADER && n->stats.rx_large++ == 0)
		kiln_log_info(&log_netif_core, "%s: a frame of %zd bytes, longer than the MTU: the host hands over "
			      "large segments", n->name, len);
	n->stats.rx_frames++;
	n->stats.rx_bytes += (uint64_t)len;
	return len;
}

size_t kiln_netif_frame_max(struct kiln_netif *n)
{
	return n->frame_max ? n->frame_max : n->mtu + KILN_NETIF_HEADER;
}

void kiln_netif_mac(struct kiln_netif *n, uint8_t mac[6])
{
	memcpy(mac, n->mac, 6);
}

unsigned kiln_netif_mtu(struct kiln_netif *n)
{
	return n->mtu;
}

const char *kiln_netif_name(struct kiln_netif *n)
{
	return n->name;
}

void kiln_netif_stats(struct kiln_netif *n, struct kiln_netif_stats *st)
{
	*st = n->stats;
}

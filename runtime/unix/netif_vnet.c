/* netif_vnet.c: the virtio-net header the tap puts before each frame once offloads are on: what it says of a received frame. */
#include <endian.h>
#include <errno.h>
#include <linux/virtio_net.h>
#include <string.h>

#include <kiln/netif.h>

#include "netif_vnet.h"

_Static_assert(sizeof(struct virtio_net_hdr) == KILN_VNET_HDR, "the tap's header is 10 bytes");

int kiln_vnet_rx(const uint8_t *hdr, size_t frame_len, unsigned *flags)
{
	struct virtio_net_hdr h;
	unsigned gso;

	memcpy(&h, hdr, sizeof(h));
	*flags = 0;
	gso = h.gso_type & ~VIRTIO_NET_HDR_GSO_ECN;
	if (gso != VIRTIO_NET_HDR_GSO_NONE && gso != VIRTIO_NET_HDR_GSO_TCPV4)
		return -EPROTO;
	if (h.flags & VIRTIO_NET_HDR_F_NEEDS_CSUM) {
		size_t at = (size_t)le16toh(h.csum_start) + le16toh(h.csum_offset);

		if (at + 2 > frame_len)
			return -EPROTO;
		*flags = KILN_NETIF_RX_CSUM_OK;
	} else if (h.flags & VIRTIO_NET_HDR_F_DATA_VALID) {
		*flags = KILN_NETIF_RX_CSUM_OK;
	}
	return 0;
}

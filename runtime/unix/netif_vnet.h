/* netif_vnet.h: the virtio-net header the tap puts before each frame once offloads are on: what it says of a received frame. */
#ifndef KILN_NETIF_VNET_H
#define KILN_NETIF_VNET_H

#include <stddef.h>
#include <stdint.h>

/* The bytes of the header (struct virtio_net_hdr) before each frame, both ways. */
#define KILN_VNET_HDR 10

/*
 * Reads the header hdr (KILN_VNET_HDR bytes) of a received frame of frame_len bytes: sets *flags
 * to KILN_NETIF_RX_CSUM_OK when the host says the TCP/UDP checksum was not computed (NEEDS_CSUM,
 * the field holds only the pseudo-header's sum) or was verified (DATA_VALID), else 0. Returns 0,
 * or -EPROTO for what was not asked for (a segmentation other than TCPv4, a checksum position
 * outside the frame): such a frame is dropped.
 */
int kiln_vnet_rx(const uint8_t *hdr, size_t frame_len, unsigned *flags);

#endif

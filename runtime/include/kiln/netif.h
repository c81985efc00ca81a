/* netif.h: the network device: whole Ethernet frames sent and received, its MAC address, MTU and statistics. */
#ifndef KILN_NETIF_H
#define KILN_NETIF_H

#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>
#include <sys/uio.h>

struct kiln_netif;

/* Counters since the device was connected. A drop is a frame the device refused or could not
 * deliver: too long or too short to send, a send or receive error. */
struct kiln_netif_stats {
	uint64_t rx_frames, rx_bytes, rx_drops;
	uint64_t tx_frames, tx_bytes, tx_drops;
	uint64_t rx_large; /* received frames longer than the MTU: segments the host offloaded whole (tap) */
};

/* What the device says of a frame it received (kiln_netif_recv_flags). */
#define KILN_NETIF_RX_CSUM_OK 1u /* the host vouches for its TCP/UDP checksum: do not verify it */

/* The bytes of an Ethernet header (destination, source, type) in front of every frame. */
#define KILN_NETIF_HEADER 14

/*
 * Connects the tap interface ifname (unix), which must exist: `ip tuntap add NAME mode tap`.
 * The unikernel gets a random locally administered MAC of its own. The handle is owned by the
 * runtime. Returns 0, -ENODEV (no such interface), -EPERM/-EACCES (not allowed to open it),
 * -EBUSY (another process has it), or another -errno; each failure is logged with how to fix it.
 */
int kiln_netif_tap_connect(struct kiln_netif **out, const char *ifname);

/* Sends one frame (header included, at most kiln_netif_mtu() + KILN_NETIF_HEADER bytes).
 * Returns 0, -EMSGSIZE (too long or shorter than a header), or -errno from the device. */
int kiln_netif_send(struct kiln_netif *n, const void *frame, size_t len);

/* Sends the concatenation of iov[0..iovcnt) as one frame. Errors as kiln_netif_send. */
int kiln_netif_sendv(struct kiln_netif *n, const struct iovec *iov, int iovcnt);

/*
 * Blocks the calling fiber until a frame arrives or the monotonic deadline passes (0 or
 * KILN_FOREVER: no deadline), then copies it into buf. cap should be at least kiln_netif_mtu()
 * + KILN_NETIF_HEADER; a longer frame is truncated to cap. Returns its length, -ETIMEDOUT, or -errno.
 */
ssize_t kiln_netif_recv(struct kiln_netif *n, void *buf, size_t cap, uint64_t deadline_ns);

/* As kiln_netif_recv, and *flags gets the frame's KILN_NETIF_RX_* flags (0 unless the device
 * vouches for something: only the tap, for frames from the local kernel). cap should be
 * kiln_netif_frame_max(): with offloads, frames longer than the MTU arrive. */
ssize_t kiln_netif_recv_flags(struct kiln_netif *n, void *buf, size_t cap, uint64_t deadline_ns, unsigned *flags);

/* The longest frame the device may deliver (header included): the MTU plus a header, or up to a
 * 64 KiB IPv4 datagram plus a header when the host offloads segmentation to it. */
size_t kiln_netif_frame_max(struct kiln_netif *n);

/* The unikernel's MAC address on this device. */
void kiln_netif_mac(struct kiln_netif *n, uint8_t mac[6]);

/* The largest payload of a frame (1500 on Ethernet), header excluded. */
unsigned kiln_netif_mtu(struct kiln_netif *n);

/* The device's name, for logs ("tap0"). */
const char *kiln_netif_name(struct kiln_netif *n);

/* Copies the device's counters into *st. */
void kiln_netif_stats(struct kiln_netif *n, struct kiln_netif_stats *st);

#endif

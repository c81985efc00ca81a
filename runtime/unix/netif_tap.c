/* netif_tap.c: the unix network device: a tap interface opened through /dev/net/tun, read and written without
 * blocking, with a virtio-net header before each frame so that the host can hand over 64 KiB TCP segments whole. */
#include <errno.h>
#include <fcntl.h>
#include <linux/if_tun.h>
#include <net/if.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <unistd.h>

#include <kiln/fiber.h>
#include <kiln/log.h>
#include <kiln/unix.h>

#include "netif_vnet.h"
#include "../device.h"
#include "../netif_impl.h"
#include "../platform.h"

KILN_LOG_SRC(log_netif, "netif", "network devices (tap)");

/* The longest frame the host may hand over with offloads on: a whole IPv4 datagram and its Ethernet header. */
#define FRAME_MAX (65535 + KILN_NETIF_HEADER)
/* Room for the header in front of the frames kiln_netif_sendv is given. */
#define SEND_IOV_MAX 64

struct tap {
	struct kiln_netif n; /* first: the handle is a pointer to it */
	int fd;
};

/* Writes the frame after a zeroed virtio-net header: no offload asked of the host. */
static int tap_sendv(struct kiln_netif *n, const struct iovec *iov, int iovcnt, size_t len)
{
	struct tap *t = (struct tap *)n;
	static const uint8_t no_offload[KILN_VNET_HDR];
	struct iovec v[SEND_IOV_MAX];

	if (iovcnt < 0 || iovcnt >= SEND_IOV_MAX)
		return -EINVAL;
	v[0] = (struct iovec){ (void *)no_offload, sizeof(no_offload) };
	memcpy(v + 1, iov, (size_t)iovcnt * sizeof(*iov));
	for (;;) {
		ssize_t w = writev(t->fd, v, iovcnt + 1);
		int rc;

		if (w >= 0)
			return (size_t)w == len + KILN_VNET_HDR ? 0 : -EIO;
		if (errno == EINTR)
			continue;
		if (errno != EAGAIN)
			return -errno;
		rc = kiln_unix_wait_fd(t->fd, EPOLLOUT, KILN_FOREVER);
		if (rc < 0)
			return rc;
	}
}

/* Reads one frame after its virtio-net header; a frame whose header asks what we did not offer is dropped. */
static ssize_t tap_recv(struct kiln_netif *n, void *buf, size_t cap, uint64_t deadline_ns, unsigned *flags)
{
	struct tap *t = (struct tap *)n;

	for (;;) {
		uint8_t hdr[KILN_VNET_HDR];
		struct iovec v[2] = { { hdr, sizeof(hdr) }, { buf, cap } };
		ssize_t r = readv(t->fd, v, 2);
		int rc;

		if (r >= 0) {
			size_t len = r >= KILN_VNET_HDR ? (size_t)r - KILN_VNET_HDR : 0;

			if (r >= KILN_VNET_HDR && kiln_vnet_rx(hdr, len, flags) == 0)
				return (ssize_t)(len > cap ? cap : len);
			n->stats.rx_drops++;
			continue;
		}
		if (errno == EINTR)
			continue;
		if (errno != EAGAIN)
			return -errno;
		rc = kiln_unix_wait_fd(t->fd, EPOLLIN, deadline_ns);
		if (rc < 0)
			return rc;
	}
}

static const struct kiln_netif_ops tap_ops = { tap_sendv, tap_recv };

static void tap_release(void *dev)
{
	struct tap *t = dev;

	close(t->fd);
	free(t);
}

/* Logs why ifname could not be connected, and how to fix it; returns err. */
static int explain(const char *ifname, int err)
{
	switch (err) {
	case -ENODEV:
		kiln_log_err(&log_netif, "%s: no such interface; create it with `ip tuntap add %s mode tap` "
			     "(add `user $USER` to open it without root) and give the host side an address, "
			     "e.g. `ip addr add 10.0.0.1/24 dev %s && ip link set %s up`", ifname, ifname, ifname, ifname);
		break;
	case -ENOENT:
		kiln_log_err(&log_netif, "/dev/net/tun is missing: load the tun module (`modprobe tun`)");
		break;
	case -EPERM:
	case -EACCES:
		kiln_log_err(&log_netif, "%s: permission denied; run as root or recreate the tap owned by you: "
			     "`ip tuntap del %s mode tap && ip tuntap add %s mode tap user $USER`", ifname, ifname, ifname);
		break;
	case -EBUSY:
		kiln_log_err(&log_netif, "%s: in use by another process", ifname);
		break;
	case -EINVAL:
		kiln_log_err(&log_netif, "%s: not a tap interface (create one with `ip tuntap add NAME mode tap`)", ifname);
		break;
	default:
		kiln_log_err(&log_netif, "%s: %s", ifname, strerror(-err));
	}
	return err;
}

/* The interface's MTU as the host configured it (1500 when it cannot be read); warns when it is down. */
static unsigned host_mtu(const char *ifname)
{
	struct ifreq ifr = { 0 };
	int s = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	unsigned mtu = 1500;

	if (s < 0)
		return mtu;
	snprintf(ifr.ifr_name, sizeof(ifr.ifr_name), "%s", ifname);
	if (ioctl(s, SIOCGIFMTU, &ifr) == 0 && ifr.ifr_mtu >= 576)
		mtu = (unsigned)ifr.ifr_mtu;
	if (ioctl(s, SIOCGIFFLAGS, &ifr) == 0 && !(ifr.ifr_flags & IFF_UP))
		kiln_log_warn(&log_netif, "%s is down on the host: nothing gets through until `ip link set %s up`", ifname,
			      ifname);
	close(s);
	return mtu;
}

/* Opens the existing tap ifname without blocking. Returns the fd or -errno. */
static int open_tap(const char *ifname)
{
	struct ifreq ifr = { 0 };
	int fd;

	if (!ifname || !*ifname || strlen(ifname) >= IFNAMSIZ)
		return -EINVAL;
	/* TUNSETIFF would create a missing tap (as root) that nothing on the host is configured for. */
	if (if_nametoindex(ifname) == 0)
		return -ENODEV;
	fd = open("/dev/net/tun", O_RDWR | O_NONBLOCK | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	ifr.ifr_flags = IFF_TAP | IFF_NO_PI | IFF_VNET_HDR;
	snprintf(ifr.ifr_name, sizeof(ifr.ifr_name), "%s", ifname);
	if (ioctl(fd, TUNSETIFF, &ifr) < 0 || ioctl(fd, TUNSETVNETHDRSZ, &(int){ KILN_VNET_HDR }) < 0) {
		int err = -errno;
		close(fd);
		return err;
	}
	return fd;
}

int kiln_netif_tap_connect(struct kiln_netif **out, const char *ifname)
{
	struct tap *t;
	int fd, err;

	fd = open_tap(ifname);
	if (fd < 0)
		return explain(ifname ? ifname : "(null)", fd);
	t = calloc(1, sizeof(*t));
	if (!t) {
		close(fd);
		return -ENOMEM;
	}
	t->fd = fd;
	t->n.ops = &tap_ops;
	t->n.mtu = host_mtu(ifname);
	/* The host may then send TCPv4 segments up to 64 KiB whole, and leave their checksum to us (which we
	 * trust: they come from the local kernel). Without it, frames stay within the MTU. */
	if (ioctl(fd, TUNSETOFFLOAD, (unsigned long)(TUN_F_CSUM | TUN_F_TSO4)) == 0)
		t->n.frame_max = FRAME_MAX;
	else
		kiln_log_warn(&log_netif, "%s: no offloads (%s): one frame per MTU", ifname, strerror(errno));
	snprintf(t->n.name, sizeof(t->n.name), "%s", ifname);
	err = kiln_plat_random(t->n.mac, sizeof(t->n.mac));
	if (err == 0)
		err = kiln_device_own(t, tap_release);
	if (err < 0) {
		tap_release(t);
		return err;
	}
	/* Unicast, locally administered: never a vendor's address. */
	t->n.mac[0] = (uint8_t)((t->n.mac[0] & 0xfe) | 0x02);
	kiln_log_info(&log_netif, "plugging into %s with mac %02x:%02x:%02x:%02x:%02x:%02x", ifname, t->n.mac[0],
		      t->n.mac[1], t->n.mac[2], t->n.mac[3], t->n.mac[4], t->n.mac[5]);
	*out = &t->n;
	return 0;
}

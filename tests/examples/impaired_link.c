/* impaired_link.c: netem in user space for the network tests (this kernel has no sch_netem): relays
 * Ethernet frames between a tap device's interface and a new tap device for Linux, losing, delaying
 * and reordering them; the unikernel's large TCP frames (send-side offload) are cut into segments
 * first, as the host would cut them. */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <linux/if_packet.h>
#include <linux/if_tun.h>
#include <linux/virtio_net.h>
#include <net/ethernet.h>
#include <net/if.h>
#include <poll.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <sys/uio.h>
#include <time.h>
#include <unistd.h>

#define FRAME_MAX 2048
#define GSO_FRAME_MAX (65536 + 64)
#define QUEUE_MAX 8192 /* frames held back per direction; more are dropped, as a full queue would */

/*
 * Usage: impaired_link UNIKERNEL_IF LINUX_TAP LOSS_PCT DELAY_MS REORDER_PCT SEED
 *   UNIKERNEL_IF: the interface of the tap device a unikernel opened (its frames are read and sent
 *   with a packet socket); LINUX_TAP: a tap device this program creates and holds, for Linux to be
 *   addressed on. Each frame, in each direction: lost with LOSS_PCT %, else sent at once with
 *   REORDER_PCT % (overtaking the held ones, which is how netem reorders), else held DELAY_MS ms.
 *   Prints "ready" once both ends are open, and runs until killed.
 */

struct held {
	uint64_t due;
	uint16_t len;
	unsigned char frame[FRAME_MAX];
};

/* One direction: frames read from in_fd and written to out_fd, with their queue of held frames. */
struct direction {
	int in_fd, out_fd, pkt_fd; /* pkt_fd: which of the two is the packet socket (virtio-net headers) */
	struct held *q; /* ring of QUEUE_MAX */
	size_t head, n;
};

static double loss, reorder;
static uint64_t delay_ns;

static uint64_t now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000ull + (uint64_t)ts.tv_nsec;
}

static void die(const char *what)
{
	perror(what);
	exit(1);
}

static int open_packet_socket(const char *ifname)
{
	int one = 1, fd = socket(AF_PACKET, SOCK_RAW | SOCK_NONBLOCK, htons(ETH_P_ALL));
	struct sockaddr_ll sll = { .sll_family = AF_PACKET, .sll_protocol = htons(ETH_P_ALL) };

	if (fd < 0)
		die("impaired_link: packet socket");
	sll.sll_ifindex = (int)if_nametoindex(ifname);
	if (sll.sll_ifindex == 0)
		die(ifname);
	/* Not the frames this program sends into the interface itself; a virtio-net header on each
	 * frame read, which says how to cut the unikernel's large TCP frames (and on each one sent). */
	if (setsockopt(fd, SOL_PACKET, PACKET_IGNORE_OUTGOING, &one, sizeof(one)) < 0 ||
	    setsockopt(fd, SOL_PACKET, PACKET_VNET_HDR, &one, sizeof(one)) < 0 ||
	    bind(fd, (struct sockaddr *)&sll, sizeof(sll)) < 0)
		die("impaired_link: bind");
	return fd;
}

static int open_tap(const char *name)
{
	struct ifreq ifr = { .ifr_flags = IFF_TAP | IFF_NO_PI };
	int fd = open("/dev/net/tun", O_RDWR | O_NONBLOCK | O_CLOEXEC);

	snprintf(ifr.ifr_name, sizeof(ifr.ifr_name), "%s", name);
	if (fd < 0 || ioctl(fd, TUNSETIFF, &ifr) < 0)
		die("impaired_link: tap");
	return fd;
}

/* Writes a frame to fd: the packet socket wants a (zeroed: nothing to offload) virtio-net header first. */
static void send_frame(int fd, int pkt_fd, const void *frame, size_t len)
{
	struct virtio_net_hdr none = { 0 };
	struct iovec iov[2] = { { &none, sizeof(none) }, { (void *)frame, len } };

	/* a full device drops it, as a wire would */
	(void)!writev(fd, iov + (fd != pkt_fd), 2 - (fd != pkt_fd));
}

static uint16_t get16(const unsigned char *p) { return (uint16_t)(p[0] << 8 | p[1]); }
static void put16(unsigned char *p, uint16_t v) { p[0] = (unsigned char)(v >> 8); p[1] = (unsigned char)v; }

/* The Internet checksum of len bytes, starting from sum. */
static uint16_t inet_csum(const unsigned char *p, size_t len, uint32_t sum)
{
	for (size_t i = 0; i + 1 < len; i += 2)
		sum += get16(p + i);
	if (len & 1)
		sum += (uint32_t)p[len - 1] << 8;
	while (sum >> 16)
		sum = (sum & 0xffff) + (sum >> 16);
	return (uint16_t)~sum;
}

/* Fills in the IPv4 header's and the TCP segment's checksums of an Ethernet frame of len bytes. */
static void tcp_checksums(unsigned char *f, size_t len)
{
	unsigned char *ip = f + 14, *tcp = ip + (ip[0] & 0xf) * 4;
	size_t tcp_len = len - (size_t)(tcp - f);
	uint32_t pseudo = get16(ip + 12) + get16(ip + 14) + get16(ip + 16) + get16(ip + 18) + 6 + (uint32_t)tcp_len;

	put16(ip + 10, 0);
	put16(ip + 10, inet_csum(ip, (size_t)(ip[0] & 0xf) * 4, 0));
	put16(tcp + 16, 0);
	put16(tcp + 16, inet_csum(tcp, tcp_len, pseudo));
}

/* Cuts a frame the unikernel handed over whole (h says how: TCPv4, gso_size bytes of data per
 * segment) into frames as the host would: each with its own IP length, id and checksum, sequence
 * number, flags (FIN and PSH on the last only) and TCP checksum. Calls emit on each. */
static void cut(unsigned char *f, size_t len, const struct virtio_net_hdr *h, void (*emit)(void *, unsigned char *, size_t),
		void *ctx)
{
	unsigned char seg[FRAME_MAX], *ip = f + 14, *tcp = ip + (ip[0] & 0xf) * 4;
	size_t hdr_len = (size_t)(tcp - f) + (size_t)(tcp[12] >> 4) * 4, size = h->gso_size;
	uint32_t seq = (uint32_t)get16(tcp + 4) << 16 | get16(tcp + 6);
	uint16_t id = get16(ip + 4);
	unsigned char flags = tcp[13];

	if (size == 0 || hdr_len + size > sizeof(seg) || hdr_len > len)
		return; /* not a frame the host could cut either */
	for (size_t at = hdr_len; at < len; at += size, id++) {
		size_t n = len - at < size ? len - at : size;
		unsigned char *sip = seg + 14, *stcp = sip + (tcp - ip);
		memcpy(seg, f, hdr_len);
		memcpy(seg + hdr_len, f + at, n);
		put16(sip + 2, (uint16_t)(hdr_len - 14 + n));
		put16(sip + 4, id);
		put16(stcp + 4, (uint16_t)((seq + (at - hdr_len)) >> 16));
		put16(stcp + 6, (uint16_t)(seq + (at - hdr_len)));
		stcp[13] = at + n < len ? flags & ~0x09 : flags; /* FIN and PSH: the last segment's */
		tcp_checksums(seg, hdr_len + n);
		emit(ctx, seg, hdr_len + n);
	}
}

/* A frame's direction and when it arrived. */
struct arrival {
	struct direction *d;
	uint64_t now;
};

/* Loses, sends or holds one frame. */
static void impair(void *arg, unsigned char *frame, size_t n)
{
	struct arrival *a = arg;
	struct direction *d = a->d;

	if (drand48() * 100 < loss)
		return;
	if (drand48() * 100 < reorder || delay_ns == 0) {
		send_frame(d->out_fd, d->pkt_fd, frame, n);
	} else if (d->n < QUEUE_MAX && n <= FRAME_MAX) {
		struct held *h = &d->q[(d->head + d->n++) % QUEUE_MAX];
		h->due = a->now + delay_ns;
		h->len = (uint16_t)n;
		memcpy(h->frame, frame, n);
	}
}

/* Reads every frame waiting on d's input and impairs each (the packet socket's large ones cut first). */
static void pump(struct direction *d, uint64_t now)
{
	static unsigned char buf[sizeof(struct virtio_net_hdr) + GSO_FRAME_MAX];
	struct arrival a = { d, now };
	size_t skip = d->in_fd == d->pkt_fd ? sizeof(struct virtio_net_hdr) : 0;
	struct virtio_net_hdr h;
	ssize_t n;

	while ((n = read(d->in_fd, buf, sizeof(buf))) > (ssize_t)skip) {
		unsigned char *frame = buf + skip;
		size_t len = (size_t)n - skip;
		memcpy(&h, buf, sizeof(h));
		if (skip && (h.gso_type & ~VIRTIO_NET_HDR_GSO_ECN) == VIRTIO_NET_HDR_GSO_TCPV4) {
			cut(frame, len, &h, impair, &a);
			continue;
		}
		if (skip && (h.flags & VIRTIO_NET_HDR_F_NEEDS_CSUM) && len > 34 && frame[23] == 6)
			tcp_checksums(frame, len);
		impair(&a, frame, len);
	}
}

/* Sends d's held frames that are due; returns when the next one is (UINT64_MAX if none). */
static uint64_t release(struct direction *d, uint64_t now)
{
	while (d->n > 0 && d->q[d->head].due <= now) {
		send_frame(d->out_fd, d->pkt_fd, d->q[d->head].frame, d->q[d->head].len);
		d->head = (d->head + 1) % QUEUE_MAX;
		d->n--;
	}
	return d->n ? d->q[d->head].due : UINT64_MAX;
}

int main(int argc, char **argv)
{
	struct direction dirs[2];
	int pkt, tap;

	if (argc != 7) {
		fprintf(stderr, "usage: impaired_link UNIKERNEL_IF LINUX_TAP LOSS_PCT DELAY_MS REORDER_PCT SEED\n");
		return 2;
	}
	loss = atof(argv[3]);
	delay_ns = (uint64_t)(atof(argv[4]) * 1e6);
	reorder = atof(argv[5]);
	srand48(atol(argv[6]));
	pkt = open_packet_socket(argv[1]);
	tap = open_tap(argv[2]);
	dirs[0] = (struct direction){ pkt, tap, pkt, calloc(QUEUE_MAX, sizeof(struct held)), 0, 0 };
	dirs[1] = (struct direction){ tap, pkt, pkt, calloc(QUEUE_MAX, sizeof(struct held)), 0, 0 };
	if (!dirs[0].q || !dirs[1].q)
		die("impaired_link: queues");
	printf("ready\n");
	fflush(stdout);
	for (;;) {
		struct pollfd fds[2] = { { pkt, POLLIN, 0 }, { tap, POLLIN, 0 } };
		uint64_t now = now_ns(), next = UINT64_MAX;
		for (int i = 0; i < 2; i++) {
			uint64_t due = release(&dirs[i], now);
			next = due < next ? due : next;
		}
		if (poll(fds, 2, next == UINT64_MAX ? -1 : (int)((next - now) / 1000000 + 1)) < 0 && errno != EINTR)
			die("impaired_link: poll");
		now = now_ns();
		for (int i = 0; i < 2; i++) {
			if (fds[i].revents & POLLIN)
				pump(&dirs[i], now);
		}
	}
}

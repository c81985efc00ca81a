/* impaired_link.c: netem in user space for the network tests (this kernel has no sch_netem): relays
 * Ethernet frames between a tap device's interface and a new tap device for Linux, losing, delaying
 * and reordering them. */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <linux/if_packet.h>
#include <linux/if_tun.h>
#include <net/ethernet.h>
#include <net/if.h>
#include <poll.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#define FRAME_MAX 2048
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
	int in_fd, out_fd;
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
	/* Not the frames this program sends into the interface itself. */
	if (setsockopt(fd, SOL_PACKET, PACKET_IGNORE_OUTGOING, &one, sizeof(one)) < 0 ||
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

static void send_frame(int fd, const void *frame, size_t len)
{
	(void)!write(fd, frame, len); /* a full device drops it, as a wire would */
}

/* Reads every frame waiting on d's input and loses, sends or holds each. */
static void pump(struct direction *d, uint64_t now)
{
	unsigned char frame[FRAME_MAX];
	ssize_t n;

	while ((n = read(d->in_fd, frame, sizeof(frame))) > 0) {
		double r = drand48() * 100;
		if (r < loss)
			continue;
		if (drand48() * 100 < reorder || delay_ns == 0) {
			send_frame(d->out_fd, frame, (size_t)n);
		} else if (d->n < QUEUE_MAX) {
			struct held *h = &d->q[(d->head + d->n++) % QUEUE_MAX];
			h->due = now + delay_ns;
			h->len = (uint16_t)n;
			memcpy(h->frame, frame, (size_t)n);
		}
	}
}

/* Sends d's held frames that are due; returns when the next one is (UINT64_MAX if none). */
static uint64_t release(struct direction *d, uint64_t now)
{
	while (d->n > 0 && d->q[d->head].due <= now) {
		send_frame(d->out_fd, d->q[d->head].frame, d->q[d->head].len);
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
	dirs[0] = (struct direction){ pkt, tap, calloc(QUEUE_MAX, sizeof(struct held)), 0, 0 };
	dirs[1] = (struct direction){ tap, pkt, calloc(QUEUE_MAX, sizeof(struct held)), 0, 0 };
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

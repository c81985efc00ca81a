/* peer_net.c: the plain C socket server the benchmarks compare netpeer with: one thread, epoll, TCP echo 7000, discard 7003, source 7004, UDP echo 7000. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <unistd.h>

#define ECHO_PORT 7000
#define DISCARD_PORT 7003
#define SOURCE_PORT 7004
#define CHUNK 32768

/* What each fd in the epoll set is; a connection's kind is its listener's. */
enum kind { ECHO_LISTEN, DISCARD_LISTEN, SOURCE_LISTEN, UDP_ECHO, ECHO_CONN, DISCARD_CONN };

static int epfd;

static void watch(int fd, enum kind k)
{
	struct epoll_event ev = { .events = EPOLLIN, .data.u64 = (uint64_t)fd << 8 | k };

	if (epoll_ctl(epfd, EPOLL_CTL_ADD, fd, &ev) < 0) {
		perror("peer_net: epoll_ctl");
		exit(1);
	}
}

static int open_bound(int type, uint16_t port)
{
	struct sockaddr_in sa = { .sin_family = AF_INET, .sin_port = htons(port) };
	int one = 1, fd = socket(AF_INET, type | SOCK_NONBLOCK, 0);

	setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
	if (fd < 0 || bind(fd, (struct sockaddr *)&sa, sizeof(sa)) < 0 || (type == SOCK_STREAM && listen(fd, 128) < 0)) {
		perror("peer_net: bind");
		exit(1);
	}
	return fd;
}

/* Writes all of buf to the blocking-for-the-moment connection fd (the benchmark's echoes are small). */
static int write_all(int fd, const char *buf, size_t len)
{
	while (len > 0) {
		ssize_t n = send(fd, buf, len, MSG_NOSIGNAL);
		if (n < 0 && errno == EAGAIN)
			continue;
		if (n < 0)
			return -1;
		buf += n;
		len -= (size_t)n;
	}
	return 0;
}

/* netpeer's source: reads "N\n", sends N MiB of zeros, closes. Blocking, one connection at a time: the
 * benchmark's bulk receive is its only client meanwhile. */
static void source(int fd)
{
	static const char zeros[1u << 18];
	char line[16] = "";
	size_t got = 0;
	ssize_t n = 1;
	unsigned long long left;

	fcntl(fd, F_SETFL, 0);
	while (got < sizeof(line) - 1 && !memchr(line, '\n', got) && (n = read(fd, line + got, sizeof(line) - 1 - got)) > 0)
		got += (size_t)n;
	for (left = strtoull(line, NULL, 10) << 20; n > 0 && left > 0; left -= sizeof(zeros))
		n = write_all(fd, zeros, sizeof(zeros)) < 0 ? -1 : 1;
	close(fd);
}

static void on_event(int fd, enum kind k)
{
	static char buf[CHUNK];
	struct sockaddr_in from;
	socklen_t fromlen = sizeof(from);
	ssize_t n;
	int c;

	switch (k) {
	case ECHO_LISTEN:
	case DISCARD_LISTEN:
		while ((c = accept4(fd, NULL, NULL, SOCK_NONBLOCK)) >= 0)
			watch(c, k == ECHO_LISTEN ? ECHO_CONN : DISCARD_CONN);
		break;
	case SOURCE_LISTEN:
		while ((c = accept4(fd, NULL, NULL, SOCK_NONBLOCK)) >= 0)
			source(c);
		break;
	case UDP_ECHO:
		while ((n = recvfrom(fd, buf, sizeof(buf), 0, (struct sockaddr *)&from, &fromlen)) >= 0)
			sendto(fd, buf, (size_t)n, 0, (struct sockaddr *)&from, fromlen);
		break;
	case ECHO_CONN:
	case DISCARD_CONN:
		while ((n = read(fd, buf, sizeof(buf))) > 0) {
			if (k == ECHO_CONN && write_all(fd, buf, (size_t)n) < 0)
				break;
		}
		if (n == 0 || (n < 0 && errno != EAGAIN))
			close(fd);
		break;
	}
}

int main(void)
{
	struct epoll_event evs[64];

	epfd = epoll_create1(0);
	watch(open_bound(SOCK_STREAM, ECHO_PORT), ECHO_LISTEN);
	watch(open_bound(SOCK_STREAM, DISCARD_PORT), DISCARD_LISTEN);
	watch(open_bound(SOCK_STREAM, SOURCE_PORT), SOURCE_LISTEN);
	watch(open_bound(SOCK_DGRAM, ECHO_PORT), UDP_ECHO);
	printf("ready\n");
	fflush(stdout);
	for (;;) {
		int n = epoll_wait(epfd, evs, 64, -1);
		for (int i = 0; i < n; i++)
			on_event((int)(evs[i].data.u64 >> 8), (enum kind)(evs[i].data.u64 & 0xff));
	}
}

/* net_client.c: the benchmarks' network client: TCP bulk send and receive, TCP connections per second, UDP echoes per second. */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <poll.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#define UDP_WINDOW 32      /* datagrams in flight */
#define UDP_SIZE 64
#define UDP_WAIT_MS 200    /* a datagram not echoed by then counts as lost */

static struct sockaddr_in target;

static uint64_t now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000ull + (uint64_t)ts.tv_nsec;
}

static int connected(int type)
{
	int fd = socket(AF_INET, type, 0);

	if (fd < 0 || connect(fd, (struct sockaddr *)&target, sizeof(target)) < 0) {
		perror("net_client: connect");
		exit(1);
	}
	return fd;
}

/* Sends mib MiB, ends the stream and waits for the server's end. */
static void bulk(long mib)
{
	static char buf[1 << 17];
	int fd = connected(SOCK_STREAM);
	uint64_t left = (uint64_t)mib << 20;

	while (left > 0) {
		ssize_t n = write(fd, buf, left < sizeof(buf) ? left : sizeof(buf));
		if (n <= 0) {
			perror("net_client: write");
			exit(1);
		}
		left -= (uint64_t)n;
	}
	shutdown(fd, SHUT_WR);
	while (read(fd, buf, sizeof(buf)) > 0)
		;
	close(fd);
}

/* Asks a source for mib MiB ("N\n") and reads to the end of the stream; fails unless all came. */
static void bulk_recv(long mib)
{
	static char buf[1 << 17];
	int fd = connected(SOCK_STREAM);
	uint64_t got = 0;
	ssize_t n;

	dprintf(fd, "%ld\n", mib);
	while ((n = read(fd, buf, sizeof(buf))) > 0)
		got += (uint64_t)n;
	close(fd);
	if (got != (uint64_t)mib << 20) {
		fprintf(stderr, "net_client: received %llu bytes of %ld MiB\n", (unsigned long long)got, mib);
		exit(1);
	}
}

/* n connections one after the other, each a one-byte echo. */
static void conns(long n)
{
	for (long i = 0; i < n; i++) {
		int fd = connected(SOCK_STREAM);
		char c = 'x';
		if (write(fd, &c, 1) != 1 || read(fd, &c, 1) != 1) {
			fprintf(stderr, "net_client: connection %ld: no echo\n", i);
			exit(1);
		}
		close(fd);
	}
}

/* n datagrams to an echo server, UDP_WINDOW in flight; prints how many came back. */
static void udp(long n)
{
	int fd = connected(SOCK_DGRAM);
	char buf[UDP_SIZE] = { 0 };
	long sent = 0, got = 0, lost = 0;

	while (got + lost < n) {
		struct pollfd p = { fd, POLLIN, 0 };
		while (sent < n && sent - got - lost < UDP_WINDOW) {
			if (send(fd, buf, sizeof(buf), 0) == sizeof(buf))
				sent++;
		}
		if (poll(&p, 1, UDP_WAIT_MS) <= 0) {
			lost += sent - got - lost; /* the window's worth timed out */
			continue;
		}
		while (recv(fd, buf, sizeof(buf), MSG_DONTWAIT) > 0)
			got++;
	}
	fprintf(stderr, "udp: %ld of %ld echoed\n", got, n);
}

int main(int argc, char **argv)
{
	uint64_t t0;
	long n;

	if (argc != 5 || inet_pton(AF_INET, argv[2], &target.sin_addr) != 1 || (n = atol(argv[4])) <= 0) {
		fprintf(stderr, "usage: net_client bulk|recv|conns|udp ADDR PORT N (MiB, MiB, connections, datagrams)\n"
				"prints the elapsed nanoseconds\n");
		return 2;
	}
	target.sin_family = AF_INET;
	target.sin_port = htons((uint16_t)atoi(argv[3]));
	t0 = now_ns();
	if (strcmp(argv[1], "bulk") == 0)
		bulk(n);
	else if (strcmp(argv[1], "recv") == 0)
		bulk_recv(n);
	else if (strcmp(argv[1], "conns") == 0)
		conns(n);
	else if (strcmp(argv[1], "udp") == 0)
		udp(n);
	else
		return 2;
	printf("%llu\n", (unsigned long long)(now_ns() - t0));
	return 0;
}

/* fuzz_tcp.c: a libFuzzer target: the input is a series of TCP segments, parsed, then fed to a stack
 * holding an established connection (sequence numbers made relative to it, checksums fixed). */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <kiln/log.h>

#include "sched.h"
#include "tcp_impl.h"

#define ADDR_US 0x0a000002u
#define ADDR_PEER 0x0a000001u
#define PORT 80
#define PEER_PORT 4000
#define MAX_SEGS 64
#define PEER_ISS 1000u

/* The last segment the stack sent (its header), for the handshake. */
static struct tcp_seg last_out;
static uint8_t last_hdr[TCP_HDR_MAX];

static int capture_output(void *ctx, uint32_t src, uint32_t dst, const struct iovec *iov, int iovcnt)
{
	size_t n = iov[0].iov_len < sizeof(last_hdr) ? iov[0].iov_len : sizeof(last_hdr);

	(void)ctx, (void)src, (void)dst, (void)iovcnt;
	memcpy(last_hdr, iov[0].iov_base, n);
	if (tcp_seg_parse(&last_out, last_hdr, n) < 0)
		abort(); /* the stack sent something it cannot parse itself */
	return 0;
}

static unsigned fixed_mtu(void *ctx)
{
	(void)ctx;
	return 1500;
}

static const struct tcp_ip_ops ops = { capture_output, fixed_mtu, NULL };

/* Sends buf (len bytes, a TCP segment) from the peer, with its checksum fixed unless keep_csum. */
static void deliver(struct tcp_stack *t, uint8_t *buf, size_t len, int keep_csum)
{
	if (len >= TCP_HDR_MIN && !keep_csum) {
		struct iovec iov = { buf, len };

		buf[16] = buf[17] = 0;
		tcp_csum_fill(ADDR_PEER, ADDR_US, &iov, 1);
	}
	tcp_input(t, ADDR_PEER, ADDR_US, buf, len);
}

static void put32(uint8_t *p, uint32_t v)
{
	p[0] = (uint8_t)(v >> 24);
	p[1] = (uint8_t)(v >> 16);
	p[2] = (uint8_t)(v >> 8);
	p[3] = (uint8_t)v;
}

struct fuzz_input {
	const uint8_t *data;
	size_t size;
};

/*
 * Records: a mode byte, a length byte, then that many bytes of segment. Mode bit 0: the ports become
 * the connection's; bit 1: seq and ack are offsets from what the stack expects; bit 2: the checksum
 * is left as it is.
 */
static int fuzz_main(void *arg)
{
	struct fuzz_input *in = arg;
	struct tcp_stack *t;
	struct tcp_listener *l;
	struct tcp_hdr_out h = { .sport = PEER_PORT, .dport = PORT, .seq = PEER_ISS, .flags = TCP_SYN,
				 .wnd = 65535, .mss = 1460, .wscale = 7 };
	uint8_t seg[256];
	uint32_t iss;
	size_t i = 0;

	if (tcp_stack_new(&t, &ops, NULL) < 0 || tcp_listen(t, 0, PORT, 4, &l) < 0)
		abort();
	deliver(t, seg, tcp_hdr_build(seg, &h), 0);
	iss = last_out.seq;
	h = (struct tcp_hdr_out){ .sport = PEER_PORT, .dport = PORT, .seq = PEER_ISS + 1, .ack = iss + 1,
				  .flags = TCP_ACK, .wnd = 1000, .wscale = -1 };
	deliver(t, seg, tcp_hdr_build(seg, &h), 0);
	for (int n = 0; n < MAX_SEGS && i + 2 <= in->size; n++) {
		uint8_t mode = in->data[i], len = in->data[i + 1];
		struct tcp_seg s;

		i += 2;
		if (len > in->size - i)
			len = (uint8_t)(in->size - i);
		memcpy(seg, in->data + i, len);
		i += len;
		if (tcp_seg_parse(&s, seg, len) == 0 && s.len > len)
			abort();
		if (len >= TCP_HDR_MIN && (mode & 1)) {
			seg[0] = PEER_PORT >> 8, seg[1] = PEER_PORT & 0xff, seg[2] = 0, seg[3] = PORT;
		}
		if (len >= TCP_HDR_MIN && (mode & 2)) {
			uint32_t seq_off = (uint32_t)seg[4] << 8 | seg[5], ack_off = (uint32_t)seg[8] << 8 | seg[9];

			put32(seg + 4, PEER_ISS + 1 + seq_off - 256);
			put32(seg + 8, iss + 1 + ack_off - 256);
		}
		deliver(t, seg, len, mode & 4);
	}
	tcp_listener_close(l);
	tcp_stack_free(t);
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct fuzz_input in = { data, size };
	struct kiln_fiber *f;

	kiln_log_set_spec("*:quiet");
	if (kiln_fiber_spawn(&f, "fuzz", fuzz_main, &in) < 0 || kiln_sched_run() < 0)
		abort();
	kiln_fiber_join(f, NULL);
	return 0;
}

/* test_netif_offload.c: frames as a tap with offloads hands them over (a virtio-net header first): a TCP segment
 * longer than the MTU whose checksum the host left to us (NEEDS_CSUM) is taken, the same bytes without the
 * header's word are verified and refused, and headers asking what was not offered are dropped. */
#include <linux/virtio_net.h>

#include <kiln/layers.h>
#include <kiln/time.h>

#include "../runtime/test_util.h"
#include "fake_netif.h"
#include "net_frames.h"
#include "tcp.h"
#include "tcp_seg.h"
#include "unix/netif_vnet.h"

#define BIG 8000 /* payload bytes of the large segment: more than the MTU and the MSS, within the window */
#define PORT 80
#define PEER_PORT 40000

/* The stack at 10.0.0.2/24 on a device that hands over one pending buffer (header and frame) as the tap does. */
struct rig {
	struct fake_netif f;
	struct kiln_layers l;
	struct tcp_stack *tcp;
	uint8_t pending[KILN_VNET_HDR + ETH_HDR + 65535];
	size_t npending;
	uint8_t rx[ETH_HDR + 65535]; /* the frame as the device delivers it */
	unsigned udp_got;
};

static ssize_t vnet_recv(struct kiln_netif *n, void *buf, size_t cap, uint64_t deadline_ns, unsigned *flags)
{
	struct rig *r = (struct rig *)n;
	size_t len;

	if (!r->npending)
		return fake_recv(n, buf, cap, deadline_ns, flags);
	len = r->npending - KILN_VNET_HDR;
	r->npending = 0;
	if (kiln_vnet_rx(r->pending, len, flags) < 0)
		return -EPROTO;
	len = len < cap ? len : cap;
	memcpy(buf, r->pending + KILN_VNET_HDR, len);
	return (ssize_t)len;
}

static const struct kiln_netif_ops vnet_ops = { fake_sendv, vnet_recv };

static int ip_out(void *ctx, uint32_t src, uint32_t dst, const struct iovec *iov, int iovcnt)
{
	return kiln_ipv4_output_nowait(ctx, src, dst, KILN_IPPROTO_TCP, iov, iovcnt);
}

static unsigned ip_mtu(void *ctx)
{
	return kiln_ipv4_mtu(ctx);
}

static bool ip_csum_ok(void *ctx)
{
	return kiln_ipv4_rx_csum_ok(ctx);
}

static const struct tcp_ip_ops ops = { ip_out, ip_mtu, ip_csum_ok };

static void on_udp(void *ctx, uint32_t src, uint16_t sport, uint32_t dst, uint16_t dport, const uint8_t *d, size_t len)
{
	(void)src, (void)sport, (void)dst, (void)dport, (void)d, (void)len;
	((struct rig *)ctx)->udp_got++;
}

/* Hands frame to the stack through the device behind a virtio-net header with vflags and gso; returns the
 * frames the stack sent in answer, or -1 when the device dropped it. */
static int deliver(struct rig *r, const uint8_t *frame, size_t len, uint8_t vflags, uint8_t gso)
{
	struct virtio_net_hdr h = { .flags = vflags, .gso_type = gso };
	unsigned before = r->f.nsent, flags;
	ssize_t n;

	if (vflags & VIRTIO_NET_HDR_F_NEEDS_CSUM) {
		h.csum_start = ETH_HDR + IP_HDR;
		h.csum_offset = frame[ETH_HDR + 9] == 6 ? 16 : 6;
	}
	if (gso == VIRTIO_NET_HDR_GSO_TCPV4)
		h.gso_size = 1448;
	memcpy(r->pending, &h, sizeof(h));
	memcpy(r->pending + KILN_VNET_HDR, frame, len);
	r->npending = KILN_VNET_HDR + len;
	n = kiln_netif_recv_flags(&r->f.n, r->rx, sizeof(r->rx), kiln_plat_monotonic_ns(), &flags);
	if (n < 0)
		return -1;
	kiln_eth_input_flags(r->l.eth, r->rx, (size_t)n, flags);
	return (int)(r->f.nsent - before);
}

/* A frame with a TCP segment from the peer; the checksum right unless bad_sum (then it holds only the
 * pseudo-header's sum, as a host leaving it to us writes it). Returns its length. */
static size_t tcp_frame(uint8_t *f, uint32_t seq, uint32_t ack, uint8_t flags, const uint8_t *data, size_t n, bool bad_sum)
{
	static uint8_t seg[TCP_HDR_MAX + 65535];
	struct tcp_hdr_out h = { PEER_PORT, PORT, seq, ack, flags, 65535, flags & TCP_SYN ? 1460 : 0, -1 };
	size_t hl = tcp_hdr_build(seg, &h);
	struct iovec iov = { seg, hl + n };

	if (n)
		memcpy(seg + hl, data, n);
	if (bad_sum)
		put16(seg + 16, inet_fold(inet_pseudo_sum(PEER, US, 6, (uint16_t)(hl + n))));
	else
		tcp_csum_fill(PEER, US, &iov, 1);
	return ip_frame(f, 6, US, 1, 0, seg, hl + n);
}

static void rig_up(struct rig *r)
{
	uint8_t frame[64];
	uint8_t dummy[20] = { 0 };
	struct iovec iov = { dummy, sizeof(dummy) };

	fake_netif_init(&r->f);
	r->f.n.ops = &vnet_ops;
	r->f.n.frame_max = ETH_HDR + 65535;
	assert_int_equal(kiln_layers_new(&r->l, &r->f.n), 0);
	assert_int_equal(kiln_ipv4_configure(r->l.ip, US, 0xffffff00u, PEER), 0);
	assert_int_equal(kiln_udp_bind(r->l.udp, 7, on_udp, r), 0);
	assert_int_equal(tcp_stack_new(&r->tcp, &ops, r->l.ip), 0);
	assert_int_equal(kiln_ipv4_set_handler(r->l.ip, KILN_IPPROTO_TCP, tcp_input, r->tcp), 0);
	/* The peer's MAC, learnt from its answer to our query. */
	assert_int_equal(kiln_arp_output(r->l.arp, PEER, KILN_ETH_IPV4, &iov, 1, false), 0);
	kiln_eth_input(r->l.eth, frame, arp_frame(frame, 2, PEER, US));
}

static void rig_down(struct rig *r)
{
	tcp_stack_free(r->tcp);
	kiln_layers_free(&r->l);
}

static uint64_t bad_checksums(struct rig *r)
{
	struct tcp_stats st;

	tcp_stack_stats(r->tcp, &st);
	return st.bad_checksum;
}

static int large_segments(void *arg)
{
	struct rig *r = arg;
	static uint8_t f[ETH_HDR + 65535], data[2 * BIG], got[BIG];
	struct kiln_netif_stats st;
	struct tcp_listener *l;
	struct tcp_conn *c;
	struct tcp_seg synack;
	size_t len;
	uint32_t iss;
	const uint8_t *sent;

	rig_up(r);
	for (size_t i = 0; i < sizeof(data); i++)
		data[i] = (uint8_t)(i * 7 + 3);
	assert_int_equal(tcp_listen(r->tcp, US, PORT, 4, &l), 0);
	/* The handshake, in ordinary frames. */
	assert_int_equal(deliver(r, f, tcp_frame(f, 1000, 0, TCP_SYN, NULL, 0, false), 0, 0), 1);
	sent = fake_sent(&r->f, r->f.nsent - 1, &len);
	assert_int_equal(tcp_seg_parse(&synack, sent + ETH_HDR + IP_HDR, len - ETH_HDR - IP_HDR), 0);
	assert_int_equal(synack.flags, TCP_SYN | TCP_ACK);
	iss = synack.seq;
	deliver(r, f, tcp_frame(f, 1001, iss + 1, TCP_ACK, NULL, 0, false), 0, 0);
	assert_int_equal(tcp_accept(l, &c, kiln_plat_monotonic_ns() + KILN_MSEC(500)), 0);

	/* 8000 bytes in one TCPv4 GSO frame whose checksum the host left to us: taken as they are. */
	len = tcp_frame(f, 1001, iss + 1, TCP_ACK | TCP_PSH, data, BIG, true);
	assert_true(len > 1500 + ETH_HDR);
	assert_true(deliver(r, f, len, VIRTIO_NET_HDR_F_NEEDS_CSUM, VIRTIO_NET_HDR_GSO_TCPV4) >= 0);
	assert_int_equal(tcp_read(c, got, BIG, kiln_plat_monotonic_ns() + KILN_MSEC(500)), BIG);
	assert_memory_equal(got, data, BIG);
	assert_int_equal(bad_checksums(r), 0);

	/* The same kind of frame without the host's word: verified, and refused. */
	len = tcp_frame(f, 1001 + BIG, iss + 1, TCP_ACK | TCP_PSH, data + BIG, BIG, true);
	assert_true(deliver(r, f, len, 0, 0) >= 0);
	assert_int_equal(bad_checksums(r), 1);
	assert_int_equal(tcp_read(c, got, BIG, kiln_plat_monotonic_ns() + KILN_MSEC(50)), -ETIMEDOUT);
	/* With DATA_VALID (the host verified it) it is taken; with a right checksum and no word, too. */
	assert_true(deliver(r, f, len, VIRTIO_NET_HDR_F_DATA_VALID, 0) >= 0);
	assert_int_equal(tcp_read(c, got, BIG, kiln_plat_monotonic_ns() + KILN_MSEC(500)), BIG);
	assert_memory_equal(got, data + BIG, BIG);
	len = tcp_frame(f, 1001 + 2 * BIG, iss + 1, TCP_ACK | TCP_PSH, data, BIG, false);
	assert_true(deliver(r, f, len, 0, 0) >= 0);
	assert_int_equal(tcp_read(c, got, BIG, kiln_plat_monotonic_ns() + KILN_MSEC(500)), BIG);
	assert_int_equal(bad_checksums(r), 1);

	/* The device counted the frames longer than the MTU. */
	kiln_netif_stats(&r->f.n, &st);
	assert_int_equal(st.rx_large, 4);
	tcp_close(c);
	tcp_listener_close(l);
	rig_down(r);
	return 0;
}

/* Runs body on a fresh rig as the root fiber. */
static void run_rig(kiln_fiber_fn body)
{
	struct rig *r = calloc(1, sizeof(*r));

	assert_non_null(r);
	assert_int_equal(run_root(body, r), 0);
	free(r);
}

static void tcp_segments_longer_than_the_mtu_are_taken_and_checked_unless_the_host_vouches(void **state)
{
	(void)state;
	run_rig(large_segments);
}

static int udp_and_refusals(void *arg)
{
	struct rig *r = arg;
	static uint8_t f[ETH_HDR + 65535];
	uint8_t d[8 + 3000] = { 0 };
	struct kiln_netif_stats st;
	size_t len;

	rig_up(r);
	put16(d, 9), put16(d + 2, 7), put16(d + 4, sizeof(d));
	put16(d + 6, 0x1234); /* wrong */
	len = ip_frame(f, 17, US, 2, 0, d, sizeof(d));
	assert_true(deliver(r, f, len, 0, 0) >= 0);
	assert_int_equal(r->udp_got, 0);
	assert_true(deliver(r, f, len, VIRTIO_NET_HDR_F_NEEDS_CSUM, 0) >= 0);
	assert_int_equal(r->udp_got, 1);
	/* What was not offered: UDP segmentation, a checksum position past the frame. */
	assert_int_equal(deliver(r, f, len, VIRTIO_NET_HDR_F_NEEDS_CSUM, VIRTIO_NET_HDR_GSO_UDP), -1);
	assert_int_equal(deliver(r, f, ETH_HDR + IP_HDR + 5, VIRTIO_NET_HDR_F_NEEDS_CSUM, 0), -1);
	assert_int_equal(r->udp_got, 1);
	kiln_netif_stats(&r->f.n, &st);
	assert_int_equal(st.rx_drops, 2);
	/* A datagram that came in fragments is always verified, whatever its last frame said. */
	len = ip_frame(f, 17, US, 3, 0x2000, d, 1480);
	assert_true(deliver(r, f, len, 0, 0) >= 0);
	len = ip_frame(f, 17, US, 3, 1480 / 8, d + 1480, sizeof(d) - 1480);
	assert_true(deliver(r, f, len, VIRTIO_NET_HDR_F_NEEDS_CSUM, 0) >= 0);
	assert_int_equal(r->udp_got, 1);
	rig_down(r);
	return 0;
}

static void udp_checksums_follow_the_header_and_unoffered_offloads_are_dropped(void **state)
{
	(void)state;
	run_rig(udp_and_refusals);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(tcp_segments_longer_than_the_mtu_are_taken_and_checked_unless_the_host_vouches),
		cmocka_unit_test(udp_checksums_follow_the_header_and_unoffered_offloads_are_dropped),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

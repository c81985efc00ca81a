/* test_tcp_seg.c: unit tests of TCP segment parsing (malformed options and offsets: the AMNESIA:33 and
 * Ripple20 classes), checksums, the reassembly buffer and initial sequence numbers. */
#include "checksum.h"
#include "tcp_link.h"

/* A 20-byte header with the options in opt (olen bytes, a multiple of 4) and payload bytes after it. */
static size_t make_seg(uint8_t *buf, const uint8_t *opt, size_t olen, size_t payload)
{
	struct tcp_hdr_out h = { .sport = 1234, .dport = 80, .seq = 1, .flags = TCP_SYN, .wnd = 100, .wscale = -1 };
	size_t len = tcp_hdr_build(buf, &h);

	if (olen)
		memcpy(buf + len, opt, olen);
	buf[12] = (uint8_t)((len + olen) / 4 << 4);
	memset(buf + len + olen, 'x', payload);
	return len + olen + payload;
}

static int parse_opts(const uint8_t *opt, size_t olen, struct tcp_seg *s)
{
	uint8_t buf[TCP_HDR_MAX + 16];

	return tcp_seg_parse(s, buf, make_seg(buf, opt, olen, 3));
}

static void mss_and_window_scale_are_read(void **state)
{
	const uint8_t opt[] = { 2, 4, 0x05, 0xb4, 1, 3, 3, 7 };
	struct tcp_seg s;

	(void)state;
	assert_int_equal(parse_opts(opt, sizeof(opt), &s), 0);
	assert_int_equal(s.mss, 1460);
	assert_int_equal(s.wscale, 7);
	assert_int_equal(s.len, 3);
	assert_memory_equal(s.data, "xxx", 3);
}

static void built_options_parse_back(void **state)
{
	struct tcp_hdr_out h = { .sport = 1, .dport = 2, .seq = 3, .ack = 4, .flags = TCP_SYN | TCP_ACK,
				 .wnd = 5, .mss = 1400, .wscale = 4 };
	uint8_t buf[TCP_HDR_MAX];
	struct tcp_seg s;

	(void)state;
	assert_int_equal(tcp_seg_parse(&s, buf, tcp_hdr_build(buf, &h)), 0);
	assert_int_equal(s.sport, 1);
	assert_int_equal(s.dport, 2);
	assert_int_equal(s.seq, 3);
	assert_int_equal(s.ack, 4);
	assert_int_equal(s.flags, TCP_SYN | TCP_ACK);
	assert_int_equal(s.wnd, 5);
	assert_int_equal(s.mss, 1400);
	assert_int_equal(s.wscale, 4);
	assert_int_equal(s.len, 0);
}

static void window_scale_above_14_is_clamped(void **state)
{
	const uint8_t opt[] = { 3, 3, 200, 0 };
	struct tcp_seg s;

	(void)state;
	assert_int_equal(parse_opts(opt, sizeof(opt), &s), 0);
	assert_int_equal(s.wscale, 14);
}

static void option_length_zero_is_malformed(void **state)
{
	const uint8_t opt[] = { 2, 0, 0x05, 0xb4 };
	struct tcp_seg s;

	(void)state;
	assert_int_equal(parse_opts(opt, sizeof(opt), &s), -EINVAL);
}

static void option_length_one_is_malformed(void **state)
{
	const uint8_t opt[] = { 1, 1, 99, 1 };
	struct tcp_seg s;

	(void)state;
	assert_int_equal(parse_opts(opt, sizeof(opt), &s), -EINVAL);
}

static void option_running_past_the_header_is_malformed(void **state)
{
	const uint8_t opt[] = { 1, 1, 2, 4 }; /* an MSS whose value would be the payload */
	const uint8_t big[] = { 8, 40, 0, 0 };
	struct tcp_seg s;

	(void)state;
	assert_int_equal(parse_opts(opt, sizeof(opt), &s), -EINVAL);
	assert_int_equal(parse_opts(big, sizeof(big), &s), -EINVAL);
}

static void kind_without_its_length_byte_is_malformed(void **state)
{
	const uint8_t opt[] = { 1, 1, 1, 3 };
	struct tcp_seg s;

	(void)state;
	assert_int_equal(parse_opts(opt, sizeof(opt), &s), -EINVAL);
}

static void end_of_options_stops_the_parse(void **state)
{
	const uint8_t opt[] = { 0, 2, 0, 0 };
	struct tcp_seg s;

	(void)state;
	assert_int_equal(parse_opts(opt, sizeof(opt), &s), 0);
	assert_int_equal(s.mss, 0);
	assert_int_equal(s.wscale, -1);
}

static void wrong_length_and_unknown_options_are_skipped(void **state)
{
	const uint8_t opt[] = { 2, 3, 9, 254, 6, 1, 2, 3, 4, 2, 4, 0x02, 0x18, 3, 2, 1 };
	struct tcp_seg s;

	(void)state;
	assert_int_equal(parse_opts(opt, sizeof(opt), &s), 0);
	assert_int_equal(s.mss, 536);
	assert_int_equal(s.wscale, -1); /* a window scale option of length 2 */
}

static void data_offset_below_five_is_malformed(void **state)
{
	uint8_t buf[40];
	struct tcp_seg s;

	(void)state;
	make_seg(buf, NULL, 0, 20);
	for (int off = 0; off < 5; off++) {
		buf[12] = (uint8_t)(off << 4);
		assert_int_equal(tcp_seg_parse(&s, buf, sizeof(buf)), -EINVAL);
	}
}

static void data_offset_beyond_the_segment_is_malformed(void **state)
{
	uint8_t buf[40];
	struct tcp_seg s;

	(void)state;
	make_seg(buf, NULL, 0, 20);
	buf[12] = 11 << 4; /* 44 bytes of header in 40 */
	assert_int_equal(tcp_seg_parse(&s, buf, sizeof(buf)), -EINVAL);
	memset(buf + 20, 1, 20); /* NOPs */
	buf[12] = 10 << 4; /* exactly the segment: no payload */
	assert_int_equal(tcp_seg_parse(&s, buf, sizeof(buf)), 0);
	assert_int_equal(s.len, 0);
}

static void runt_is_malformed(void **state)
{
	uint8_t buf[20];
	struct tcp_seg s;

	(void)state;
	make_seg(buf, NULL, 0, 0);
	for (size_t n = 0; n < 20; n++)
		assert_int_equal(tcp_seg_parse(&s, buf, n), -EINVAL);
	assert_int_equal(tcp_seg_parse(&s, buf, 20), 0);
}

static void checksum_covers_pieces_at_odd_offsets(void **state)
{
	uint8_t seg[64], copy[64];
	size_t len = make_seg(seg, NULL, 0, 27);
	struct iovec iov[3] = { { seg, 20 }, { seg + 20, 3 }, { seg + 23, len - 23 } };

	(void)state;
	tcp_csum_fill(ADDR_A, ADDR_B, iov, 3);
	assert_true(tcp_csum_ok(ADDR_A, ADDR_B, seg, len));
	memcpy(copy, seg, len);
	/* Any bit changed, in the data or the pseudo-header, is caught. */
	copy[30] ^= 0x10;
	assert_false(tcp_csum_ok(ADDR_A, ADDR_B, copy, len));
	assert_false(tcp_csum_ok(ADDR_A, ADDR_B + 1, seg, len));
	assert_false(tcp_csum_ok(ADDR_A, ADDR_B, seg, len - 1));
}

static void internet_checksum_known_vectors(void **state)
{
	/* An IPv4 header whose checksum is 0xb861, summed whole, in pieces, and from odd offsets. */
	uint8_t ip[] = { 0x45, 0x00, 0x00, 0x73, 0x00, 0x00, 0x40, 0x00, 0x40, 0x11, 0x00, 0x00,
			 0xc0, 0xa8, 0x00, 0x01, 0xc0, 0xa8, 0x00, 0xc7 };
	struct iovec iov[3] = { { ip, 5 }, { ip + 5, 8 }, { ip + 13, 7 } };

	(void)state;
	assert_int_equal(inet_fold(inet_sum(ip, sizeof(ip), 0)), 0xb861);
	assert_int_equal(inet_fold(inet_sum_iov(iov, 3, 0)), 0xb861);
	/* An odd length pads with a zero byte. */
	assert_int_equal(inet_sum((const uint8_t[]){ 0x12 }, 1, 0), 0x1200);
	assert_int_equal(inet_sum((const uint8_t[]){ 0x12, 0x34, 0x56 }, 3, 0), 0x1234 + 0x5600);
}

static void reassembly_joins_out_of_order_ranges(void **state)
{
	struct tcp_rcvbuf rb;
	char out[64];

	(void)state;
	assert_int_equal(tcp_rcvbuf_init(&rb, 64), 0);
	assert_int_equal(tcp_rcvbuf_put(&rb, 100, 110, (const uint8_t *)"bbbbbbbbbb", 10), 0);
	assert_int_equal(tcp_rcvbuf_put(&rb, 100, 130, (const uint8_t *)"dddddddddd", 10), 0);
	assert_int_equal(tcp_rcvbuf_put(&rb, 100, 125, (const uint8_t *)"ccccc", 5), 0);
	assert_int_equal(rb.nooo, 2); /* 110-120 and 125-140 */
	assert_int_equal(tcp_rcvbuf_put(&rb, 100, 100, (const uint8_t *)"aaaaaaaaaa", 10), 20);
	assert_int_equal(rb.nooo, 1);
	assert_int_equal(tcp_rcvbuf_put(&rb, 120, 120, (const uint8_t *)"CCCCC", 5), 20);
	assert_int_equal(rb.nooo, 0);
	assert_int_equal(tcp_rcvbuf_read(&rb, out, sizeof(out)), 40);
	assert_memory_equal(out, "aaaaaaaaaabbbbbbbbbbCCCCCcccccdddddddddd", 40);
	tcp_rcvbuf_free(&rb);
}

static void reassembly_tracks_a_bounded_number_of_holes(void **state)
{
	struct tcp_rcvbuf rb;

	(void)state;
	assert_int_equal(tcp_rcvbuf_init(&rb, 4096), 0);
	for (uint32_t i = 0; i < TCP_OOO_MAX; i++)
		assert_int_equal(tcp_rcvbuf_put(&rb, 0, 2 + 4 * i, (const uint8_t *)"xx", 2), 0);
	assert_int_equal(tcp_rcvbuf_put(&rb, 0, 2 + 4 * TCP_OOO_MAX, (const uint8_t *)"xx", 2), -ENOBUFS);
	/* A segment that fills the gap between two known ranges joins them. */
	assert_int_equal(tcp_rcvbuf_put(&rb, 0, 4, (const uint8_t *)"yy", 2), 0);
	assert_int_equal(rb.nooo, TCP_OOO_MAX - 1);
	assert_int_equal(tcp_rcvbuf_put(&rb, 0, 0, (const uint8_t *)"zz", 2), 8);
	tcp_rcvbuf_free(&rb);
}

static void isn_depends_on_tuple_key_and_clock(void **state)
{
	struct tcp_isn_key k1, k2;
	uint32_t a, b;

	(void)state;
	assert_int_equal(tcp_isn_key_init(&k1), 0);
	assert_int_equal(tcp_isn_key_init(&k2), 0);
	a = tcp_isn(&k1, ADDR_A, 1000, ADDR_B, 80, 0);
	assert_int_equal(tcp_isn(&k1, ADDR_A, 1000, ADDR_B, 80, 0), a);
	/* The clock adds one every 4 microseconds. */
	assert_int_equal(tcp_isn(&k1, ADDR_A, 1000, ADDR_B, 80, 4000 * 250), a + 250);
	b = tcp_isn(&k1, ADDR_A, 1001, ADDR_B, 80, 0);
	assert_true(a != b);
	assert_true(a != tcp_isn(&k2, ADDR_A, 1000, ADDR_B, 80, 0));
}

/* A stack whose output only counts what it would send. */
static unsigned outputs;

static int count_output(void *ctx, uint32_t src, uint32_t dst, const struct iovec *iov, int iovcnt)
{
	(void)ctx, (void)src, (void)dst, (void)iov, (void)iovcnt;
	outputs++;
	return 0;
}

static unsigned fixed_mtu(void *ctx)
{
	(void)ctx;
	return 1500;
}

static const struct tcp_ip_ops counting_ops = { count_output, fixed_mtu, NULL };

/* Delivers buf to t with a correct checksum. */
static void deliver(struct tcp_stack *t, uint8_t *buf, size_t len)
{
	struct iovec iov = { buf, len };

	buf[16] = buf[17] = 0;
	tcp_csum_fill(ADDR_B, ADDR_A, &iov, 1);
	tcp_input(t, ADDR_B, ADDR_A, buf, len);
}

static int malformed_input(void *arg)
{
	const uint8_t bad[] = { 2, 0, 0, 0 }, good[] = { 2, 4, 0x05, 0xb4 };
	struct tcp_stack *t;
	struct tcp_stats st;
	uint8_t buf[64];
	size_t len;

	(void)arg;
	assert_int_equal(tcp_stack_new(&t, &counting_ops, NULL), 0);
	/* A malformed option: dropped and counted, no RST (nothing about it can be trusted). */
	deliver(t, buf, make_seg(buf, bad, sizeof(bad), 0));
	/* A data offset past the end. */
	len = make_seg(buf, good, sizeof(good), 0);
	buf[12] = 15 << 4;
	deliver(t, buf, len);
	tcp_stack_stats(t, &st);
	assert_int_equal(st.malformed, 2);
	assert_int_equal(outputs, 0);
	/* A wrong checksum: dropped and counted. */
	len = make_seg(buf, good, sizeof(good), 0);
	tcp_input(t, ADDR_B, ADDR_A, buf, len);
	tcp_stack_stats(t, &st);
	assert_int_equal(st.bad_checksum, 1);
	assert_int_equal(outputs, 0);
	/* The same SYN, well formed, to a closed port: a RST. */
	deliver(t, buf, len);
	tcp_stack_stats(t, &st);
	assert_int_equal(st.rst_out, 1);
	assert_int_equal(outputs, 1);
	tcp_stack_free(t);
	return 0;
}

static void malformed_segments_are_dropped_without_reply(void **state)
{
	(void)state;
	assert_int_equal(run_root(malformed_input, NULL), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(mss_and_window_scale_are_read),
		cmocka_unit_test(built_options_parse_back),
		cmocka_unit_test(window_scale_above_14_is_clamped),
		cmocka_unit_test(option_length_zero_is_malformed),
		cmocka_unit_test(option_length_one_is_malformed),
		cmocka_unit_test(option_running_past_the_header_is_malformed),
		cmocka_unit_test(kind_without_its_length_byte_is_malformed),
		cmocka_unit_test(end_of_options_stops_the_parse),
		cmocka_unit_test(wrong_length_and_unknown_options_are_skipped),
		cmocka_unit_test(data_offset_below_five_is_malformed),
		cmocka_unit_test(data_offset_beyond_the_segment_is_malformed),
		cmocka_unit_test(runt_is_malformed),
		cmocka_unit_test(checksum_covers_pieces_at_odd_offsets),
		cmocka_unit_test(internet_checksum_known_vectors),
		cmocka_unit_test(reassembly_joins_out_of_order_ranges),
		cmocka_unit_test(reassembly_tracks_a_bounded_number_of_holes),
		cmocka_unit_test(isn_depends_on_tuple_key_and_clock),
		cmocka_unit_test(malformed_segments_are_dropped_without_reply),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

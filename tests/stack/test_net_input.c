/* test_net_input.c: the layers below TCP against malformed input (the AMNESIA:33 and Ripple20 bug classes:
 * lengths that disagree between layers, runt frames, bad option lengths, overlapping fragments, memory caps),
 * ICMP port unreachables and their limits, and ARP's cache, probes and queue, on a fake device. */
#include <kiln/layers.h>
#include <kiln/time.h>

#include "../runtime/test_util.h"
#include "dhcp_msg.h"
#include "fake_netif.h"
#include "ipv4_reass.h"
#include "net_frames.h"

/* The stack under test, at 10.0.0.2/24, with the peer's MAC already known. */
struct rig {
	struct fake_netif f;
	struct kiln_layers l;
	struct kiln_eth *eth; /* l's, for short */
	struct kiln_arp *arp;
	struct kiln_ipv4 *ip;
	struct kiln_udp *udp;
	unsigned udp_got, raw_got;
	size_t udp_len, raw_len;
	uint8_t raw[65536];
};

static struct rig *rig; /* the one a test uses, set by run_rig */

static void on_udp(void *ctx, uint32_t src, uint16_t sport, uint32_t dst, uint16_t dport, const uint8_t *data, size_t len)
{
	struct rig *r = ctx;

	(void)src, (void)sport, (void)dst, (void)dport, (void)data;
	r->udp_got++;
	r->udp_len = len;
}

static void on_raw(void *ctx, uint32_t src, uint32_t dst, const uint8_t *p, size_t len)
{
	struct rig *r = ctx;

	(void)src, (void)dst;
	r->raw_got++;
	r->raw_len = len;
	memcpy(r->raw, p, len);
}

static void rig_up(struct rig *r)
{
	uint8_t frame[64];
	uint8_t dummy[20] = { 0 };
	struct iovec iov = { dummy, sizeof(dummy) };

	fake_netif_init(&r->f);
	assert_int_equal(kiln_layers_new(&r->l, &r->f.n), 0);
	r->eth = r->l.eth;
	r->arp = r->l.arp;
	r->ip = r->l.ip;
	r->udp = r->l.udp;
	assert_int_equal(kiln_ipv4_configure(r->ip, US, 0xffffff00u, PEER), 0);
	assert_int_equal(kiln_udp_bind(r->udp, 7, on_udp, r), 0);
	assert_int_equal(kiln_ipv4_set_handler(r->ip, 253, on_raw, r), 0);
	/* Something for the peer waits for its MAC; the peer's answer teaches it. */
	assert_int_equal(kiln_arp_output(r->arp, PEER, KILN_ETH_IPV4, &iov, 1, false), 0);
	kiln_eth_input(r->eth, frame, arp_frame(frame, 2, PEER, US));
	assert_int_equal(kiln_arp_query(r->arp, PEER, (uint8_t[6]){ 0 }), 0);
}

static int rig_fiber(void *arg)
{
	void (*body)(struct rig *) = *(void (**)(struct rig *))arg;

	rig_up(rig);
	body(rig);
	kiln_layers_free(&rig->l);
	return 0;
}

/* Runs body on a fresh rig inside a fiber. */
static void run_rig(void (*body)(struct rig *))
{
	rig = calloc(1, sizeof(*rig));
	assert_non_null(rig);
	assert_int_equal(run_root(rig_fiber, &body), 0);
	free(rig);
}

/* Feeds one frame; returns how many frames the stack sent in answer. */
static unsigned feed(struct rig *r, const uint8_t *f, size_t len)
{
	unsigned before = r->f.nsent;

	kiln_eth_input(r->eth, f, len);
	return r->f.nsent - before;
}

/* An echo request with 5 bytes of data, as a whole frame. */
static size_t echo_frame(uint8_t *f, uint16_t seq)
{
	uint8_t m[64];

	return ip_frame(f, 1, US, seq, 0, m, echo_request(m, seq, 5));
}

static void runts(struct rig *r)
{
	uint8_t f[64];
	uint64_t dropped = kiln_eth_dropped(r->eth), ip_dropped = kiln_ipv4_dropped(r->ip);

	echo_frame(f, 1);
	for (size_t len = 0; len < ETH_HDR; len++)
		assert_int_equal(feed(r, f, len), 0);
	assert_int_equal(kiln_eth_dropped(r->eth) - dropped, ETH_HDR);
	/* A header and not one byte of IP, then less than an IP header. */
	assert_int_equal(feed(r, f, ETH_HDR), 0);
	assert_int_equal(feed(r, f, ETH_HDR + IP_HDR - 1), 0);
	assert_int_equal(kiln_ipv4_dropped(r->ip) - ip_dropped, 2);
}

static void runt_frames_are_dropped(void **state)
{
	(void)state;
	run_rig(runts);
}

/* Feeds one UDP datagram from the peer to dst:port; returns how many frames the stack answered with. */
static unsigned feed_udp(struct rig *r, uint32_t dst, uint16_t port, uint16_t id)
{
	uint8_t f[128], d[64];

	return feed(r, f, ip_frame(f, 17, dst, id, 0, d, udp_datagram(d, port, "hello", 5)));
}

/* How many of the n datagrams to unbound ports (fed at once) got an ICMP error; at most the burst
 * plus the tokens earned meanwhile (*earned). */
static unsigned unreachables(struct rig *r, unsigned n, unsigned *earned)
{
	uint64_t start = kiln_plat_monotonic_ns();
	unsigned answered = 0;

	for (unsigned i = 0; i < n; i++)
		answered += feed_udp(r, US, 9, (uint16_t)(100 + i));
	*earned = (unsigned)((kiln_plat_monotonic_ns() - start) / (1000000000ull / KILN_ICMP_ERRORS_PER_S)) + 1;
	return answered;
}

static void port_unreachable(struct rig *r)
{
	uint8_t f[128], d[64];
	size_t len = ip_frame(f, 17, US, 1, 0, d, udp_datagram(d, 9, "hello", 5)), sent;
	const uint8_t *ans, *icmp;
	unsigned n, earned;

	/* To a bound port: delivered, no answer. To an unbound one: a destination unreachable (port)
	 * from us to the peer, quoting the whole datagram (it is short), checksums right. */
	assert_int_equal(feed_udp(r, US, 7, 1), 0);
	assert_int_equal(r->udp_got, 1);
	assert_int_equal(feed(r, f, len), 1);
	ans = fake_sent(&r->f, r->f.nsent - 1, &sent);
	assert_int_equal(sent, ETH_HDR + IP_HDR + 8 + (len - ETH_HDR));
	assert_int_equal(get16(ans + 12), 0x0800);
	assert_int_equal(ans[ETH_HDR + 9], 1);
	assert_int_equal(get32(ans + ETH_HDR + 12), US);
	assert_int_equal(get32(ans + ETH_HDR + 16), PEER);
	icmp = ans + ETH_HDR + IP_HDR;
	assert_int_equal(icmp[0], KILN_ICMP_DEST_UNREACHABLE);
	assert_int_equal(icmp[1], KILN_ICMP_PORT_UNREACHABLE);
	assert_int_equal(get32(icmp + 4), 0);
	assert_int_equal(inet_fold(inet_sum(icmp, sent - ETH_HDR - IP_HDR, 0)), 0);
	assert_memory_equal(icmp + 8, f + ETH_HDR, len - ETH_HDR);
	/* Never to a broadcast (RFC 1122 3.2.2), nor to a datagram reassembled from fragments. */
	assert_int_equal(feed_udp(r, 0x0a0000ffu, 9, 2), 0);
	assert_int_equal(feed_udp(r, 0xffffffffu, 9, 3), 0);
	len = udp_datagram(d, 9, "hello, fragments", 16);
	assert_int_equal(feed(r, f, ip_frame(f, 17, US, 4, 0x2000, d, 8)), 0);
	assert_int_equal(feed(r, f, ip_frame(f, 17, US, 4, 1, d + 8, len - 8)), 0);
	/* The rate limit: the burst (less the one sent above), then what time earns. */
	n = unreachables(r, 3 * KILN_ICMP_ERROR_BURST, &earned);
	if (n < KILN_ICMP_ERROR_BURST - 1 || n > KILN_ICMP_ERROR_BURST - 1 + earned)
		fail_msg("%u answers to %u datagrams at once (burst %u, %u earned meanwhile)", n,
			 3 * KILN_ICMP_ERROR_BURST, KILN_ICMP_ERROR_BURST, earned);
	kiln_sleep_ns(5 * 1000000000ull / KILN_ICMP_ERRORS_PER_S);
	n = unreachables(r, KILN_ICMP_ERROR_BURST, &earned);
	if (n < 5 || n > 5 + earned)
		fail_msg("%u answers after 5 tokens' time (%u earned meanwhile)", n, earned);
}

static void udp_to_unbound_ports_gets_port_unreachable(void **state)
{
	(void)state;
	run_rig(port_unreachable);
}

/* Feeds f after mutate changed its IP header (the checksum fixed again unless keep_sum); expects no answer. */
static void expect_dropped(struct rig *r, const char *what, size_t hoff, uint8_t value, int keep_sum)
{
	uint8_t f[128];
	size_t len = echo_frame(f, 2);
	uint64_t dropped = kiln_ipv4_dropped(r->ip);

	f[ETH_HDR + hoff] = value;
	if (!keep_sum)
		ip_fix_checksum(f);
	if (feed(r, f, len) != 0 || kiln_ipv4_dropped(r->ip) != dropped + 1)
		fail_msg("%s: not dropped", what);
}

static void ip_lengths(struct rig *r)
{
	uint8_t f[256], m[64];
	size_t len = echo_frame(f, 1), sent;
	const uint8_t *reply;

	assert_int_equal(feed(r, f, len), 1); /* the control: a good request is answered */
	assert_int_equal(feed(r, f, len - 1), 0); /* the total length says more than arrived */
	expect_dropped(r, "total length over the frame", 3, (uint8_t)(IP_HDR + 13 + 10), 0);
	expect_dropped(r, "total length under the header", 3, IP_HDR - 1, 0);
	expect_dropped(r, "header length 4", 0, 0x44, 0);
	expect_dropped(r, "header length past the total", 0, 0x4f, 0);
	expect_dropped(r, "version 6", 0, 0x65, 0);
	expect_dropped(r, "a bad header checksum", 8, 63, 1);
	expect_dropped(r, "a multicast source", 12, 0xe0, 0); /* 224.0.0.1: a group of hosts is not a source */
	/* Padding after the datagram (short frames are padded): only the total length counts. */
	len = echo_frame(f, 3);
	memset(f + len, 0xee, 20);
	assert_int_equal(feed(r, f, len + 20), 1);
	reply = fake_sent(&r->f, r->f.nsent - 1, &sent);
	assert_int_equal(sent, ETH_HDR + IP_HDR + 8 + 5);
	assert_int_equal(reply[ETH_HDR + IP_HDR], 0); /* an echo reply */
	/* An IP total length that leaves ICMP less than its header. */
	len = ip_frame(f, 1, US, 4, 0, m, echo_request(m, 4, 5));
	f[ETH_HDR + 3] = IP_HDR + 4;
	ip_fix_checksum(f);
	assert_int_equal(feed(r, f, len), 0);
}

static void ip_lengths_that_disagree_are_dropped(void **state)
{
	(void)state;
	run_rig(ip_lengths);
}

static void udp_lengths(struct rig *r)
{
	uint8_t f[256], d[64];
	size_t dl = udp_datagram(d, 7, "hello", 5);
	uint64_t dropped = kiln_udp_dropped(r->udp);

	feed(r, f, ip_frame(f, 17, US, 1, 0, d, dl));
	assert_int_equal(r->udp_got, 1);
	assert_int_equal(r->udp_len, 5);
	/* UDP says more than IP carries, or less than its own header. */
	put16(d + 4, 8 + 6);
	feed(r, f, ip_frame(f, 17, US, 2, 0, d, dl));
	put16(d + 4, 7);
	feed(r, f, ip_frame(f, 17, US, 3, 0, d, dl));
	assert_int_equal(r->udp_got, 1);
	assert_int_equal(kiln_udp_dropped(r->udp) - dropped, 2);
	/* UDP says less than IP carries: the datagram is UDP's length (checksummed over it). */
	dl = udp_datagram(d, 7, "hel", 3);
	memcpy(d + dl, "lo", 2);
	feed(r, f, ip_frame(f, 17, US, 4, 0, d, dl + 2));
	assert_int_equal(r->udp_got, 2);
	assert_int_equal(r->udp_len, 3);
	/* A bad checksum is dropped; no checksum (0) is accepted; a port no one has is dropped. */
	dl = udp_datagram(d, 7, "hello", 5);
	d[9] ^= 1;
	feed(r, f, ip_frame(f, 17, US, 5, 0, d, dl));
	assert_int_equal(r->udp_got, 2);
	put16(d + 6, 0);
	feed(r, f, ip_frame(f, 17, US, 6, 0, d, dl));
	assert_int_equal(r->udp_got, 3);
	dl = udp_datagram(d, 9, "hello", 5);
	feed(r, f, ip_frame(f, 17, US, 7, 0, d, dl));
	assert_int_equal(r->udp_got, 3);
	assert_int_equal(kiln_udp_dropped(r->udp) - dropped, 4);
}

static void udp_lengths_that_disagree_are_dropped(void **state)
{
	(void)state;
	run_rig(udp_lengths);
}

static void icmp_malformed(struct rig *r)
{
	uint8_t f[256], m[64];
	size_t ml = echo_request(m, 1, 5);

	m[9] ^= 1; /* a bad checksum */
	assert_int_equal(feed(r, f, ip_frame(f, 1, US, 1, 0, m, ml)), 0);
	ml = echo_request(m, 2, 5);
	assert_int_equal(feed(r, f, ip_frame(f, 1, US, 2, 0, m, 4)), 0); /* shorter than a header */
	assert_int_equal(feed(r, f, ip_frame(f, 1, 0x0a0000ffu, 3, 0, m, ml)), 0); /* to the subnet's broadcast */
	assert_int_equal(feed(r, f, ip_frame(f, 1, US, 4, 0, m, ml)), 1);
}

struct seen {
	unsigned n;
	uint8_t type;
	uint16_t id, seq;
	size_t len;
};

static void observe(void *ctx, uint32_t src, uint8_t type, uint8_t code, uint16_t id, uint16_t seq, const uint8_t *data,
		    size_t len)
{
	struct seen *s = ctx;

	(void)src, (void)code, (void)data;
	*s = (struct seen){ s->n + 1, type, id, seq, len };
}

static void echo_requests(struct rig *r)
{
	struct seen seen = { 0 };
	uint8_t f[256], m[64];
	unsigned before = r->f.nsent;
	const uint8_t *fr;
	size_t len, ml;

	assert_int_equal(kiln_icmp_echo_request(r->l.icmp, PEER, 0x4242, 7, "ping", 4), 0);
	assert_int_equal(r->f.nsent - before, 1);
	fr = fake_sent(&r->f, before, &len);
	assert_int_equal(len, ETH_HDR + IP_HDR + 8 + 4);
	assert_int_equal(fr[ETH_HDR + 9], 1);
	assert_int_equal(fr[ETH_HDR + IP_HDR], 8);
	assert_int_equal(get16(fr + ETH_HDR + IP_HDR + 4), 0x4242);
	assert_int_equal(get16(fr + ETH_HDR + IP_HDR + 6), 7);
	assert_int_equal(inet_fold(inet_sum(fr + ETH_HDR + IP_HDR, 12, 0)), 0);
	/* The peer's reply reaches the observer (and is not answered). */
	kiln_icmp_set_observer(r->l.icmp, observe, &seen);
	ml = echo_request(m, 7, 4);
	m[0] = 0;
	put16(m + 2, 0);
	put16(m + 2, inet_fold(inet_sum(m, ml, 0)));
	assert_int_equal(feed(r, f, ip_frame(f, 1, US, 9, 0, m, ml)), 0);
	assert_int_equal(seen.n, 1);
	assert_int_equal(seen.type, 0);
	assert_int_equal(seen.seq, 7);
	assert_int_equal(seen.len, 4);
}

static void icmp_sends_echo_requests_and_shows_replies(void **state)
{
	(void)state;
	run_rig(echo_requests);
}

static void icmp_malformed_gets_no_answer(void **state)
{
	(void)state;
	run_rig(icmp_malformed);
}

/* An echo request of 1208 bytes cut at byte cut into two fragments; feeds those named in order ("12", "21", "112"...). */
static unsigned feed_fragments(struct rig *r, uint16_t id, size_t cut, const char *order)
{
	static uint8_t m[1300], f[1400];
	size_t ml = echo_request(m, id, 1200);
	unsigned answers = 0;

	for (const char *o = order; *o; o++) {
		size_t off = *o == '1' ? 0 : cut, len = *o == '1' ? cut : ml - cut;
		uint16_t frag = (uint16_t)(off / 8 | (*o == '1' ? 0x2000 : 0));
		answers += feed(r, f, ip_frame(f, 1, US, id, frag, m + off, len));
	}
	return answers;
}

static void fragments(struct rig *r)
{
	uint8_t f[128], d[64];
	uint64_t dropped;

	assert_int_equal(feed_fragments(r, 1, 800, "12"), 1);
	assert_int_equal(feed_fragments(r, 2, 800, "21"), 1);
	assert_int_equal(feed_fragments(r, 3, 800, "112"), 1); /* a duplicate is ignored */
	/* Overlapping: the first fragment claims [0, 800), the second [792, 1208): the datagram is refused,
	 * and a good second fragment afterwards completes nothing. */
	dropped = kiln_ipv4_dropped(r->ip);
	assert_int_equal(feed_fragments(r, 4, 800, "1"), 0);
	assert_int_equal(feed_fragments(r, 4, 792, "2"), 0);
	assert_int_equal(kiln_ipv4_dropped(r->ip) - dropped, 1);
	assert_int_equal(feed_fragments(r, 4, 800, "2"), 0);
	/* A non-last fragment that is not a multiple of 8 bytes, one that ends past 65535. */
	assert_int_equal(feed_fragments(r, 5, 801, "1"), 0);
	memset(d, 0, sizeof(d));
	dropped = kiln_ipv4_dropped(r->ip);
	feed(r, f, ip_frame(f, 1, US, 6, 8190, d, 40));
	assert_int_equal(kiln_ipv4_dropped(r->ip) - dropped, 1);
}

static void fragments_reassemble_and_overlaps_are_refused(void **state)
{
	(void)state;
	run_rig(fragments);
}

/* Fragments out and back in; then the limits of output and the device's counters. */
static void fragmentation_round_trip(struct rig *r)
{
	static uint8_t data[3000], big[1515];
	struct iovec iov = { data, sizeof(data) };
	struct kiln_netif_stats st;
	unsigned before = r->f.nsent;
	size_t len, total = 0;

	for (size_t i = 0; i < sizeof(data); i++)
		data[i] = (uint8_t)(i * 7);
	/* To the subnet's broadcast: no ARP. 1480 bytes of payload per fragment. */
	assert_int_equal(kiln_ipv4_output(r->ip, 0, 0x0a0000ffu, 253, &iov, 1), 0);
	assert_int_equal(r->f.nsent - before, 3);
	for (unsigned i = 0; i < 3; i++) {
		const uint8_t *fr = fake_sent(&r->f, before + i, &len);
		uint16_t frag = get16(fr + ETH_HDR + 6);
		assert_int_equal(frag & 0x1fff, total / 8);
		assert_int_equal(!!(frag & 0x2000), i < 2);
		assert_int_equal(inet_fold(inet_sum(fr + ETH_HDR, IP_HDR, 0)), 0);
		assert_int_equal(fr[ETH_HDR + 8], 64); /* TTL */
		total += len - ETH_HDR - IP_HDR;
	}
	assert_int_equal(total, sizeof(data));
	/* Fed back (our own broadcast), in reverse: one datagram, the same bytes. */
	for (int i = 2; i >= 0; i--) {
		const uint8_t *fr = fake_sent(&r->f, before + (unsigned)i, &len);
		kiln_eth_input(r->eth, fr, len);
	}
	assert_int_equal(r->raw_got, 1);
	assert_int_equal(r->raw_len, sizeof(data));
	assert_memory_equal(r->raw, data, sizeof(data));
	iov.iov_len = 65516;
	assert_int_equal(kiln_ipv4_output(r->ip, 0, 0x0a0000ffu, 253, &iov, 1), -EMSGSIZE);
	/* The device's counters: every frame sent; one over the MTU refused and counted as a drop. */
	kiln_netif_stats(&r->f.n, &st);
	assert_int_equal(st.tx_frames, r->f.nsent);
	assert_int_equal(kiln_netif_send(&r->f.n, big, sizeof(big)), -EMSGSIZE);
	assert_int_equal(kiln_netif_send(&r->f.n, big, 13), -EMSGSIZE);
	assert_int_equal(kiln_netif_send(&r->f.n, big, 1514), 0);
	kiln_netif_stats(&r->f.n, &st);
	assert_int_equal(st.tx_drops, 2);
	assert_int_equal(st.tx_frames, r->f.nsent);
	assert_int_equal(kiln_ipv4_output(r->ip, 0, 0x0b000001u, 253, &iov, 0), 0); /* via the gateway (known) */
	kiln_ipv4_configure(r->ip, US, 0xffffff00u, 0);
	assert_int_equal(kiln_ipv4_output(r->ip, 0, 0x0b000001u, 253, &iov, 0), -ENETUNREACH);
}

static void fragmentation_round_trips(void **state)
{
	(void)state;
	run_rig(fragmentation_round_trip);
}

static void reassembly_memory_is_capped(void **state)
{
	struct reass *r = reass_new();
	uint8_t data[8] = { 0 };
	const uint8_t *out;
	size_t out_len;
	int refused = 0;

	(void)state;
	assert_non_null(r);
	/* Each datagram's last bytes first: a whole datagram's buffer each. */
	for (uint16_t id = 0; id < 32; id++) {
		struct reass_key k = { PEER, US, id, 17 };
		int rc = reass_add(r, &k, 60000, data, 8, 1, 1000, &out, &out_len);
		assert_true(rc == 0 || rc == -ENOBUFS);
		refused += rc == -ENOBUFS;
		assert_true(reass_memory(r) <= REASS_MEMORY);
	}
	assert_true(refused > 0);
	/* Past the timeout, the old ones are dropped and their memory comes back. */
	struct reass_key k = { PEER, US, 999, 17 };
	assert_int_equal(reass_add(r, &k, 0, data, 8, 1, 1000 + REASS_TIMEOUT_NS + 1, &out, &out_len), 0);
	assert_true(reass_memory(r) <= 8192);
	reass_free(r);
}

static void arp_answers(struct rig *r)
{
	uint8_t f[64];
	size_t len;
	const uint8_t *a;

	assert_int_equal(feed(r, f, arp_frame(f, 1, PEER, US)), 1);
	a = fake_sent(&r->f, r->f.nsent - 1, &len);
	assert_int_equal(len, ETH_HDR + 28);
	assert_memory_equal(a, peer_mac, 6);          /* to the asker */
	assert_int_equal(get16(a + ETH_HDR + 6), 2);  /* a reply */
	assert_memory_equal(a + ETH_HDR + 8, us_mac, 6);
	assert_int_equal(get16(a + ETH_HDR + 14), 0x0a00);
	assert_int_equal(get16(a + ETH_HDR + 16), 2);
	assert_memory_equal(a + ETH_HDR + 18, peer_mac, 6);
	assert_int_equal(feed(r, f, arp_frame(f, 1, PEER, 0x0a000009u)), 0); /* not us */
	assert_int_equal(feed(r, f, arp_frame(f, 1, PEER, US) - 1), 0);     /* truncated */
	/* An answer nobody asked for teaches nothing. */
	arp_frame(f, 2, 0x0a000009u, US);
	feed(r, f, ETH_HDR + 28);
	assert_int_equal(kiln_arp_query(r->arp, 0x0a000009u, (uint8_t[6]){ 0 }), -ENOENT);
}

static void arp_answers_who_has_and_learns_only_what_it_asked(void **state)
{
	(void)state;
	run_rig(arp_answers);
}

static void arp_gives_up(struct rig *r)
{
	uint8_t d[4] = { 0 };
	struct iovec iov = { d, sizeof(d) };
	unsigned before, probes = 0;

	uint8_t f[64];

	kiln_arp_set_timeouts(r->arp, KILN_MSEC(100), KILN_MSEC(20));
	feed(r, f, arp_frame(f, 2, PEER, US)); /* the peer again: its entry now lasts 100 ms */
	before = r->f.nsent;
	assert_int_equal(kiln_arp_output(r->arp, 0x0a000009u, KILN_ETH_IPV4, &iov, 1, true), -EHOSTUNREACH);
	for (unsigned i = before; i < r->f.nsent; i++) {
		size_t len;
		const uint8_t *fr = fake_sent(&r->f, i, &len);
		probes += get16(fr + 12) == 0x0806 && get16(fr + ETH_HDR + 6) == 1 && fr[ETH_HDR + 27] == 9;
	}
	assert_int_equal(probes, 3);
	/* Without waiting: a few frames queue per host, then -ENOBUFS; a bounded number of hosts. */
	for (int i = 0; i < 4; i++)
		assert_int_equal(kiln_arp_output(r->arp, 0x0a000009u, KILN_ETH_IPV4, &iov, 1, false), 0);
	assert_int_equal(kiln_arp_output(r->arp, 0x0a000009u, KILN_ETH_IPV4, &iov, 1, false), -ENOBUFS);
	for (uint32_t h = 10; h < 25; h++)
		assert_int_equal(kiln_arp_output(r->arp, 0x0a000000u + h, KILN_ETH_IPV4, &iov, 1, false), 0);
	assert_int_equal(kiln_arp_output(r->arp, 0x0a000000u + 25, KILN_ETH_IPV4, &iov, 1, false), -ENOBUFS);
	/* The peer's entry expires (100 ms). */
	kiln_sleep_ns(KILN_MSEC(300));
	assert_int_equal(kiln_arp_query(r->arp, PEER, (uint8_t[6]){ 0 }), -ENOENT);
}

static void arp_probes_three_times_bounds_its_queue_and_expires(void **state)
{
	(void)state;
	run_rig(arp_gives_up);
}

static void nowait(struct rig *r)
{
	uint8_t f[64], d[4] = { 1, 2, 3, 4 };
	struct iovec iov = { d, sizeof(d) };
	unsigned before = r->f.nsent;
	const uint8_t *fr;
	size_t len;

	/* 10.0.0.9 is not known: the datagram waits, a probe goes out, the fiber goes on. */
	assert_int_equal(kiln_ipv4_output_nowait(r->ip, 0, 0x0a000009u, 253, &iov, 1), 0);
	assert_int_equal(r->f.nsent - before, 1);
	fr = fake_sent(&r->f, before, &len);
	assert_int_equal(get16(fr + 12), 0x0806);
	/* Its answer sends the datagram, to the MAC it gave. */
	arp_frame(f, 2, 0x0a000009u, US);
	assert_int_equal(feed(r, f, ETH_HDR + 28), 1);
	fr = fake_sent(&r->f, before + 1, &len);
	assert_int_equal(len, ETH_HDR + IP_HDR + 4);
	assert_memory_equal(fr, peer_mac, 6);
	assert_int_equal(get16(fr + 12), 0x0800);
	assert_memory_equal(fr + ETH_HDR + IP_HDR, d, 4);
}

static void output_nowait_queues_until_arp_answers(void **state)
{
	(void)state;
	run_rig(nowait);
}

/* A DHCP ACK with the given options (code, length, value...) after the fixed part. */
static size_t dhcp_reply(uint8_t *m, const uint8_t *opts, size_t n)
{
	memset(m, 0, 240);
	m[0] = 2;
	m[1] = 1;
	m[2] = 6;
	put32(m + 4, 0xabcd);
	put32(m + 16, 0x0a000032u);
	memcpy(m + 236, (uint8_t[]){ 99, 130, 83, 99 }, 4);
	memcpy(m + 240, opts, n);
	return 240 + n;
}

static void dhcp_options_are_bounded(void **state)
{
	static const uint8_t good[] = { 53, 1, 5, 0, 1, 4, 255, 255, 255, 0, 3, 8, 10, 0, 0, 1, 10, 0, 0, 254,
					6, 4, 10, 0, 0, 53, 51, 4, 0, 0, 0, 120, 54, 4, 10, 0, 0, 1, 58, 4, 0, 0, 0, 3,
					200, 0, 255 };
	uint8_t m[600], opts[64];
	struct dhcp_msg d;

	(void)state;
	assert_int_equal(dhcp_parse(m, dhcp_reply(m, good, sizeof(good)), &d), 0);
	assert_int_equal(d.type, 5);
	assert_int_equal(d.xid, 0xabcd);
	assert_int_equal(d.yiaddr, 0x0a000032u);
	assert_int_equal(d.netmask, 0xffffff00u);
	assert_int_equal(d.router, PEER); /* the first of two */
	assert_int_equal(d.ndns, 1);
	assert_int_equal(d.dns[0], 0x0a000035u);
	assert_int_equal(d.lease_s, 120);
	assert_int_equal(d.server, PEER);
	assert_int_equal(d.t1_s, 3);
	/* A zero length where four bytes belong; a length past the end; an odd DNS length; no type. */
	memcpy(opts, (uint8_t[]){ 53, 1, 5, 1, 0, 255 }, 6);
	assert_int_equal(dhcp_parse(m, dhcp_reply(m, opts, 6), &d), -EINVAL);
	memcpy(opts, (uint8_t[]){ 53, 1, 5, 12, 200, 'x' }, 6);
	assert_int_equal(dhcp_parse(m, dhcp_reply(m, opts, 6), &d), -EINVAL);
	memcpy(opts, (uint8_t[]){ 53, 1, 5, 6, 5, 10, 0, 0, 1, 0, 255 }, 11);
	assert_int_equal(dhcp_parse(m, dhcp_reply(m, opts, 11), &d), -EINVAL);
	memcpy(opts, (uint8_t[]){ 53, 1, 5, 3 }, 4); /* a code with no length byte */
	assert_int_equal(dhcp_parse(m, dhcp_reply(m, opts, 4), &d), -EINVAL);
	memcpy(opts, (uint8_t[]){ 51, 4, 0, 0, 0, 120, 255 }, 7);
	assert_int_equal(dhcp_parse(m, dhcp_reply(m, opts, 7), &d), -EINVAL);
	assert_int_equal(dhcp_parse(m, 239, &d), -EINVAL);
	/* Unknown options of length 0 and pads are fine. */
	memcpy(opts, (uint8_t[]){ 0, 0, 250, 0, 53, 1, 2, 255 }, 8);
	assert_int_equal(dhcp_parse(m, dhcp_reply(m, opts, 8), &d), 0);
	assert_int_equal(d.type, 2);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(runt_frames_are_dropped),
		cmocka_unit_test(ip_lengths_that_disagree_are_dropped),
		cmocka_unit_test(udp_lengths_that_disagree_are_dropped),
		cmocka_unit_test(udp_to_unbound_ports_gets_port_unreachable),
		cmocka_unit_test(icmp_malformed_gets_no_answer),
		cmocka_unit_test(icmp_sends_echo_requests_and_shows_replies),
		cmocka_unit_test(fragments_reassemble_and_overlaps_are_refused),
		cmocka_unit_test(fragmentation_round_trips),
		cmocka_unit_test(reassembly_memory_is_capped),
		cmocka_unit_test(arp_answers_who_has_and_learns_only_what_it_asked),
		cmocka_unit_test(arp_probes_three_times_bounds_its_queue_and_expires),
		cmocka_unit_test(output_nowait_queues_until_arp_answers),
		cmocka_unit_test(dhcp_options_are_bounded),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

/* test_dhcp_client.c: the DHCP client against a server in the test (on a fake device) that stops answering:
 * renewing, rebinding, then the lease expires, the address goes, and discovery starts over. */
#include <kiln/dhcp.h>
#include <kiln/layers.h>
#include <kiln/time.h>

#include "../runtime/test_util.h"
#include "fake_netif.h"
#include "net_frames.h"

#define LEASED 0x0a000032u /* 10.0.0.50 */

/* The server: answers ARP for itself, discovers and requests; renewals only while `renew` is set. */
struct server {
	struct kiln_layers *l;
	int renew;
	unsigned discovers, requests, renewals_seen;
	uint32_t addr_at_discover[4]; /* the client's address when each discover went out */
};

/* Finds option code in the DHCP message m (len bytes); returns its value or NULL. */
static const uint8_t *option(const uint8_t *m, size_t len, uint8_t code)
{
	for (size_t i = 240; i + 2 <= len && m[i] != 255; i += m[i] ? 2u + m[i + 1] : 1u)
		if (m[i] == code)
			return m + i + 2;
	return NULL;
}

/* Sends the client a DHCP reply of type to the request m: 10.0.0.50, a 3 s lease, T1 1 s, T2 2 s. */
static void reply(struct server *s, const uint8_t *m, uint8_t type)
{
	uint8_t d[400], f[500], *r = d + 8;
	static const uint8_t opts[] = { 54, 4, 10, 0, 0, 1, 51, 4, 0, 0, 0, 3, 58, 4, 0, 0, 0, 1, 59, 4, 0, 0, 0, 2,
					1, 4, 255, 255, 255, 0, 3, 4, 10, 0, 0, 1, 255 };
	size_t len = 240 + 3 + sizeof(opts);

	memset(r, 0, 240);
	r[0] = 2;
	r[1] = 1;
	r[2] = 6;
	memcpy(r + 4, m + 4, 4);   /* xid */
	memcpy(r + 28, m + 28, 6); /* chaddr */
	put32(r + 16, LEASED);
	memcpy(r + 236, (uint8_t[]){ 99, 130, 83, 99 }, 4);
	memcpy(r + 240, (uint8_t[]){ 53, 1, type }, 3);
	memcpy(r + 243, opts, sizeof(opts));
	put16(d, 67);
	put16(d + 2, 68);
	put16(d + 4, (uint16_t)(8 + len));
	put16(d + 6, 0); /* no checksum */
	kiln_eth_input(s->l->eth, f, ip_frame(f, 17, 0xffffffffu, 1, 0, d, 8 + len));
}

static void serve(void *ctx, const uint8_t *f, size_t len)
{
	struct server *s = ctx;
	const uint8_t *m = f + ETH_HDR + IP_HDR + 8, *type;
	uint8_t a[64];

	if (len >= ETH_HDR + 28 && get16(f + 12) == 0x0806 && get16(f + ETH_HDR + 6) == 1 && get32(f + ETH_HDR + 24) == PEER) {
		kiln_eth_input(s->l->eth, a, arp_frame(a, 2, PEER, get32(f + ETH_HDR + 14)));
		return;
	}
	if (len < ETH_HDR + IP_HDR + 8 + 240 || get16(f + 12) != 0x0800 || f[ETH_HDR + 9] != 17 ||
	    get16(f + ETH_HDR + IP_HDR + 2) != 67 || !(type = option(m, len - (size_t)(m - f), 53)))
		return;
	if (*type == 1) {
		if (s->discovers < 4)
			s->addr_at_discover[s->discovers] = kiln_ipv4_address(s->l->ip);
		s->discovers++;
		reply(s, m, 2);
	} else if (*type == 3 && get32(m + 12) == 0) { /* selecting: no ciaddr */
		s->requests++;
		reply(s, m, 5);
	} else if (*type == 3) {
		s->renewals_seen++;
		if (s->renew)
			reply(s, m, 5);
	}
}

struct run {
	struct fake_netif f;
	struct kiln_layers l;
	struct server s;
};

/* Sleeps 50 ms, up to 10 s in all (*polls counts): 1 while there is time left. */
static int waited(unsigned *polls)
{
	kiln_sleep_ns(KILN_MSEC(50));
	return ++*polls < 200;
}

static int expiry(void *arg)
{
	struct run *r = arg;
	struct kiln_dhcp *d;
	struct kiln_dhcp_lease lease;
	unsigned polls = 0;

	fake_netif_init(&r->f);
	assert_int_equal(kiln_layers_new(&r->l, &r->f.n), 0);
	r->s.l = &r->l;
	r->s.renew = 1;
	r->f.on_send = serve;
	r->f.ctx = &r->s;
	assert_int_equal(kiln_dhcp_start(&d, r->l.ip, r->l.udp, &lease), 0);
	assert_int_equal(lease.addr, LEASED);
	assert_int_equal(lease.lease_s, 3);
	assert_int_equal(lease.t1_s, 1);
	assert_int_equal(lease.t2_s, 2);
	assert_int_equal(kiln_ipv4_address(r->l.ip), LEASED);
	assert_int_equal(kiln_ipv4_gateway(r->l.ip), PEER);
	/* Renewed at T1 (1 s). */
	while (lease.renewals == 0 && waited(&polls))
		kiln_dhcp_lease(d, &lease);
	assert_int_equal(lease.renewals, 1);
	/* Then the server goes silent: renewing until T2, rebinding until the end, then the address goes
	 * and the client discovers again (the server answers that), binding the address anew. */
	r->s.renew = 0;
	polls = 0;
	while ((r->s.discovers < 2 || kiln_ipv4_address(r->l.ip) != LEASED) && waited(&polls))
		;
	assert_true(r->s.renewals_seen >= 3); /* the renewal, then at least one renewing and one rebinding try */
	assert_true(r->s.discovers >= 2);
	assert_int_equal(r->s.addr_at_discover[0], 0);
	assert_int_equal(r->s.addr_at_discover[1], 0); /* unconfigured before discovering again */
	assert_int_equal(kiln_ipv4_address(r->l.ip), LEASED);
	kiln_dhcp_lease(d, &lease);
	assert_int_equal(lease.addr, LEASED);
	/* Released: the address goes. */
	assert_int_equal(kiln_dhcp_release(d), 0);
	assert_int_equal(kiln_ipv4_address(r->l.ip), 0);
	kiln_dhcp_free(d);
	r->f.on_send = NULL;
	kiln_layers_free(&r->l);
	return 0;
}

static void a_lease_not_renewed_expires_and_discovery_starts_over(void **state)
{
	struct run *r = calloc(1, sizeof(*r));

	(void)state;
	assert_non_null(r);
	assert_int_equal(run_root(expiry, r), 0);
	free(r);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(a_lease_not_renewed_expires_and_discovery_starts_over),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

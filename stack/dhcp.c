/* dhcp.c: the DHCP client: acquiring a lease, configuring IPv4, and the fiber that renews, rebinds and expires it. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <kiln/dhcp.h>
#include <kiln/fiber.h>
#include <kiln/log.h>
#include <kiln/stackv4.h>
#include <kiln/time.h>

#include "dhcp_msg.h"
#include "platform.h"

KILN_LOG_SRC(log_dhcp, "DHCP", "the DHCP client: offers, leases, renewals");

#define CLIENT_PORT 68
#define SERVER_PORT 67
#define BROADCAST 0xffffffffu
#define TRIES 4
#define FIRST_WAIT KILN_SEC(1)
#define RETRY_MIN KILN_SEC(1)
#define RETRY_MAX KILN_SEC(60)
#define INFINITE 0xffffffffu

struct kiln_dhcp {
	struct kiln_ipv4 *ip;
	struct kiln_udp *udp;
	uint8_t mac[6];
	struct kiln_dhcp_lease lease;
	uint64_t granted; /* when the lease was granted, monotonic ns */
	uint32_t xid;     /* of the exchange under way */
	struct dhcp_msg reply;
	int have_reply;
	struct kiln_waitq wake; /* a reply came, or the client stops */
	struct kiln_fiber *renewer;
	int stopping;
};

/* Keeps the latest reply to our exchange (the UDP handler: never blocks). */
static void receive(void *ctx, uint32_t src, uint16_t src_port, uint32_t dst, uint16_t dst_port, const uint8_t *data,
		    size_t len)
{
	struct kiln_dhcp *d = ctx;
	struct dhcp_msg m;

	(void)src;
	(void)dst;
	(void)dst_port;
	if (src_port != SERVER_PORT || dhcp_parse(data, len, &m) < 0 || m.xid != d->xid ||
	    memcmp(m.chaddr, d->mac, 6) != 0)
		return;
	d->reply = m;
	d->have_reply = 1;
	kiln_waitq_wake_all(&d->wake);
}

/* Sends req (with our MAC and the current xid) from port 68 to dst's port 67. Returns 0 or -errno. */
static int send_request(struct kiln_dhcp *d, struct dhcp_request *req, uint32_t dst)
{
	uint8_t buf[DHCP_MSG_MAX];
	struct iovec iov = { buf, 0 };

	memcpy(req->chaddr, d->mac, 6);
	req->xid = d->xid;
	iov.iov_len = dhcp_build(req, buf);
	return kiln_udp_output(d->udp, 0, CLIENT_PORT, dst, SERVER_PORT, &iov, 1);
}

/*
 * Sends req to dst and waits up to wait_ns for a reply of type want (an ACK exchange also ends on
 * a NAK). Returns 0 with *out, -ETIMEDOUT, -ECONNREFUSED (NAK), -ECANCELED (stopping), or a send error.
 */
static int exchange(struct kiln_dhcp *d, struct dhcp_request *req, uint32_t dst, uint8_t want, uint64_t wait_ns,
		    struct dhcp_msg *out)
{
	uint64_t deadline = kiln_plat_monotonic_ns() + wait_ns;
	int rc;

	d->have_reply = 0;
	rc = send_request(d, req, dst);
	if (rc < 0)
		return rc;
	while (!d->stopping) {
		if (d->have_reply && (d->reply.type == want || (want == DHCP_ACK && d->reply.type == DHCP_NAK))) {
			*out = d->reply;
			return out->type == DHCP_NAK ? -ECONNREFUSED : 0;
		}
		d->have_reply = 0;
		if (kiln_waitq_wait(&d->wake, deadline) == -ETIMEDOUT)
			return -ETIMEDOUT;
	}
	return -ECANCELED;
}

static void new_xid(struct kiln_dhcp *d)
{
	(void)kiln_plat_random(&d->xid, sizeof(d->xid));
}

/* Takes the lease an ACK grants and configures ip with it. */
static void bind_lease(struct kiln_dhcp *d, const struct dhcp_msg *ack, int renewal)
{
	struct kiln_dhcp_lease *l = &d->lease;
	char a[KILN_IPV4_STRLEN], m[KILN_IPV4_STRLEN], g[KILN_IPV4_STRLEN];
	int changed = !renewal || l->addr != ack->yiaddr;

	l->addr = ack->yiaddr;
	/* Without a subnet mask, the addresses of a /24 are taken as neighbours. */
	l->netmask = ack->netmask ? ack->netmask : 0xffffff00u;
	l->router = ack->router && (ack->router & l->netmask) == (l->addr & l->netmask) ? ack->router : 0;
	memcpy(l->dns, ack->dns, sizeof(l->dns));
	l->ndns = ack->ndns;
	l->lease_s = ack->lease_s ? ack->lease_s : INFINITE;
	l->t1_s = ack->t1_s && ack->t1_s < l->lease_s ? ack->t1_s : l->lease_s / 2;
	l->t2_s = ack->t2_s && ack->t2_s < l->lease_s && ack->t2_s > l->t1_s ? ack->t2_s
									     : (uint32_t)((uint64_t)l->lease_s * 7 / 8);
	if (ack->server)
		l->server = ack->server;
	d->granted = kiln_plat_monotonic_ns();
	if (renewal)
		l->renewals++;
	if (changed)
		(void)kiln_ipv4_configure(d->ip, l->addr, l->netmask, l->router);
	kiln_log_info(&log_dhcp, "%s %s nm %s gw [%s], lease %u s", renewal ? "renewed" : "bound to",
		      kiln_ipv4_format(l->addr, a), kiln_ipv4_format(l->netmask, m),
		      l->router ? kiln_ipv4_format(l->router, g) : "", l->lease_s);
}

/* Discovers a server and requests its offer; on an ACK, binds. Returns 0, -ETIMEDOUT or -ECANCELED. */
static int acquire(struct kiln_dhcp *d)
{
	char a[KILN_IPV4_STRLEN], s[KILN_IPV4_STRLEN];

	for (int try = 0; try < TRIES && !d->stopping; try++) {
		uint64_t wait = FIRST_WAIT << try;
		struct dhcp_msg offer, ack;
		struct dhcp_request req = { .type = DHCP_DISCOVER };
		int rc;

		new_xid(d);
		rc = exchange(d, &req, BROADCAST, DHCP_OFFER, wait, &offer);
		if (rc == -ECANCELED)
			return rc;
		if (rc < 0 || !offer.server || !offer.yiaddr)
			continue;
		kiln_log_info(&log_dhcp, "offer received: %s from %s", kiln_ipv4_format(offer.yiaddr, a),
			      kiln_ipv4_format(offer.server, s));
		req = (struct dhcp_request){ .type = DHCP_REQUEST, .requested = offer.yiaddr, .server = offer.server };
		rc = exchange(d, &req, BROADCAST, DHCP_ACK, wait, &ack);
		if (rc == -ECANCELED)
			return rc;
		if (rc == 0 && ack.yiaddr) {
			bind_lease(d, &ack, 0);
			return 0;
		}
		if (rc == -ECONNREFUSED)
			kiln_log_info(&log_dhcp, "%s refused %s", s, a);
	}
	return d->stopping ? -ECANCELED : -ETIMEDOUT;
}

/* Waits until the monotonic time at, or until the client stops (-ECANCELED). */
static int wait_until(struct kiln_dhcp *d, uint64_t at)
{
	while (!d->stopping && kiln_plat_monotonic_ns() < at)
		kiln_waitq_wait(&d->wake, at);
	return d->stopping ? -ECANCELED : 0;
}

/* Asks to extend the lease, to dst (the server: renewing; broadcast: rebinding), again and again
 * until the monotonic time until. Returns 0 (renewed), -ECONNREFUSED (NAK), -ETIMEDOUT, -ECANCELED. */
static int extend(struct kiln_dhcp *d, uint32_t dst, uint64_t until)
{
	uint64_t now;

	while ((now = kiln_plat_monotonic_ns()) < until) {
		uint64_t wait = (until - now) / 2;
		struct dhcp_request req = { .type = DHCP_REQUEST, .ciaddr = d->lease.addr };
		struct dhcp_msg ack;
		int rc;

		wait = wait < RETRY_MIN ? RETRY_MIN : wait > RETRY_MAX ? RETRY_MAX : wait;
		new_xid(d);
		rc = exchange(d, &req, dst, DHCP_ACK, wait, &ack);
		if (rc == 0 && ack.yiaddr == d->lease.addr) {
			bind_lease(d, &ack, 1);
			return 0;
		}
		if (rc == -ECONNREFUSED || rc == -ECANCELED)
			return rc;
		/* A send error (the server unreachable for now): wait before trying again. */
		if (rc < 0 && rc != -ETIMEDOUT && wait_until(d, kiln_plat_monotonic_ns() + wait) < 0)
			return -ECANCELED;
	}
	return -ETIMEDOUT;
}

/* The renewing fiber: T1 renew with the server, T2 rebind with any, expiry: unconfigure and start over. */
static int renew_loop(void *arg)
{
	struct kiln_dhcp *d = arg;
	char a[KILN_IPV4_STRLEN];

	while (!d->stopping) {
		uint64_t t1 = d->granted + KILN_SEC(d->lease.t1_s), t2 = d->granted + KILN_SEC(d->lease.t2_s);
		uint64_t end = d->granted + KILN_SEC(d->lease.lease_s);
		int rc;

		if (d->lease.lease_s == INFINITE)
			break;
		if (wait_until(d, t1) < 0)
			break;
		rc = extend(d, d->lease.server, t2);
		if (rc == -ETIMEDOUT) {
			kiln_log_info(&log_dhcp, "no answer from %s, rebinding", kiln_ipv4_format(d->lease.server, a));
			rc = extend(d, BROADCAST, end);
		}
		if (rc == 0)
			continue;
		if (rc == -ECANCELED)
			break;
		kiln_log_info(&log_dhcp, "lease of %s %s", kiln_ipv4_format(d->lease.addr, a),
			      rc == -ECONNREFUSED ? "refused" : "expired");
		d->lease.addr = 0;
		(void)kiln_ipv4_configure(d->ip, 0, 0, 0);
		while (!d->stopping && acquire(d) == -ETIMEDOUT)
			;
	}
	return 0;
}

int kiln_dhcp_start(struct kiln_dhcp **out, struct kiln_ipv4 *ip, struct kiln_udp *u, struct kiln_dhcp_lease *lease)
{
	struct kiln_dhcp *d = calloc(1, sizeof(*d));
	int rc;

	if (!d)
		return -ENOMEM;
	d->ip = ip;
	d->udp = u;
	kiln_eth_mac(kiln_ipv4_eth(ip), d->mac);
	rc = kiln_udp_bind(u, CLIENT_PORT, receive, d);
	if (rc < 0) {
		free(d);
		return rc;
	}
	rc = acquire(d);
	if (rc == 0)
		rc = kiln_fiber_spawn(&d->renewer, "dhcp", renew_loop, d);
	if (rc < 0) {
		kiln_udp_unbind(u, CLIENT_PORT);
		free(d);
		return rc;
	}
	*lease = d->lease;
	*out = d;
	return 0;
}

void kiln_dhcp_lease(struct kiln_dhcp *d, struct kiln_dhcp_lease *lease)
{
	*lease = d->lease;
}

int kiln_dhcp_release(struct kiln_dhcp *d)
{
	struct dhcp_request req = { .type = DHCP_RELEASE, .ciaddr = d->lease.addr, .server = d->lease.server };
	char a[KILN_IPV4_STRLEN];
	int rc;

	if (!d->lease.addr)
		return 0;
	new_xid(d);
	rc = send_request(d, &req, d->lease.server);
	kiln_log_info(&log_dhcp, "released %s", kiln_ipv4_format(d->lease.addr, a));
	d->lease.addr = 0;
	(void)kiln_ipv4_configure(d->ip, 0, 0, 0);
	return rc;
}

void kiln_dhcp_free(struct kiln_dhcp *d)
{
	if (!d)
		return;
	d->stopping = 1;
	kiln_waitq_wake_all(&d->wake);
	kiln_fiber_join(d->renewer, NULL);
	kiln_udp_unbind(d->udp, CLIENT_PORT);
	free(d);
}

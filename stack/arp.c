/* arp.c: ARP: the cache and its timer fiber (probes, expiry), answering who-has, gratuitous announcements, queued output. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <kiln/arp.h>
#include <kiln/fiber.h>
#include <kiln/log.h>
#include <kiln/stackv4.h>
#include <kiln/time.h>

#include "iov.h"
#include "platform.h"
#include "wire.h"

KILN_LOG_SRC(log_arp, "ARP", "ARP: who-has answers, probes, the cache");

#define ARP_ENTRIES 64    /* hosts cached */
#define ARP_PENDING_MAX 16 /* hosts being resolved at once */
#define ARP_QUEUE_MAX 4   /* frames waiting for one host's answer */
#define ARP_PROBES 3
#define ARP_LEN 28
#define OP_REQUEST 1
#define OP_REPLY 2

enum entry_state { ENTRY_FREE, ENTRY_PENDING, ENTRY_RESOLVED };

/* A frame waiting for its destination's MAC. */
struct queued {
	uint16_t type;
	size_t len;
	uint8_t data[];
};

struct entry {
	enum entry_state state;
	uint32_t ip;
	uint8_t mac[6];
	uint64_t when; /* resolved: when it expires; pending: when the next probe is due */
	unsigned probes;
	struct queued *queue[ARP_QUEUE_MAX]; /* owned */
	unsigned nqueued;
	struct kiln_waitq waiters; /* fibers waiting for the answer */
};

struct kiln_arp {
	struct kiln_eth *eth;
	uint8_t mac[6];
	uint32_t ip;
	struct entry entries[ARP_ENTRIES];
	unsigned npending;
	uint64_t entry_ns, probe_ns;
	struct kiln_waitq timer_wake;
	struct kiln_fiber *timer;
	int stopping;
};

/* Sends an ARP packet op from us to eth_dst, about the target tha/tpa. */
static int send_arp(struct kiln_arp *a, uint16_t op, const uint8_t eth_dst[6], const uint8_t tha[6], uint32_t tpa)
{
	uint8_t p[ARP_LEN];
	struct iovec iov = { p, sizeof(p) };

	put16(p, 1);             /* Ethernet */
	put16(p + 2, KILN_ETH_IPV4);
	p[4] = 6;
	p[5] = 4;
	put16(p + 6, op);
	memcpy(p + 8, a->mac, 6);
	put32(p + 14, a->ip);
	memcpy(p + 18, tha, 6);
	put32(p + 24, tpa);
	return kiln_eth_output(a->eth, eth_dst, KILN_ETH_ARP, &iov, 1);
}

static void probe(struct kiln_arp *a, struct entry *e)
{
	static const uint8_t unknown[6];
	char ip[KILN_IPV4_STRLEN];

	kiln_log_info(&log_arp, "transmitting probe -> %s", kiln_ipv4_format(e->ip, ip));
	e->probes++;
	e->when = kiln_plat_monotonic_ns() + a->probe_ns;
	(void)send_arp(a, OP_REQUEST, kiln_eth_broadcast, unknown, e->ip);
}

static struct entry *find(struct kiln_arp *a, uint32_t ip)
{
	for (int i = 0; i < ARP_ENTRIES; i++)
		if (a->entries[i].state != ENTRY_FREE && a->entries[i].ip == ip)
			return &a->entries[i];
	return NULL;
}

static void drop_queue(struct entry *e)
{
	for (unsigned i = 0; i < e->nqueued; i++)
		free(e->queue[i]);
	e->nqueued = 0;
}

/* Empties e: its queued frames are dropped and the fibers waiting for it woken (they find it gone). */
static void release(struct kiln_arp *a, struct entry *e)
{
	if (e->state == ENTRY_PENDING)
		a->npending--;
	drop_queue(e);
	e->state = ENTRY_FREE;
	kiln_waitq_wake_all(&e->waiters);
}

/* A free entry, or the resolved one closest to expiry; NULL when all are being resolved. */
static struct entry *alloc_entry(struct kiln_arp *a)
{
	struct entry *victim = NULL;

	for (int i = 0; i < ARP_ENTRIES; i++) {
		struct entry *e = &a->entries[i];
		if (e->state == ENTRY_FREE)
			return e;
		if (e->state == ENTRY_RESOLVED && (!victim || e->when < victim->when))
			victim = e;
	}
	if (victim)
		release(a, victim);
	return victim;
}

/* Starts resolving ip: a pending entry and its first probe. NULL when too many are pending. */
static struct entry *start_pending(struct kiln_arp *a, uint32_t ip)
{
	struct entry *e;

	if (a->npending >= ARP_PENDING_MAX || !(e = alloc_entry(a)))
		return NULL;
	e->state = ENTRY_PENDING;
	e->ip = ip;
	e->probes = 0;
	a->npending++;
	probe(a, e);
	kiln_waitq_wake_all(&a->timer_wake); /* a new deadline */
	return e;
}

/* Records ip -> mac from an answer, then sends what waited for it. */
static void learn(struct kiln_arp *a, struct entry *e, const uint8_t mac[6])
{
	char ip[KILN_IPV4_STRLEN], m[KILN_MAC_STRLEN];

	if (e->state == ENTRY_PENDING || memcmp(e->mac, mac, 6) != 0)
		kiln_log_info(&log_arp, "updating %s -> %s", kiln_ipv4_format(e->ip, ip), kiln_mac_format(mac, m));
	if (e->state == ENTRY_PENDING)
		a->npending--;
	memcpy(e->mac, mac, 6);
	e->state = ENTRY_RESOLVED;
	e->when = kiln_plat_monotonic_ns() + a->entry_ns;
	for (unsigned i = 0; i < e->nqueued; i++) {
		struct iovec iov = { e->queue[i]->data, e->queue[i]->len };
		(void)kiln_eth_output(a->eth, e->mac, e->queue[i]->type, &iov, 1);
	}
	drop_queue(e);
	kiln_waitq_wake_all(&e->waiters);
}

void kiln_arp_input(void *arp, const uint8_t src[6], const uint8_t *p, size_t len)
{
	struct kiln_arp *a = arp;
	uint32_t spa, tpa;
	uint16_t op;
	struct entry *e;
	char ip[KILN_IPV4_STRLEN];

	(void)src;
	/* Ethernet and IPv4 only, and a sender that is one station (never a group address). */
	if (len < ARP_LEN || get16(p) != 1 || get16(p + 2) != KILN_ETH_IPV4 || p[4] != 6 || p[5] != 4 ||
	    (p[8] & 1))
		return;
	op = get16(p + 6);
	spa = get32(p + 14);
	tpa = get32(p + 24);
	if (a->ip && spa == a->ip && memcmp(p + 8, a->mac, 6) != 0)
		kiln_log_warn(&log_arp, "%s is also used by another station", kiln_ipv4_format(spa, ip));
	e = spa ? find(a, spa) : NULL;
	/* Answers, and announcements (sender = target) from hosts already known, update the cache. */
	if (e && (op == OP_REPLY || (op == OP_REQUEST && spa == tpa)))
		learn(a, e, p + 8);
	if (op == OP_REQUEST && a->ip && tpa == a->ip && spa != tpa) {
		kiln_log_info(&log_arp, "responding to: who-has %s?", kiln_ipv4_format(tpa, ip));
		(void)send_arp(a, OP_REPLY, p + 8, p + 8, spa);
	}
}

/* The timer fiber: probes again, gives up after ARP_PROBES, expires answers. */
static int timer_loop(void *arg)
{
	struct kiln_arp *a = arg;
	char ip[KILN_IPV4_STRLEN];

	while (!a->stopping) {
		uint64_t now = kiln_plat_monotonic_ns(), next = KILN_FOREVER;

		for (int i = 0; i < ARP_ENTRIES; i++) {
			struct entry *e = &a->entries[i];
			if (e->state == ENTRY_FREE)
				continue;
			if (e->when <= now && e->state == ENTRY_RESOLVED) {
				kiln_log_info(&log_arp, "timeout %s", kiln_ipv4_format(e->ip, ip));
				release(a, e);
				continue;
			}
			if (e->when <= now && e->probes >= ARP_PROBES) {
				kiln_log_info(&log_arp, "no answer from %s", kiln_ipv4_format(e->ip, ip));
				release(a, e);
				continue;
			}
			if (e->when <= now)
				probe(a, e);
			if (e->when < next)
				next = e->when;
		}
		kiln_waitq_wait(&a->timer_wake, next);
	}
	return 0;
}

int kiln_arp_new(struct kiln_arp **out, struct kiln_eth *eth)
{
	struct kiln_arp *a = calloc(1, sizeof(*a));
	int rc;

	if (!a)
		return -ENOMEM;
	a->eth = eth;
	kiln_eth_mac(eth, a->mac);
	a->entry_ns = KILN_SEC(60);
	a->probe_ns = KILN_SEC(1);
	rc = kiln_eth_set_handler(eth, KILN_ETH_ARP, kiln_arp_input, a);
	if (rc == 0)
		rc = kiln_fiber_spawn(&a->timer, "arp", timer_loop, a);
	if (rc < 0) {
		kiln_eth_set_handler(eth, KILN_ETH_ARP, NULL, NULL);
		free(a);
		return rc;
	}
	*out = a;
	return 0;
}

void kiln_arp_free(struct kiln_arp *a)
{
	if (!a)
		return;
	a->stopping = 1;
	kiln_waitq_wake_all(&a->timer_wake);
	kiln_fiber_join(a->timer, NULL);
	kiln_eth_set_handler(a->eth, KILN_ETH_ARP, NULL, NULL);
	for (int i = 0; i < ARP_ENTRIES; i++)
		if (a->entries[i].state != ENTRY_FREE)
			release(a, &a->entries[i]);
	free(a);
}

int kiln_arp_set_address(struct kiln_arp *a, uint32_t ip)
{
	char text[KILN_IPV4_STRLEN];
	static const uint8_t unknown[6];
	int rc;

	a->ip = ip;
	if (!ip)
		return 0;
	kiln_log_info(&log_arp, "sending gratuitous from %s", kiln_ipv4_format(ip, text));
	rc = send_arp(a, OP_REQUEST, kiln_eth_broadcast, unknown, ip);
	if (rc < 0)
		kiln_log_warn(&log_arp, "cannot announce %s: %s", text, strerror(-rc));
	return rc;
}

void kiln_arp_set_timeouts(struct kiln_arp *a, uint64_t entry_ns, uint64_t probe_ns)
{
	a->entry_ns = entry_ns;
	a->probe_ns = probe_ns;
	kiln_waitq_wake_all(&a->timer_wake);
}

int kiln_arp_query(struct kiln_arp *a, uint32_t ip, uint8_t mac[6])
{
	struct entry *e = find(a, ip);

	if (!e || e->state != ENTRY_RESOLVED)
		return -ENOENT;
	memcpy(mac, e->mac, 6);
	return 0;
}

/* Keeps a copy of the frame until e is answered. Returns 0 or -ENOBUFS/-ENOMEM. */
static int enqueue(struct entry *e, uint16_t type, const struct iovec *iov, int iovcnt)
{
	size_t len = iov_length(iov, iovcnt);
	struct queued *q;

	if (e->nqueued == ARP_QUEUE_MAX)
		return -ENOBUFS;
	q = malloc(sizeof(*q) + len);
	if (!q)
		return -ENOMEM;
	q->type = type;
	q->len = len;
	iov_copy_out(iov, iovcnt, 0, q->data, len);
	e->queue[e->nqueued++] = q;
	return 0;
}

int kiln_arp_output(struct kiln_arp *a, uint32_t ip, uint16_t type, const struct iovec *iov, int iovcnt, bool wait)
{
	bool waited = false;

	for (;;) {
		struct entry *e = find(a, ip);

		if (e && e->state == ENTRY_RESOLVED)
			return kiln_eth_output(a->eth, e->mac, type, iov, iovcnt);
		if (!e && waited)
			return -EHOSTUNREACH; /* it was given up while we waited */
		if (!e && !(e = start_pending(a, ip)))
			return -ENOBUFS;
		if (e->state == ENTRY_RESOLVED)
			continue; /* the answer came while the probe was sent */
		if (!wait)
			return enqueue(e, type, iov, iovcnt);
		kiln_waitq_wait(&e->waiters, KILN_FOREVER);
		waited = true;
	}
}

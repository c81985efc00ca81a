/* xenstore.c: a xenstore client over the domain's ring: read, write, directory, transactions and watches. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <kiln/fiber.h>
#include <xen/hvm/params.h>
#include <xen/io/xs_wire.h>

#include "../sched.h"
#include "clock.h"
#include "evtchn.h"
#include "hypercall.h"
#include "xenstore.h"

#define REPLY_TIMEOUT_NS (30 * 1000000000ull)

/* A fired watch's path, queued until kiln_xen_xs_watch_wait takes it. */
struct kiln_xen_xs_event {
	struct kiln_xen_xs_event *next;
	char path[];
};

/* A message being read off the ring: its header, then its body. */
struct incoming {
	struct xsd_sockmsg hdr;
	size_t got;  /* bytes of header and body read so far */
	char *body;  /* owned: hdr.len bytes and a NUL */
};

static struct {
	struct xenstore_domain_interface *ring;
	evtchn_port_t port;
	uint32_t last_req_id;
	bool busy;                    /* a request is on its way: others queue on lock_waiters */
	struct kiln_waitq lock_waiters;
	uint32_t awaited_id;          /* the request in flight */
	bool replied;
	struct xsd_sockmsg reply;
	char *reply_body;             /* owned until handed to the requester */
	struct incoming in;
	struct kiln_xen_xs_watch *watches;
} xs;

int kiln_xen_xs_init(void)
{
	int rc = kiln_xen_hvm_ring(HVM_PARAM_STORE_PFN, HVM_PARAM_STORE_EVTCHN, (void **)&xs.ring, &xs.port);

	return rc < 0 ? rc : kiln_xen_evtchn_bind(xs.port);
}

static void queue_event(const char *path, const char *token)
{
	for (struct kiln_xen_xs_watch *w = xs.watches; w; w = w->next) {
		if (strcmp(w->token, token) != 0)
			continue;
		size_t len = strlen(path);
		struct kiln_xen_xs_event *e = malloc(sizeof(*e) + len + 1);
		if (!e)
			return; /* out of memory: this firing is lost, as xenstored itself may coalesce them */
		memcpy(e->path, path, len + 1);
		e->next = NULL;
		if (w->last)
			w->last->next = e;
		else
			w->first = e;
		w->last = e;
		return;
	}
}

/* Hands a whole message to whoever waits for it; takes ownership of body. */
static void deliver(const struct xsd_sockmsg *hdr, char *body)
{
	if (hdr->type == XS_WATCH_EVENT) {
		size_t plen = strnlen(body, hdr->len);
		if (plen < hdr->len)
			queue_event(body, body + plen + 1);
		free(body);
	} else if (xs.busy && !xs.replied && hdr->req_id == xs.awaited_id) {
		xs.reply = *hdr;
		xs.reply_body = body;
		xs.replied = true;
	} else {
		free(body); /* the answer to a request that timed out */
	}
}

/* Reads up to len bytes of the response ring into dst; returns how many. */
static size_t ring_read(void *dst, size_t len)
{
	XENSTORE_RING_IDX cons = xs.ring->rsp_cons;
	XENSTORE_RING_IDX prod = __atomic_load_n(&xs.ring->rsp_prod, __ATOMIC_ACQUIRE);
	size_t n = prod - cons < len ? prod - cons : len;

	for (size_t i = 0; i < n; i++)
		((char *)dst)[i] = xs.ring->rsp[MASK_XENSTORE_IDX(cons + (XENSTORE_RING_IDX)i)];
	__atomic_store_n(&xs.ring->rsp_cons, cons + (XENSTORE_RING_IDX)n, __ATOMIC_RELEASE);
	return n;
}

/* Reads what the ring holds, delivering each message as it completes. Returns 0 or -ENOMEM/-EIO. */
static int pump(void)
{
	struct incoming *in = &xs.in;
	bool took = false;
	size_t n;

	do {
		if (in->got < sizeof(in->hdr)) {
			n = ring_read((char *)&in->hdr + in->got, sizeof(in->hdr) - in->got);
			in->got += n;
			took |= n > 0;
			if (in->got < sizeof(in->hdr))
				break;
			if (in->hdr.len > XENSTORE_PAYLOAD_MAX)
				return -EIO;
			in->body = malloc(in->hdr.len + 1);
			if (!in->body)
				return -ENOMEM;
		}
		size_t body_got = in->got - sizeof(in->hdr);
		n = ring_read(in->body + body_got, in->hdr.len - body_got);
		in->got += n;
		took |= n > 0;
		if (in->got == sizeof(in->hdr) + in->hdr.len) {
			in->body[in->hdr.len] = '\0';
			deliver(&in->hdr, in->body);
			*in = (struct incoming){ 0 };
			n = 1; /* look for another message */
		}
	} while (n > 0);
	/* xenstored may be waiting for room to write more. */
	if (took)
		kiln_xen_evtchn_notify(xs.port);
	return 0;
}

/* Reads the ring until the reply to the request in flight is there. */
static int await_reply(uint64_t deadline)
{
	for (;;) {
		int rc = pump();
		if (rc < 0 || xs.replied)
			return rc;
		rc = kiln_xen_evtchn_wait(xs.port, deadline);
		if (rc < 0)
			return rc;
	}
}

/* Copies len bytes into the request ring, waiting for room as it goes. */
static int ring_write(const void *src, size_t len, uint64_t deadline)
{
	const char *p = src;

	while (len > 0) {
		XENSTORE_RING_IDX cons = __atomic_load_n(&xs.ring->req_cons, __ATOMIC_ACQUIRE);
		XENSTORE_RING_IDX prod = xs.ring->req_prod;
		size_t room = XENSTORE_RING_SIZE - (prod - cons);

		if (room == 0) {
			int rc = kiln_xen_evtchn_wait(xs.port, deadline);
			if (rc < 0)
				return rc;
			continue;
		}
		for (; room > 0 && len > 0; room--, len--)
			xs.ring->req[MASK_XENSTORE_IDX(prod++)] = *p++;
		__atomic_store_n(&xs.ring->req_prod, prod, __ATOMIC_RELEASE);
		kiln_xen_evtchn_notify(xs.port);
	}
	return 0;
}

/* xenstored's error reply ("ENOENT") as -errno. */
static int error_code(const char *name)
{
	for (size_t i = 0; i < sizeof(xsd_errors) / sizeof(xsd_errors[0]); i++) {
		if (strcmp(xsd_errors[i].errstring, name) == 0)
			return -xsd_errors[i].errnum;
	}
	return -EIO;
}

static void lock(void)
{
	while (xs.busy)
		kiln_waitq_wait(&xs.lock_waiters, KILN_FOREVER);
	xs.busy = true;
}

static void unlock(void)
{
	xs.busy = false;
	kiln_waitq_wake_one(&xs.lock_waiters);
}

/* One request of type with the parts of its body (each with its NUL if it has one);
 * the reply's body goes to *reply (caller frees) with its length in *len. */
static int request(uint32_t type, uint32_t tx, const char *const parts[], const size_t lens[], size_t nparts,
		   char **reply, size_t *len)
{
	uint64_t deadline = kiln_xen_clock_ns(NULL) + REPLY_TIMEOUT_NS;
	struct xsd_sockmsg hdr = { .type = type, .tx_id = tx };
	int rc;

	if (!xs.ring)
		return -ENODEV;
	for (size_t i = 0; i < nparts; i++)
		hdr.len += (uint32_t)lens[i];
	if (hdr.len > XENSTORE_PAYLOAD_MAX)
		return -E2BIG;
	lock();
	hdr.req_id = ++xs.last_req_id;
	xs.awaited_id = hdr.req_id;
	xs.replied = false;
	rc = ring_write(&hdr, sizeof(hdr), deadline);
	for (size_t i = 0; rc == 0 && i < nparts; i++)
		rc = ring_write(parts[i], lens[i], deadline);
	if (rc == 0)
		rc = await_reply(deadline);
	if (rc < 0)
		goto out;
	if (xs.reply.type == XS_ERROR) {
		rc = error_code(xs.reply_body);
		free(xs.reply_body);
	} else {
		*reply = xs.reply_body;
		*len = xs.reply.len;
	}
	xs.reply_body = NULL;
out:
	xs.replied = false;
	unlock();
	return rc;
}

/* A request whose body is one or two NUL-terminated strings (b may be NULL); the reply is dropped. */
static int simple_request(uint32_t type, uint32_t tx, const char *a, const char *b)
{
	const char *parts[] = { a, b };
	size_t lens[] = { strlen(a) + 1, b ? strlen(b) + 1 : 0 };
	char *reply;
	size_t len;
	int rc = request(type, tx, parts, lens, b ? 2 : 1, &reply, &len);

	if (rc == 0)
		free(reply);
	return rc;
}

int kiln_xen_xs_read(uint32_t tx, const char *path, char **value, size_t *len)
{
	const char *parts[] = { path };
	size_t lens[] = { strlen(path) + 1 };

	return request(XS_READ, tx, parts, lens, 1, value, len);
}

int kiln_xen_xs_write(uint32_t tx, const char *path, const char *value)
{
	/* The value is not NUL-terminated on the wire. */
	const char *parts[] = { path, value };
	size_t lens[] = { strlen(path) + 1, strlen(value) };
	char *reply;
	size_t len;
	int rc = request(XS_WRITE, tx, parts, lens, 2, &reply, &len);

	if (rc == 0)
		free(reply);
	return rc;
}

int kiln_xen_xs_directory(uint32_t tx, const char *path, char **names, size_t *count)
{
	const char *parts[] = { path };
	size_t lens[] = { strlen(path) + 1 };
	size_t len;
	int rc = request(XS_DIRECTORY, tx, parts, lens, 1, names, &len);

	if (rc < 0)
		return rc;
	*count = 0;
	for (size_t i = 0; i < len; i++)
		*count += (*names)[i] == '\0';
	return 0;
}

int kiln_xen_xs_transaction_start(uint32_t *tx)
{
	const char *parts[] = { "" };
	size_t lens[] = { 1 };
	char *reply, *end;
	size_t len;
	int rc = request(XS_TRANSACTION_START, 0, parts, lens, 1, &reply, &len);

	if (rc < 0)
		return rc;
	*tx = (uint32_t)strtoul(reply, &end, 10);
	rc = end == reply ? -EIO : 0;
	free(reply);
	return rc;
}

int kiln_xen_xs_transaction_end(uint32_t tx, bool commit)
{
	return simple_request(XS_TRANSACTION_END, tx, commit ? "T" : "F", NULL);
}

/* Takes w out of the list of watches and frees what it holds. */
static void forget(struct kiln_xen_xs_watch *w)
{
	struct kiln_xen_xs_watch **link = &xs.watches;

	while (*link != w)
		link = &(*link)->next;
	*link = w->next;
	while (w->first) {
		struct kiln_xen_xs_event *e = w->first;
		w->first = e->next;
		free(e);
	}
	free(w->path);
	*w = (struct kiln_xen_xs_watch){ 0 };
}

int kiln_xen_xs_watch(struct kiln_xen_xs_watch *w, const char *path)
{
	int rc;

	*w = (struct kiln_xen_xs_watch){ .path = strdup(path) };
	if (!w->path)
		return -ENOMEM;
	snprintf(w->token, sizeof(w->token), "kiln:%p", (void *)w);
	/* Listed first: the watch's first firing may come before the reply. */
	w->next = xs.watches;
	xs.watches = w;
	rc = simple_request(XS_WATCH, 0, path, w->token);
	if (rc < 0)
		forget(w);
	return rc;
}

int kiln_xen_xs_watch_take(struct kiln_xen_xs_watch *w, char **path)
{
	struct kiln_xen_xs_event *e;
	int rc = pump();

	if (rc < 0)
		return rc;
	e = w->first;
	if (!e)
		return -EAGAIN;
	w->first = e->next;
	if (!w->first)
		w->last = NULL;
	*path = strdup(e->path);
	free(e);
	return *path ? 0 : -ENOMEM;
}

int kiln_xen_xs_watch_wait(struct kiln_xen_xs_watch *w, uint64_t deadline_ns, char **path)
{
	for (;;) {
		int rc = kiln_xen_xs_watch_take(w, path);
		if (rc != -EAGAIN)
			return rc;
		rc = kiln_xen_evtchn_wait(xs.port, deadline_ns);
		if (rc < 0)
			return rc;
	}
}

bool kiln_xen_xs_busy(void)
{
	return xs.busy;
}

int kiln_xen_xs_unwatch(struct kiln_xen_xs_watch *w)
{
	int rc = simple_request(XS_UNWATCH, 0, w->path, w->token);

	forget(w);
	return rc;
}

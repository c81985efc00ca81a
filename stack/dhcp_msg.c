/* dhcp_msg.c: DHCP messages: building a client's, parsing a server's with every option length checked. */
#include <errno.h>
#include <string.h>

#include "wire.h"
#include "dhcp_msg.h"

#define OP_REQUEST 1
#define OP_REPLY 2
#define FIXED 236 /* the BOOTP header, up to the options */
#define MIN_LEN 300 /* BOOTP's minimum, which some relays still expect */

enum {
	OPT_PAD = 0, OPT_NETMASK = 1, OPT_ROUTER = 3, OPT_DNS = 6, OPT_REQUESTED = 50, OPT_LEASE = 51,
	OPT_TYPE = 53, OPT_SERVER = 54, OPT_PARAMS = 55, OPT_T1 = 58, OPT_T2 = 59, OPT_CLIENT_ID = 61,
	OPT_END = 255,
};

static const uint8_t magic[4] = { 99, 130, 83, 99 };

/* Takes in one option's value; -EINVAL when its length is not what the option holds. */
static int take_option(struct dhcp_msg *m, uint8_t code, const uint8_t *v, size_t len)
{
	uint32_t *one = NULL;

	switch (code) {
	case OPT_TYPE:
		if (len != 1)
			return -EINVAL;
		m->type = v[0];
		return 0;
	case OPT_ROUTER:
	case OPT_DNS:
		/* One address or more: the first router; up to three servers. */
		if (len < 4 || len % 4)
			return -EINVAL;
		if (code == OPT_ROUTER) {
			m->router = get32(v);
			return 0;
		}
		for (size_t i = 0; i < len && m->ndns < 3; i += 4)
			m->dns[m->ndns++] = get32(v + i);
		return 0;
	case OPT_NETMASK: one = &m->netmask; break;
	case OPT_SERVER: one = &m->server; break;
	case OPT_LEASE: one = &m->lease_s; break;
	case OPT_T1: one = &m->t1_s; break;
	case OPT_T2: one = &m->t2_s; break;
	default:
		return 0; /* not one we use */
	}
	if (len != 4)
		return -EINVAL;
	*one = get32(v);
	return 0;
}

int dhcp_parse(const uint8_t *p, size_t len, struct dhcp_msg *m)
{
	size_t i = FIXED + sizeof(magic);

	memset(m, 0, sizeof(*m));
	if (len < i || p[0] != OP_REPLY || p[1] != 1 || p[2] != 6 || memcmp(p + FIXED, magic, 4) != 0)
		return -EINVAL;
	m->xid = get32(p + 4);
	m->yiaddr = get32(p + 16);
	memcpy(m->chaddr, p + 28, 6);
	while (i < len && p[i] != OPT_END) {
		size_t olen;
		if (p[i] == OPT_PAD) {
			i++;
			continue;
		}
		if (i + 2 > len || (olen = p[i + 1]) > len - i - 2)
			return -EINVAL; /* the length runs past the message */
		if (take_option(m, p[i], p + i + 2, olen) < 0)
			return -EINVAL;
		i += 2 + olen;
	}
	return m->type ? 0 : -EINVAL;
}

/* Appends option code with len bytes of value at *at. */
static void put_option(uint8_t *buf, size_t *at, uint8_t code, const void *v, uint8_t len)
{
	buf[(*at)++] = code;
	buf[(*at)++] = len;
	memcpy(buf + *at, v, len);
	*at += len;
}

static void put_address(uint8_t *buf, size_t *at, uint8_t code, uint32_t addr)
{
	uint8_t v[4];

	put32(v, addr);
	put_option(buf, at, code, v, 4);
}

size_t dhcp_build(const struct dhcp_request *r, uint8_t *buf)
{
	static const uint8_t params[] = { OPT_NETMASK, OPT_ROUTER, OPT_DNS, OPT_LEASE, OPT_SERVER, OPT_T1, OPT_T2 };
	uint8_t client_id[7] = { 1 };
	size_t at = FIXED + sizeof(magic);

	memset(buf, 0, DHCP_MSG_MAX);
	buf[0] = OP_REQUEST;
	buf[1] = 1; /* Ethernet */
	buf[2] = 6;
	put32(buf + 4, r->xid);
	/* Until we have an address, answers must be broadcast: we cannot receive unicast IP yet. */
	buf[10] = r->ciaddr ? 0 : 0x80;
	put32(buf + 12, r->ciaddr);
	memcpy(buf + 28, r->chaddr, 6);
	memcpy(buf + FIXED, magic, sizeof(magic));
	put_option(buf, &at, OPT_TYPE, &r->type, 1);
	memcpy(client_id + 1, r->chaddr, 6);
	put_option(buf, &at, OPT_CLIENT_ID, client_id, sizeof(client_id));
	if (r->requested)
		put_address(buf, &at, OPT_REQUESTED, r->requested);
	if (r->server)
		put_address(buf, &at, OPT_SERVER, r->server);
	if (r->lease_s)
		put_address(buf, &at, OPT_LEASE, r->lease_s);
	put_option(buf, &at, OPT_PARAMS, params, sizeof(params));
	buf[at++] = OPT_END;
	return at < MIN_LEN ? MIN_LEN : at;
}

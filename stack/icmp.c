/* icmp.c: ICMP for IPv4: checksum checks, echo replies, echo requests, the observer. */
#include <errno.h>
#include <stdlib.h>

#include <kiln/icmp.h>

#include "checksum.h"
#include "wire.h"

#define HEADER 8

struct kiln_icmp {
	struct kiln_ipv4 *ip;
	kiln_icmp_fn *observer;
	void *ctx;
};

int kiln_icmp_new(struct kiln_icmp **out, struct kiln_ipv4 *ip)
{
	struct kiln_icmp *icmp = calloc(1, sizeof(*icmp));
	int rc;

	if (!icmp)
		return -ENOMEM;
	icmp->ip = ip;
	rc = kiln_ipv4_set_handler(ip, KILN_IPPROTO_ICMP, kiln_icmp_input, icmp);
	if (rc < 0) {
		free(icmp);
		return rc;
	}
	*out = icmp;
	return 0;
}

void kiln_icmp_free(struct kiln_icmp *icmp)
{
	if (!icmp)
		return;
	kiln_ipv4_set_handler(icmp->ip, KILN_IPPROTO_ICMP, NULL, NULL);
	free(icmp);
}

void kiln_icmp_set_observer(struct kiln_icmp *icmp, kiln_icmp_fn *fn, void *ctx)
{
	icmp->observer = fn;
	icmp->ctx = ctx;
}

/* Sends an echo message of type with id and seq (as the 4 bytes after the checksum) and data. */
static int send_echo(struct kiln_icmp *icmp, uint32_t src, uint32_t dst, uint8_t type, const uint8_t idseq[4],
		     const void *data, size_t len)
{
	uint8_t h[HEADER] = { type, 0, 0, 0, idseq[0], idseq[1], idseq[2], idseq[3] };
	struct iovec iov[2] = { { h, HEADER }, { (void *)data, len } };
	uint16_t sum = inet_fold(inet_sum_iov(iov, 2, 0));

	put16(h + 2, sum);
	return kiln_ipv4_output(icmp->ip, src, dst, KILN_IPPROTO_ICMP, iov, 2);
}

void kiln_icmp_input(void *arg, uint32_t src, uint32_t dst, const uint8_t *m, size_t len)
{
	struct kiln_icmp *icmp = arg;

	if (len < HEADER || inet_fold(inet_sum(m, len, 0)) != 0)
		return;
	if (icmp->observer)
		icmp->observer(icmp->ctx, src, m[0], m[1], get16(m + 4), get16(m + 6),
			       m + HEADER, len - HEADER);
	/* Only requests to our own address are answered: a broadcast ping gets no storm of replies. */
	if (m[0] == KILN_ICMP_ECHO_REQUEST && m[1] == 0 && dst == kiln_ipv4_address(icmp->ip) && dst)
		(void)send_echo(icmp, dst, src, KILN_ICMP_ECHO_REPLY, m + 4, m + HEADER, len - HEADER);
}

int kiln_icmp_echo_request(struct kiln_icmp *icmp, uint32_t dst, uint16_t id, uint16_t seq, const void *data,
			   size_t len)
{
	uint8_t idseq[4];

	put16(idseq, id);
	put16(idseq + 2, seq);
	return send_echo(icmp, 0, dst, KILN_ICMP_ECHO_REQUEST, idseq, data, len);
}

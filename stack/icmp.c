/* icmp.c: ICMP for IPv4: checksum checks, echo replies, echo requests, the observer, rate-limited destination unreachables. */
#include <errno.h>
#include <stdbool.h>
#include <stdlib.h>

#include <kiln/icmp.h>

#include "checksum.h"
#include "platform.h"
#include "wire.h"

#define HEADER 8
#define MAX_QUOTE (576 - 20 - HEADER)
#define NS_PER_TOKEN (1000000000ull / KILN_ICMP_ERRORS_PER_S)

struct kiln_icmp {
	struct kiln_ipv4 *ip;
	kiln_icmp_fn *observer;
	void *ctx;
	unsigned tokens;       /* errors that may be sent now */
	uint64_t refilled_ns;  /* when the last token was added */
};

int kiln_icmp_new(struct kiln_icmp **out, struct kiln_ipv4 *ip)
{
	struct kiln_icmp *icmp = calloc(1, sizeof(*icmp));
	int rc;

	if (!icmp)
		return -ENOMEM;
	icmp->ip = ip;
	icmp->tokens = KILN_ICMP_ERROR_BURST;
	icmp->refilled_ns = kiln_plat_monotonic_ns();
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

/* Sends a message of type and code with the 4 bytes after the checksum (rest) and data. */
static int send_msg(struct kiln_icmp *icmp, uint32_t src, uint32_t dst, uint8_t type, uint8_t code,
		    const uint8_t rest[4], const void *data, size_t len)
{
	uint8_t h[HEADER] = { type, code, 0, 0, rest[0], rest[1], rest[2], rest[3] };
	struct iovec iov[2] = { { h, HEADER }, { (void *)data, len } };
	uint16_t sum = inet_fold(inet_sum_iov(iov, 2, 0));

	put16(h + 2, sum);
	return kiln_ipv4_output(icmp->ip, src, dst, KILN_IPPROTO_ICMP, iov, 2);
}

/* Takes a token of the errors' rate limit: false when there is none. */
static bool take_token(struct kiln_icmp *icmp)
{
	uint64_t now = kiln_plat_monotonic_ns(), earned = (now - icmp->refilled_ns) / NS_PER_TOKEN;

	if (earned > 0) {
		icmp->tokens = earned >= KILN_ICMP_ERROR_BURST - icmp->tokens ? KILN_ICMP_ERROR_BURST
										: icmp->tokens + (unsigned)earned;
		icmp->refilled_ns += earned * NS_PER_TOKEN;
	}
	if (icmp->tokens == 0)
		return false;
	icmp->tokens--;
	return true;
}

int kiln_icmp_unreachable(struct kiln_icmp *icmp, uint8_t code)
{
	static const uint8_t unused[4];
	const uint8_t *dgram;
	size_t len;

	if (!kiln_ipv4_rx_datagram(icmp->ip, &dgram, &len))
		return -EPERM;
	if (!take_token(icmp))
		return -EAGAIN;
	/* From the address it was sent to, back to its source. */
	return send_msg(icmp, get32(dgram + 16), get32(dgram + 12), KILN_ICMP_DEST_UNREACHABLE, code, unused, dgram,
			len < MAX_QUOTE ? len : MAX_QUOTE);
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
		(void)send_msg(icmp, dst, src, KILN_ICMP_ECHO_REPLY, 0, m + 4, m + HEADER, len - HEADER);
}

int kiln_icmp_echo_request(struct kiln_icmp *icmp, uint32_t dst, uint16_t id, uint16_t seq, const void *data,
			   size_t len)
{
	uint8_t idseq[4];

	put16(idseq, id);
	put16(idseq + 2, seq);
	return send_msg(icmp, 0, dst, KILN_ICMP_ECHO_REQUEST, 0, idseq, data, len);
}

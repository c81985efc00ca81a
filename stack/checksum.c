/* checksum.c: the Internet checksum (RFC 1071) and the IPv4 pseudo-header sum. */
#include <string.h>

#include "checksum.h"

/* Native words of 32 bits at a time into a 64-bit sum (RFC 1071's byte-order independence: the
 * folded sum of native words is the big-endian sum, byte-swapped on a little-endian host). */
uint32_t inet_sum(const void *p, size_t n, uint32_t acc)
{
	const uint8_t *b = p;
	uint64_t sum = 0;

	for (; n >= 8; b += 8, n -= 8) {
		uint64_t w;

		memcpy(&w, b, 8);
		sum += (w & 0xffffffffu) + (w >> 32);
	}
	for (; n >= 2; b += 2, n -= 2) {
		uint16_t w;

		memcpy(&w, b, 2);
		sum += w;
	}
	if (n) {
		uint16_t w = 0;

		memcpy(&w, b, 1);
		sum += w;
	}
	while (sum >> 16)
		sum = (sum & 0xffff) + (sum >> 16);
#if __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
	sum = (sum & 0xff) << 8 | sum >> 8;
#endif
	sum += acc;
	while (sum >> 32)
		sum = (sum & 0xffffffffu) + (sum >> 32);
	return (uint32_t)sum;
}

uint16_t inet_fold(uint32_t acc)
{
	while (acc >> 16)
		acc = (acc & 0xffff) + (acc >> 16);
	return (uint16_t)~acc;
}

uint32_t inet_pseudo_sum(uint32_t src, uint32_t dst, uint8_t proto, uint16_t len)
{
	uint64_t sum = (uint64_t)(src >> 16) + (src & 0xffff) + (dst >> 16) + (dst & 0xffff) + proto + len;

	return (uint32_t)sum;
}

uint32_t inet_sum_iov(const struct iovec *iov, int iovcnt, uint32_t acc)
{
	uint8_t carry = 0;
	int odd = 0;

	for (int i = 0; i < iovcnt; i++) {
		const uint8_t *b = iov[i].iov_base;
		size_t n = iov[i].iov_len;

		if (n && odd) {
			/* Complete the word the previous piece left open. */
			acc = inet_sum((uint8_t[2]){ carry, b[0] }, 2, acc);
			b++;
			n--;
			odd = 0;
		}
		if (n & 1) {
			carry = b[n - 1];
			odd = 1;
			n--;
		}
		acc = inet_sum(b, n, acc);
	}
	return odd ? inet_sum(&carry, 1, acc) : acc;
}

/* checksum.c: the Internet checksum (RFC 1071) and the IPv4 pseudo-header sum. */
#include "checksum.h"

uint32_t inet_sum(const void *p, size_t n, uint32_t acc)
{
	const uint8_t *b = p;
	uint64_t sum = acc;

	for (; n >= 2; b += 2, n -= 2)
		sum += (uint32_t)(b[0] << 8 | b[1]);
	if (n)
		sum += (uint32_t)b[0] << 8;
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

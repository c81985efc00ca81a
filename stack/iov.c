/* iov.c: byte ranges of scatter-gather lists: length, copy, slice. */
#include <stdint.h>
#include <string.h>

#include "iov.h"

size_t iov_length(const struct iovec *iov, int iovcnt)
{
	size_t n = 0;

	for (int i = 0; i < iovcnt; i++)
		n += iov[i].iov_len;
	return n;
}

int iov_slice(const struct iovec *iov, int iovcnt, size_t off, size_t len, struct iovec *out, int max)
{
	int n = 0;

	for (int i = 0; i < iovcnt && len > 0; i++) {
		size_t take;
		if (off >= iov[i].iov_len) {
			off -= iov[i].iov_len;
			continue;
		}
		if (n == max)
			return -1;
		take = iov[i].iov_len - off < len ? iov[i].iov_len - off : len;
		out[n++] = (struct iovec){ (uint8_t *)iov[i].iov_base + off, take };
		len -= take;
		off = 0;
	}
	return n;
}

void iov_copy_out(const struct iovec *iov, int iovcnt, size_t off, void *dst, size_t len)
{
	uint8_t *d = dst;

	for (int i = 0; i < iovcnt && len > 0; i++) {
		size_t take;
		if (off >= iov[i].iov_len) {
			off -= iov[i].iov_len;
			continue;
		}
		take = iov[i].iov_len - off < len ? iov[i].iov_len - off : len;
		memcpy(d, (const uint8_t *)iov[i].iov_base + off, take);
		d += take;
		len -= take;
		off = 0;
	}
}

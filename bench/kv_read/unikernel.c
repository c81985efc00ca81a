/* unikernel.c: reads the value "big" through the store in 64 KiB chunks and prints how many bytes it read. */
#include <stdint.h>

#include "start_gen.h"

int kv_read_start(struct kiln_console *c, struct kiln_kv_ro *kv)
{
	static unsigned char buf[64 * 1024];
	uint64_t off = 0, sum = 0;
	size_t n;
	int rc;

	do {
		rc = kiln_kv_ro_read(kv, "big", off, buf, sizeof(buf), &n);
		off += n;
		sum += buf[0]; /* touch what was read */
	} while (rc == 0 && n > 0);
	if (rc < 0)
		return rc;
	return kiln_console_logf(c, "%llu bytes (%llu)", (unsigned long long)off, (unsigned long long)(sum & 1));
}

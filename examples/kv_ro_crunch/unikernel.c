/* unikernel.c: reads "secret" from two stores ten times, at a different offset each time, and says whether they agree. */
#include <stdlib.h>
#include <string.h>

#include "start_gen.h"

#define CHUNK 64

/* Reads up to CHUNK bytes of "secret" at offset; *n is how many. Returns 0 or a negative errno. */
static int read_secret(struct kiln_kv_ro *kv, uint64_t offset, char *buf, size_t *n)
{
	return kiln_kv_ro_read(kv, "secret", offset, buf, CHUNK, n);
}

int kv_ro_start(struct kiln_console *c, struct kiln_kv_ro *k1, struct kiln_kv_ro *k2)
{
	for (int i = 0; i < 10; i++) {
		char a[CHUNK], b[CHUNK];
		size_t na, nb;
		int same = read_secret(k1, (uint64_t)i * 7, a, &na) == 0 && read_secret(k2, (uint64_t)i * 7, b, &nb) == 0 &&
			   na > 0 && na == nb && memcmp(a, b, na) == 0;
		int rc = kiln_console_log(c, same ? "YES!" : "NO");
		if (rc < 0)
			return rc;
	}
	return 0;
}

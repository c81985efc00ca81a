/* random.c: the random device over the platform's entropy source. */
#include <string.h>

#include <kiln/log.h>
#include <kiln/random.h>

#include "platform.h"

KILN_LOG_SRC(log_random, "random", "the random device");

struct kiln_random {
	const char *name;
};

static struct kiln_random default_random = { "default" };

int kiln_random_connect_default(struct kiln_random **out)
{
	*out = &default_random;
	return 0;
}

int kiln_random_fill(struct kiln_random *r, void *buf, size_t len)
{
	(void)r;
	return kiln_plat_random(buf, len);
}

uint64_t kiln_random_u64(struct kiln_random *r)
{
	uint64_t v;
	int rc = kiln_random_fill(r, &v, sizeof(v));

	if (rc < 0) {
		kiln_log_err(&log_random, "no random bytes: %s", strerror(-rc));
		return 0;
	}
	return v;
}

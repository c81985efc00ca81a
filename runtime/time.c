/* time.c: the time device: sleeping fibers and reading the platform's clocks. */
#include <kiln/fiber.h>
#include <kiln/time.h>

#include "platform.h"

struct kiln_time {
	const char *name;
};

static struct kiln_time default_time = { "default" };

int kiln_time_connect_default(struct kiln_time **out)
{
	*out = &default_time;
	return 0;
}

int kiln_time_sleep_ns(struct kiln_time *t, uint64_t ns)
{
	(void)t;
	return kiln_sleep_ns(ns);
}

uint64_t kiln_time_monotonic_ns(struct kiln_time *t)
{
	(void)t;
	return kiln_plat_monotonic_ns();
}

int kiln_time_wall(struct kiln_time *t, int64_t *sec, uint32_t *nsec)
{
	(void)t;
	return kiln_plat_wall(sec, nsec);
}

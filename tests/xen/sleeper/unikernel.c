/* unikernel.c: sleeper: says "sleeper up", then fails (--fail=true) or says "tick" every tick_ms forever. */
#include <errno.h>

#include "start_gen.h"

int sleeper_start(struct kiln_console *c, struct kiln_time *t)
{
	int rc = kiln_console_log(c, "sleeper up");

	if (rc == 0 && key_gen_fail())
		rc = -EIO;
	while (rc == 0) {
		rc = kiln_time_sleep_ns(t, (uint64_t)key_gen_tick_ms() * 1000000);
		if (rc == 0)
			rc = kiln_console_log(c, "tick");
	}
	return rc;
}

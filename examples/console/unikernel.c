/* unikernel.c: prints "hello" and, a second later, "world", four times. */
#include "start_gen.h"

int console_start(struct kiln_console *c, struct kiln_time *t)
{
	int rc;

	for (int i = 0; i < 4; i++) {
		rc = kiln_console_log(c, "hello");
		if (rc == 0)
			rc = kiln_time_sleep_ns(t, KILN_SEC(1));
		if (rc == 0)
			rc = kiln_console_log(c, "world");
		if (rc < 0)
			return rc;
	}
	return 0;
}

/* unikernel.c: says the "hello" key's greeting four times, a second apart. */
#include "start_gen.h"

int hello_start(struct kiln_console *c, struct kiln_time *t)
{
	int rc;

	for (int i = 0; i < 4; i++) {
		rc = kiln_console_log(c, key_gen_hello());
		if (rc == 0)
			rc = kiln_time_sleep_ns(t, KILN_SEC(1));
		if (rc < 0)
			return rc;
	}
	return 0;
}

/* console.c: the console device over the platform's console output (stdout on unix, the PV ring on xen). */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <kiln/console.h>

#include "platform.h"

struct kiln_console {
	const char *name;
};

static struct kiln_console default_console = { "default" };

int kiln_console_connect_default(struct kiln_console **out)
{
	*out = &default_console;
	return 0;
}

int kiln_console_write(struct kiln_console *c, const void *buf, size_t len)
{
	(void)c;
	return kiln_plat_console_write(buf, len);
}

bool kiln_console_is_terminal(struct kiln_console *c)
{
	(void)c;
	return kiln_plat_console_is_terminal();
}

int kiln_console_log(struct kiln_console *c, const char *msg)
{
	return kiln_console_logf(c, "%s", msg);
}

int kiln_console_logf(struct kiln_console *c, const char *fmt, ...)
{
	char small[256], *line = small;
	va_list ap;
	int n, rc;

	va_start(ap, fmt);
	n = vsnprintf(small, sizeof(small) - 1, fmt, ap);
	va_end(ap);
	if (n < 0)
		return -EINVAL;
	if ((size_t)n >= sizeof(small) - 1) {
		line = malloc((size_t)n + 2);
		if (!line)
			return -ENOMEM;
		va_start(ap, fmt);
		vsnprintf(line, (size_t)n + 1, fmt, ap);
		va_end(ap);
	}
	/* One write per line, so lines from different fibers never interleave. */
	line[n] = '\n';
	rc = kiln_console_write(c, line, (size_t)n + 1);
	if (line != small)
		free(line);
	return rc;
}

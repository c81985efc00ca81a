/* console.h: the console device, where a unikernel writes the lines a user reads. */
#ifndef KILN_CONSOLE_H
#define KILN_CONSOLE_H

#include <stdbool.h>
#include <stddef.h>

struct kiln_console;

/* Connects the platform's default console; the handle is owned by the runtime. */
int kiln_console_connect_default(struct kiln_console **out);

/* Writes msg and a newline as one line. Returns 0 or a negative errno (-EPIPE, -EIO). */
int kiln_console_log(struct kiln_console *c, const char *msg);

/* Formats like printf and writes the result as one line (a newline is added). */
int kiln_console_logf(struct kiln_console *c, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/* Whether the console is a terminal, where ANSI colours show (stdout on unix; never on xen). */
bool kiln_console_is_terminal(struct kiln_console *c);

/* Writes len raw bytes, all of them or an error. Returns 0 or a negative errno. */
int kiln_console_write(struct kiln_console *c, const void *buf, size_t len);

#endif

/* build_log.h: where a build's log is, and the service's own lines in it (queued, cancelled, interrupted...). */
#ifndef KILN_BUILD_LOG_H
#define KILN_BUILD_LOG_H

#include <stdbool.h>
#include <stddef.h>

/* Writes HOME/logs/build-ID.log to PATH (SIZE bytes). Returns 0 or -ENAMETOOLONG. */
int build_log_path(const char *home, long id, char *path, size_t size);
/* Appends "kiln: MESSAGE\n" to build ID's log (creating it and HOME/logs), and marks the log finished
 * when FINISHED. Returns 0 or a negative errno. */
int build_log_say(const char *home, long id, bool finished, const char *fmt, ...) __attribute__((format(printf, 4, 5)));

#endif

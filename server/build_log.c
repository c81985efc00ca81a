/* build_log.c: build log paths and the lines the service itself writes into a build's log. */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "build_log.h"
#include "log_follow.h"

int build_log_path(const char *home, long id, char *path, size_t size)
{
	return (size_t)snprintf(path, size, "%s/logs/build-%ld.log", home, id) >= size ? -ENAMETOOLONG : 0;
}

int build_log_say(const char *home, long id, bool finished, const char *fmt, ...)
{
	char path[PATH_MAX], line[1024];
	va_list ap;
	int fd, n, rc = 0;

	if (snprintf(path, sizeof(path), "%s/logs", home) >= (int)sizeof(path))
		return -ENAMETOOLONG;
	if (mkdir(path, 0755) < 0 && errno != EEXIST)
		return -errno;
	rc = build_log_path(home, id, path, sizeof(path));
	if (rc < 0)
		return rc;
	va_start(ap, fmt);
	n = vsnprintf(line + 6, sizeof(line) - 7, fmt, ap);
	va_end(ap);
	if (n < 0)
		return -EINVAL;
	n = n > (int)sizeof(line) - 8 ? (int)sizeof(line) - 8 : n;
	memcpy(line, "kiln: ", 6);
	line[6 + n] = '\n';
	fd = open(path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0644);
	if (fd < 0)
		return -errno;
	if (write(fd, line, (size_t)n + 7) < 0)
		rc = -errno;
	close(fd);
	if (rc == 0 && finished)
		rc = log_follow_finish(path);
	return rc;
}

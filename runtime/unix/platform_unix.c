/* platform_unix.c: the unix platform's clocks, stacks, randomness, console (stdout) and log (stderr). */
#include <errno.h>
#include <signal.h>
#include <sys/mman.h>
#include <sys/random.h>
#include <time.h>
#include <unistd.h>

#include "../platform.h"

int kiln_plat_init(void)
{
	/* A closed stdout must be an -EPIPE from the console, not a silent death. */
	if (signal(SIGPIPE, SIG_IGN) == SIG_ERR)
		return -errno;
	return 0;
}

uint64_t kiln_plat_monotonic_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000ull + (uint64_t)ts.tv_nsec;
}

int kiln_plat_wall(int64_t *sec, uint32_t *nsec)
{
	struct timespec ts;

	if (clock_gettime(CLOCK_REALTIME, &ts) < 0)
		return -errno;
	*sec = ts.tv_sec;
	*nsec = (uint32_t)ts.tv_nsec;
	return 0;
}

void *kiln_plat_stack_alloc(size_t size)
{
	size_t guard = (size_t)sysconf(_SC_PAGESIZE);
	char *base = mmap(NULL, size + guard, PROT_READ | PROT_WRITE,
			  MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);

	if (base == MAP_FAILED)
		return NULL;
	/* A fiber that overflows its stack faults on the guard page instead of corrupting memory. */
	if (mprotect(base, guard, PROT_NONE) < 0) {
		munmap(base, size + guard);
		return NULL;
	}
	return base + guard;
}

void kiln_plat_stack_free(void *stack, size_t size)
{
	size_t guard = (size_t)sysconf(_SC_PAGESIZE);

	munmap((char *)stack - guard, size + guard);
}

int kiln_plat_random(void *buf, size_t len)
{
	char *p = buf;

	while (len > 0) {
		ssize_t n = getrandom(p, len, 0);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			return -errno;
		}
		p += n;
		len -= (size_t)n;
	}
	return 0;
}

static int write_all(int fd, const void *buf, size_t len)
{
	const char *p = buf;

	while (len > 0) {
		ssize_t n = write(fd, p, len);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			return -errno;
		}
		p += n;
		len -= (size_t)n;
	}
	return 0;
}

int kiln_plat_console_write(const void *buf, size_t len)
{
	return write_all(STDOUT_FILENO, buf, len);
}

bool kiln_plat_console_is_terminal(void)
{
	return isatty(STDOUT_FILENO);
}

void kiln_plat_log_write(const char *buf, size_t len)
{
	(void)write_all(STDERR_FILENO, buf, len);
}

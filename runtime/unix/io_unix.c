/* io_unix.c: fibers waiting on file descriptors, multiplexed through one level-triggered epoll set. */
#include <errno.h>
#include <stdbool.h>
#include <stdlib.h>
#include <sys/epoll.h>
#include <time.h>
#include <unistd.h>

#include <kiln/unix.h>

#include "../platform.h"
#include "../sched.h"

struct fd_watch {
	struct kiln_waitq readers, writers;
	uint32_t registered; /* the events epoll watches for this fd; 0 when not in the set */
};

static struct {
	int epfd;
	struct fd_watch **fds; /* indexed by fd, owned; a watch never moves, as its queues hold fibers */
	size_t nfds;
	size_t waiters;
} io = { .epfd = -1 };

size_t kiln_plat_io_waiters(void)
{
	return io.waiters;
}

static int ensure_epoll(void)
{
	if (io.epfd >= 0)
		return 0;
	io.epfd = epoll_create1(EPOLL_CLOEXEC);
	return io.epfd < 0 ? -errno : 0;
}

static struct fd_watch *watch_for(int fd)
{
	if ((size_t)fd >= io.nfds) {
		size_t n = (size_t)fd + 1 > io.nfds * 2 ? (size_t)fd + 1 : io.nfds * 2;
		struct fd_watch **fds = realloc(io.fds, n * sizeof(*fds));
		if (!fds)
			return NULL;
		for (size_t i = io.nfds; i < n; i++)
			fds[i] = NULL;
		io.fds = fds;
		io.nfds = n;
	}
	if (!io.fds[fd])
		io.fds[fd] = calloc(1, sizeof(*io.fds[fd]));
	return io.fds[fd];
}

/*
 * Makes epoll watch exactly the events that fd's waiting fibers want. When a fiber
 * joins (joining), the registration is renewed even if it looks current: closing an
 * fd drops it from the epoll set, and a new fd of the same number must be added again.
 */
static int update_registration(int fd, struct fd_watch *w, bool joining)
{
	uint32_t want = (w->readers.head ? EPOLLIN : 0) | (w->writers.head ? EPOLLOUT : 0);
	struct epoll_event ev = { .events = want, .data.fd = fd };
	int rc;

	if (want == w->registered && !joining)
		return 0;
	if (!want)
		rc = epoll_ctl(io.epfd, EPOLL_CTL_DEL, fd, &ev);
	else if (w->registered)
		rc = epoll_ctl(io.epfd, EPOLL_CTL_MOD, fd, &ev);
	else
		rc = epoll_ctl(io.epfd, EPOLL_CTL_ADD, fd, &ev);
	if (rc < 0 && errno == ENOENT && want)
		rc = epoll_ctl(io.epfd, EPOLL_CTL_ADD, fd, &ev);
	/* Gone from the set already: the fd was closed while fibers waited on it. */
	if (rc < 0 && !want && (errno == EBADF || errno == ENOENT))
		rc = 0;
	if (rc < 0)
		return -errno;
	w->registered = want;
	return 0;
}

int kiln_unix_wait_fd(int fd, uint32_t events, uint64_t deadline_ns)
{
	struct fd_watch *w;
	struct kiln_waitq *q;
	int rc;

	/* One direction per wait: a fiber sits in one queue at a time. */
	if (fd < 0 || (events != EPOLLIN && events != EPOLLOUT))
		return -EINVAL;
	rc = ensure_epoll();
	if (rc < 0)
		return rc;
	w = watch_for(fd);
	if (!w)
		return -ENOMEM;
	q = (events & EPOLLIN) ? &w->readers : &w->writers;
	/* Join the queue first, so the registration sees this fiber wanting events. */
	kiln_waitq_add(q, kiln_sched_current());
	rc = update_registration(fd, w, true);
	if (rc < 0) {
		kiln_waitq_remove(kiln_sched_current());
		return rc;
	}
	io.waiters++;
	rc = kiln_sched_block(deadline_ns);
	io.waiters--;
	(void)update_registration(fd, w, false);
	return rc;
}

/* epoll_pwait2 gives nanosecond timeouts; kernels before 5.11 get epoll_wait's milliseconds. */
static int wait_events(struct epoll_event *evs, int max, uint64_t deadline_ns)
{
	static bool no_pwait2;
	uint64_t now = kiln_plat_monotonic_ns();
	uint64_t left = deadline_ns > now ? deadline_ns - now : 0;
	struct timespec ts = { (time_t)(left / 1000000000u), (long)(left % 1000000000u) };
	int n;

	if (!no_pwait2) {
		n = epoll_pwait2(io.epfd, evs, max, deadline_ns == KILN_FOREVER ? NULL : &ts, NULL);
		if (n >= 0 || errno != ENOSYS)
			return n;
		no_pwait2 = true;
	}
	if (deadline_ns == KILN_FOREVER)
		return epoll_wait(io.epfd, evs, max, -1);
	left = (left + 999999) / 1000000;
	return epoll_wait(io.epfd, evs, max, left > 86400000 ? 86400000 : (int)left);
}

int kiln_plat_poll(uint64_t deadline_ns)
{
	struct epoll_event evs[64];
	int n, rc;

	if (deadline_ns == 0 && io.waiters == 0)
		return 0;
	rc = ensure_epoll();
	if (rc < 0)
		return rc;
	n = wait_events(evs, 64, deadline_ns);
	if (n < 0)
		return errno == EINTR ? 0 : -errno;
	for (int i = 0; i < n; i++) {
		struct fd_watch *w = io.fds[evs[i].data.fd];
		uint32_t e = evs[i].events;
		if (e & (EPOLLIN | EPOLLERR | EPOLLHUP))
			kiln_waitq_wake_all(&w->readers);
		if (e & (EPOLLOUT | EPOLLERR | EPOLLHUP))
			kiln_waitq_wake_all(&w->writers);
	}
	return 0;
}

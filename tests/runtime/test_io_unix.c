/* test_io_unix.c: unit tests of fibers waiting on file descriptors (kiln_unix_wait_fd) on pipes and sockets. */
#include <errno.h>
#include <fcntl.h>
#include <sys/epoll.h>
#include <sys/socket.h>

#include <kiln/time.h>
#include <kiln/unix.h>

#include "platform.h"
#include "test_util.h"

/* A fiber's part: the fd and events it waits for, for how long, and what happened. */
struct waiter {
	int id;
	int fd;
	uint32_t events;
	uint64_t timeout_ns; /* KILN_FOREVER: no deadline */
	int peer;            /* write_when_writable: where it writes once fd is writable */
	struct event_log *log;
	int rc;
	ssize_t nread;
	char buf[16];
	uint64_t elapsed;
};

/* Logs id, waits, logs id + 100, then reads what is there without blocking. */
static int wait_then_read(void *arg)
{
	struct waiter *w = arg;
	uint64_t start = kiln_plat_monotonic_ns();

	if (w->log)
		event_log_add(w->log, w->id);
	w->rc = kiln_unix_wait_fd(w->fd, w->events, w->timeout_ns == KILN_FOREVER ? KILN_FOREVER
										     : start + w->timeout_ns);
	w->elapsed = kiln_plat_monotonic_ns() - start;
	if (w->log)
		event_log_add(w->log, w->id + 100);
	if (w->rc == 0)
		w->nread = recv(w->fd, w->buf, sizeof(w->buf) - 1, MSG_DONTWAIT);
	if (w->rc == 0 && w->nread < 0 && errno == ENOTSOCK)
		w->nread = read(w->fd, w->buf, sizeof(w->buf) - 1);
	return 0;
}

/* What a fiber does to an fd after a pause: write text to it, or close it (text NULL). */
struct poke {
	int id;
	int fd;
	uint64_t after_ns;
	const char *text;
	struct event_log *log;
};

static int poke_after_sleep(void *arg)
{
	struct poke *p = arg;

	kiln_sleep_ns(p->after_ns);
	if (p->log)
		event_log_add(p->log, p->id);
	if (!p->text)
		return close(p->fd) < 0 ? -errno : 0;
	return write(p->fd, p->text, strlen(p->text)) < 0 ? -errno : 0;
}

static void make_pipe(int p[2])
{
	assert_int_equal(pipe2(p, O_CLOEXEC | O_NONBLOCK), 0);
}

static void close_pair(int p[2])
{
	if (p[0] >= 0)
		close(p[0]);
	if (p[1] >= 0)
		close(p[1]);
}

static void reader_blocks_until_writer_writes(void **state)
{
	struct event_log log = { 0 };
	int p[2];

	(void)state;
	make_pipe(p);
	struct waiter r = { .id = 1, .fd = p[0], .events = EPOLLIN, .timeout_ns = KILN_FOREVER, .log = &log };
	struct poke w = { .id = 2, .fd = p[1], .after_ns = KILN_MSEC(10), .text = "hi", .log = &log };
	struct fiber_spec specs[] = { { wait_then_read, &r, 0 }, { poke_after_sleep, &w, 0 } };

	run_fibers(specs, 2);
	ASSERT_EVENTS(&log, 1, 2, 101);
	assert_int_equal(r.rc, 0);
	assert_int_equal(specs[1].result, 0);
	assert_int_equal(r.nread, 2);
	assert_string_equal(r.buf, "hi");
	assert_int_equal(kiln_plat_io_waiters(), 0);
	close_pair(p);
}

static void ready_fd_returns_at_once(void **state)
{
	int p[2];

	(void)state;
	make_pipe(p);
	assert_int_equal(write(p[1], "now", 3), 3);
	struct waiter r = { .fd = p[0], .events = EPOLLIN, .timeout_ns = KILN_SEC(2) };
	struct fiber_spec specs[] = { { wait_then_read, &r, 0 } };

	run_fibers(specs, 1);
	assert_int_equal(r.rc, 0);
	assert_int_equal(r.nread, 3);
	close_pair(p);
}

static void wait_times_out_then_works_again(void **state)
{
	int p[2];

	(void)state;
	make_pipe(p);
	struct waiter r = { .fd = p[0], .events = EPOLLIN, .timeout_ns = KILN_MSEC(10) };
	struct fiber_spec specs[] = { { wait_then_read, &r, 0 } };

	run_fibers(specs, 1);
	assert_int_equal(r.rc, -ETIMEDOUT);
	assert_true(r.elapsed >= r.timeout_ns);
	assert_int_equal(kiln_plat_io_waiters(), 0);

	/* The fd is not left half-registered: a new wait on it sees the next write. */
	struct poke w = { .fd = p[1], .after_ns = KILN_MSEC(5), .text = "again" };
	struct fiber_spec again[] = { { wait_then_read, &r, 0 }, { poke_after_sleep, &w, 0 } };

	r.timeout_ns = KILN_SEC(2);
	run_fibers(again, 2);
	assert_int_equal(r.rc, 0);
	assert_string_equal(r.buf, "again");
	close_pair(p);
}

/* One fd, two fibers: one waits to read, one to write; the write wakes only the writer. */
static int write_when_writable(void *arg)
{
	struct waiter *w = arg;

	event_log_add(w->log, 2);
	w->rc = kiln_unix_wait_fd(w->fd, EPOLLOUT, kiln_plat_monotonic_ns() + KILN_SEC(2));
	event_log_add(w->log, 102);
	return write(w->peer, "y", 1) == 1 ? 0 : -errno;
}

static void reader_and_writer_on_one_fd(void **state)
{
	struct event_log log = { 0 };
	int sv[2];

	(void)state;
	assert_int_equal(socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv), 0);
	struct waiter r = { .id = 1, .fd = sv[0], .events = EPOLLIN, .timeout_ns = KILN_SEC(2), .log = &log };
	struct waiter w = { .fd = sv[0], .peer = sv[1], .log = &log };
	struct fiber_spec specs[] = { { wait_then_read, &r, 0 }, { write_when_writable, &w, 0 } };

	run_fibers(specs, 2);
	/* The reader waited through the writer's readiness and woke for the byte written. */
	ASSERT_EVENTS(&log, 1, 2, 102, 101);
	assert_int_equal(w.rc, 0);
	assert_int_equal(specs[1].result, 0);
	assert_int_equal(r.rc, 0);
	assert_int_equal(r.nread, 1);
	assert_string_equal(r.buf, "y");
	close_pair(sv);
}

static void several_readers_all_wake(void **state)
{
	int p[2];

	(void)state;
	make_pipe(p);
	struct waiter r[3];
	struct poke w = { .fd = p[1], .after_ns = KILN_MSEC(5), .text = "z" };
	struct fiber_spec specs[4];

	for (int i = 0; i < 3; i++) {
		r[i] = (struct waiter){ .fd = p[0], .events = EPOLLIN, .timeout_ns = KILN_SEC(2) };
		specs[i] = (struct fiber_spec){ wait_then_read, &r[i], 0 };
	}
	specs[3] = (struct fiber_spec){ poke_after_sleep, &w, 0 };
	run_fibers(specs, 4);
	for (int i = 0; i < 3; i++)
		assert_int_equal(r[i].rc, 0);
	/* All woke for the one byte: the first to run read it, the others found the pipe empty again. */
	assert_int_equal((r[0].nread == 1) + (r[1].nread == 1) + (r[2].nread == 1), 1);
	close_pair(p);
}

/* Runs kiln_unix_wait_fd with arguments that cannot be waited on; each must fail at once. */
struct bad_waits {
	int closed_fd, file_fd, pipe_fd;
	int no_fd, no_events, odd_events, both_ways, closed, file;
};

static int try_bad_waits(void *arg)
{
	struct bad_waits *b = arg;
	uint64_t soon = kiln_plat_monotonic_ns() + KILN_SEC(2);

	b->no_fd = kiln_unix_wait_fd(-1, EPOLLIN, soon);
	b->no_events = kiln_unix_wait_fd(b->pipe_fd, 0, soon);
	b->odd_events = kiln_unix_wait_fd(b->pipe_fd, EPOLLPRI, soon);
	b->both_ways = kiln_unix_wait_fd(b->pipe_fd, EPOLLIN | EPOLLOUT, soon);
	b->closed = kiln_unix_wait_fd(b->closed_fd, EPOLLIN, soon);
	b->file = kiln_unix_wait_fd(b->file_fd, EPOLLIN, soon);
	return 0;
}

static void invalid_waits_fail(void **state)
{
	int p[2], gone[2], file = temp_fd();

	(void)state;
	make_pipe(p);
	make_pipe(gone);
	close_pair(gone);
	struct bad_waits b = { .closed_fd = gone[0], .file_fd = file, .pipe_fd = p[0] };
	struct fiber_spec specs[] = { { try_bad_waits, &b, 0 } };

	run_fibers(specs, 1);
	assert_int_equal(b.no_fd, -EINVAL);
	assert_int_equal(b.no_events, -EINVAL);
	assert_int_equal(b.odd_events, -EINVAL);
	assert_int_equal(b.both_ways, -EINVAL);
	assert_int_equal(b.closed, -EBADF);
	assert_int_equal(b.file, -EPERM); /* epoll cannot watch regular files */
	assert_int_equal(kiln_plat_io_waiters(), 0);
	close(b.file_fd);
	close_pair(p);
}

static void failed_wait_leaves_no_trace(void **state)
{
	int p[2], gone[2];

	(void)state;
	make_pipe(gone);
	close_pair(gone);
	struct bad_waits b = { .closed_fd = gone[0], .file_fd = -1, .pipe_fd = -1 };
	struct fiber_spec bad[] = { { try_bad_waits, &b, 0 } };

	run_fibers(bad, 1);
	assert_int_equal(b.closed, -EBADF);
	/* The number is reused by a new pipe, which must be waitable as usual. */
	make_pipe(p);
	struct waiter r = { .fd = p[0], .events = EPOLLIN, .timeout_ns = KILN_SEC(2) };
	struct poke w = { .fd = p[1], .after_ns = KILN_MSEC(2), .text = "ok" };
	struct fiber_spec specs[] = { { wait_then_read, &r, 0 }, { poke_after_sleep, &w, 0 } };

	run_fibers(specs, 2);
	assert_int_equal(r.rc, 0);
	assert_string_equal(r.buf, "ok");
	close_pair(p);
}

static void hangup_wakes_the_reader(void **state)
{
	int p[2];

	(void)state;
	make_pipe(p);
	struct waiter r = { .fd = p[0], .events = EPOLLIN, .timeout_ns = KILN_SEC(2) };
	struct poke closer = { .fd = p[1], .after_ns = KILN_MSEC(5), .text = NULL };
	struct fiber_spec specs[] = { { wait_then_read, &r, 0 }, { poke_after_sleep, &closer, 0 } };

	run_fibers(specs, 2);
	assert_int_equal(specs[1].result, 0);
	assert_int_equal(r.rc, 0);
	assert_int_equal(r.nread, 0); /* end of file */
	close(p[0]);
}

/* Fills the pipe that fd writes to, so a writer has to wait. */
static void fill_pipe(int fd)
{
	char block[4096] = { 0 };

	while (write(fd, block, sizeof(block)) > 0)
		;
	assert_int_equal(errno, EAGAIN);
}

static void closed_reader_wakes_the_writer(void **state)
{
	int p[2];

	(void)state;
	assert_int_equal(kiln_plat_init(), 0); /* SIGPIPE ignored: the write below gets EPIPE */
	make_pipe(p);
	fill_pipe(p[1]);
	struct waiter w = { .fd = p[1], .events = EPOLLOUT, .timeout_ns = KILN_SEC(2) };
	struct poke closer = { .fd = p[0], .after_ns = KILN_MSEC(5), .text = NULL };
	struct fiber_spec specs[] = { { wait_then_read, &w, 0 }, { poke_after_sleep, &closer, 0 } };

	run_fibers(specs, 2);
	assert_int_equal(w.rc, 0);
	assert_true(write(p[1], "x", 1) < 0 && errno == EPIPE);
	close(p[1]);
}

/* A writer in another process, so the scheduler has no timer and must wait on the fd alone. */
static void waits_for_io_from_outside(void **state)
{
	int p[2];
	pid_t pid;

	(void)state;
	make_pipe(p);
	fflush(stdout);
	pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		usleep(20000);
		_exit(write(p[1], "ext", 3) == 3 ? 0 : 1);
	}
	struct waiter r = { .fd = p[0], .events = EPOLLIN, .timeout_ns = KILN_FOREVER };
	struct fiber_spec specs[] = { { wait_then_read, &r, 0 } };

	run_fibers(specs, 1); /* not -EDEADLK: a fiber waits on I/O */
	assert_int_equal(r.rc, 0);
	assert_string_equal(r.buf, "ext");
	assert_int_equal(waitpid(pid, NULL, 0), pid);
	close_pair(p);
}

/* A wait on a high fd grows the fd table while another fiber is waiting on a low one. */
static void fd_table_grows_under_waiters(void **state)
{
	int low[2], high[2];

	(void)state;
	make_pipe(low);
	make_pipe(high);
	assert_int_equal(dup3(high[0], 900, O_CLOEXEC), 900);
	close(high[0]);
	high[0] = 900;
	struct waiter r[] = { { .fd = low[0], .events = EPOLLIN, .timeout_ns = KILN_SEC(2) },
			      { .fd = high[0], .events = EPOLLIN, .timeout_ns = KILN_SEC(2) } };
	struct poke w[] = { { .fd = low[1], .after_ns = KILN_MSEC(5), .text = "lo" },
			    { .fd = high[1], .after_ns = KILN_MSEC(5), .text = "hi" } };
	struct fiber_spec specs[] = { { wait_then_read, &r[0], 0 }, { wait_then_read, &r[1], 0 },
				      { poke_after_sleep, &w[0], 0 }, { poke_after_sleep, &w[1], 0 } };

	run_fibers(specs, 4);
	assert_int_equal(r[0].rc, 0);
	assert_int_equal(r[1].rc, 0);
	assert_string_equal(r[0].buf, "lo");
	assert_string_equal(r[1].buf, "hi");
	close_pair(low);
	close_pair(high);
}

/* Closes a pipe under a waiting fiber and opens another, which gets the same fd numbers. */
static int close_and_reopen(void *arg)
{
	int *p = arg;
	int old = p[0];

	kiln_sleep_ns(KILN_MSEC(5));
	close_pair(p);
	make_pipe(p);
	return p[0] == old ? 0 : -EAGAIN;
}

static void reused_fd_number_is_watched_again(void **state)
{
	int p[2];

	(void)state;
	make_pipe(p);
	struct waiter r = { .fd = p[0], .events = EPOLLIN, .timeout_ns = KILN_MSEC(30) };
	struct fiber_spec specs[] = { { wait_then_read, &r, 0 }, { close_and_reopen, p, 0 } };

	run_fibers(specs, 2);
	assert_int_equal(r.rc, -ETIMEDOUT);
	/* The new pipe has the old number: a wait on it must see its data, not hang. */
	struct poke w = { .fd = p[1], .after_ns = KILN_MSEC(5), .text = "new" };
	struct waiter again = { .fd = p[0], .events = EPOLLIN, .timeout_ns = KILN_SEC(2) };
	struct fiber_spec second[] = { { wait_then_read, &again, 0 }, { poke_after_sleep, &w, 0 } };

	run_fibers(second, 2);
	assert_int_equal(again.rc, 0);
	assert_string_equal(again.buf, "new");
	close_pair(p);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(reader_blocks_until_writer_writes),
		cmocka_unit_test(ready_fd_returns_at_once),
		cmocka_unit_test(wait_times_out_then_works_again),
		cmocka_unit_test(reader_and_writer_on_one_fd),
		cmocka_unit_test(several_readers_all_wake),
		cmocka_unit_test(invalid_waits_fail),
		cmocka_unit_test(failed_wait_leaves_no_trace),
		cmocka_unit_test(hangup_wakes_the_reader),
		cmocka_unit_test(closed_reader_wakes_the_writer),
		cmocka_unit_test(waits_for_io_from_outside),
		cmocka_unit_test(fd_table_grows_under_waiters),
		cmocka_unit_test(reused_fd_number_is_watched_again),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

/* sandbox.c: bubblewrap around a build: the bwrap command line, limits in the child, timeout and log cap in the parent. */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <poll.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "sandbox.h"

#define KILL_GRACE_MS 2000
#define CAP_MARKER "\n[kiln: log truncated here: the build printed more than the log cap]\n"

/* The bwrap options up to the folders bound into the sandbox. No capabilities: run by root, bwrap
 * would otherwise keep them all, and the build could remount "/" read-write. */
#define BWRAP_ARGS "bwrap", "--cap-drop", "ALL", "--unshare-net", "--unshare-pid", "--unshare-ipc", "--unshare-uts", \
	"--die-with-parent", "--new-session", "--ro-bind", "/", "/", "--tmpfs", "/tmp", "--proc", "/proc", \
	"--dev", "/dev"
/* What follows them: --ro-bind TOOLS TOOLS --bind DIR DIR --chdir DIR -- */
#define BIND_ARGS 9

/* State of one run as the parent follows it. */
struct run {
	pid_t pid;
	int out_fd, log_fd;
	size_t logged;
	int status;
	bool reaped;
	struct sandbox_result *res;
};

static long long now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static void set_limit(int resource, rlim_t value)
{
	struct rlimit rl = { value, value };

	if (value)
		setrlimit(resource, &rl);
}

/* The bwrap command line around argv, or NULL when out of memory; the caller frees the array only. */
static char **bwrap_argv(const char *dir, const char *tools, char *const argv[])
{
	const char *prefix[] = { BWRAP_ARGS };
	size_t n = sizeof(prefix) / sizeof(prefix[0]), argc = 0;
	char **args;

	while (argv[argc])
		argc++;
	args = calloc(n + BIND_ARGS + argc + 1, sizeof(*args));
	if (!args)
		return NULL;
	memcpy(args, prefix, sizeof(prefix));
	if (tools) {
		args[n++] = "--ro-bind";
		args[n++] = (char *)tools;
		args[n++] = (char *)tools;
	}
	args[n++] = "--bind";
	args[n++] = (char *)dir;
	args[n++] = (char *)dir;
	args[n++] = "--chdir";
	args[n++] = (char *)dir;
	args[n++] = "--";
	memcpy(args + n, argv, argc * sizeof(*args));
	return args;
}

/* In the child (async-signal-safe calls only, as the caller may have threads): its own process
 * group, the limits, output to out_fd, then bwrap. Never returns. */
static void child(char *const args[], const struct sandbox_limits *lim, int out_fd)
{
	static const char msg[] = "kiln sandbox: cannot run bwrap (is bubblewrap installed?)\n";
	int null_fd = open("/dev/null", O_RDONLY);

	setpgid(0, 0);
	if (null_fd < 0 || dup2(null_fd, STDIN_FILENO) < 0 || dup2(out_fd, STDOUT_FILENO) < 0 ||
	    dup2(out_fd, STDERR_FILENO) < 0)
		_exit(127);
	set_limit(RLIMIT_CPU, lim->cpu_s);
	set_limit(RLIMIT_AS, lim->as_bytes);
	set_limit(RLIMIT_NPROC, lim->nproc);
	set_limit(RLIMIT_FSIZE, lim->fsize_bytes);
	execvp(args[0], args);
	if (write(STDERR_FILENO, msg, sizeof(msg) - 1) < 0)
		_exit(127);
	_exit(127);
}

/* Appends what the build printed to the log, up to the cap, then the marker once. */
static void log_output(struct run *r, const char *buf, size_t len, size_t cap)
{
	size_t keep = r->logged < cap ? cap - r->logged : 0;

	if (keep > len)
		keep = len;
	if (keep && write(r->log_fd, buf, keep) < 0)
		return;
	r->logged += keep;
	if (keep < len && !r->res->log_capped) {
		r->res->log_capped = true;
		if (write(r->log_fd, CAP_MARKER, strlen(CAP_MARKER)) < 0)
			return;
	}
}

/* Reads the output for up to timeout_ms; closes out_fd at end of file. */
static void pump(struct run *r, int timeout_ms, size_t cap)
{
	struct pollfd pfd = { r->out_fd, POLLIN, 0 };
	char buf[8192];
	ssize_t n;

	if (r->out_fd < 0) {
		poll(NULL, 0, timeout_ms);
		return;
	}
	if (poll(&pfd, 1, timeout_ms) <= 0)
		return;
	n = read(r->out_fd, buf, sizeof(buf));
	if (n > 0) {
		log_output(r, buf, (size_t)n, cap);
	} else if (n == 0 || errno != EINTR) {
		close(r->out_fd);
		r->out_fd = -1;
	}
}

static void reap(struct run *r)
{
	int status;

	if (r->reaped || waitpid(r->pid, &status, WNOHANG) != r->pid)
		return;
	r->reaped = true;
	r->status = WIFSIGNALED(status) ? 128 + WTERMSIG(status) : WEXITSTATUS(status);
}

/* Follows the run until the child is reaped and its output closed, killing its group at the deadlines. */
static void follow(struct run *r, const struct sandbox_limits *lim)
{
	long long term_at = LLONG_MAX - KILL_GRACE_MS, kill_at;
	bool termed = false, killed = false;

	if (lim->timeout_s)
		term_at = now_ms() + (long long)lim->timeout_s * 1000;
	kill_at = term_at + KILL_GRACE_MS;
	while (!r->reaped || r->out_fd >= 0) {
		pump(r, 100, lim->log_cap);
		reap(r);
		if (!termed && now_ms() >= term_at) {
			termed = r->res->timed_out = true;
			killpg(r->pid, SIGTERM);
		}
		if (termed && !killed && now_ms() >= kill_at) {
			killed = true;
			killpg(r->pid, SIGKILL);
		}
	}
}

int sandbox_run(const char *dir, const char *tools, char *const argv[], const struct sandbox_limits *lim,
		int log_fd, struct sandbox_result *res)
{
	struct run r = { .res = res, .log_fd = log_fd };
	char **args = bwrap_argv(dir, tools, argv);
	int fds[2], rc = 0;

	memset(res, 0, sizeof(*res));
	if (!args)
		return -ENOMEM;
	if (pipe2(fds, O_CLOEXEC) < 0) {
		rc = -errno;
		goto cleanup;
	}
	r.pid = fork();
	if (r.pid == 0)
		child(args, lim, fds[1]);
	if (r.pid < 0) {
		rc = -errno;
		close(fds[0]);
		close(fds[1]);
		goto cleanup;
	}
	close(fds[1]);
	r.out_fd = fds[0];
	setpgid(r.pid, r.pid);
	follow(&r, lim);
	res->status = r.status;
cleanup:
	free(args);
	return rc;
}

/* backend_unix.c: the unix deploy backend: a unix build's binary as a supervised process in its run folder. */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "deploy_dir.h"

/*
 * Each deployment is two processes. The shim, forked from the service, starts a new session, so that
 * nothing aimed at the service reaches it, and forks the unikernel into its own process group, in the
 * run folder, with stdin from /dev/null and stdout and stderr into a pipe. The shim copies that pipe
 * into the log (rotating it at DEPLOY_LOG_CAP), then records how the unikernel ended in the run
 * folder's exit-status file. Neither needs the service: the log keeps growing and the exit status is
 * kept while it is down, and after its restart both processes are found again by pid and start time.
 * The shim does not exec, so after fork it makes only async-signal-safe calls.
 */
#define DEPLOY_LOG_CAP (8 * 1024 * 1024)
#define STATUS_FILE "exit-status"

/* What the shim tells the service: the unikernel's pid, or why it could not start it. */
struct shim_report {
	pid_t pid;
	int err;
};

/* The paths and arguments the shim needs, made before fork (it cannot allocate). */
struct shim_args {
	char run[4096], log[4096], log_old[4100], status[4096], status_tmp[4100], exe[4096];
	char **argv;
};

static bool unix_available(char *reason, size_t n)
{
	if (n)
		reason[0] = '\0';
	return true;
}

/* Writes all of BUF to FD, as far as it goes (async-signal-safe). */
static void write_all(int fd, const char *buf, size_t len)
{
	while (len) {
		ssize_t w = write(fd, buf, len);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			return;
		buf += w;
		len -= (size_t)w;
	}
}

/* Writes "WORD N\n" into the status file, through a temporary name (async-signal-safe). */
static void shim_record(const struct shim_args *a, const char *word, int value)
{
	char text[32], digits[12];
	size_t len = strlen(word), nd = 0;
	unsigned v = (unsigned)value;
	int fd;

	memcpy(text, word, len);
	text[len++] = ' ';
	do {
		digits[nd++] = (char)('0' + v % 10);
		v /= 10;
	} while (v);
	while (nd)
		text[len++] = digits[--nd];
	text[len++] = '\n';
	fd = open(a->status_tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	if (fd < 0)
		return;
	write_all(fd, text, len);
	close(fd);
	rename(a->status_tmp, a->status);
}

/* In the unikernel's process, after fork (async-signal-safe): stdin is the shim's /dev/null. Never returns. */
static void shim_exec(const struct shim_args *a, int out, int report)
{
	struct sigaction dfl = { .sa_handler = SIG_DFL };
	sigset_t none;
	int err;

	setpgid(0, 0);
	if (dup2(out, 1) < 0 || dup2(out, 2) < 0 || chdir(a->run) < 0)
		goto fail;
	for (int sig = 1; sig < NSIG; sig++)
		sigaction(sig, &dfl, NULL);
	sigemptyset(&none);
	sigprocmask(SIG_SETMASK, &none, NULL);
	execv(a->exe, a->argv);
fail:
	err = errno;
	write_all(report, (const char *)&err, sizeof(err));
	_exit(127);
}

/* Copies the unikernel's output from OUT into the log until it closes, rotating at the cap. */
static void shim_copy(const struct shim_args *a, int out, int logfd)
{
	char buf[16384];
	struct stat st;
	off_t size = fstat(logfd, &st) == 0 ? st.st_size : 0;
	ssize_t got;

	while ((got = read(out, buf, sizeof(buf))) != 0) {
		if (got < 0) {
			if (errno == EINTR)
				continue;
			return;
		}
		if (size + got > DEPLOY_LOG_CAP && size > 0) {
			int fresh;
			rename(a->log, a->log_old);
			fresh = open(a->log, O_WRONLY | O_CREAT | O_APPEND | O_TRUNC | O_CLOEXEC, 0644);
			if (fresh >= 0) {
				dup3(fresh, logfd, O_CLOEXEC);
				close(fresh);
			}
			size = 0;
		}
		write_all(logfd, buf, (size_t)got);
		size += got;
	}
}

/* The shim, after fork from the service (async-signal-safe calls only): never returns. */
static void shim_main(const struct shim_args *a, int report_fd)
{
	struct shim_report rep = { 0, 0 };
	int pipe_fds[2], logfd, status;
	sigset_t all;
	pid_t pid;

	setsid();
	sigfillset(&all);
	sigprocmask(SIG_SETMASK, &all, NULL);
	/* Keep only the report pipe (fd 3) and the log (fd 4), with /dev/null as 0, 1 and 2: the service's
	 * sockets, files and terminal must not stay open in a process that outlives it. */
	logfd = open(a->log, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
	if (logfd < 0)
		goto fail;
	report_fd = fcntl(report_fd, F_DUPFD_CLOEXEC, 100);
	logfd = fcntl(logfd, F_DUPFD_CLOEXEC, 101);
	if (report_fd < 0 || logfd < 0 || dup3(report_fd, 3, O_CLOEXEC) < 0 || dup3(logfd, 4, O_CLOEXEC) < 0)
		goto fail;
	report_fd = 3;
	logfd = 4;
	close_range(5, ~0U, 0);
	if (open("/dev/null", O_RDWR | O_CLOEXEC) != 5 || dup2(5, 0) < 0 || dup2(5, 1) < 0 || dup2(5, 2) < 0)
		goto fail;
	close(5);
	if (pipe2(pipe_fds, O_CLOEXEC) < 0)
		goto fail;
	pid = fork();
	if (pid < 0)
		goto fail;
	if (pid == 0)
		shim_exec(a, pipe_fds[1], report_fd);
	close(pipe_fds[1]);
	setpgid(pid, pid); /* as the child does: the group exists before the service can signal it */
	rep.pid = pid;
	write_all(report_fd, (const char *)&rep, sizeof(rep));
	close(report_fd);
	shim_copy(a, pipe_fds[0], logfd);
	while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
		;
	if (WIFSIGNALED(status))
		shim_record(a, "signal", WTERMSIG(status));
	else
		shim_record(a, "exit", WEXITSTATUS(status));
	_exit(0);
fail:
	rep.err = errno;
	write_all(report_fd, (const char *)&rep, sizeof(rep));
	_exit(127);
}

/* Reads /proc/<pid>/stat: *start (field 22) and *state (field 3). Returns 0, or -ESRCH when there is no such process. */
static int proc_stat(long pid, unsigned long long *start, char *state)
{
	char path[64], buf[1024];
	const char *p;
	ssize_t len;
	int fd;

	snprintf(path, sizeof(path), "/proc/%ld/stat", pid);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -ESRCH;
	len = read(fd, buf, sizeof(buf) - 1);
	close(fd);
	if (len <= 0)
		return -ESRCH;
	buf[len] = '\0';
	p = strrchr(buf, ')'); /* the command name may hold spaces and parentheses */
	if (!p || sscanf(p + 1, " %c %*d %*d %*d %*d %*d %*u %*u %*u %*u %*u %*u %*u %*d %*d %*d %*d %*d %*d %llu",
			 state, start) != 2)
		return -ESRCH;
	return 0;
}

/* Whether PID is a live (not zombie) process that started at START. */
static bool proc_alive(long pid, unsigned long long start)
{
	unsigned long long now_start;
	char state;

	return pid > 0 && proc_stat(pid, &now_start, &state) == 0 && now_start == start && state != 'Z';
}

/* Frees what shim_args_make allocated. */
static void shim_args_free(struct shim_args *a)
{
	if (a->argv) {
		for (char **p = a->argv + 1; *p; p++)
			free(*p);
	}
	free(a->argv);
}

/* Fills *a for SPEC: paths, and argv as the unikernel's name then --key=value for each key. */
static int shim_args_make(const struct deploy_spec *spec, struct shim_args *a)
{
	int rc = deploy_dir_path(spec, a->run, sizeof(a->run));

	if (rc == 0)
		rc = deploy_log_path(spec, a->log, sizeof(a->log));
	if (rc == 0)
		rc = deploy_dir_file(spec, STATUS_FILE, a->status, sizeof(a->status));
	if (rc < 0)
		return rc;
	snprintf(a->log_old, sizeof(a->log_old), "%s.1", a->log);
	snprintf(a->status_tmp, sizeof(a->status_tmp), "%s.tmp", a->status);
	if (snprintf(a->exe, sizeof(a->exe), "./%s", spec->name) >= (int)sizeof(a->exe))
		return -ENAMETOOLONG;
	a->argv = calloc(spec->nkeys + 2, sizeof(*a->argv));
	if (!a->argv)
		return -ENOMEM;
	a->argv[0] = (char *)spec->name;
	for (size_t i = 0; i < spec->nkeys; i++) {
		if (asprintf(&a->argv[i + 1], "--%s=%s", spec->keys[i].name, spec->keys[i].value) < 0) {
			a->argv[i + 1] = NULL;
			return -ENOMEM;
		}
	}
	return 0;
}

/* Reads exactly LEN bytes from FD; returns how many it got before EOF, or -errno. */
static ssize_t read_full(int fd, void *buf, size_t len)
{
	size_t got = 0;

	while (got < len) {
		ssize_t r = read(fd, (char *)buf + got, len - got);
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0)
			return -errno;
		if (r == 0)
			break;
		got += (size_t)r;
	}
	return (ssize_t)got;
}

/* Forks the shim and waits for its report (the unikernel's pid, then EOF at its exec or its exec's errno). */
static int launch(const struct shim_args *a, struct deploy_handle *h, char *err, size_t n)
{
	struct shim_report rep;
	int report[2], exec_err, status;
	char state;
	pid_t shim;
	ssize_t got;

	if (pipe2(report, O_CLOEXEC) < 0)
		return -errno;
	shim = fork();
	if (shim < 0) {
		close(report[0]);
		close(report[1]);
		return -errno;
	}
	if (shim == 0)
		shim_main(a, report[1]);
	close(report[1]);
	got = read_full(report[0], &rep, sizeof(rep));
	if (got == (ssize_t)sizeof(rep) && rep.err == 0) {
		got = read_full(report[0], &exec_err, sizeof(exec_err));
		if (got == (ssize_t)sizeof(exec_err))
			rep.err = exec_err;
	} else if (got >= 0) {
		rep.err = got == (ssize_t)sizeof(rep) ? rep.err : EIO;
	}
	close(report[0]);
	if (got < 0 || rep.err) {
		snprintf(err, n, "cannot start %s in %s: %s", a->exe + 2, a->run, strerror(got < 0 ? (int)-got : rep.err));
		if (rep.err) /* the shim ends at once: it failed, or its unikernel's exec did */
			while (waitpid(shim, &status, 0) < 0 && errno == EINTR)
				;
		return got < 0 ? (int)got : -rep.err;
	}
	h->shim = shim;
	h->pid = rep.pid;
	/* A unikernel that already ended has no start time left; poll then finds its status file. */
	if (proc_stat(shim, &h->shim_start, &state) < 0)
		h->shim_start = 0;
	if (proc_stat(rep.pid, &h->pid_start, &state) < 0)
		h->pid_start = 0;
	return 0;
}

static int unix_start(const struct deploy_spec *spec, struct deploy_handle *h, char *err, size_t n)
{
	struct shim_args a = { 0 };
	int rc = deploy_dir_prepare(spec, err, n);

	if (rc < 0)
		return rc;
	rc = shim_args_make(spec, &a);
	if (rc < 0) {
		snprintf(err, n, "cannot prepare the command line: %s", strerror(-rc));
		goto cleanup;
	}
	unlink(a.status);
	rc = launch(&a, h, err, n);
cleanup:
	shim_args_free(&a);
	return rc;
}

static int unix_stop(const struct deploy_spec *spec, const struct deploy_handle *h, bool force, char *err, size_t n)
{
	(void)spec;
	if (!proc_alive(h->pid, h->pid_start))
		return 0; /* already gone (its pid may belong to another process by now) */
	if (kill((pid_t)-h->pid, force ? SIGKILL : SIGTERM) < 0 && errno != ESRCH) {
		snprintf(err, n, "cannot signal process group %ld: %s", h->pid, strerror(errno));
		return -errno;
	}
	return 0;
}

/* Reads the status file into *st; without one, the exit status cannot be known. */
static void read_status(const struct deploy_spec *spec, struct deploy_status *st)
{
	char path[4096], word[16] = "";
	int value = 0;
	FILE *f = NULL;

	st->running = false;
	st->exit_code = -1;
	if (deploy_dir_file(spec, STATUS_FILE, path, sizeof(path)) == 0)
		f = fopen(path, "re");
	if (f && fscanf(f, "%15s %d", word, &value) == 2 && strcmp(word, "exit") == 0) {
		st->exit_code = value;
		snprintf(st->reason, sizeof(st->reason), "exited with status %d", value);
	} else if (f && strcmp(word, "signal") == 0) {
		st->exit_code = 128 + value;
		snprintf(st->reason, sizeof(st->reason), "killed by signal %d (%s)", value, strsignal(value));
	} else {
		snprintf(st->reason, sizeof(st->reason),
			 "its supervising process ended without recording an exit status (killed, or the host restarted)");
	}
	if (f)
		fclose(f);
}

static int unix_poll(const struct deploy_spec *spec, struct deploy_handle *h, struct deploy_status *st, char *err,
		     size_t n)
{
	int status;
	pid_t r = waitpid((pid_t)h->shim, &status, WNOHANG);

	(void)err, (void)n;
	st->reason[0] = '\0';
	st->exit_code = -1;
	if (r == 0 || (r < 0 && proc_alive(h->shim, h->shim_start))) {
		st->running = true; /* our child still running, or (after a restart of the service) the same shim */
		return 0;
	}
	read_status(spec, st);
	return 0;
}

static int unix_console_path(const struct deploy_spec *spec, char *path, size_t n)
{
	return deploy_log_path(spec, path, n);
}

static int unix_destroy(const struct deploy_spec *spec, const struct deploy_handle *h, char *err, size_t n)
{
	int rc = h->pid ? unix_stop(spec, h, true, err, n) : 0;

	if (rc == 0)
		rc = deploy_dir_remove(spec);
	if (rc < 0 && !err[0])
		snprintf(err, n, "cannot remove the deployment's folder: %s", strerror(-rc));
	return rc;
}

const struct kiln_deploy_backend deploy_backend_unix = {
	.name = "unix",
	.available = unix_available,
	.start = unix_start,
	.stop = unix_stop,
	.poll = unix_poll,
	.reattach = unix_poll, /* poll checks the shim by pid and start time whenever it is not our child */
	.console_path = unix_console_path,
	.destroy = unix_destroy,
};

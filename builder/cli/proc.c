/* proc.c: fork/exec helpers that report a child's exit status as a small integer. */
#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "proc.h"

/* In the child: exec argv, or report errno on err_fd and exit. stderr goes to /dev/null when quiet. */
static void child_exec(char *const argv[], char *const env[], int out_fd, bool quiet, int err_fd)
{
	int err, null_fd;

	if (out_fd >= 0 && dup2(out_fd, STDOUT_FILENO) < 0)
		goto fail;
	if (quiet) {
		null_fd = open("/dev/null", O_WRONLY | O_CLOEXEC);
		if (null_fd < 0 || dup2(null_fd, STDERR_FILENO) < 0)
			goto fail;
	}
	for (; env && *env; env++)
		putenv(*env);
	execvp(argv[0], argv);
fail:
	err = errno;
	if (write(err_fd, &err, sizeof(err)) < 0)
		_exit(126);
	_exit(127);
}

static int wait_status(pid_t pid)
{
	int status;

	while (waitpid(pid, &status, 0) < 0) {
		if (errno != EINTR)
			return -errno;
	}
	if (WIFSIGNALED(status))
		return 128 + WTERMSIG(status);
	return WEXITSTATUS(status);
}

/* Starts argv and returns its pid, or -errno; the child's stdout goes to out_fd when >= 0, its stderr
 * to /dev/null when quiet. */
static pid_t spawn(char *const argv[], char *const env[], int out_fd, bool quiet)
{
	pid_t pid;
	int fds[2], err = 0;

	/* A close-on-exec pipe tells the parent whether exec itself failed. */
	if (pipe2(fds, O_CLOEXEC) < 0)
		return -errno;
	pid = fork();
	if (pid < 0) {
		close(fds[0]);
		close(fds[1]);
		return -errno;
	}
	if (pid == 0) {
		close(fds[0]);
		child_exec(argv, env, out_fd, quiet, fds[1]);
	}
	close(fds[1]);
	if (read(fds[0], &err, sizeof(err)) == (ssize_t)sizeof(err)) {
		close(fds[0]);
		wait_status(pid);
		return -err;
	}
	close(fds[0]);
	return pid;
}

int proc_run(char *const argv[], char *const env[])
{
	pid_t pid = spawn(argv, env, -1, false);

	return pid < 0 ? (int)pid : wait_status(pid);
}

static int capture(char *const argv[], char *const env[], bool quiet, char **out)
{
	char *buf = NULL;
	size_t len = 0, cap = 0;
	int fds[2], rc;
	pid_t pid;

	*out = NULL;
	if (pipe2(fds, O_CLOEXEC) < 0)
		return -errno;
	pid = spawn(argv, env, fds[1], quiet);
	close(fds[1]);
	if (pid < 0) {
		close(fds[0]);
		return (int)pid;
	}
	for (;;) {
		if (len + 1 >= cap) {
			char *grown = realloc(buf, cap ? cap * 2 : 1024);
			if (!grown)
				break;
			buf = grown;
			cap = cap ? cap * 2 : 1024;
		}
		ssize_t n = read(fds[0], buf + len, cap - len - 1);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
		len += (size_t)n;
	}
	close(fds[0]);
	rc = wait_status(pid);
	if (!buf) {
		buf = strdup("");
		if (!buf)
			return -ENOMEM;
	}
	while (len > 0 && buf[len - 1] == '\n')
		len--;
	buf[len] = '\0';
	*out = buf;
	return rc;
}

int proc_capture(char *const argv[], char *const env[], char **out)
{
	return capture(argv, env, false, out);
}

int proc_capture_quiet(char *const argv[], char *const env[], char **out)
{
	return capture(argv, env, true, out);
}

int proc_exec(char *const argv[])
{
	execvp(argv[0], argv);
	return -errno;
}

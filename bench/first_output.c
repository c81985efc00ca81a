/* first_output.c: measures how long a program takes from exec to its first byte on stdout (median of N runs). */
#define _GNU_SOURCE
#include <errno.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static uint64_t now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000ull + (uint64_t)ts.tv_nsec;
}

/* One run: the nanoseconds from fork to the first byte read; the child is killed then. Returns 0 or -errno. */
static int first_byte_ns(char **argv, uint64_t *out)
{
	int fds[2];
	char c;
	uint64_t t0;
	pid_t pid;
	ssize_t n;

	if (pipe(fds) < 0)
		return -errno;
	t0 = now_ns();
	pid = fork();
	if (pid < 0)
		return -errno;
	if (pid == 0) {
		dup2(fds[1], STDOUT_FILENO);
		close(fds[0]);
		close(fds[1]);
		execv(argv[0], argv);
		_exit(127);
	}
	close(fds[1]);
	n = read(fds[0], &c, 1);
	*out = now_ns() - t0;
	close(fds[0]);
	kill(pid, SIGKILL);
	waitpid(pid, NULL, 0);
	return n == 1 ? 0 : -EIO;
}

static int cmp_u64(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;

	return x < y ? -1 : x > y;
}

int main(int argc, char **argv)
{
	int runs;
	uint64_t *t;

	if (argc < 3) {
		fprintf(stderr, "usage: first_output RUNS PROGRAM [ARGS]...\n");
		return 2;
	}
	runs = atoi(argv[1]);
	if (runs < 1 || runs > 100000) {
		fprintf(stderr, "first_output: RUNS must be 1..100000\n");
		return 2;
	}
	t = calloc((size_t)runs, sizeof(*t));
	if (!t)
		return 1;
	for (int i = 0; i < runs; i++) {
		int rc = first_byte_ns(argv + 2, &t[i]);
		if (rc < 0) {
			fprintf(stderr, "first_output: %s printed nothing: %s\n", argv[2], strerror(-rc));
			free(t);
			return 1;
		}
	}
	qsort(t, (size_t)runs, sizeof(*t), cmp_u64);
	printf("%llu\n", (unsigned long long)t[runs / 2]);
	free(t);
	return 0;
}

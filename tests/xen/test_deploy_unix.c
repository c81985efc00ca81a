/* test_deploy_unix.c: the unix deploy backend under its supervisor, with real unikernels (hello, tests/xen/sleeper). */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <cmocka.h>

#include "../../xen/deploy_dir.h"
#include "../../xen/deploy_supervisor.h"

/* A guard against a test hanging, never an assertion on time. */
#define GIVE_UP_MS 60000

static char scratch[] = "/tmp/kiln-deploy-unix-XXXXXX";
static char home[256], hello_bin[256], sleeper_bin[256], stubborn_bin[256], chatty_bin[256];
static long next_id = 1;

/* Builds the unikernel in SRC (relative to KILN_SRC) in scratch/NAME with $KILN, into BIN. */
static int build(const char *src, const char *name, char *bin, size_t n)
{
	const char *kiln = getenv("KILN"), *tree = getenv("KILN_SRC");
	char cmd[2048];

	if (!kiln || !tree) {
		fprintf(stderr, "KILN or KILN_SRC is unset: run through tests/run-suite\n");
		return -1;
	}
	snprintf(cmd, sizeof(cmd), "cp -R %s/%s %s/%s && cd %s/%s && %s configure -t unix >/dev/null && make -s >/dev/null 2>&1",
		 tree, src, scratch, name, scratch, name, kiln);
	snprintf(bin, n, "%s/%s/%s", scratch, name, name);
	return system(cmd) == 0 ? 0 : -1;
}

/* Writes the shell script TEXT as the executable scratch/NAME, its path into BIN. */
static int write_script(const char *name, const char *text, char *bin, size_t n)
{
	FILE *f;

	snprintf(bin, n, "%s/%s", scratch, name);
	f = fopen(bin, "w");
	if (!f)
		return -1;
	fputs(text, f);
	fclose(f);
	return chmod(bin, 0755);
}

static int setup(void **state)
{
	(void)state;
	if (!mkdtemp(scratch))
		return -1;
	snprintf(home, sizeof(home), "%s/home", scratch);
	if (build("examples/hello", "hello", hello_bin, sizeof(hello_bin)) < 0 ||
	    build("tests/xen/sleeper", "sleeper", sleeper_bin, sizeof(sleeper_bin)) < 0)
		return -1;
	/* stubborn ignores SIGTERM, so that only the forced stop ends it; chatty prints 9 MiB, over the log's cap */
	if (write_script("stubborn", "#!/bin/sh\ntrap '' TERM\necho stubborn up\nwhile :; do sleep 0.1; done\n",
			 stubborn_bin, sizeof(stubborn_bin)) < 0)
		return -1;
	return write_script("chatty", "#!/bin/sh\nyes 0123456789abcdef | head -c 9437184\n", chatty_bin,
			    sizeof(chatty_bin));
}

static int teardown(void **state)
{
	char cmd[128];

	(void)state;
	snprintf(cmd, sizeof(cmd), "rm -rf %s", scratch);
	return system(cmd) == 0 ? 0 : -1;
}

/* A new unit running IMAGE (named NAME) with KEYS, asked to start. */
static void unit_init(struct deploy_unit *u, const char *name, const char *image, const struct deploy_key *keys,
		      size_t nkeys, bool restart)
{
	memset(u, 0, sizeof(*u));
	u->spec = (struct deploy_spec){ .id = next_id++, .home = home, .name = name, .image = image, .keys = keys,
					.nkeys = nkeys };
	u->backend = &deploy_backend_unix;
	u->want_running = true;
	u->restart = restart;
	u->generation = 1;
	u->exit_code = -1;
}

static void sleep_ms(long ms)
{
	struct timespec ts = { ms / 1000, (ms % 1000) * 1000000 };

	nanosleep(&ts, NULL);
}

/* Supervises U every 10 ms until DONE(u) holds; fails the test when it ended otherwise, or after GIVE_UP_MS. */
static void supervise_until(struct deploy_unit *u, bool (*done)(const struct deploy_unit *))
{
	long long give_up = deploy_now_ms() + GIVE_UP_MS;

	for (;;) {
		deploy_supervise(u, deploy_now_ms());
		if (done(u))
			return;
		if (!u->active && !u->retry_at_ms)
			fail_msg("deployment %ld: %s (%s)", u->spec.id, deploy_state_name(u->state), u->reason);
		if (deploy_now_ms() > give_up)
			fail_msg("deployment %ld: still %s (%s) after %d ms", u->spec.id, deploy_state_name(u->state),
				 u->reason, GIVE_UP_MS);
		sleep_ms(10);
	}
}

static bool ended(const struct deploy_unit *u)
{
	return !u->active && !u->retry_at_ms;
}

/* The deployment's console log, read whole (the caller frees it). */
static char *read_log(const struct deploy_unit *u)
{
	char path[4096], *text;
	FILE *f;
	long size;

	assert_int_equal(deploy_log_path(&u->spec, path, sizeof(path)), 0);
	f = fopen(path, "r");
	if (!f)
		return strdup("");
	fseek(f, 0, SEEK_END);
	size = ftell(f);
	rewind(f);
	text = calloc(1, (size_t)size + 1);
	assert_non_null(text);
	assert_int_equal(fread(text, 1, (size_t)size, f), (size_t)size);
	fclose(f);
	return text;
}

static int count_lines(const char *text, const char *line)
{
	int n = 0;
	size_t len = strlen(line);

	for (const char *p = text; *p; p += strcspn(p, "\n") + (p[strcspn(p, "\n")] != 0)) {
		if (strncmp(p, line, len) == 0 && (p[len] == '\n' || p[len] == '\0'))
			n++;
	}
	return n;
}

/* hello runs in its folder, says Hello World! four times into its log, and exits 0. */
static void hello_runs_and_exits(void **state)
{
	struct deploy_unit u;
	char *log;

	(void)state;
	unit_init(&u, "hello", hello_bin, NULL, 0, false);
	assert_true(deploy_supervise(&u, deploy_now_ms()));
	assert_string_equal(deploy_state_name(u.state), "running");
	assert_true(u.h.pid > 0 && u.h.shim > 0 && u.h.pid_start > 0);
	assert_int_equal(getpgid((pid_t)u.h.pid), u.h.pid);	    /* its own process group */
	assert_int_equal(getsid((pid_t)u.h.shim), u.h.shim);	    /* the shim leads its own session */
	supervise_until(&u, ended);
	assert_string_equal(deploy_state_name(u.state), "exited");
	assert_int_equal(u.exit_code, 0);
	assert_string_equal(u.reason, "exited with status 0");
	log = read_log(&u);
	assert_string_equal(log, "Hello World!\nHello World!\nHello World!\nHello World!\n");
	free(log);
}

/* Boot keys reach the unikernel as --key=value, blanks and quotes included. */
static void keys_reach_the_unikernel(void **state)
{
	static const struct deploy_key keys[] = { { "hello", "Hi, it's \"me\"" } };
	struct deploy_unit u;
	char *log;

	(void)state;
	unit_init(&u, "hello", hello_bin, keys, 1, false);
	supervise_until(&u, ended);
	log = read_log(&u);
	assert_int_equal(count_lines(log, "Hi, it's \"me\""), 4);
	free(log);
}

/* An unknown key: the unikernel refuses it (status 2), and its complaint is in the log. */
static void bad_key_fails(void **state)
{
	static const struct deploy_key keys[] = { { "nope", "1" } };
	struct deploy_unit u;
	char *log;

	(void)state;
	unit_init(&u, "hello", hello_bin, keys, 1, false);
	supervise_until(&u, ended);
	assert_string_equal(deploy_state_name(u.state), "failed");
	assert_int_equal(u.exit_code, 2);
	log = read_log(&u);
	assert_non_null(strstr(log, "hello: unknown option '--nope'"));
	free(log);
}

static bool inactive(const struct deploy_unit *u)
{
	return !u->active;
}

static bool restarted_twice_and_failed(const struct deploy_unit *u)
{
	return u->restarts == 2 && !u->active;
}

/* A unikernel that fails at once, with restart on-failure: restarted after 500 ms, then 1000 ms. */
static void crash_loop_restarts_with_backoff(void **state)
{
	static const struct deploy_key keys[] = { { "fail", "true" } };
	struct deploy_unit u;
	char first[320];
	char *log;

	(void)state;
	assert_int_equal(deploy_backoff_ms(1), 500);
	assert_int_equal(deploy_backoff_ms(2), 1000);
	assert_int_equal(deploy_backoff_ms(3), 2000);
	assert_int_equal(deploy_backoff_ms(7), 30000);
	assert_int_equal(deploy_backoff_ms(100), 30000);
	unit_init(&u, "sleeper", sleeper_bin, keys, 1, true);
	supervise_until(&u, inactive);
	/* the first failure: a restart is due */
	assert_string_equal(deploy_state_name(u.state), "failed");
	assert_int_equal(u.exit_code, 1);
	snprintf(first, sizeof(first), "%s", u.reason);
	assert_string_equal(first, "exited with status 1; restarting in 500 ms (failure 1 in a row)");
	assert_true(u.retry_at_ms > 0);
	supervise_until(&u, restarted_twice_and_failed);
	assert_string_equal(u.reason, "exited with status 1; restarting in 2000 ms (failure 3 in a row)");
	log = read_log(&u);
	assert_int_equal(count_lines(log, "sleeper up"), 3);
	assert_int_equal(count_lines(log, "sleeper: the start function failed: Input/output error"), 3);
	free(log);
	/* a stop while it waits to restart cancels the restart */
	u.want_running = false;
	assert_true(deploy_supervise(&u, deploy_now_ms()));
	assert_string_equal(deploy_state_name(u.state), "stopped");
	assert_int_equal(u.retry_at_ms, 0);
}

/* Without restart on-failure, a failure stays a failure. */
static void failure_without_restart(void **state)
{
	static const struct deploy_key keys[] = { { "fail", "true" } };
	struct deploy_unit u;

	(void)state;
	unit_init(&u, "sleeper", sleeper_bin, keys, 1, false);
	supervise_until(&u, ended);
	assert_string_equal(deploy_state_name(u.state), "failed");
	assert_string_equal(u.reason, "exited with status 1");
	assert_int_equal(u.retry_at_ms, 0);
	assert_int_equal(u.restarts, 0);
}

static bool has_ticked(const struct deploy_unit *u)
{
	char *log = read_log(u);
	bool ticked = count_lines(log, "tick") > 0;

	free(log);
	return ticked;
}

/* A long-running unikernel stops on SIGTERM. */
static void stop_sends_sigterm(void **state)
{
	struct deploy_unit u;

	(void)state;
	unit_init(&u, "sleeper", sleeper_bin, NULL, 0, true);
	supervise_until(&u, has_ticked);
	assert_string_equal(deploy_state_name(u.state), "running");
	u.want_running = false;
	supervise_until(&u, ended);
	assert_string_equal(deploy_state_name(u.state), "stopped");
	assert_int_equal(u.exit_code, 128 + SIGTERM);
	assert_string_equal(u.reason, "stopped on request: killed by signal 15 (Terminated)");
	assert_false(u.kill_sent);
}

static bool says_stubborn_up(const struct deploy_unit *u)
{
	char *log = read_log(u);
	bool up = count_lines(log, "stubborn up") == 1;

	free(log);
	return up;
}

/* How many live (not zombie) processes are in process group PGID. */
static int group_members(long pgid)
{
	DIR *proc = opendir("/proc");
	struct dirent *e;
	int n = 0;

	assert_non_null(proc);
	while ((e = readdir(proc))) {
		char path[300], buf[1024], state;
		long pgrp;
		FILE *f;

		if (e->d_name[0] < '1' || e->d_name[0] > '9')
			continue;
		snprintf(path, sizeof(path), "/proc/%s/stat", e->d_name);
		f = fopen(path, "r");
		if (!f)
			continue;
		if (fgets(buf, sizeof(buf), f) && strrchr(buf, ')') &&
		    sscanf(strrchr(buf, ')') + 1, " %c %*d %ld", &state, &pgrp) == 2 && pgrp == pgid && state != 'Z')
			n++;
		fclose(f);
	}
	closedir(proc);
	return n;
}

/* One that ignores SIGTERM gets SIGKILL after the grace period, and so does its whole process group. */
static void stop_escalates_to_sigkill(void **state)
{
	struct deploy_unit u;

	(void)state;
	unit_init(&u, "stubborn", stubborn_bin, NULL, 0, false);
	supervise_until(&u, says_stubborn_up);
	u.want_running = false;
	supervise_until(&u, ended);
	assert_true(u.state == DEPLOY_STOPPED);
	assert_string_equal(u.reason, "stopped on request: killed by signal 9 (Killed)");
	assert_int_equal(group_members(u.h.pid), 0); /* nothing of its group is left (the sleep in it either) */
}

static bool says_up_twice(const struct deploy_unit *u)
{
	char *log = read_log(u);
	bool twice = count_lines(log, "sleeper up") == 2;

	free(log);
	return twice;
}

/* A restart asked while it runs: stopped, then started again with a new pid. */
static void restart_while_running(void **state)
{
	struct deploy_unit u;
	long first;

	(void)state;
	unit_init(&u, "sleeper", sleeper_bin, NULL, 0, false);
	supervise_until(&u, has_ticked);
	first = u.h.pid;
	u.generation++;
	supervise_until(&u, has_ticked);
	for (long long give_up = deploy_now_ms() + GIVE_UP_MS; u.h.pid == first && deploy_now_ms() < give_up; sleep_ms(10))
		deploy_supervise(&u, deploy_now_ms());
	assert_true(u.h.pid != first && u.active);
	assert_string_equal(deploy_state_name(u.state), "running");
	supervise_until(&u, says_up_twice);
	u.want_running = false;
	supervise_until(&u, ended);
}

/* Starts SPEC from a child process that then exits, as the service does when killed: the shim and
 * the unikernel are no children of this process. Returns the handle the child got. */
static struct deploy_handle start_orphan(const struct deploy_spec *spec)
{
	struct deploy_handle h = { 0 };
	int fds[2], status;
	pid_t child;

	assert_int_equal(pipe(fds), 0);
	child = fork();
	assert_true(child >= 0);
	if (child == 0) {
		char err[256];
		int rc = deploy_backend_unix.start(spec, &h, err, sizeof(err));
		if (rc < 0)
			fprintf(stderr, "start: %s\n", err);
		_exit(write(fds[1], &h, sizeof(h)) == (ssize_t)sizeof(h) && rc == 0 ? 0 : 1);
	}
	close(fds[1]);
	assert_int_equal(read(fds[0], &h, sizeof(h)), sizeof(h));
	close(fds[0]);
	assert_int_equal(waitpid(child, &status, 0), child);
	assert_int_equal(status, 0);
	return h;
}

static size_t log_size(const struct deploy_unit *u)
{
	char *log = read_log(u);
	size_t n = strlen(log);

	free(log);
	return n;
}

/* After the supervisor's process died: a deployment still running is found again, its log still growing. */
static void reattach_running(void **state)
{
	struct deploy_unit u;
	size_t before;

	(void)state;
	unit_init(&u, "sleeper", sleeper_bin, NULL, 0, false);
	u.h = start_orphan(&u.spec);
	u.active = u.reattaching = true;
	u.started_generation = u.generation;
	u.state = DEPLOY_RUNNING;
	deploy_supervise(&u, deploy_now_ms());
	assert_true(u.active);
	assert_string_equal(deploy_state_name(u.state), "running");
	supervise_until(&u, has_ticked);
	before = log_size(&u);
	for (long long give_up = deploy_now_ms() + GIVE_UP_MS; log_size(&u) == before && deploy_now_ms() < give_up;)
		sleep_ms(10);
	assert_true(log_size(&u) > before);
	/* it stops on request, and its status is known though it is no child of ours */
	u.want_running = false;
	supervise_until(&u, ended);
	assert_string_equal(deploy_state_name(u.state), "stopped");
	assert_int_equal(u.exit_code, 128 + SIGTERM);
}

/* One that ended while nobody supervised it: marked with its exit status, kept by its shim. */
static void reattach_ended(void **state)
{
	static const struct deploy_key keys[] = { { "fail", "true" } };
	struct deploy_unit u;
	char status_file[4096];
	struct stat st;

	(void)state;
	unit_init(&u, "sleeper", sleeper_bin, keys, 1, false);
	u.h = start_orphan(&u.spec);
	assert_int_equal(deploy_dir_file(&u.spec, "exit-status", status_file, sizeof(status_file)), 0);
	for (long long give_up = deploy_now_ms() + GIVE_UP_MS; stat(status_file, &st) < 0 && deploy_now_ms() < give_up;)
		sleep_ms(10);
	u.active = u.reattaching = true;
	u.started_generation = u.generation;
	u.state = DEPLOY_RUNNING;
	assert_true(deploy_supervise(&u, deploy_now_ms()));
	assert_false(u.active);
	assert_string_equal(deploy_state_name(u.state), "failed");
	assert_int_equal(u.exit_code, 1);
	assert_string_equal(u.reason, "exited with status 1");
}

/* A pid reused by another process is not taken for the deployment. */
static void reattach_ignores_reused_pid(void **state)
{
	struct deploy_unit u;

	(void)state;
	unit_init(&u, "sleeper", sleeper_bin, NULL, 0, false);
	u.h.pid = u.h.shim = getpid(); /* alive, but not started when the handle says */
	u.h.pid_start = u.h.shim_start = 1;
	u.active = u.reattaching = true;
	u.started_generation = u.generation;
	u.state = DEPLOY_RUNNING;
	assert_true(deploy_supervise(&u, deploy_now_ms()));
	assert_string_equal(deploy_state_name(u.state), "failed");
	assert_int_equal(u.exit_code, -1);
	assert_string_equal(u.reason, "its supervising process ended without recording an exit status "
				      "(killed, or the host restarted)");
}

/* What cannot start says why, in the state; a block file the build lacks is refused before. */
static void start_errors(void **state)
{
	static const struct deploy_file block = { "disks/disk.img", NULL, false };
	static const struct deploy_file escape = { "../disk.img", NULL, false };
	struct deploy_unit u;
	char missing[300], expected[600];

	(void)state;
	snprintf(missing, sizeof(missing), "%s/nonexistent", scratch);
	unit_init(&u, "nothing", missing, NULL, 0, true);
	deploy_supervise(&u, deploy_now_ms());
	assert_string_equal(deploy_state_name(u.state), "failed");
	assert_non_null(strstr(u.reason, "cannot place the image"));
	assert_non_null(strstr(u.reason, "No such file or directory"));
	assert_false(u.active);
	assert_int_equal(u.retry_at_ms, 0); /* not a crash: no restart */

	unit_init(&u, "hello", hello_bin, NULL, 0, false);
	u.spec.files = &block;
	u.spec.nfiles = 1;
	deploy_supervise(&u, deploy_now_ms());
	assert_string_equal(u.reason, "the block device file 'disks/disk.img' is not among the build's artifacts");
	u.spec.files = &escape;
	u.generation++;
	deploy_supervise(&u, deploy_now_ms());
	assert_string_equal(u.reason, "device path '../disk.img' leaves the deployment's folder");

	/* an executable that exec refuses: the shim's report says why */
	assert_int_equal(write_script("garbage", "not a program\n", missing, sizeof(missing)), 0);
	unit_init(&u, "garbage", missing, NULL, 0, true);
	deploy_supervise(&u, deploy_now_ms());
	assert_string_equal(deploy_state_name(u.state), "failed");
	snprintf(expected, sizeof(expected), "cannot start garbage in %s/deployments/%ld: Exec format error", home,
		 u.spec.id);
	assert_string_equal(u.reason, expected);
	assert_false(u.active);
}

/* Device files: a block file copied from its artifact (writable, not linked), an empty kv_ro folder. */
static void device_files(void **state)
{
	struct deploy_file files[] = { { "disk.img", NULL, false }, { "t", NULL, true } };
	struct deploy_unit u;
	char src[300], path[4096];
	struct stat st, img;
	FILE *f;

	(void)state;
	snprintf(src, sizeof(src), "%s/artifact-disk.img", scratch);
	f = fopen(src, "w");
	assert_non_null(f);
	fputs("sector zero", f);
	fclose(f);
	chmod(src, 0444);
	files[0].source = src;
	unit_init(&u, "hello", hello_bin, NULL, 0, false);
	u.spec.files = files;
	u.spec.nfiles = 2;
	supervise_until(&u, ended);
	assert_string_equal(deploy_state_name(u.state), "exited");
	assert_int_equal(deploy_dir_file(&u.spec, "disk.img", path, sizeof(path)), 0);
	assert_int_equal(stat(path, &st), 0);
	assert_int_equal(st.st_size, 11);
	assert_int_equal(st.st_mode & 0777, 0644);
	assert_int_equal(deploy_dir_file(&u.spec, "t", path, sizeof(path)), 0);
	assert_int_equal(stat(path, &st), 0);
	assert_true(S_ISDIR(st.st_mode));
	/* the executable image is linked, not copied */
	assert_int_equal(deploy_dir_file(&u.spec, "hello", path, sizeof(path)), 0);
	assert_int_equal(stat(path, &st), 0);
	assert_int_equal(stat(hello_bin, &img), 0);
	assert_int_equal(st.st_ino, img.st_ino);
	/* destroy removes the run folder */
	assert_int_equal(deploy_backend_unix.destroy(&u.spec, &u.h, path, sizeof(path)), 0);
	assert_int_equal(deploy_dir_path(&u.spec, path, sizeof(path)), 0);
	assert_int_equal(stat(path, &st), -1);
}

static long file_size(const char *path)
{
	struct stat st;

	return stat(path, &st) == 0 ? (long)st.st_size : -1;
}

/* Output over the cap (8 MiB): the log moves to LOG.1 and a new one starts; nothing is lost. */
static void log_rotates_at_the_cap(void **state)
{
	struct deploy_unit u;
	char log[4096], old[4200];
	long now_size, old_size;

	(void)state;
	unit_init(&u, "chatty", chatty_bin, NULL, 0, false);
	supervise_until(&u, ended);
	assert_string_equal(u.reason, "exited with status 0");
	assert_int_equal(deploy_log_path(&u.spec, log, sizeof(log)), 0);
	snprintf(old, sizeof(old), "%s.1", log);
	now_size = file_size(log);
	old_size = file_size(old);
	assert_true(old_size > 0 && old_size <= 8 * 1024 * 1024);
	assert_int_equal(old_size + now_size, 9437184);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(hello_runs_and_exits),
		cmocka_unit_test(keys_reach_the_unikernel),
		cmocka_unit_test(bad_key_fails),
		cmocka_unit_test(crash_loop_restarts_with_backoff),
		cmocka_unit_test(failure_without_restart),
		cmocka_unit_test(stop_sends_sigterm),
		cmocka_unit_test(stop_escalates_to_sigkill),
		cmocka_unit_test(restart_while_running),
		cmocka_unit_test(reattach_running),
		cmocka_unit_test(reattach_ended),
		cmocka_unit_test(reattach_ignores_reused_pid),
		cmocka_unit_test(start_errors),
		cmocka_unit_test(device_files),
		cmocka_unit_test(log_rotates_at_the_cap),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}

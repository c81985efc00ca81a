/* xen_deploy_probe.c: run in a Xen dom0 by test_xen_deploy.sh: the xen deploy backend under its supervisor, for real. */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "../../xen/deploy_supervisor.h"

#define GIVE_UP_MS 90000

static void sleep_ms(long ms)
{
	struct timespec ts = { ms / 1000, (ms % 1000) * 1000000 };

	nanosleep(&ts, NULL);
}

/* Supervises U every 100 ms while it is active and KEEP_MS has not passed (0: until it ends). */
static void supervise(struct deploy_unit *u, long long keep_ms)
{
	long long start = deploy_now_ms();

	do {
		deploy_supervise(u, deploy_now_ms());
		if (keep_ms && deploy_now_ms() - start >= keep_ms)
			return;
		sleep_ms(100);
	} while (u->active && deploy_now_ms() - start < GIVE_UP_MS);
}

static void report(const char *what, const struct deploy_unit *u)
{
	printf("KILN-DEPLOY %s state=%s exit=%d active=%d reason=%s\n", what, deploy_state_name(u->state),
	       u->exit_code, u->active, u->reason);
	fflush(stdout);
}

/* Prints the console log once it stops growing, a line per line (LAST: its last line only). */
static void print_console(const struct deploy_unit *u, bool last_only)
{
	char path[4096], line[1024] = "";
	struct stat st;
	long last = -1;
	FILE *f;

	u->backend->console_path(&u->spec, path, sizeof(path));
	for (int i = 0; i < 25; i++, sleep_ms(200)) {
		long size = stat(path, &st) == 0 ? (long)st.st_size : -1;
		if (size == last)
			break;
		last = size;
	}
	printf("KILN-DEPLOY console-path %s\n", path);
	f = fopen(path, "r");
	while (f && fgets(line, sizeof(line), f)) {
		if (!last_only)
			printf("KILN-DEPLOY console: %s", line);
	}
	if (last_only)
		printf("KILN-DEPLOY console's last line: %s", line);
	if (f)
		fclose(f);
	fflush(stdout);
}

static void unit_init(struct deploy_unit *u, long id, const char *name, const char *image, const char *xl,
		      const struct deploy_key *keys, size_t nkeys)
{
	memset(u, 0, sizeof(*u));
	u->spec = (struct deploy_spec){ .id = id, .home = "/tmp/kiln-home", .name = name, .image = image, .xl = xl,
					.keys = keys, .nkeys = nkeys };
	u->backend = &deploy_backend_xen;
	u->want_running = true;
	u->generation = 1;
	u->exit_code = -1;
}

int main(int argc, char **argv)
{
	static const struct deploy_key hello_keys[] = { { "hello", "Hi from libxl" } };
	static const struct deploy_key bad_keys[] = { { "no-such-key", "1" } };
	struct deploy_unit u, again;
	long first_domid;
	char reason[512];

	if (argc != 5) {
		fprintf(stderr, "Usage: xen_deploy_probe HELLO.XEN HELLO.XL SLEEPER.XEN SLEEPER.XL\n");
		return 2;
	}
	printf("KILN-DEPLOY available=%d reason=%s\n", deploy_backend_xen.available(reason, sizeof(reason)), reason);

	/* hello: runs, says its key's greeting four times, powers off: exited 0. */
	unit_init(&u, 7, "hello", argv[1], argv[2], hello_keys, 1);
	deploy_supervise(&u, deploy_now_ms());
	report("hello-started", &u);
	/* a supervisor that restarted finds the domain again by its name */
	again = u;
	again.h.pid = 0;
	again.reattaching = true;
	deploy_supervise(&again, deploy_now_ms());
	printf("KILN-DEPLOY reattach same-domid=%d\n", again.h.pid == u.h.pid && u.h.pid > 0);
	supervise(&u, 0);
	report("hello-ended", &u);
	print_console(&u, false);

	/* a key hello does not know: it fails at boot, which Xen reports as a crash: failed, status unknown */
	unit_init(&u, 9, "hello", argv[1], argv[2], bad_keys, 1);
	supervise(&u, 0);
	report("bad-key-ended", &u);

	/* sleeper: runs until stopped; stop asks for a shutdown, which the runtime honours by powering off. */
	unit_init(&u, 8, "sleeper", argv[3], argv[4], NULL, 0);
	supervise(&u, 3000);
	report("sleeper-running", &u);
	/* an administrator's xl reboot: the guest honours it, and the supervisor starts it again at once */
	first_domid = u.h.pid;
	printf("KILN-DEPLOY xl reboot: %d\n", system("xl reboot sleeper-8 >/dev/null 2>&1"));
	supervise(&u, 3000);
	report("sleeper-rebooted", &u);
	printf("KILN-DEPLOY a new domain: %d\n", u.h.pid > 0 && u.h.pid != first_domid);
	u.want_running = false;
	supervise(&u, 0);
	report("sleeper-stopped", &u);
	print_console(&u, true);
	printf("KILN-DEPLOY destroy rc=%d\n", u.backend->destroy(&u.spec, &u.h, reason, sizeof(reason)));
	printf("KILN-DEPLOY done\n");
	return 0;
}

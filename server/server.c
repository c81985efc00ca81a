/* server.c: kiln serve's life: database, first admin token, HTTP daemon, and shutdown on SIGTERM or SIGINT. */
#include <arpa/inet.h>
#include <errno.h>
#include <limits.h>
#include <netinet/in.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <unistd.h>

#include "../db/db.h"
#include "../db/db_tokens.h"
#include "router.h"
#include "server.h"
#include "token.h"

/* Parses "HOST:PORT" (IPv4) into *sa. Returns 0 or -EINVAL. */
static int parse_listen(const char *listen, struct sockaddr_in *sa)
{
	const char *colon = strrchr(listen, ':');
	char host[INET_ADDRSTRLEN];
	char *end;
	long port;

	if (!colon || (size_t)(colon - listen) >= sizeof(host))
		return -EINVAL;
	memcpy(host, listen, (size_t)(colon - listen));
	host[colon - listen] = '\0';
	port = strtol(colon + 1, &end, 10);
	if (*end || end == colon + 1 || port < 1 || port > 65535)
		return -EINVAL;
	memset(sa, 0, sizeof(*sa));
	sa->sin_family = AF_INET;
	sa->sin_port = htons((uint16_t)port);
	return inet_pton(AF_INET, host, &sa->sin_addr) == 1 ? 0 : -EINVAL;
}

/* With no token stored yet: stores $KILN_BOOTSTRAP_TOKEN as an admin token, or says how to make one. */
static int bootstrap(sqlite3 *db, const char *home)
{
	const char *token = getenv("KILN_BOOTSTRAP_TOKEN");
	char hash[TOKEN_HASH_LEN + 1];
	long n;
	int rc = db_token_count(db, &n);

	if (rc < 0 || n > 0)
		return rc;
	if (!token || !*token) {
		char exe[PATH_MAX];
		ssize_t len = readlink("/proc/self/exe", exe, sizeof(exe) - 1);

		exe[len > 0 ? len : 0] = '\0';
		fprintf(stderr, "kiln: no API token yet; make an admin token (in another terminal) with:\n"
				"  %s token create --home %s --scope admin\n"
				"(or start with KILN_BOOTSTRAP_TOKEN=... set)\n", len > 0 ? exe : "kiln", home);
		return 0;
	}
	rc = token_hash(token, hash);
	if (rc == 0)
		rc = db_token_insert(db, hash, SCOPE_ADMIN);
	if (rc == 0)
		fprintf(stderr, "kiln: admin token taken from KILN_BOOTSTRAP_TOKEN\n");
	return rc;
}

/* Blocks SIGTERM and SIGINT (before the daemon's thread starts, so it inherits the mask) into *set. */
static int block_signals(sigset_t *set)
{
	sigemptyset(set);
	sigaddset(set, SIGTERM);
	sigaddset(set, SIGINT);
	return -pthread_sigmask(SIG_BLOCK, set, NULL);
}

/* Raises the open-file limit to its maximum: every follower of a log holds a socket and a file. */
static void raise_nofile(void)
{
	struct rlimit rl;

	if (getrlimit(RLIMIT_NOFILE, &rl) == 0 && rl.rlim_cur < rl.rlim_max) {
		rl.rlim_cur = rl.rlim_max;
		setrlimit(RLIMIT_NOFILE, &rl);
	}
}

int server_run(const struct server_options *opt)
{
	const char *listen = opt->listen, *home = opt->home;
	long cores = sysconf(_SC_NPROCESSORS_ONLN);
	unsigned workers = opt->workers ? opt->workers : cores > 0 ? (unsigned)cores : 1;
	struct server s = { .home = home };
	struct sockaddr_in sa;
	struct MHD_Daemon *daemon = NULL;
	sigset_t set;
	int rc, sig;

	rc = parse_listen(listen, &sa);
	if (rc < 0) {
		fprintf(stderr, "kiln serve: --listen wants HOST:PORT with an IPv4 address, not '%s'\n", listen);
		return rc;
	}
	rc = db_open(home, &s.db);
	if (rc == 0)
		rc = bootstrap(s.db, home);
	if (rc == 0)
		rc = block_signals(&set);
	if (rc == 0)
		rc = log_hub_start(&s.logs);
	if (rc == 0)
		rc = build_queue_start(home, workers, opt->build_timeout, &s.builds);
	if (rc == 0)
		rc = deploy_monitor_start(home, &s.monitor);
	if (rc < 0)
		goto cleanup;
	raise_nofile();
	/* epoll, so that thousands of sockets fit; suspend/resume parks idle log followers. */
	daemon = MHD_start_daemon(MHD_USE_EPOLL_INTERNAL_THREAD | MHD_ALLOW_SUSPEND_RESUME | MHD_USE_ERROR_LOG, 0,
				  NULL, NULL, router_handle, &s, MHD_OPTION_SOCK_ADDR, (struct sockaddr *)&sa,
				  MHD_OPTION_NOTIFY_COMPLETED, router_completed, &s, MHD_OPTION_CONNECTION_LIMIT,
				  (unsigned)SERVER_MAX_CONNECTIONS, MHD_OPTION_END);
	if (!daemon) {
		fprintf(stderr, "kiln serve: cannot listen on %s\n", listen);
		rc = -EADDRINUSE;
		goto cleanup;
	}
	fprintf(stderr, "kiln: serving http://%s/ (home %s, %u build workers)\n", listen, home, workers);
	rc = -sigwait(&set, &sig);
	if (rc == 0)
		fprintf(stderr, "kiln: %s, shutting down\n", strsignal(sig));
cleanup:
	if (s.logs)
		log_hub_close(s.logs);
	if (daemon)
		MHD_stop_daemon(daemon);
	log_hub_free(s.logs);
	build_queue_stop(s.builds);
	deploy_monitor_stop(s.monitor); /* deployments keep running; the next start finds them again */
	if (s.db)
		db_close(s.db);
	return rc;
}

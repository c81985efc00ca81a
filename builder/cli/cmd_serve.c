/* cmd_serve.c: kiln serve: runs the build-and-deploy service's API until SIGTERM or SIGINT. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>

#include "../../server/server.h"
#include "commands.h"

static const char usage[] = "Usage: kiln serve [--listen HOST:PORT] [--home DIR] [--workers N] [--build-timeout S]\n\n"
			    "Serves the dashboard (/) and the API (/api/v1, /healthz, /metrics) on --listen\n"
			    "(default 127.0.0.1:8080), keeping its database, logs, git mirrors and artifacts under\n"
			    "--home (default ./var), and runs up to --workers builds at once (default: one per core),\n"
			    "each killed after --build-timeout seconds (default 600).\n"
			    "SIGTERM or SIGINT stops it.\n"
			    "KILN_BOOTSTRAP_TOKEN, when no token exists yet, becomes the first admin token.\n";

/* Parses ARG, the value of option OPT, as a number from 1 to MAX into *n; -1 after saying why. */
static int number(const char *opt, const char *arg, long max, long *n)
{
	char *end;

	*n = strtol(arg, &end, 10);
	if (*end || end == arg || *n < 1 || *n > max) {
		fprintf(stderr, "kiln serve: %s wants a number from 1 to %ld, not '%s'\n", opt, max, arg);
		return -1;
	}
	return 0;
}

int cmd_serve(int argc, char **argv)
{
	static const struct option options[] = {
		{ "listen", required_argument, NULL, 'l' },
		{ "home", required_argument, NULL, 'H' },
		{ "workers", required_argument, NULL, 'w' },
		{ "build-timeout", required_argument, NULL, 'T' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct server_options opt = { .listen = "127.0.0.1:8080", .home = "./var", .build_timeout = 600 };
	long n;
	int c;

	while ((c = getopt_long(argc, argv, "h", options, NULL)) != -1) {
		switch (c) {
		case 'l':
			opt.listen = optarg;
			break;
		case 'H':
			opt.home = optarg;
			break;
		case 'w':
			if (number("--workers", optarg, 256, &n) < 0)
				return 2;
			opt.workers = (unsigned)n;
			break;
		case 'T':
			if (number("--build-timeout", optarg, 86400, &n) < 0)
				return 2;
			opt.build_timeout = (unsigned)n;
			break;
		case 'h':
			fputs(usage, stdout);
			return 0;
		default:
			fputs(usage, stderr);
			return 2;
		}
	}
	if (optind < argc) {
		fputs(usage, stderr);
		return 2;
	}
	return server_run(&opt) == 0 ? 0 : 1;
}

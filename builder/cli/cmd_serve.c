/* cmd_serve.c: kiln serve: runs the build-and-deploy service's API until SIGTERM or SIGINT. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>

#include "../../server/server.h"
#include "commands.h"

static const char usage[] = "Usage: kiln serve [--listen HOST:PORT] [--home DIR] [--workers N]\n\n"
			    "Serves the dashboard (/) and the API (/api/v1, /healthz, /metrics) on --listen\n"
			    "(default 127.0.0.1:8080), keeping its database, logs, git mirrors and artifacts under\n"
			    "--home (default ./var), and runs up to --workers builds at once (default: one per core).\n"
			    "SIGTERM or SIGINT stops it.\n"
			    "KILN_BOOTSTRAP_TOKEN, when no token exists yet, becomes the first admin token.\n";

int cmd_serve(int argc, char **argv)
{
	static const struct option options[] = {
		{ "listen", required_argument, NULL, 'l' },
		{ "home", required_argument, NULL, 'H' },
		{ "workers", required_argument, NULL, 'w' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct server_options opt = { .listen = "127.0.0.1:8080", .home = "./var" };
	char *end;
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
			n = strtol(optarg, &end, 10);
			if (*end || end == optarg || n < 1 || n > 256) {
				fprintf(stderr, "kiln serve: --workers wants a number from 1 to 256, not '%s'\n", optarg);
				return 2;
			}
			opt.workers = (unsigned)n;
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

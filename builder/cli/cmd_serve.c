/* cmd_serve.c: kiln serve: runs the build-and-deploy service's API until SIGTERM or SIGINT. */
#include <getopt.h>
#include <stdio.h>

#include "../../server/server.h"
#include "commands.h"

static const char usage[] = "Usage: kiln serve [--listen HOST:PORT] [--home DIR]\n\n"
			    "Serves the API (/api/v1, /healthz, /metrics) on --listen (default 127.0.0.1:8080),\n"
			    "keeping its database under --home (default ./var). SIGTERM or SIGINT stops it.\n"
			    "KILN_BOOTSTRAP_TOKEN, when no token exists yet, becomes the first admin token.\n";

int cmd_serve(int argc, char **argv)
{
	static const struct option options[] = {
		{ "listen", required_argument, NULL, 'l' },
		{ "home", required_argument, NULL, 'H' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	const char *listen = "127.0.0.1:8080", *home = "./var";
	int c;

	while ((c = getopt_long(argc, argv, "h", options, NULL)) != -1) {
		switch (c) {
		case 'l':
			listen = optarg;
			break;
		case 'H':
			home = optarg;
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
	return server_run(listen, home) == 0 ? 0 : 1;
}

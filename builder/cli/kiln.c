/* kiln.c: the kiln command: dispatches to its subcommands. */
#include <stdio.h>
#include <string.h>

#include "commands.h"

static const struct command {
	const char *name;
	int (*fn)(int argc, char **argv);
	const char *summary; /* NULL: internal, left out of the help */
} commands[] = {
	{ "configure", cmd_configure, "evaluate config.c for a target and generate the build files" },
	{ "build", cmd_build, "build the configured unikernel (runs make)" },
	{ "run", cmd_run, "run the built unix unikernel with boot arguments" },
	{ "describe", cmd_describe, "print the configured unikernel's description (--json: kiln.json)" },
	{ "depend", cmd_depend, "check, and as root install, what the build needs" },
	{ "clean", cmd_clean, "remove every file that configure and build generated" },
	{ "serve", cmd_serve, "run the build-and-deploy service's API (--listen, --home)" },
	{ "token", cmd_token, "create an API token for the service (token create --scope ...)" },
	{ "fetch-build", cmd_fetch_build, "mirror a git repository and build one commit in a sandbox" },
	{ "build-worker", cmd_build_worker, NULL }, /* run by kiln serve: one queued build */
};

static void usage(FILE *out)
{
	fputs("Usage: kiln COMMAND [ARGS]...\n\n"
	      "Builds C unikernels. Run the commands in a unikernel's folder (one with a config.c):\n\n", out);
	for (size_t i = 0; i < sizeof(commands) / sizeof(commands[0]); i++)
		if (commands[i].summary)
			fprintf(out, "  %-11s %s\n", commands[i].name, commands[i].summary);
	fputs("\n`kiln COMMAND --help` shows a command's options; `kiln --version` prints the version.\n", out);
}

int main(int argc, char **argv)
{
	if (argc < 2) {
		usage(stderr);
		return 2;
	}
	if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0 || strcmp(argv[1], "help") == 0) {
		usage(stdout);
		return 0;
	}
	if (strcmp(argv[1], "--version") == 0) {
		printf("kiln %s\n", KILN_VERSION);
		return 0;
	}
	for (size_t i = 0; i < sizeof(commands) / sizeof(commands[0]); i++) {
		if (strcmp(argv[1], commands[i].name) == 0)
			return commands[i].fn(argc - 1, argv + 1);
	}
	fprintf(stderr, "kiln: unknown command '%s' (try kiln --help)\n", argv[1]);
	return 2;
}

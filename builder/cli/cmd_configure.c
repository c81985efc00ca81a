/* cmd_configure.c: kiln configure: compiles config.c against <kiln/config.h> and runs it to generate the build files. */
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "commands.h"
#include "kiln_root.h"
#include "proc.h"

#define CONFIG_BIN "_build/config"
#define MAX_ARGS 128

static bool wants_help(int argc, char **argv)
{
	for (int i = 1; i < argc; i++) {
		if (strcmp(argv[i], "-h") == 0 || strcmp(argv[i], "--help") == 0)
			return true;
	}
	return false;
}

/* Splits pkg-config's output on blanks (a backslash escapes the next character) into argv[*n...]. */
static int split_flags(char *s, char **argv, int *n)
{
	char *w = s;

	while (*s) {
		while (*s == ' ' || *s == '\t')
			s++;
		if (!*s)
			break;
		if (*n >= MAX_ARGS - 8)
			return -E2BIG;
		argv[(*n)++] = w;
		while (*s && *s != ' ' && *s != '\t') {
			if (*s == '\\' && s[1])
				s++;
			*w++ = *s++;
		}
		if (*s)
			s++;
		*w++ = '\0';
	}
	return 0;
}

/* Compiles config.c into _build/config with the compiler and flags of kiln-config.pc. */
static int compile_config(const struct kiln_root *r, char **cc)
{
	char *flags = NULL;
	char *argv[MAX_ARGS];
	int n = 0, rc;

	rc = kiln_root_pkg_config(r, (char *[]){ "--variable=cc", "kiln-config", NULL }, cc);
	if (rc == 0)
		rc = kiln_root_pkg_config(r, (char *[]){ "--cflags", "--libs", "kiln-config", NULL }, &flags);
	if (rc < 0)
		goto out;
	if (mkdir("_build", 0777) < 0 && errno != EEXIST) {
		fprintf(stderr, "kiln configure: cannot create _build: %s\n", strerror(errno));
		rc = -errno;
		goto out;
	}
	argv[n++] = *cc;
	const char *fixed[] = { "-std=c11", "-g", "-Wall", "-Wextra", "-Werror=implicit-function-declaration",
				"-Werror=incompatible-pointer-types", "-Werror=int-conversion", "-o", CONFIG_BIN,
				"config.c" };
	for (size_t i = 0; i < sizeof(fixed) / sizeof(fixed[0]); i++)
		argv[n++] = (char *)fixed[i];
	rc = split_flags(flags, argv, &n);
	argv[n] = NULL;
	if (rc == 0)
		rc = proc_run(argv, NULL);
	if (rc == -ENOENT)
		fprintf(stderr, "kiln configure: the C compiler '%s' is not installed (see kiln depend)\n", *cc);
	else if (rc != 0)
		fprintf(stderr, "kiln configure: config.c does not compile (the compiler's messages are above)\n");
out:
	free(flags);
	return rc == 0 ? 0 : -EINVAL;
}

/* Runs the compiled configuration with the user's arguments. */
static int run_config(const struct kiln_root *r, const char *cc, bool help, int argc, char **argv)
{
	char action[64], root[4200], bin[4200], cc_env[256];
	char *env[] = { action, root, bin, cc_env, NULL };
	char **args = calloc((size_t)argc + 1, sizeof(*args));
	int rc;

	if (!args)
		return -ENOMEM;
	snprintf(action, sizeof(action), "KILN_ACTION=%s", help ? "help" : "configure");
	snprintf(root, sizeof(root), "KILN_ROOT=%s", r->root);
	snprintf(bin, sizeof(bin), "KILN_BIN=%s", r->bin);
	snprintf(cc_env, sizeof(cc_env), "KILN_CC=%s", cc);
	args[0] = "./" CONFIG_BIN;
	for (int i = 1; i < argc; i++)
		args[i] = argv[i];
	rc = proc_run(args, env);
	free(args);
	return rc;
}

int cmd_configure(int argc, char **argv)
{
	bool help = wants_help(argc, argv);
	struct kiln_root r;
	char *cc = NULL;
	int rc;

	if (access("config.c", F_OK) < 0) {
		char cwd[4096];
		if (!getcwd(cwd, sizeof(cwd)))
			strcpy(cwd, ".");
		fprintf(help ? stdout : stderr,
			"%skiln configure: no config.c in %s: a unikernel's folder holds its config.c\n"
			"(which declares its devices and keys) and its sources; see docs/unikernels.md in Kiln's source.\n",
			help ? "Usage: kiln configure [-t unix|xen] [--KEY VALUE]...\n\n" : "", cwd);
		return help ? 0 : 1;
	}
	if (kiln_root_find(&r) < 0)
		return 1;
	rc = compile_config(&r, &cc);
	if (rc == 0)
		rc = run_config(&r, cc, help, argc, argv);
	free(cc);
	return rc == 0 ? 0 : 1;
}

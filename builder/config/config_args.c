/* config_args.c: kiln configure's command line (target options and key values) and its --help. */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "config_internal.h"

/* The xen guest's memory in MiB: a PVH unikernel boots in a few MiB; Xen hosts stop well below a TiB. */
#define XEN_MEMORY_MIN_MIB 4
#define XEN_MEMORY_MAX_MIB (1024 * 1024)

/* Sets cfg->target from the value of option opt (-t or --target); value is NULL when it was missing. */
static int parse_target(struct config *cfg, const char *opt, const char *value)
{
	if (!value) {
		fprintf(stderr, "kiln configure: %s needs a target (unix or xen)\n", opt);
		return -EINVAL;
	}
	if (strcmp(value, "unix") == 0) {
		cfg->target = TARGET_UNIX;
		return 0;
	}
	if (strcmp(value, "xen") == 0) {
		cfg->target = TARGET_XEN;
		return 0;
	}
	fprintf(stderr, "kiln configure: unknown target '%s': expected unix or xen\n", value);
	return -EINVAL;
}

/* Sets cfg->xen_memory_mib from the value of --xen-memory (NULL when it was missing). */
static int parse_memory(struct config *cfg, const char *opt, const char *value)
{
	union kiln_key_value v;

	if (value && kiln_key_parse(KILN_KEY_INT, value, &v) == 0 && v.i >= XEN_MEMORY_MIN_MIB &&
	    v.i <= XEN_MEMORY_MAX_MIB) {
		cfg->xen_memory_mib = (unsigned)v.i;
		return 0;
	}
	fprintf(stderr, "kiln configure: %s needs a number of MiB from %d to %d%s%s%s\n", opt, XEN_MEMORY_MIN_MIB,
		XEN_MEMORY_MAX_MIB, value ? " (not '" : "", value ? value : "", value ? "')" : "");
	return -EINVAL;
}

/* kiln configure's own long options, before the unikernel's keys. */
static const struct target_option {
	const char *name;
	const char *opt;
	int (*parse)(struct config *cfg, const char *opt, const char *value);
} target_options[] = {
	{ "target", "--target", parse_target },
	{ "xen-memory", "--xen-memory", parse_memory },
};

/* Handles one of target_options; returns 1 when arg is none of them. */
static int long_target_option(struct config *cfg, int argc, char **argv, int *i, struct kiln_key_arg *arg)
{
	for (size_t o = 0; o < sizeof(target_options) / sizeof(target_options[0]); o++) {
		if (!kiln_key_arg_is(arg, target_options[o].name))
			continue;
		if (kiln_key_arg_value(KILN_KEY_STRING, argc, argv, i, arg) < 0)
			arg->value = NULL;
		return target_options[o].parse(cfg, target_options[o].opt, arg->value);
	}
	return 1;
}

static kiln_key *find_key(const struct config *cfg, const struct kiln_key_arg *arg)
{
	for (size_t i = 0; i < cfg->nkeys; i++) {
		if (kiln_key_arg_is(arg, cfg->keys[i]->name))
			return cfg->keys[i];
	}
	return NULL;
}

static int set_key(kiln_key *k, const struct kiln_key_arg *arg)
{
	union kiln_key_value v;

	if (kiln_key_parse(k->type, arg->value, &v) < 0) {
		fprintf(stderr, "kiln configure: invalid value '%s' for --%s: expected %s (key declared at %s:%d)\n",
			arg->value, k->name, kiln_key_type_metavar(k->type), k->file, k->line);
		return -EINVAL;
	}
	if (k->check && k->check(arg->value) < 0) {
		fprintf(stderr, "kiln configure: invalid value '%s' for --%s: expected %s (key declared at %s:%d)\n",
			arg->value, k->name, k->metavar, k->file, k->line);
		return -EINVAL;
	}
	k->value = arg->value;
	k->set = true;
	return 0;
}

/* Handles -t TARGET, -tTARGET; returns 1 when argv[*i] was not a short target option. */
static int short_target(struct config *cfg, int argc, char **argv, int *i)
{
	if (strncmp(argv[*i], "-t", 2) != 0)
		return 1;
	if (argv[*i][2])
		return parse_target(cfg, "-t", argv[*i] + 2);
	return parse_target(cfg, "-t", *i + 1 < argc ? argv[++*i] : NULL);
}

int config_parse_args(struct config *cfg, int argc, char **argv)
{
	for (int i = 1; i < argc; i++) {
		struct kiln_key_arg arg;
		kiln_key *k;
		int rc;

		if (strcmp(argv[i], "-h") == 0)
			return 1;
		rc = short_target(cfg, argc, argv, &i);
		if (rc <= 0) {
			if (rc < 0)
				return rc;
			continue;
		}
		if (kiln_key_arg(argv, i, &arg) < 0) {
			fprintf(stderr, "kiln configure: unexpected argument '%s' (try kiln configure --help)\n", argv[i]);
			return -EINVAL;
		}
		if (kiln_key_arg_is(&arg, "help"))
			return 1;
		rc = long_target_option(cfg, argc, argv, &i, &arg);
		if (rc <= 0) {
			if (rc < 0)
				return rc;
			continue;
		}
		k = find_key(cfg, &arg);
		if (!k) {
			fprintf(stderr, "kiln configure: unknown option '--%.*s': %s has no such key (try kiln configure --help)\n",
				(int)arg.name_len, arg.name, cfg->name);
			return -EINVAL;
		}
		if (kiln_key_arg_value(k->type, argc, argv, &i, &arg) < 0) {
			fprintf(stderr, "kiln configure: --%s needs a value (%s)\n", k->name, kiln_key_type_metavar(k->type));
			return -EINVAL;
		}
		if (set_key(k, &arg) < 0)
			return -EINVAL;
	}
	if (cfg->xen_memory_mib && cfg->target != TARGET_XEN) {
		fputs("kiln configure: --xen-memory is for the xen target (add -t xen)\n", stderr);
		return -EINVAL;
	}
	if (!cfg->xen_memory_mib)
		cfg->xen_memory_mib = XEN_MEMORY_DEFAULT_MIB;
	return 0;
}

/* Lists the keys given at boot (or only at configure time), under heading. */
static void print_keys(const struct config *cfg, bool boot, const char *heading)
{
	size_t shown = 0;

	for (size_t i = 0; i < cfg->nkeys; i++) {
		const kiln_key *k = cfg->keys[i];
		if (key_at_boot(k) != boot)
			continue;
		if (shown++ == 0)
			printf(heading, cfg->name);
		printf("  --%s=", k->name);
		for (size_t c = 0; k->choices && k->choices[c]; c++)
			printf("%s%s", c ? "|" : "", k->choices[c]);
		printf("%s\n      %s (default: %s)\n",
		       k->choices ? "" : k->metavar ? k->metavar : kiln_key_type_metavar(k->type), k->doc, k->value);
	}
	if (boot && shown == 0)
		printf(heading, cfg->name), printf("  (none)\n");
}

void config_print_help(const struct config *cfg)
{
	const char *n = cfg->name;

	printf("Usage: kiln configure [-t unix|xen] [--KEY VALUE]...\n\n"
	       "Evaluates config.c and writes main.c, key_gen.h, start_gen.h, Makefile and kiln.json\n"
	       "for the %s unikernel (and %s.xl, %s.xl.in for xen). Running it again regenerates them.\n\n"
	       "Target options:\n"
	       "  -t, --target=TARGET\n"
	       "      unix: an ELF ./%s; xen: a PVH kernel %s.xen, booted with xl create -c %s.xl. (default: unix)\n"
	       "  --xen-memory=MIB\n"
	       "      The xen guest's memory in MiB, written to %s.xl. (default: %d)\n"
	       "  -h, --help\n"
	       "      Show this help.\n", n, n, n, n, n, n, n, XEN_MEMORY_DEFAULT_MIB);
	print_keys(cfg, false, "\nConfigure keys of %s (they choose implementations; not boot arguments):\n");
	print_keys(cfg, true, "\nUnikernel keys of %s (configure sets the default; override at boot with --KEY=VALUE):\n");
}

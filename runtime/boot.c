/* boot.c: kiln_main: boot arguments and keys, log levels, the main fiber and the exit status. */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include <kiln/fiber.h>
#include <kiln/log.h>
#include <kiln/runtime.h>

#include "device.h"
#include "platform.h"
#include "sched.h"

#define DEFAULT_LOGS "*:info"

KILN_LOG_SRC(log_boot, "boot", "the unikernel's boot");

static void print_help(const struct kiln_boot *boot)
{
	printf("Usage: %s [--KEY=VALUE]...\n\nRuns the %s unikernel.\n", boot->name, boot->name);
	if (boot->nkeys)
		printf("\nKeys (set at boot; defaults come from kiln configure):\n");
	for (size_t i = 0; i < boot->nkeys; i++) {
		const struct kiln_key_slot *k = &boot->keys[i];
		printf("  --%s=%s\n      %s (default: %s)\n", k->name, kiln_key_type_metavar(k->type),
		       k->doc, k->default_text);
	}
	printf("\nRuntime options:\n"
	       "  --logs=SRC:LEVEL[,SRC:LEVEL...]\n"
	       "      Log levels per source; SRC may be *, LEVEL is one of quiet, app,\n"
	       "      error, warning, info, debug. Logs go to stderr. (default: %s)\n"
	       "  --help\n"
	       "      Show this help and exit.\n", DEFAULT_LOGS);
}

static struct kiln_key_slot *find_key(const struct kiln_boot *boot, const struct kiln_key_arg *arg)
{
	for (size_t i = 0; i < boot->nkeys; i++) {
		if (kiln_key_arg_is(arg, boot->keys[i].name))
			return &boot->keys[i];
	}
	return NULL;
}

static int set_key(const struct kiln_boot *boot, struct kiln_key_slot *k, const char *text, const char *origin)
{
	if (kiln_key_parse(k->type, text, &k->value) == 0)
		return 0;
	fprintf(stderr, "%s: invalid value '%s' for --%s%s: expected %s\n", boot->name, text, k->name,
		origin, kiln_key_type_metavar(k->type));
	return -EINVAL;
}

/* Returns 0 to boot, 1 when --help was shown, -EINVAL (reported) for bad arguments. */
static int parse_args(int argc, char **argv, const struct kiln_boot *boot)
{
	for (size_t i = 0; i < boot->nkeys; i++) {
		if (set_key(boot, &boot->keys[i], boot->keys[i].default_text, " (its default)") < 0)
			return -EINVAL;
	}
	for (int i = 1; i < argc; i++) {
		struct kiln_key_arg arg;
		struct kiln_key_slot *k;

		if (kiln_key_arg(argv, i, &arg) < 0) {
			fprintf(stderr, "%s: unexpected argument '%s' (try --help)\n", boot->name, argv[i]);
			return -EINVAL;
		}
		if (kiln_key_arg_is(&arg, "help"))
			return 1;
		if (kiln_key_arg_is(&arg, "logs")) {
			if (kiln_key_arg_value(KILN_KEY_STRING, argc, argv, &i, &arg) < 0 ||
			    kiln_log_set_spec(arg.value) < 0) {
				fprintf(stderr, "%s: invalid --logs '%s': expected SRC:LEVEL[,...] with LEVEL one of "
					"quiet, app, error, warning, info, debug\n", boot->name, arg.value ? arg.value : "");
				return -EINVAL;
			}
			continue;
		}
		k = find_key(boot, &arg);
		if (!k) {
			fprintf(stderr, "%s: unknown option '--%.*s' (try --help)\n", boot->name,
				(int)arg.name_len, arg.name);
			return -EINVAL;
		}
		if (kiln_key_arg_value(k->type, argc, argv, &i, &arg) < 0) {
			fprintf(stderr, "%s: --%s needs a value (%s)\n", boot->name, k->name,
				kiln_key_type_metavar(k->type));
			return -EINVAL;
		}
		if (set_key(boot, k, arg.value, "") < 0)
			return -EINVAL;
	}
	return 0;
}

static int main_fiber(void *arg)
{
	const struct kiln_boot *boot = arg;

	return boot->start();
}

int kiln_boot_device_error(const char *impl, int err)
{
	kiln_log_err(&log_boot, "cannot connect device %s: %s", impl, strerror(-err));
	return err;
}

int kiln_main(int argc, char **argv, const struct kiln_boot *boot)
{
	struct kiln_fiber *main;
	int rc, result = 0;

	rc = parse_args(argc, argv, boot);
	if (rc == 1) {
		print_help(boot);
		return 0;
	}
	if (rc < 0)
		return 2;
	rc = kiln_plat_init();
	if (rc == 0)
		rc = kiln_fiber_spawn(&main, "main", main_fiber, (void *)boot);
	if (rc < 0) {
		fprintf(stderr, "%s: cannot boot: %s\n", boot->name, strerror(-rc));
		return 1;
	}
	kiln_log_debug(&log_boot, "%s: %zu key(s), starting the main fiber", boot->name, boot->nkeys);
	rc = kiln_sched_run();
	kiln_devices_release();
	if (rc < 0) {
		fprintf(stderr, "%s: %s\n", boot->name, rc == -EDEADLK ? "fibers blocked forever (deadlock)"
								  : strerror(-rc));
		return 1;
	}
	kiln_fiber_join(main, &result);
	kiln_log_debug(&log_boot, "%s: every fiber ended; the start function returned %d", boot->name, result);
	if (result < 0) {
		fprintf(stderr, "%s: the start function failed: %s\n", boot->name, strerror(-result));
		return 1;
	}
	return 0;
}

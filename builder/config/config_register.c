/* config_register.c: kiln_register: checks the job against its implementations, reads the command line, writes the files. */
#include <errno.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "config_internal.h"
#include "gen_file.h"

#define MAX_OUTPUTS 40
#define MAX_NAME 48 /* so that <name>.xl.in fits a gen_output's path */

static bool valid_unikernel_name(const char *name)
{
	if (!name || !*name || name[0] == '-' || name[0] == '.')
		return false;
	for (const char *p = name; *p; p++) {
		if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') ||
		      *p == '-' || *p == '_' || *p == '.'))
			return false;
	}
	return true;
}

/* Checks that impls (NULL-terminated) match the job's device kinds, one by one. */
static void check_application(const char *file, int line, const kiln_impl *job, kiln_impl *const *impls)
{
	size_t n = 0;

	while (impls[n])
		n++;
	if (n != job->nargs) {
		config_error(file, line, "%s (declared at %s:%d) takes %zu device(s) but %zu implementation(s) "
			     "were given", job->start, job->file, job->line, job->nargs, n);
		return;
	}
	for (size_t i = 0; i < n; i++) {
		if (impls[i]->kind == job->args[i])
			continue;
		config_error(file, line, "%s takes a %s as device %zu, but %s (%s:%d) is a %s implementation",
			     job->start, kind_info(job->args[i])->name, i + 1, impls[i]->name, impls[i]->file,
			     impls[i]->line, kind_info(impls[i]->kind)->name);
	}
}

/* The files to write: the fixed ones, <name>.xl and <name>.xl.in on xen, a static<N>.c per crunch
 * store, kiln.json last (it lists them). */
static size_t plan_outputs(struct config *cfg, struct gen_output *outs, size_t max)
{
	static const struct {
		const char *path;
		int (*write)(const struct config *, const struct gen_output *, FILE *);
	} fixed[] = { { "main.c", gen_main_c }, { "key_gen.h", gen_key_gen_h },
		      { "start_gen.h", gen_start_gen_h }, { "Makefile", gen_makefile } };
	size_t n = 0;

	for (size_t i = 0; i < sizeof(fixed) / sizeof(fixed[0]); i++) {
		snprintf(outs[n].path, sizeof(outs[n].path), "%s", fixed[i].path);
		outs[n++].write = fixed[i].write;
	}
	for (size_t i = 0; cfg->target == TARGET_XEN && i < 2; i++) {
		snprintf(outs[n].path, sizeof(outs[n].path), "%s.xl%s", cfg->name, i ? ".in" : "");
		outs[n].write = gen_xl;
		outs[n++].index = i;
	}
	for (size_t i = 0; i < cfg->nnodes && n < max - 1; i++) {
		if (!cfg->nodes[i]->crunched)
			continue;
		snprintf(outs[n].path, sizeof(outs[n].path), "static%zu.c", config_crunch_number(cfg, i));
		outs[n].write = gen_static_c;
		outs[n++].index = i;
	}
	snprintf(outs[n].path, sizeof(outs[n].path), "kiln.json");
	outs[n++].write = gen_kiln_json;
	cfg->generated = config_alloc((n + 1) * sizeof(*cfg->generated));
	for (size_t i = 0; i < n; i++)
		cfg->generated[i] = outs[i].path;
	return n;
}

/* Removes the files an earlier configure generated that this one did not (a static<N>.c no longer crunched). */
static void remove_stale(const struct config *cfg)
{
	json_t *old = json_load_file("kiln.json.kiln-old", 0, NULL), *v;
	size_t i;

	json_array_foreach(json_object_get(old, "generated"), i, v) {
		const char *path = json_string_value(v);
		bool current = false;
		for (size_t j = 0; path && cfg->generated[j]; j++)
			current |= strcmp(cfg->generated[j], path) == 0;
		if (path && !current && !strchr(path, '/') && generated_has_marker(path))
			remove(path);
	}
	json_decref(old);
	remove("kiln.json.kiln-old");
}

static int generate(struct config *cfg)
{
	struct gen_output outs[MAX_OUTPUTS] = { 0 };
	size_t n = plan_outputs(cfg, outs, MAX_OUTPUTS);
	int rc;

	/* Keep the previous description to know what it generated. */
	if (link("kiln.json", "kiln.json.kiln-old") < 0 && errno != ENOENT)
		remove("kiln.json.kiln-old");
	rc = gen_write_all(cfg, outs, n);
	if (rc == 0)
		remove_stale(cfg);
	else
		remove("kiln.json.kiln-old");
	return rc;
}

int kiln_register_at(const char *file, int line, int argc, char **argv, const char *name,
		     kiln_impl *const *job_and_impls)
{
	const char *action = getenv("KILN_ACTION");
	struct config cfg = { .name = name, .target = TARGET_UNIX };
	const kiln_impl *job = job_and_impls[0];
	int rc;

	if (!action) {
		fprintf(stderr, "%s: this program is config.c: run `kiln configure` in its folder instead\n", argv[0]);
		return 2;
	}
	if (!valid_unikernel_name(name))
		config_error(file, line, "kiln_register: '%s' is not a valid unikernel name "
			     "(letters, digits, '-', '_' and '.')", name ? name : "(null)");
	else if (strlen(name) > MAX_NAME)
		config_error(file, line, "kiln_register: the unikernel name '%s' is longer than %d characters", name,
			     MAX_NAME);
	if (!job || job->kind != KILN_JOB || !job->start) {
		config_error(file, line, "kiln_register: the first argument after the name must be a job "
			     "made by kiln_foreign");
	} else if (config_errors() == 0) {
		check_application(file, line, job, job_and_impls + 1);
		config_collect_keys(&cfg, job_and_impls);
	}
	if (config_errors() > 0) {
		fprintf(stderr, "kiln configure: %d error(s) in the configuration; nothing was written\n",
			config_errors());
		return 1;
	}
	cfg.job = job;
	cfg.ndevices = job->nargs;
	cfg.devices = config_alloc(job->nargs * sizeof(*cfg.devices));
	cfg.kiln_root = getenv("KILN_ROOT") ? getenv("KILN_ROOT") : "/usr/local";
	cfg.kiln_bin = getenv("KILN_BIN") ? getenv("KILN_BIN") : "kiln";
	cfg.cc = getenv("KILN_CC");
	rc = config_parse_args(&cfg, argc, argv);
	if (rc == 0 && strcmp(action, "help") == 0)
		rc = 1;
	if (rc == 1)
		config_print_help(&cfg);
	if (rc != 0)
		goto out;
	if (config_resolve_devices(&cfg, job_and_impls + 1) < 0) {
		fprintf(stderr, "kiln configure: nothing was written\n");
		rc = -EINVAL;
		goto out;
	}
	rc = generate(&cfg);
out:
	return rc < 0 ? 1 : 0;
}

/* config_register.c: kiln_register: checks the job against its implementations, reads the command line, writes the files. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "config_internal.h"
#include "gen_file.h"

typedef void (*generator)(const struct config *cfg, FILE *out);

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

/* Fills cfg from the job: its keys, and room for the resolved devices. */
static void collect(struct config *cfg, const kiln_impl *job)
{
	kiln_key_list *keys = job->keys;

	cfg->job = job;
	cfg->nkeys = keys ? keys->n : 0;
	cfg->keys = cfg->nkeys ? keys->keys : NULL;
	cfg->ndevices = job->nargs;
	cfg->devices = config_alloc(job->nargs * sizeof(*cfg->devices));
}

static int generate(const struct config *cfg)
{
	static const char *const files[] = { "main.c", "key_gen.h", "start_gen.h", "Makefile", "kiln.json", NULL };
	static const generator gens[] = { gen_main_c, gen_key_gen_h, gen_start_gen_h, gen_makefile };
	struct gen_output outs[5] = { 0 };
	size_t n = sizeof(outs) / sizeof(outs[0]);
	int rc = -ENOMEM;

	for (size_t i = 0; i < n; i++) {
		FILE *f;
		outs[i].path = files[i];
		f = open_memstream(&outs[i].text, &outs[i].len);
		if (!f)
			goto out;
		if (i < n - 1)
			gens[i](cfg, f);
		else if (gen_kiln_json(cfg, files, f) < 0)
			rc = -EINVAL;
		if (fclose(f) != 0 || rc == -EINVAL)
			goto out;
	}
	rc = gen_write_all(outs, n);
out:
	for (size_t i = 0; i < n; i++)
		free(outs[i].text);
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
	if (!job || job->kind != KILN_JOB || !job->start) {
		config_error(file, line, "kiln_register: the first argument after the name must be a job "
			     "made by kiln_foreign");
	} else if (config_errors() == 0) {
		check_application(file, line, job, job_and_impls + 1);
	}
	if (config_errors() > 0) {
		fprintf(stderr, "kiln configure: %d error(s) in the configuration; nothing was written\n",
			config_errors());
		return 1;
	}
	collect(&cfg, job);
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
	if (cfg.target == TARGET_XEN) {
		fprintf(stderr, "kiln configure: the xen target is not available yet in this kiln; "
			"configure with -t unix\n");
		rc = -ENOTSUP;
		goto out;
	}
	for (size_t i = 0; i < cfg.ndevices; i++)
		cfg.devices[i] = impl_resolve(job_and_impls[i + 1], cfg.target);
	rc = generate(&cfg);
out:
	return rc < 0 ? 1 : 0;
}

/* config_impl.c: jobs, the default devices and if_xen; what each device kind is in C. */
#include <stdio.h>
#include <string.h>

#include "config_internal.h"

static const struct kind_info kinds[] = {
	[KILN_JOB] = { "job", NULL, NULL },
	[KILN_CONSOLE] = { "console", "struct kiln_console", "kiln/console.h" },
	[KILN_TIME] = { "time", "struct kiln_time", "kiln/time.h" },
	[KILN_RANDOM] = { "random", "struct kiln_random", "kiln/random.h" },
	[KILN_BLOCK] = { "block", "struct kiln_block", "kiln/block.h" },
	[KILN_KV_RO] = { "kv_ro", "struct kiln_kv_ro", "kiln/kv_ro.h" },
	[KILN_NETWORK] = { "network", "struct kiln_netif", "kiln/netif.h" },
	[KILN_STACKV4] = { "stackv4", "struct kiln_stackv4", "kiln/stackv4.h" },
};

const struct kind_info *kind_info(kiln_kind kind)
{
	return &kinds[kind];
}

static bool valid_kind(kiln_kind kind)
{
	return kind > KILN_JOB && kind < KILN_KIND_END_;
}

static bool valid_c_identifier(const char *s)
{
	if (!s || !(*s == '_' || (*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z')))
		return false;
	for (; *s; s++) {
		if (!(*s == '_' || (*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z') || (*s >= '0' && *s <= '9')))
			return false;
	}
	return true;
}

kiln_impl *impl_new(const char *file, int line, kiln_kind kind, const char *name, const char *connect)
{
	kiln_impl *impl = config_alloc(sizeof(*impl));

	impl->kind = kind;
	impl->file = file;
	impl->line = line;
	impl->name = name;
	impl->connect = connect;
	return impl;
}

kiln_job *kiln_foreign_at(const char *file, int line, const char *start, kiln_key_list *keys,
			  const kiln_kind *list)
{
	kiln_impl *job = impl_new(file, line, KILN_JOB, "foreign", NULL);
	size_t n = 0;

	job->start = start ? start : "(null)";
	job->keys = keys;
	if (!valid_c_identifier(start))
		config_error(file, line, "kiln_foreign: '%s' is not a C function name", job->start);
	while (list[n] != KILN_JOB && list[n] != KILN_KIND_END_)
		n++;
	if (list[n] != KILN_JOB || list[n + 1] != KILN_KIND_END_) {
		config_error(file, line, "kiln_foreign: the device kinds of %s must end with KILN_JOB, "
			     "as in kiln_foreign(\"%s\", NULL, KILN_CONSOLE, KILN_JOB)", job->start, job->start);
	}
	job->args = config_alloc(n * sizeof(*job->args));
	job->nargs = n;
	for (size_t i = 0; i < n; i++) {
		if (!valid_kind(list[i]))
			config_error(file, line, "kiln_foreign: argument %zu of %s is not a device kind", i + 1,
				     job->start);
		job->args[i] = list[i];
	}
	return job;
}

kiln_impl *kiln_default_console_at(const char *file, int line)
{
	return impl_new(file, line, KILN_CONSOLE, "default_console", "kiln_console_connect_default");
}

kiln_impl *kiln_default_time_at(const char *file, int line)
{
	return impl_new(file, line, KILN_TIME, "default_time", "kiln_time_connect_default");
}

kiln_impl *kiln_default_random_at(const char *file, int line)
{
	return impl_new(file, line, KILN_RANDOM, "default_random", "kiln_random_connect_default");
}

kiln_impl *kiln_if_xen_at(const char *file, int line, kiln_impl *xen, kiln_impl *other)
{
	kiln_impl *impl;

	if (!xen || !other) {
		config_error(file, line, "kiln_if_xen: both implementations are needed");
		return impl_new(file, line, KILN_JOB, "if_xen", NULL);
	}
	if (xen->kind != other->kind) {
		config_error(file, line, "kiln_if_xen: %s (%s:%d) is a %s but %s (%s:%d) is a %s; "
			     "both branches must be of one kind", xen->name, xen->file, xen->line,
			     kind_info(xen->kind)->name, other->name, other->file, other->line,
			     kind_info(other->kind)->name);
	}
	impl = impl_new(file, line, xen->kind, "if_xen", NULL);
	impl->if_xen = xen;
	impl->if_other = other;
	return impl;
}

/* The choice of a generic implementation for its key's value (a target-dependent default when unset). */
static const kiln_impl *choose(const kiln_impl *impl, const struct config *cfg)
{
	const kiln_key *k = impl->choice_key;
	const char *value = k->set || cfg->target != TARGET_XEN || !k->xen_default ? k->value : k->xen_default;

	for (size_t i = 0; k->choices[i]; i++) {
		if (strcmp(k->choices[i], value) == 0)
			return impl->choices[i];
	}
	fprintf(stderr, "kiln configure: invalid value '%s' for --%s: expected one of", value, k->name);
	for (size_t i = 0; k->choices[i]; i++)
		fprintf(stderr, "%s %s", i ? "," : "", k->choices[i]);
	fputc('\n', stderr);
	return NULL;
}

const kiln_impl *impl_resolve(const kiln_impl *impl, const struct config *cfg)
{
	while (impl && (impl->if_xen || impl->choice_key)) {
		if (impl->if_xen)
			impl = cfg->target == TARGET_XEN ? impl->if_xen : impl->if_other;
		else
			impl = choose(impl, cfg);
	}
	if (impl && impl->unix_only && cfg->target != TARGET_UNIX) {
		config_error(impl->file, impl->line, "%s is only available on the unix target%s%s", impl->name,
			     impl->unix_only_hint ? " " : "", impl->unix_only_hint ? impl->unix_only_hint : "");
		return NULL;
	}
	if (impl && impl->xen_missing && cfg->target == TARGET_XEN) {
		config_error(impl->file, impl->line, "%s is not available on xen yet (needs %s)", impl->name,
			     impl->xen_missing);
		return NULL;
	}
	return impl;
}

const struct target_info *target_info(enum config_target target)
{
	static const struct target_info targets[] = {
		[TARGET_UNIX] = { "unix", "kiln", "" },
		[TARGET_XEN] = { "xen", "kiln-xen", ".xen" },
	};

	return &targets[target];
}

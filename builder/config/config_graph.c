/* config_graph.c: walks the implementations of a configuration: their keys, the chosen ones, the order to connect them. */
#include <string.h>

#include "config_internal.h"

#define MAX_KEYS 256
#define MAX_NODES 64

/* Adds k to cfg's keys once; a different key of the same name is an error. */
static void add_key(struct config *cfg, kiln_key *k)
{
	for (size_t i = 0; i < cfg->nkeys; i++) {
		if (cfg->keys[i] == k)
			return;
		if (strcmp(cfg->keys[i]->name, k->name) == 0) {
			config_error(k->file, k->line, "two keys are named '%s' (the other is declared at %s:%d)", k->name,
				     cfg->keys[i]->file, cfg->keys[i]->line);
			return;
		}
	}
	if (cfg->nkeys == MAX_KEYS) {
		config_error(k->file, k->line, "more than %d keys", MAX_KEYS);
		return;
	}
	cfg->keys[cfg->nkeys++] = k;
}

/* Collects the keys of impl and of everything it may stand for or be built on. */
static void collect_keys(struct config *cfg, const kiln_impl *impl, int depth)
{
	if (!impl || depth > 32)
		return;
	if (impl->keys) {
		for (size_t i = 0; i < impl->keys->n; i++)
			add_key(cfg, impl->keys->keys[i]);
	}
	if (impl->choice_key) {
		add_key(cfg, impl->choice_key);
		for (size_t i = 0; impl->choice_key->choices[i]; i++)
			collect_keys(cfg, impl->choices[i], depth + 1);
	}
	collect_keys(cfg, impl->if_xen, depth + 1);
	collect_keys(cfg, impl->if_other, depth + 1);
	collect_keys(cfg, impl->dep, depth + 1);
}

void config_collect_keys(struct config *cfg, kiln_impl *const *job_and_impls)
{
	cfg->keys = config_alloc(MAX_KEYS * sizeof(*cfg->keys));
	cfg->nkeys = 0;
	for (size_t i = 0; job_and_impls[i]; i++)
		collect_keys(cfg, job_and_impls[i], 0);
}

size_t config_node(const struct config *cfg, const kiln_impl *impl)
{
	for (size_t i = 0; i < cfg->nnodes; i++) {
		if (cfg->nodes[i] == impl)
			return i;
	}
	return cfg->nnodes;
}

/* Appends impl to the nodes after what it is built on. Returns 0 or -1 after reporting an error. */
static int add_node(struct config *cfg, const kiln_impl *impl)
{
	if (config_node(cfg, impl) < cfg->nnodes)
		return 0;
	if (impl->dep) {
		const kiln_impl *dep = impl_resolve(impl->dep, cfg);
		if (!dep || add_node(cfg, dep) < 0)
			return -1;
	}
	if (cfg->nnodes == MAX_NODES) {
		config_error(impl->file, impl->line, "more than %d devices", MAX_NODES);
		return -1;
	}
	cfg->nodes[cfg->nnodes++] = impl;
	return 0;
}

int config_resolve_devices(struct config *cfg, kiln_impl *const *impls)
{
	cfg->nodes = config_alloc(MAX_NODES * sizeof(*cfg->nodes));
	for (size_t i = 0; i < cfg->ndevices; i++) {
		cfg->devices[i] = impl_resolve(impls[i], cfg);
		if (!cfg->devices[i] || add_node(cfg, cfg->devices[i]) < 0)
			return -1;
	}
	return 0;
}

size_t config_crunch_number(const struct config *cfg, size_t node)
{
	size_t n = 0;

	for (size_t i = 0; i <= node && i < cfg->nnodes; i++)
		n += cfg->nodes[i]->crunched;
	return n;
}

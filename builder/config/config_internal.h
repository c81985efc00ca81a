/* config_internal.h: the configuration library's objects and the evaluated configuration the generators read. */
#ifndef KILN_CONFIG_INTERNAL_H
#define KILN_CONFIG_INTERNAL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include <kiln/config.h>
#include <kiln/key.h>

#include "../generated.h"

struct kiln_key {
	const char *file;
	int line;
	const char *name;
	enum kiln_key_type type;
	char *default_text; /* as declared in config.c, owned */
	const char *doc;
	const char *value;  /* the configured value: default_text or the command line's */
	bool set;           /* given on the command line */
	bool configure_only; /* chooses implementations at configure time; not a boot argument */
	const char *const *choices; /* the values a configure-only key allows (NULL-terminated), or NULL */
	const char *xen_default;    /* a configure-only key's default on xen, when it differs */
	const char *metavar;        /* what a value looks like in help, when more precise than its type */
	int (*check)(const char *value); /* validates a value beyond its type (0 or -EINVAL), or NULL */
};

struct kiln_key_list {
	kiln_key **keys; /* owned array */
	size_t n;
};

struct kiln_impl {
	kiln_kind kind;
	const char *file;
	int line;
	const char *name;      /* the combinator that made it, e.g. "default_console" */
	const char *connect;   /* the runtime function that connects it */
	const char *path;      /* a file or directory it is made from (block_of_file, the kv_ro stores) */
	/* (jobs: the keys the start function reads; devices: keys whose values connect takes, after
	 * the path or the device it is built on) */
	kiln_impl *dep;        /* the device it is built on (fat: its block), connected first */
	bool crunched;         /* the connect argument is the tree generated from path */
	bool unix_only;
	const char *unix_only_hint; /* said after "only available on the unix target", or NULL */
	const char *xen_missing; /* what the xen target still lacks for it (e.g. "blkfront"), or NULL */
	/* jobs */
	const char *start;
	kiln_kind *args;       /* owned */
	size_t nargs;
	kiln_key_list *keys;
	/* if_xen */
	kiln_impl *if_xen, *if_other;
	/* generic_kv_ro: choices[i] when choice_key's value is choice_key->choices[i] */
	kiln_key *choice_key;
	kiln_impl **choices;
};

enum config_target { TARGET_UNIX, TARGET_XEN };

/* What each target builds with: the pkg-config module of its runtime and the artifact's name. */
struct target_info {
	const char *name;      /* "unix", "xen" */
	const char *pc_module; /* "kiln", "kiln-xen" */
	const char *suffix;    /* of the artifact after the unikernel's name: "", ".xen" */
};
const struct target_info *target_info(enum config_target target);

/* The xen guest's memory when configure is not given --xen-memory: the image is well under 1 MiB
 * and each fiber's stack 256 KiB, so 32 MiB leaves room for the heap, a crunched store of a few
 * MiB and Xen's own page tables, while many guests still fit on a small host. */
#define XEN_MEMORY_DEFAULT_MIB 32

/* The configuration once evaluated for a target: what the generators write out. */
struct config {
	const char *name;
	enum config_target target;
	const kiln_impl *job;
	const kiln_impl **devices; /* the resolved implementation of each argument (config_alloc) */
	size_t ndevices;
	const kiln_impl **nodes;   /* every device to connect, each after the one it is built on (config_alloc) */
	size_t nnodes;
	kiln_key **keys;           /* the job's keys and those of every implementation (config_alloc) */
	size_t nkeys;
	const char *kiln_root;     /* where kiln, its headers and libraries are (from kiln) */
	const char *kiln_bin;
	const char *cc;            /* the compiler kiln.pc names */
	unsigned xen_memory_mib;   /* the xen guest's memory (--xen-memory) */
	const char **generated;    /* the files configure writes, NULL-terminated (config_alloc) */
};

/* What each device kind is in C. */
struct kind_info {
	const char *name;   /* "console" */
	const char *ctype;  /* "struct kiln_console" */
	const char *header; /* "kiln/console.h" */
};
const struct kind_info *kind_info(kiln_kind kind);

/* Reports "file:line: error: ..." on stderr and counts it. */
void config_error(const char *file, int line, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
/* How many errors were reported so far. */
int config_errors(void);

/* Zeroed allocation that ends the program with a message when memory runs out (configure is
 * short-lived). The memory is never freed: it lives, reachable, until the program ends. */
void *config_alloc(size_t size);
char *config_strdup(const char *s);

/* A new implementation made at file:line by the combinator name, connected by the runtime's connect. */
kiln_impl *impl_new(const char *file, int line, kiln_kind kind, const char *name, const char *connect);

/* The implementation impl stands for on cfg's target with cfg's key values (following if_xen
 * and generic choices). NULL after reporting an error (a choice key's value is not allowed). */
const kiln_impl *impl_resolve(const kiln_impl *impl, const struct config *cfg);

/* Gathers into cfg->keys the keys of the job and of every implementation (NULL-terminated list). */
void config_collect_keys(struct config *cfg, kiln_impl *const *job_and_impls);

/* Resolves each device of cfg's job (impls: one per argument) and orders cfg->nodes.
 * Returns 0, or -1 after reporting errors. */
int config_resolve_devices(struct config *cfg, kiln_impl *const *impls);

/* The index in cfg->nodes of a resolved implementation. */
size_t config_node(const struct config *cfg, const kiln_impl *impl);

/* The number N of the crunch store node i (static<N>.c, kiln_static<N>): 1 for the first. */
size_t config_crunch_number(const struct config *cfg, size_t node);

/* Parses the configure command line into cfg->target and the keys' values.
 * Returns 0, 1 when --help was asked for, or -EINVAL after printing the problem. */
int config_parse_args(struct config *cfg, int argc, char **argv);
/* Prints kiln configure's help with cfg's keys. */
void config_print_help(const struct config *cfg);

struct gen_output;

/* The generators: each streams one file's text to out; returns 0 or -errno after printing why. */
int gen_main_c(const struct config *cfg, const struct gen_output *o, FILE *out);
int gen_key_gen_h(const struct config *cfg, const struct gen_output *o, FILE *out);
int gen_start_gen_h(const struct config *cfg, const struct gen_output *o, FILE *out);
int gen_makefile(const struct config *cfg, const struct gen_output *o, FILE *out);
int gen_kiln_json(const struct config *cfg, const struct gen_output *o, FILE *out);
/* static<N>.c for the crunch store at node o->index. */
int gen_static_c(const struct config *cfg, const struct gen_output *o, FILE *out);
/* <name>.xl (o->index 0) or <name>.xl.in (o->index 1) for the xen target. */
int gen_xl(const struct config *cfg, const struct gen_output *o, FILE *out);

/* Writes C source for the string literal of s (quotes included). */
void gen_c_string(FILE *out, const char *s);

/* Writes s inside a C comment, breaking up any end-of-comment in it. */
void gen_comment_text(FILE *out, const char *s);

/* Whether the key goes to the unikernel (a boot argument) rather than only to configure. */
static inline bool key_at_boot(const kiln_key *k)
{
	return !k->configure_only;
}

#endif

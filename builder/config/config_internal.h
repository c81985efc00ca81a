/* config_internal.h: the configuration library's objects and the evaluated configuration the generators read. */
#ifndef KILN_CONFIG_INTERNAL_H
#define KILN_CONFIG_INTERNAL_H

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
	/* jobs */
	const char *start;
	kiln_kind *args;       /* owned */
	size_t nargs;
	kiln_key_list *keys;
	/* if_xen */
	kiln_impl *if_xen, *if_other;
};

enum config_target { TARGET_UNIX, TARGET_XEN };

/* The configuration once evaluated for a target: what the generators write out. */
struct config {
	const char *name;
	enum config_target target;
	const kiln_impl *job;
	const kiln_impl **devices; /* the resolved implementation of each argument (config_alloc) */
	size_t ndevices;
	kiln_key **keys;           /* every key of the job, owned array */
	size_t nkeys;
	const char *kiln_root;     /* where kiln, its headers and libraries are (from kiln) */
	const char *kiln_bin;
	const char *cc;            /* the compiler kiln.pc names */
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

/* The implementation impl stands for on target (following if_xen). */
const kiln_impl *impl_resolve(const kiln_impl *impl, enum config_target target);

const char *target_name(enum config_target target);

/* Parses the configure command line into cfg->target and the keys' values.
 * Returns 0, 1 when --help was asked for, or -EINVAL after printing the problem. */
int config_parse_args(struct config *cfg, int argc, char **argv);
/* Prints kiln configure's help with cfg's keys. */
void config_print_help(const struct config *cfg);

/* The generators: each writes one file's text to out. */
void gen_main_c(const struct config *cfg, FILE *out);
void gen_key_gen_h(const struct config *cfg, FILE *out);
void gen_start_gen_h(const struct config *cfg, FILE *out);
void gen_makefile(const struct config *cfg, FILE *out);
/* kiln.json lists files: the generated ones (their names, NULL-terminated). */
int gen_kiln_json(const struct config *cfg, const char *const *files, FILE *out);

/* Writes C source for the string literal of s (quotes included). */
void gen_c_string(FILE *out, const char *s);

#endif

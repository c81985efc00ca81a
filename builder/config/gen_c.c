/* gen_c.c: generates the unikernel's C glue: main.c, key_gen.h and start_gen.h. */
#include <stdio.h>
#include <string.h>

#include "config_internal.h"

void gen_c_string(FILE *out, const char *s)
{
	fputc('"', out);
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;
		if (c == '"' || c == '\\')
			fprintf(out, "\\%c", c);
		else if (c == '\n')
			fputs("\\n", out);
		else if (c < 0x20 || c == 0x7f || c == '?') /* '?' too: no trigraphs */
			fprintf(out, "\\%03o", c);
		else
			fputc(c, out);
	}
	fputc('"', out);
}

void gen_comment_text(FILE *out, const char *s)
{
	for (; *s; s++) {
		fputc(*s == '\n' ? ' ' : *s, out);
		if (s[0] == '*' && s[1] == '/')
			fputc(' ', out);
	}
}

/* The accessor's C name: key_gen_ and the key's name with '-' as '_'. */
static void key_accessor(FILE *out, const kiln_key *k)
{
	fputs("key_gen_", out);
	for (const char *p = k->name; *p; p++)
		fputc(*p == '-' ? '_' : *p, out);
}

static const char *key_ctype(enum kiln_key_type type)
{
	switch (type) {
	case KILN_KEY_INT:
		return "int64_t ";
	case KILN_KEY_BOOL:
		return "bool ";
	case KILN_KEY_STRING:
		break;
	}
	return "const char *";
}

static const char *key_field(enum kiln_key_type type)
{
	return type == KILN_KEY_INT ? "i" : type == KILN_KEY_BOOL ? "b" : "s";
}

/* Calls fn(cfg, k, index among the boot keys, out) for each key the unikernel gets at boot. */
static void each_boot_key(const struct config *cfg, FILE *out,
			  void (*fn)(const struct config *cfg, const kiln_key *k, size_t i, FILE *out))
{
	size_t n = 0;

	for (size_t i = 0; i < cfg->nkeys; i++) {
		if (key_at_boot(cfg->keys[i]))
			fn(cfg, cfg->keys[i], n++, out);
	}
}

static size_t boot_keys(const struct config *cfg)
{
	size_t n = 0;

	for (size_t i = 0; i < cfg->nkeys; i++)
		n += key_at_boot(cfg->keys[i]);
	return n;
}

static void key_declaration(const struct config *cfg, const kiln_key *k, size_t i, FILE *out)
{
	(void)cfg;
	(void)i;
	fprintf(out, "\n/* --%s: ", k->name);
	gen_comment_text(out, k->doc);
	fprintf(out, " (%s, default: ", kiln_key_type_name(k->type));
	gen_comment_text(out, k->value);
	fprintf(out, ") */\n%s", key_ctype(k->type));
	key_accessor(out, k);
	fputs("(void);\n", out);
}

int gen_key_gen_h(const struct config *cfg, const struct gen_output *o, FILE *out)
{
	(void)o;
	fprintf(out, "/* key_gen.h: %s for %s: its keys, with the values given at boot. */\n"
		     "#ifndef KEY_GEN_H\n#define KEY_GEN_H\n\n#include <stdbool.h>\n#include <stdint.h>\n",
		GENERATED_MARKER, cfg->name);
	each_boot_key(cfg, out, key_declaration);
	fputs("\n#endif\n", out);
	return 0;
}

/* Includes the header of each kind the list uses, once. */
static void include_kinds(FILE *out, const kiln_impl *const *impls, size_t n, const kiln_kind *kinds)
{
	bool seen[KILN_KIND_END_] = { false };

	for (size_t i = 0; i < n; i++) {
		kiln_kind k = impls ? impls[i]->kind : kinds[i];
		if (!seen[k])
			fprintf(out, "#include <%s>\n", kind_info(k)->header);
		seen[k] = true;
	}
}

int gen_start_gen_h(const struct config *cfg, const struct gen_output *o, FILE *out)
{
	const kiln_impl *job = cfg->job;

	(void)o;
	fprintf(out, "/* start_gen.h: %s for %s: the prototype its start function must have. */\n"
		     "#ifndef START_GEN_H\n#define START_GEN_H\n\n", GENERATED_MARKER, cfg->name);
	include_kinds(out, NULL, job->nargs, job->args);
	fprintf(out, "\n#include \"key_gen.h\"\n\n"
		     "/* Returns 0, or a negative errno when the unikernel failed. */\nint %s(", job->start);
	for (size_t i = 0; i < job->nargs; i++)
		fprintf(out, "%s%s *", i ? ", " : "", kind_info(job->args[i])->ctype);
	fprintf(out, "%s);\n\n#endif\n", job->nargs ? "" : "void");
	return 0;
}

static void key_slot(const struct config *cfg, const kiln_key *k, size_t i, FILE *out)
{
	(void)cfg;
	(void)i;
	fputs("\t{ ", out);
	gen_c_string(out, k->name);
	fprintf(out, ", KILN_KEY_%s, ", k->type == KILN_KEY_INT ? "INT" : k->type == KILN_KEY_BOOL ? "BOOL" : "STRING");
	gen_c_string(out, k->value);
	fputs(", ", out);
	gen_c_string(out, k->doc);
	fputs(", { 0 } },\n", out);
}

static void key_definition(const struct config *cfg, const kiln_key *k, size_t i, FILE *out)
{
	(void)cfg;
	fprintf(out, "\n%s", key_ctype(k->type));
	key_accessor(out, k);
	fprintf(out, "(void)\n{\n\treturn keys[%zu].value.%s;\n}\n", i, key_field(k->type));
}

static void gen_key_table(const struct config *cfg, FILE *out)
{
	if (boot_keys(cfg) == 0)
		return;
	fputs("static struct kiln_key_slot keys[] = {\n", out);
	each_boot_key(cfg, out, key_slot);
	fputs("};\n", out);
	each_boot_key(cfg, out, key_definition);
}

/* The variable holding node i's device handle. */
static void node_var(FILE *out, const struct config *cfg, size_t i)
{
	fprintf(out, "%s%zu", kind_info(cfg->nodes[i]->kind)->name, i);
}

/* The call that connects node i: its handle, then its path, generated tree or underlying device,
 * then the values of its keys. */
static void gen_connect(const struct config *cfg, size_t i, FILE *out)
{
	const kiln_impl *d = cfg->nodes[i];

	fprintf(out, "\trc = %s(&", d->connect);
	node_var(out, cfg, i);
	if (d->crunched) {
		fprintf(out, ", &kiln_static%zu", config_crunch_number(cfg, i));
	} else if (d->dep) {
		fputs(", ", out);
		node_var(out, cfg, config_node(cfg, impl_resolve(d->dep, cfg)));
	} else if (d->path) {
		fputs(", ", out);
		gen_c_string(out, d->path);
	}
	for (size_t k = 0; d->keys && k < d->keys->n; k++) {
		fputs(", ", out);
		key_accessor(out, d->keys->keys[k]);
		fputs("()", out);
	}
	fputs(");\n\tif (rc < 0)\n\t\treturn kiln_boot_device_error(", out);
	if (d->path) {
		char what[512];
		snprintf(what, sizeof(what), "%s(%s)", d->name, d->path);
		gen_c_string(out, what);
	} else {
		gen_c_string(out, d->name);
	}
	fputs(", rc);\n", out);
}

static void gen_start(const struct config *cfg, FILE *out)
{
	fputs("\nstatic int start(void)\n{\n", out);
	for (size_t i = 0; i < cfg->nnodes; i++) {
		fprintf(out, "\t%s *", kind_info(cfg->nodes[i]->kind)->ctype);
		node_var(out, cfg, i);
		fputs(";\n", out);
	}
	if (cfg->nnodes)
		fputs("\tint rc;\n\n", out);
	for (size_t i = 0; i < cfg->nnodes; i++)
		gen_connect(cfg, i, out);
	fprintf(out, "\treturn %s(", cfg->job->start);
	for (size_t i = 0; i < cfg->ndevices; i++) {
		fputs(i ? ", " : "", out);
		node_var(out, cfg, config_node(cfg, cfg->devices[i]));
	}
	fputs(");\n}\n", out);
}

int gen_main_c(const struct config *cfg, const struct gen_output *o, FILE *out)
{
	size_t crunched = config_crunch_number(cfg, cfg->nnodes);

	(void)o;
	fprintf(out, "/* main.c: %s -t %s for %s: boots the runtime, connects the devices, calls %s. */\n"
		     "#include <stddef.h>\n\n#include <kiln/runtime.h>\n%s",
		GENERATED_MARKER, target_info(cfg->target)->name, cfg->name, cfg->job->start,
		crunched ? "#include <kiln/crunch.h>\n" : "");
	include_kinds(out, cfg->nodes, cfg->nnodes, NULL);
	fputs("\n#include \"start_gen.h\"\n\n", out);
	for (size_t n = 1; n <= crunched; n++)
		fprintf(out, "extern const struct kiln_crunch_tree kiln_static%zu; /* static%zu.c */\n%s", n, n,
			n == crunched ? "\n" : "");
	gen_key_table(cfg, out);
	gen_start(cfg, out);
	fputs("\nint main(int argc, char **argv)\n{\n\tstatic const struct kiln_boot boot = {\n\t\t", out);
	gen_c_string(out, cfg->name);
	fprintf(out, ", %s, %zu, start,\n\t};\n\n\treturn kiln_main(argc, argv, &boot);\n}\n",
		boot_keys(cfg) ? "keys" : "NULL", boot_keys(cfg));
	return 0;
}

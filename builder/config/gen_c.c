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

/* Writes s inside a C comment, breaking up any end-of-comment in it. */
static void gen_comment_text(FILE *out, const char *s)
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

void gen_key_gen_h(const struct config *cfg, FILE *out)
{
	fprintf(out, "/* key_gen.h: %s for %s: its keys, with the values given at boot. */\n"
		     "#ifndef KEY_GEN_H\n#define KEY_GEN_H\n\n#include <stdbool.h>\n#include <stdint.h>\n",
		GENERATED_MARKER, cfg->name);
	for (size_t i = 0; i < cfg->nkeys; i++) {
		const kiln_key *k = cfg->keys[i];
		fprintf(out, "\n/* --%s: ", k->name);
		gen_comment_text(out, k->doc);
		fprintf(out, " (%s, default: ", kiln_key_type_name(k->type));
		gen_comment_text(out, k->value);
		fprintf(out, ") */\n%s", key_ctype(k->type));
		key_accessor(out, k);
		fputs("(void);\n", out);
	}
	fputs("\n#endif\n", out);
}

void gen_start_gen_h(const struct config *cfg, FILE *out)
{
	const kiln_impl *job = cfg->job;

	fprintf(out, "/* start_gen.h: %s for %s: the prototype its start function must have. */\n"
		     "#ifndef START_GEN_H\n#define START_GEN_H\n\n", GENERATED_MARKER, cfg->name);
	for (size_t i = 0; i < job->nargs; i++) {
		bool seen = false;
		for (size_t j = 0; j < i; j++)
			seen |= job->args[j] == job->args[i];
		if (!seen)
			fprintf(out, "#include <%s>\n", kind_info(job->args[i])->header);
	}
	fprintf(out, "\n#include \"key_gen.h\"\n\n"
		     "/* Returns 0, or a negative errno when the unikernel failed. */\nint %s(", job->start);
	for (size_t i = 0; i < job->nargs; i++)
		fprintf(out, "%s%s *", i ? ", " : "", kind_info(job->args[i])->ctype);
	fprintf(out, "%s);\n\n#endif\n", job->nargs ? "" : "void");
}

static void gen_key_table(const struct config *cfg, FILE *out)
{
	if (cfg->nkeys == 0)
		return;
	fputs("static struct kiln_key_slot keys[] = {\n", out);
	for (size_t i = 0; i < cfg->nkeys; i++) {
		const kiln_key *k = cfg->keys[i];
		fputs("\t{ ", out);
		gen_c_string(out, k->name);
		fprintf(out, ", KILN_KEY_%s, ", k->type == KILN_KEY_INT ? "INT" : k->type == KILN_KEY_BOOL ? "BOOL" : "STRING");
		gen_c_string(out, k->value);
		fputs(", ", out);
		gen_c_string(out, k->doc);
		fputs(", { 0 } },\n", out);
	}
	fputs("};\n", out);
	for (size_t i = 0; i < cfg->nkeys; i++) {
		const kiln_key *k = cfg->keys[i];
		fprintf(out, "\n%s", key_ctype(k->type));
		key_accessor(out, k);
		fprintf(out, "(void)\n{\n\treturn keys[%zu].value.%s;\n}\n", i, key_field(k->type));
	}
}

/* The device variable of argument i: its kind's name and the index of the first argument with that implementation. */
static size_t device_slot(const struct config *cfg, size_t i)
{
	for (size_t j = 0; j < i; j++) {
		if (cfg->devices[j] == cfg->devices[i])
			return j;
	}
	return i;
}

static void gen_start(const struct config *cfg, FILE *out)
{
	const kiln_impl *job = cfg->job;

	fputs("\nstatic int start(void)\n{\n", out);
	for (size_t i = 0; i < cfg->ndevices; i++) {
		if (device_slot(cfg, i) == i)
			fprintf(out, "\t%s *%s%zu;\n", kind_info(job->args[i])->ctype, kind_info(job->args[i])->name, i);
	}
	if (cfg->ndevices)
		fputs("\tint rc;\n\n", out);
	for (size_t i = 0; i < cfg->ndevices; i++) {
		const kiln_impl *d = cfg->devices[i];
		if (device_slot(cfg, i) != i)
			continue;
		fprintf(out, "\trc = %s(&%s%zu);\n\tif (rc < 0)\n\t\treturn kiln_boot_device_error(",
			d->connect, kind_info(d->kind)->name, i);
		gen_c_string(out, d->name);
		fputs(", rc);\n", out);
	}
	fprintf(out, "\treturn %s(", job->start);
	for (size_t i = 0; i < cfg->ndevices; i++) {
		size_t slot = device_slot(cfg, i);
		fprintf(out, "%s%s%zu", i ? ", " : "", kind_info(job->args[slot])->name, slot);
	}
	fputs(");\n}\n", out);
}

void gen_main_c(const struct config *cfg, FILE *out)
{
	fprintf(out, "/* main.c: %s -t %s for %s: boots the runtime, connects the devices, calls %s. */\n"
		     "#include <stddef.h>\n\n#include <kiln/runtime.h>\n\n#include \"start_gen.h\"\n\n",
		GENERATED_MARKER, target_name(cfg->target), cfg->name, cfg->job->start);
	gen_key_table(cfg, out);
	gen_start(cfg, out);
	fputs("\nint main(int argc, char **argv)\n{\n\tstatic const struct kiln_boot boot = {\n\t\t", out);
	gen_c_string(out, cfg->name);
	fprintf(out, ", %s, %zu, start,\n\t};\n\n\treturn kiln_main(argc, argv, &boot);\n}\n",
		cfg->nkeys ? "keys" : "NULL", cfg->nkeys);
}

/* gen_makefile.c: generates the unikernel's Makefile (targets all, depend, clean) for its target. */
#include <stdio.h>

#include "config_internal.h"

/* Writes s for the right-hand side of a make assignment ("$" doubled). */
static void make_text(FILE *out, const char *s)
{
	for (; *s; s++) {
		if (*s == '$')
			fputc('$', out);
		fputc(*s, out);
	}
}

int gen_makefile(const struct config *cfg, const struct gen_output *o, FILE *out)
{
	const struct target_info *t = target_info(cfg->target);

	(void)o;
	fprintf(out, "# Makefile: %s -t %s for %s; configure again rather than edit it.\n\n",
		GENERATED_MARKER, t->name, cfg->name);
	fputs("NAME := ", out);
	make_text(out, cfg->name);
	fprintf(out, "\nARTIFACT := $(NAME)%s\nKILN := ", t->suffix);
	make_text(out, cfg->kiln_bin);
	fprintf(out, "\n# The runtime's flags come from the %s.pc of the kiln that configured this folder.\n"
		"KILN_PC_MODULE := %s\nKILN_PC_PATH := ", t->pc_module, t->pc_module);
	make_text(out, cfg->kiln_root);
	fputs("/lib/pkgconfig\n", out);
	fputs("PKG_CONFIG ?= pkg-config\n"
	      "KILN_PC = PKG_CONFIG_PATH=\"$(KILN_PC_PATH)\" $(PKG_CONFIG)\n"
	      "ifeq ($(origin CC),default)\n"
	      "CC := $(shell $(KILN_PC) --variable=cc $(KILN_PC_MODULE))\n"
	      "endif\n"
	      "CFLAGS ?= -O2 -g\n"
	      "KILN_CFLAGS := $(shell $(KILN_PC) --cflags $(KILN_PC_MODULE))\n"
	      "KILN_LIBS := $(shell $(KILN_PC) --libs --static $(KILN_PC_MODULE))\n"
	      "# Relink when the kiln library itself was rebuilt or reinstalled.\n"
	      "KILN_LIBDIR := $(shell $(KILN_PC) --variable=libdir $(KILN_PC_MODULE))\n"
	      "KILN_LIB_DEPS := $(wildcard $(patsubst -l%,$(KILN_LIBDIR)/lib%.a,$(filter -lkiln%,$(KILN_LIBS))))\n"
	      "# Every C file here but config.c is part of the unikernel; start_gen.h is forced on each, so a\n"
	      "# start function whose type does not match the declared devices fails to compile.\n"
	      "SRCS := $(filter-out config.c,$(wildcard *.c))\n"
	      "OBJS := $(SRCS:%.c=_build/%.o)\n\n"
	      ".PHONY: all depend clean\n"
	      "all: $(ARTIFACT)\n\n"
	      "$(ARTIFACT): $(OBJS) $(KILN_LIB_DEPS)\n"
	      "\t$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $(OBJS) $(KILN_LIBS)\n\n"
	      "_build/%.o: %.c start_gen.h key_gen.h Makefile\n"
	      "\t@mkdir -p _build\n"
	      "\t$(CC) -std=c11 -Wall -Wextra $(KILN_CFLAGS) $(CFLAGS) -include start_gen.h -MMD -MP -c $< -o $@\n\n"
	      "depend:\n"
	      "\t@\"$(KILN)\" depend\n\n"
	      "clean:\n"
	      "\trm -f $(ARTIFACT) $(OBJS) $(OBJS:.o=.d)\n\n"
	      "-include $(OBJS:.o=.d)\n", out);
	return 0;
}

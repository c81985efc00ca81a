/* gen_file.h: writing generated files all-or-nothing, never over a file kiln did not generate. */
#ifndef KILN_GEN_FILE_H
#define KILN_GEN_FILE_H

#include <stddef.h>
#include <stdio.h>

struct config;

/* A file to generate: write streams its text to out and returns 0 or -errno (after printing why). */
struct gen_output {
	char path[64];
	int (*write)(const struct config *cfg, const struct gen_output *o, FILE *out);
	size_t index; /* which one, for writers that make several files (the crunch stores) */
};

/*
 * Writes every output to a temporary name, then renames them all into place: on any
 * failure nothing is replaced. Before writing anything it checks that no existing file
 * of those names lacks the generated-by-kiln marker. Returns 0 or -errno, after printing why.
 */
int gen_write_all(const struct config *cfg, const struct gen_output *outs, size_t n);

#endif

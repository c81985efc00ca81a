/* gen_file.h: writing generated files all-or-nothing, never over a file kiln did not generate. */
#ifndef KILN_GEN_FILE_H
#define KILN_GEN_FILE_H

#include <stddef.h>

struct gen_output {
	const char *path;
	char *text; /* owned; filled by an open_memstream generator */
	size_t len;
};

/*
 * Writes every output (to a temporary name, then renamed into place). Before
 * writing anything it checks that no existing file of those names lacks the
 * generated-by-kiln marker in its first lines. Returns 0 or -errno, after printing why.
 */
int gen_write_all(const struct gen_output *outs, size_t n);

#endif

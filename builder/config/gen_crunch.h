/* gen_crunch.h: turns a directory into C source for the crunch store, streaming file contents. */
#ifndef KILN_GEN_CRUNCH_H
#define KILN_GEN_CRUNCH_H

#include <stdio.h>

/*
 * Writes C source for the file named file to out, defining `const struct kiln_crunch_tree <symbol>` with every file
 * and directory under dir (symbolic links are followed only when they stay inside dir;
 * others are refused). Entries are sorted by path with strcmp, so the same tree always
 * gives the same bytes. File contents are streamed, never held whole in memory.
 * Returns 0 or -errno after printing what failed (naming the file).
 */
int gen_crunch(const char *dir, const char *file, const char *symbol, FILE *out);

#endif

/* kiln_root.h: where this kiln's headers, libraries and kiln.pc are (an install prefix or the build tree). */
#ifndef KILN_ROOT_H
#define KILN_ROOT_H

/* The running kiln's own path and its root (the folder above bin/). */
struct kiln_root {
	char bin[4096];
	char root[4096];
	char pkg_config_path[4200]; /* "PKG_CONFIG_PATH=<root>/lib/pkgconfig" */
};

/* Finds the root from /proc/self/exe and checks it holds kiln.pc. Returns 0 or -errno after printing why. */
int kiln_root_find(struct kiln_root *r);

/* Asks pkg-config for args (e.g. "--cflags", "kiln") against this root; *out is owned by the caller. */
int kiln_root_pkg_config(const struct kiln_root *r, char *const args[], char **out);

#endif

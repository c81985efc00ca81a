/* xl_config.h: writes a xen guest's xl configuration: <name>.xl for the build host, <name>.xl.in for any host. */
#ifndef KILN_XL_CONFIG_H
#define KILN_XL_CONFIG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

/* A boot key given at configure time: --name=value in extra. */
struct xl_arg {
	const char *name;
	const char *value;
};

/* What the xl files describe. The caller owns every string and array; xl_write only reads them. */
struct xl_spec {
	const char *name;            /* the unikernel's name */
	const char *dir;             /* the absolute path of its folder, where <name>.xen is built */
	unsigned memory_mib;
	const char *const *disks;    /* the block devices' files as config.c names them, in order: xvda, xvdb, … */
	size_t ndisks;
	const char *const *networks; /* the network devices' names, in order: a vif each */
	size_t nnetworks;
	const struct xl_arg *args;   /* the boot keys for extra, in order */
	size_t nargs;
	const char *sysfs_net_root;  /* where the build host's bridge is looked for (/sys/class/net) */
};

/*
 * Writes the .xl (placeholders false: this host's values; the bridge is detected when there are
 * networks) or the .xl.in (placeholders true: @NAME@ @KERNEL@ @MEMORY@ @BLOCK:<file>@
 * @NETWORK:<name>@ in place of the host's values). Strings are quoted for xl's parser, and each
 * boot value in extra for the guest's shell-like splitting of its command line, so any value
 * reaches the unikernel as it was given.
 */
void xl_write(const struct xl_spec *spec, bool placeholders, FILE *out);

/* Writes VALUE as one word of the guest's command line, which the guest splits as a shell splits
 * words: bare when it has no blank, quote or backslash, else in double quotes with " and \ escaped.
 * XL_QUOTED: for the inside of an xl string (xl's own quoting on top). */
void xl_guest_word(FILE *out, const char *value, bool xl_quoted);

#endif

/* cmdline.h: the boot command line split into argv, as a shell would split it. */
#ifndef KILN_XEN_CMDLINE_H
#define KILN_XEN_CMDLINE_H

/*
 * Splits cmdline at blanks into *argv (argv0 first, NULL last) and *argc. Single quotes
 * keep everything up to the next one; double quotes keep blanks, and a backslash keeps the
 * next character (outside single quotes). *argv is one malloc'd block, never freed: it
 * lives as long as the unikernel. Returns 0, -ENOMEM or -EINVAL (an unclosed quote).
 */
int kiln_xen_cmdline_split(const char *cmdline, const char *argv0, int *argc, char ***argv);

#endif

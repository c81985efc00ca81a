/* runtime.h: the unikernel's boot: command line, keys, logging, the main fiber and the exit status. */
#ifndef KILN_RUNTIME_H
#define KILN_RUNTIME_H

#include <stddef.h>

#include <kiln/key.h>

/* What a generated main.c tells the runtime about its unikernel. */
struct kiln_boot {
	const char *name;            /* the unikernel's name, for --help and errors */
	struct kiln_key_slot *keys;  /* the unikernel's keys, parsed from the command line */
	size_t nkeys;
	int (*start)(void);          /* connects the devices and calls the start function */
};

/*
 * Parses the boot arguments (--KEY=VALUE or --KEY VALUE, --logs=SPEC, --help),
 * runs boot->start in the fiber "main" and every fiber it spawns until all have
 * ended, and returns the process exit status: 0 on success, 1 when the start
 * function failed or fibers were left blocked forever, 2 for bad arguments.
 */
int kiln_main(int argc, char **argv, const struct kiln_boot *boot);

/* Reports that the device impl could not be connected (err is a negative errno)
 * and returns err, for the generated start code. */
int kiln_boot_device_error(const char *impl, int err);

#endif

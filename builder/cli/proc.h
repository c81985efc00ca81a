/* proc.h: running child processes: wait for their status, or capture what they print. */
#ifndef KILN_PROC_H
#define KILN_PROC_H

#include <stddef.h>

/*
 * Runs argv[0] (searched in PATH) with argv, in the current directory, with the
 * NULL-terminated "NAME=value" strings of env added to the environment (env may be NULL).
 * Returns its exit status (0-255; 128+N when killed by signal N), or -errno when
 * it could not be started (-ENOENT: no such program).
 */
int proc_run(char *const argv[], char *const env[]);

/*
 * Like proc_run, and stores what the child wrote to stdout in *out (NUL-terminated,
 * trailing newlines removed; the caller frees it). stderr is left as it is.
 */
int proc_capture(char *const argv[], char *const env[], char **out);

/* Like proc_capture, with the child's stderr discarded: for queries whose failures kiln words itself. */
int proc_capture_quiet(char *const argv[], char *const env[], char **out);

/* Replaces the current process with argv (PATH searched). Returns -errno on failure. */
int proc_exec(char *const argv[]);

#endif

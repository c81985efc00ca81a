/* sandbox.h: runs a build command under bubblewrap: no network, a read-only system, limits, a timeout, a capped log. */
#ifndef KILN_SANDBOX_H
#define KILN_SANDBOX_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/resource.h>

/* The limits of one run; a zero rlimit leaves that limit as it is. */
struct sandbox_limits {
	unsigned int timeout_s;	/* wall clock (0: none), then SIGTERM to the process group, SIGKILL 2 s later */
	rlim_t cpu_s;		/* RLIMIT_CPU */
	rlim_t as_bytes;	/* RLIMIT_AS (leave 0 for AddressSanitizer builds, which reserve terabytes) */
	rlim_t nproc;		/* RLIMIT_NPROC (counted per user; root is exempt) */
	rlim_t fsize_bytes;	/* RLIMIT_FSIZE */
	size_t log_cap;		/* bytes of output kept in the log; the rest is dropped after a marker */
};

struct sandbox_result {
	int status;		/* exit status, 128+N when killed by signal N */
	bool timed_out;
	bool log_capped;
};

/*
 * Runs argv (PATH searched inside the sandbox) under bwrap in dir, the only writable folder, with
 * stdout and stderr written to log_fd (which stays the caller's). tools (may be NULL) is a folder bound
 * read-only again after the private /tmp, for a kiln root that lives under /tmp. Returns 0 with *res
 * filled when the command ran (whatever its status), or -errno when it could not be started.
 */
int sandbox_run(const char *dir, const char *tools, char *const argv[], const struct sandbox_limits *lim,
		int log_fd, struct sandbox_result *res);

#endif

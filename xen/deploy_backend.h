/* deploy_backend.h: the one interface every deployment backend implements (unix processes, xen domains). */
#ifndef KILN_DEPLOY_BACKEND_H
#define KILN_DEPLOY_BACKEND_H

#include <stdbool.h>
#include <stddef.h>

/* A deployment's actual state, as the API shows it. */
enum deploy_state { DEPLOY_STARTING, DEPLOY_RUNNING, DEPLOY_STOPPED, DEPLOY_EXITED, DEPLOY_FAILED };

/* "starting", "running", "stopped", "exited" or "failed". */
const char *deploy_state_name(enum deploy_state state);
/* Sets *state from its name. Returns 0 or -EINVAL. */
int deploy_state_parse(const char *name, enum deploy_state *state);

/* A boot key, given to the unikernel as --name=value. */
struct deploy_key {
	const char *name;
	const char *value;
};

/* A file or folder a device needs in the run folder, at PATH (relative, as config.c names it). */
struct deploy_file {
	const char *path;
	const char *source; /* what to copy there (a build artifact), or NULL */
	bool dir;	    /* a kv_ro folder: made empty when there is no source */
};

/* What to run. The caller owns every string and array; backends only read them. */
struct deploy_spec {
	long id;
	const char *home;  /* $KILN_HOME: the run folder is deployments/<id>/, the log logs/deploy-<id>.log */
	const char *name;  /* the unikernel's name (kiln.json "name") */
	const char *image; /* the binary (unix) or the kernel, <name>.xen (xen) */
	const char *xl;    /* xen: the build's <name>.xl; unused by unix */
	const struct deploy_key *keys;
	size_t nkeys;
	const struct deploy_file *files;
	size_t nfiles;
};

/* What a backend records, in the database, to find its deployment again after a restart. */
struct deploy_handle {
	long pid;			/* unix: the unikernel's pid; xen: the domain id */
	unsigned long long pid_start;	/* unix: its start time (/proc/<pid>/stat field 22), against pid reuse */
	long shim;			/* unix: the supervising process that logs its output and records its exit */
	unsigned long long shim_start;
};

/* What poll saw. */
struct deploy_status {
	bool running;	  /* still running; else it ended, as follows */
	int exit_code;	  /* its exit status (128+N when killed by signal N), or -1 when it cannot be known */
	char reason[256]; /* how it ended, in words ("" while running) */
	bool reboot;	  /* it ended asking to be started again (a Xen guest's reboot): not a failure */
};

/*
 * The ops table. Every operation is short and never waits for the deployment: start returns once it
 * runs (or failed to), stop only asks (the caller escalates to force after its grace period), poll
 * only looks. Error messages go to ERR (N bytes) in plain words; functions return 0 or a negative errno.
 */
struct kiln_deploy_backend {
	const char *name;
	/* Whether this host can run this backend's deployments; when not, REASON says why. */
	bool (*available)(char *reason, size_t n);
	/* Prepares the run folder and starts SPEC; fills *h. */
	int (*start)(const struct deploy_spec *spec, struct deploy_handle *h, char *err, size_t n);
	/* Asks the deployment to stop (a graceful shutdown), or with FORCE ends it at once. */
	int (*stop)(const struct deploy_spec *spec, const struct deploy_handle *h, bool force, char *err, size_t n);
	/* Whether it still runs, and if not how it ended (reaping what needs reaping). */
	int (*poll)(const struct deploy_spec *spec, struct deploy_handle *h, struct deploy_status *st, char *err,
		    size_t n);
	/* After a restart of the service: whether *h still designates this deployment (not a reused pid or
	 * domain id), then as poll. */
	int (*reattach)(const struct deploy_spec *spec, struct deploy_handle *h, struct deploy_status *st, char *err,
			size_t n);
	/* The file its console output goes to (written while the service is down too). */
	int (*console_path)(const struct deploy_spec *spec, char *path, size_t n);
	/* Ends it at once if it runs, and removes its run folder (the log stays for the caller to remove). */
	int (*destroy)(const struct deploy_spec *spec, const struct deploy_handle *h, char *err, size_t n);
};

extern const struct kiln_deploy_backend deploy_backend_unix;
extern const struct kiln_deploy_backend deploy_backend_xen;

/* The backend called NAME ("unix", "xen"), or NULL. */
const struct kiln_deploy_backend *deploy_backend_find(const char *name);
/* Every backend, NULL-terminated. */
extern const struct kiln_deploy_backend *const deploy_backends[];

#endif

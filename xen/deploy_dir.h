/* deploy_dir.h: a deployment's files under $KILN_HOME: its run folder, its device files, its console log. */
#ifndef KILN_DEPLOY_DIR_H
#define KILN_DEPLOY_DIR_H

#include <stddef.h>

#include "deploy_backend.h"

/* HOME/deployments/<id>, into PATH (N bytes). Returns 0 or -ENAMETOOLONG. */
int deploy_dir_path(const struct deploy_spec *spec, char *path, size_t n);
/* HOME/deployments/<id>/FILE. Returns 0 or -ENAMETOOLONG. */
int deploy_dir_file(const struct deploy_spec *spec, const char *file, char *path, size_t n);
/* HOME/logs/deploy-<id>.log. Returns 0 or -ENAMETOOLONG. */
int deploy_log_path(const struct deploy_spec *spec, char *path, size_t n);

/*
 * Makes the run folder (and HOME/logs) with what the unikernel needs: its image under its name
 * (hard-linked when executable, else copied executable) and each device file: copied from its
 * source (block files are written to, so never linked to a read-only artifact), or an empty folder
 * for a kv_ro folder without one. A block file without a source is an error. What a previous run
 * left (block files written to) is kept. Returns 0 or a negative errno with ERR set.
 */
int deploy_dir_prepare(const struct deploy_spec *spec, char *err, size_t n);
/* Removes the run folder and everything in it. Returns 0 (also when it was not there) or a negative errno. */
int deploy_dir_remove(const struct deploy_spec *spec);

#endif

/* xl_domain.h: a xen deployment's libxl domain configuration, from its build's .xl (read by libxlutil). */
#ifndef KILN_XL_DOMAIN_H
#define KILN_XL_DOMAIN_H

#include <stddef.h>

#include <libxl.h>

#include "deploy_backend.h"

/* The domain name of deployment SPEC: "<name>-<id>", unique on the host. Returns 0 or -ENAMETOOLONG. */
int xl_domain_name(const struct deploy_spec *spec, char *name, size_t n);

/*
 * Fills CFG (initialised by the caller with libxl_domain_config_init, disposed by it) from SPEC's
 * .xl: type, memory, disks and vifs as the build wrote them, with the deployment's own values on
 * top: the domain name, the kernel and disk files in the run folder RUN, the build's boot keys then
 * the deployment's on the command line (the guest keeps the last value of a key), and
 * on_poweroff/on_crash 'preserve' so that the monitor reads how the domain ended before it
 * destroys it. Returns 0 or a negative errno with ERR set.
 */
int xl_domain_config(const struct deploy_spec *spec, const char *run, libxl_domain_config *cfg, char *err, size_t n);

#endif

/* deploy_backend.c: the list of deployment backends and the names of deployment states. */
#include <errno.h>
#include <string.h>

#include "deploy_backend.h"

static const char *const state_names[] = {
	[DEPLOY_STARTING] = "starting", [DEPLOY_RUNNING] = "running", [DEPLOY_STOPPED] = "stopped",
	[DEPLOY_EXITED] = "exited",	[DEPLOY_FAILED] = "failed",
};

const char *deploy_state_name(enum deploy_state state)
{
	return state_names[state];
}

int deploy_state_parse(const char *name, enum deploy_state *state)
{
	for (size_t i = 0; i < sizeof(state_names) / sizeof(state_names[0]); i++) {
		if (strcmp(name, state_names[i]) == 0) {
			*state = (enum deploy_state)i;
			return 0;
		}
	}
	return -EINVAL;
}

const struct kiln_deploy_backend *const deploy_backends[] = { &deploy_backend_unix, &deploy_backend_xen, NULL };

const struct kiln_deploy_backend *deploy_backend_find(const char *name)
{
	for (size_t i = 0; deploy_backends[i]; i++) {
		if (strcmp(deploy_backends[i]->name, name) == 0)
			return deploy_backends[i];
	}
	return NULL;
}

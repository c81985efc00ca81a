/* control.c: the toolstack's requests to the domain (control/shutdown): poweroff, halt and reboot end the unikernel. */
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <kiln/log.h>

#include "control.h"
#include "shutdown.h"
#include "xenstore.h"

#define SHUTDOWN_NODE "control/shutdown"

KILN_LOG_SRC(log_control, "xen-control", "the toolstack's shutdown requests (control/shutdown)");

static struct {
	bool watching;
	struct kiln_xen_xs_watch watch;
	char refused[16]; /* the last request refused, so that it is said once */
} ctl;

int kiln_xen_control_init(void)
{
	/* libxl creates the feature nodes writable by the guest; an older toolstack may not. */
	int rc = kiln_xen_xs_write(0, "control/feature-poweroff", "1");

	if (rc == 0)
		rc = kiln_xen_xs_write(0, "control/feature-reboot", "1");
	if (rc < 0)
		kiln_log_debug(&log_control, "cannot advertise the shutdown features: %s", strerror(-rc));
	rc = kiln_xen_xs_watch(&ctl.watch, SHUTDOWN_NODE);
	ctl.watching = rc == 0;
	return rc;
}

/* Ends the unikernel as REQUEST asks, after acknowledging it; returns if it asks for nothing we do. */
static void honour(const char *request)
{
	bool reboot = strcmp(request, "reboot") == 0;
	int rc;

	if (!reboot && strcmp(request, "poweroff") != 0 && strcmp(request, "halt") != 0) {
		if (strcmp(ctl.refused, request) != 0)
			kiln_log_warn(&log_control, "the toolstack asks for '%s', which kiln does not do", request);
		snprintf(ctl.refused, sizeof(ctl.refused), "%s", request);
		return;
	}
	rc = kiln_xen_xs_write(0, SHUTDOWN_NODE, "");
	if (rc < 0)
		kiln_log_warn(&log_control, "cannot acknowledge the request: %s", strerror(-rc));
	kiln_log_info(&log_control, "the toolstack asks for '%s': %s", request,
		      reboot ? "rebooting" : "powering off");
	if (reboot)
		kiln_xen_reboot();
	kiln_xen_shutdown(0);
}

void kiln_xen_control_poll(void)
{
	char *changed = NULL, *request = NULL;
	size_t len;
	bool fired = false;

	if (!ctl.watching || kiln_xen_xs_busy())
		return;
	/* Each firing is a change; what counts is the node's value now. */
	while (kiln_xen_xs_watch_take(&ctl.watch, &changed) == 0) {
		fired = true;
		free(changed);
	}
	if (fired && kiln_xen_xs_read(0, SHUTDOWN_NODE, &request, &len) == 0 && len > 0)
		honour(request);
	free(request);
}

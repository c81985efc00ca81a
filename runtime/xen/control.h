/* control.h: the toolstack's requests to the domain (control/shutdown): poweroff, halt and reboot end the unikernel. */
#ifndef KILN_XEN_CONTROL_H
#define KILN_XEN_CONTROL_H

/* Says which requests the domain honours (control/feature-poweroff, -reboot) and watches
 * control/shutdown. Needs xenstore (kiln_xen_xs_init). Returns 0 or -errno. */
int kiln_xen_control_init(void);

/* Takes a pending request, if control/shutdown changed: "poweroff" or "halt" powers the domain
 * off (SHUTDOWN_poweroff, as an exit status 0 would), "reboot" asks the toolstack to restart
 * it (SHUTDOWN_reboot); each is acknowledged first by emptying control/shutdown, as the
 * toolstack expects. Other requests ("suspend") are refused with a warning and left alone.
 * Called by the scheduler's poll, outside any fiber: it may block the vCPU on xenstore while
 * no fiber has a request in flight, and does nothing while one has. */
void kiln_xen_control_poll(void);

#endif

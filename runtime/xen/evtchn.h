/* evtchn.h: event channels: the upcall vector, bound ports, and fibers waiting for a port's next event. */
#ifndef KILN_XEN_EVTCHN_H
#define KILN_XEN_EVTCHN_H

#include <stddef.h>
#include <stdint.h>

#include <xen/event_channel.h>

/* Has Xen signal events through KILN_XEN_VECTOR_UPCALL (HVM_PARAM_CALLBACK_IRQ, vector type).
 * Needs kiln_xen_shared_info_init. Returns 0 or a negative Xen errno. */
int kiln_xen_evtchn_init(void);

/* Starts delivering port's events (unmasks it) so they can be waited for. Returns 0, -ENOSPC
 * (too many ports) or a negative Xen errno. */
int kiln_xen_evtchn_bind(evtchn_port_t port);

/* Binds a new port to VIRQ virq of vCPU 0, then as kiln_xen_evtchn_bind. */
int kiln_xen_evtchn_bind_virq(uint32_t virq, evtchn_port_t *port);

/* Sends an event to the other end of port. Returns 0 or a negative Xen errno. */
int kiln_xen_evtchn_notify(evtchn_port_t port);

/*
 * Waits for port's next event (port bound) until the monotonic deadline (KILN_FOREVER: none).
 * In a fiber it blocks the fiber; outside one (at boot) it halts the vCPU until then.
 * Returns 0 on an event, -ETIMEDOUT, or -EINVAL for a port that is not bound.
 * Events that came while nobody waited are not kept: look at the ring first, then wait.
 */
int kiln_xen_evtchn_wait(evtchn_port_t port, uint64_t deadline_ns);

/* Takes the pending events off the shared info page and wakes their waiters. Returns how many fibers woke. */
size_t kiln_xen_evtchn_dispatch(void);

/* How many fibers wait in kiln_xen_evtchn_wait. */
size_t kiln_xen_evtchn_waiters(void);

#endif

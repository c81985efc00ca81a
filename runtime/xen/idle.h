/* idle.h: waiting for the next event: the one-shot wakeup timer (Xen's, or the local APIC's) and halting. */
#ifndef KILN_XEN_IDLE_H
#define KILN_XEN_IDLE_H

#include <stdint.h>

/* Sets up the wakeup timer: Xen's single-shot timer and VIRQ_TIMER (kiln_xen_evtchn_init first),
 * or the local APIC timer. Returns 0 or -errno. */
int kiln_xen_idle_init(void);

/* Halts until an interrupt: an event (Xen) or the timer set for the monotonic deadline
 * (KILN_FOREVER: none). Returns at once when the deadline has passed or events are pending;
 * it may also return early, so callers look at the clock and their events again. */
void kiln_xen_idle_until(uint64_t deadline_ns);

#endif

/* lapic.h: the local APIC timer, which wakes a halted guest when there is no Xen. */
#ifndef KILN_XEN_LAPIC_H
#define KILN_XEN_LAPIC_H

#include <stdint.h>

/*
 * Enables the local APIC with its timer on KILN_XEN_VECTOR_LAPIC_TIMER: in TSC-deadline
 * mode when the CPU has it, else one-shot, its rate measured against the clock (1 ms).
 * Needs kiln_xen_clock_init. Returns 0 or -ENODEV (the APIC is disabled).
 */
int kiln_xen_lapic_timer_init(void);

/* Arms the timer to interrupt at (or a little before) the monotonic deadline. */
void kiln_xen_lapic_timer_arm(uint64_t deadline_ns);

#endif

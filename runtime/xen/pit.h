/* pit.h: the i8254 PIT, used once at boot to measure the TSC's frequency when no hypervisor gives it. */
#ifndef KILN_XEN_PIT_H
#define KILN_XEN_PIT_H

#include <stdint.h>

/* Counts TSC ticks over 1 ms of PIT time, five times (the median counts). Returns 0 with *hz set, or -ENODEV when the PIT does not count. */
int kiln_xen_pit_tsc_hz(uint64_t *hz);

#endif

/* console_ring.h: Xen's PV console: the output ring that xenconsoled reads. */
#ifndef KILN_XEN_CONSOLE_RING_H
#define KILN_XEN_CONSOLE_RING_H

#include <stdbool.h>
#include <stddef.h>

/* Finds the ring and its event channel (HVM_PARAM_CONSOLE_PFN / _EVTCHN). Returns 0, -ENODEV
 * when the domain has no console, or a negative Xen errno. */
int kiln_xen_console_ring_init(void);

/* Whether kiln_xen_console_ring_init found the ring. */
bool kiln_xen_console_ring_ready(void);

/* Copies buf into the ring, waiting for xenconsoled (yielding the vCPU) while it is full. */
void kiln_xen_console_ring_write(const void *buf, size_t len);

#endif

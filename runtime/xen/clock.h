/* clock.h: the guest's clocks: monotonic time from a pvclock (Xen's, KVM's, or the TSC measured against the PIT) and the wall clock. */
#ifndef KILN_XEN_CLOCK_H
#define KILN_XEN_CLOCK_H

#include <stdint.h>

/*
 * Picks the monotonic clock: Xen's pvclock for vCPU 0 (kiln_xen_shared_info_init first),
 * else KVM's kvmclock, else the TSC at the frequency the PIT measures (5 ms at boot).
 * Returns 0 or -ENODEV when none works.
 */
int kiln_xen_clock_init(void);

/* Nanoseconds on the monotonic clock; *tsc (if not NULL) gets the TSC the reading came from. */
uint64_t kiln_xen_clock_ns(uint64_t *tsc);

/* The TSC's frequency in Hz. */
uint64_t kiln_xen_clock_tsc_hz(void);

/* TSC ticks in nanoseconds. */
uint64_t kiln_xen_clock_tsc_to_ns(uint64_t ticks);

/* Which clock kiln_xen_clock_init picked: "Xen pvclock", "kvmclock" or "TSC/PIT". */
const char *kiln_xen_clock_source(void);

/* The wall clock: Xen's (shared info), or the CMOS RTC read once plus monotonic time. Returns 0 or -ENODEV. */
int kiln_xen_clock_wall(int64_t *sec, uint32_t *nsec);

#endif

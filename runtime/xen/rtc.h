/* rtc.h: the CMOS real-time clock, the wall clock's start when there is no Xen. */
#ifndef KILN_XEN_RTC_H
#define KILN_XEN_RTC_H

#include <stdint.h>

/* Reads the RTC as seconds since 1970 (UTC, as QEMU's RTC keeps it). Returns 0 or -ENODEV. */
int kiln_xen_rtc_read(int64_t *sec);

#endif

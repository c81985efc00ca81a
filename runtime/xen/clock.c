/* clock.c: the guest's clocks: monotonic time from a pvclock (Xen's, KVM's, or the TSC measured against the PIT) and the wall clock. */
#include <errno.h>
#include <stdbool.h>

#include "clock.h"
#include "cpu.h"
#include "hypercall.h"
#include "kvmclock.h"
#include "pit.h"
#include "pvclock.h"
#include "rtc.h"
#include "shared_info.h"

#define NSEC_PER_SEC 1000000000ull

static struct {
	const volatile struct vcpu_time_info *info;
	struct vcpu_time_info measured; /* the TSC/PIT clock, when it is the one */
	const char *source;
	bool kvm;                       /* the clock is kvmclock */
	bool wall_read;                 /* without Xen: wall_base_ns was read (wall_error says how it went) */
	int wall_error;
	uint64_t wall_base_ns;          /* the wall clock at monotonic time 0 */
} clk;

int kiln_xen_clock_init(void)
{
	uint64_t hz;

	if (kiln_xen_present()) {
		clk.info = &kiln_xen_vcpu_info()->time;
		clk.source = "Xen pvclock";
	} else if (kiln_xen_kvmclock_init(&clk.info) == 0) {
		clk.source = "kvmclock";
		clk.kvm = true;
	} else if (kiln_xen_pit_tsc_hz(&hz) == 0) {
		kiln_xen_pvclock_from_hz(&clk.measured, cpu_rdtsc(), hz);
		clk.info = &clk.measured;
		clk.source = "TSC/PIT";
	} else {
		return -ENODEV;
	}
	return 0;
}

uint64_t kiln_xen_clock_ns(uint64_t *tsc)
{
	return kiln_xen_pvclock_read(clk.info, tsc);
}

uint64_t kiln_xen_clock_tsc_hz(void)
{
	return kiln_xen_pvclock_tsc_hz(clk.info);
}

uint64_t kiln_xen_clock_tsc_to_ns(uint64_t ticks)
{
	return kiln_xen_pvclock_scale(ticks, clk.info->tsc_to_system_mul, clk.info->tsc_shift);
}

const char *kiln_xen_clock_source(void)
{
	return clk.source;
}

/* Xen's wall clock at system time 0, read consistently (wc_version works like the pvclock's). */
static uint64_t xen_wall_base_ns(void)
{
	const volatile struct shared_info *s = kiln_xen_shared_info();
	uint32_t version;
	uint64_t ns;

	do {
		version = s->wc_version;
		__atomic_thread_fence(__ATOMIC_ACQUIRE);
		ns = ((uint64_t)s->xen_wc_sec_hi << 32 | s->wc_sec) * NSEC_PER_SEC + s->wc_nsec;
		__atomic_thread_fence(__ATOMIC_ACQUIRE);
	} while ((version & 1) || version != s->wc_version);
	return ns;
}

/* Without Xen, the wall clock at monotonic time 0: KVM's with kvmclock (QEMU's microvm has no
 * RTC under KVM), else the CMOS RTC's. */
static int local_wall_base_ns(uint64_t now, uint64_t *base)
{
	int64_t sec;
	int rc;

	if (clk.kvm) {
		*base = kiln_xen_kvmclock_wall_base_ns();
		return 0;
	}
	rc = kiln_xen_rtc_read(&sec);
	if (rc == 0)
		*base = (uint64_t)sec * NSEC_PER_SEC - now;
	return rc;
}

int kiln_xen_clock_wall(int64_t *sec, uint32_t *nsec)
{
	uint64_t now = kiln_xen_clock_ns(NULL), ns;

	if (kiln_xen_present()) {
		ns = xen_wall_base_ns() + now;
	} else {
		/* Read once: the RTC is slow (port I/O), and neither base moves. */
		if (!clk.wall_read) {
			clk.wall_error = local_wall_base_ns(now, &clk.wall_base_ns);
			clk.wall_read = true;
		}
		if (clk.wall_error)
			return clk.wall_error;
		ns = clk.wall_base_ns + now;
	}
	*sec = (int64_t)(ns / NSEC_PER_SEC);
	*nsec = (uint32_t)(ns % NSEC_PER_SEC);
	return 0;
}

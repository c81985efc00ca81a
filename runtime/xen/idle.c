/* idle.c: waiting for the next event: the one-shot wakeup timer (Xen's, or the local APIC's) and halting. */
#include <kiln/fiber.h>

#include "clock.h"
#include "cpu.h"
#include "evtchn.h"
#include "hypercall.h"
#include "idle.h"
#include "lapic.h"
#include "shared_info.h"

int kiln_xen_idle_init(void)
{
	evtchn_port_t timer_port;

	if (!kiln_xen_present())
		return kiln_xen_lapic_timer_init();
	/* Only the single-shot timer wakes Kiln: no periodic ticks. */
	xen_vcpu_op(VCPUOP_stop_periodic_timer, 0, NULL);
	return kiln_xen_evtchn_bind_virq(VIRQ_TIMER, &timer_port);
}

/* Xen's timer for vCPU 0, at Xen system time (the pvclock's time, so the monotonic clock's). */
static void xen_timer_arm(uint64_t deadline_ns)
{
	struct vcpu_set_singleshot_timer t = { .timeout_abs_ns = deadline_ns };

	if (deadline_ns == KILN_FOREVER)
		xen_vcpu_op(VCPUOP_stop_singleshot_timer, 0, NULL);
	else
		xen_vcpu_op(VCPUOP_set_singleshot_timer, 0, &t);
}

void kiln_xen_idle_until(uint64_t deadline_ns)
{
	if (deadline_ns != KILN_FOREVER && deadline_ns <= kiln_xen_clock_ns(NULL))
		return;
	if (kiln_xen_present()) {
		xen_timer_arm(deadline_ns);
		if (__atomic_load_n(&kiln_xen_vcpu_info()->evtchn_upcall_pending, __ATOMIC_SEQ_CST))
			return;
	} else if (deadline_ns != KILN_FOREVER) {
		kiln_xen_lapic_timer_arm(deadline_ns);
	}
	cpu_halt_until_interrupt();
}

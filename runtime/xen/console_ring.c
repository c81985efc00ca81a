/* console_ring.c: Xen's PV console: the output ring that xenconsoled reads. */
#include <errno.h>
#include <stdint.h>

#include <xen/hvm/params.h>
#include <xen/io/console.h>

#include "console_ring.h"
#include "evtchn.h"
#include "hypercall.h"

static struct {
	struct xencons_interface *ring;
	evtchn_port_t port;
} cons;

int kiln_xen_console_ring_init(void)
{
	return kiln_xen_hvm_ring(HVM_PARAM_CONSOLE_PFN, HVM_PARAM_CONSOLE_EVTCHN, (void **)&cons.ring, &cons.port);
}

bool kiln_xen_console_ring_ready(void)
{
	return cons.ring != NULL;
}

void kiln_xen_console_ring_write(const void *buf, size_t len)
{
	const char *p = buf;
	struct xencons_interface *r = cons.ring;

	while (len > 0) {
		XENCONS_RING_IDX cons_idx = __atomic_load_n(&r->out_cons, __ATOMIC_ACQUIRE);
		XENCONS_RING_IDX prod = r->out_prod;
		size_t room = sizeof(r->out) - (prod - cons_idx);

		if (room == 0) {
			/* Full: make sure xenconsoled knows, and let it run. */
			kiln_xen_evtchn_notify(cons.port);
			xen_sched_op(SCHEDOP_yield, NULL);
			continue;
		}
		for (; room > 0 && len > 0; room--, len--)
			r->out[MASK_XENCONS_IDX(prod++, r->out)] = *p++;
		__atomic_store_n(&r->out_prod, prod, __ATOMIC_RELEASE);
		kiln_xen_evtchn_notify(cons.port);
	}
}

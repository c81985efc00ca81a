/* evtchn.c: event channels: the upcall vector, bound ports, and fibers waiting for a port's next event. */
#include <errno.h>

#include <kiln/fiber.h>
#include <xen/hvm/params.h>

#include "../sched.h"
#include "clock.h"
#include "evtchn.h"
#include "hypercall.h"
#include "idle.h"
#include "idt.h"
#include "shared_info.h"

#define MAX_PORTS 32
#define CALLBACK_TYPE_SHIFT 56 /* the type's place in HVM_PARAM_CALLBACK_IRQ (its TYPE_MASK) */
#define BITS_PER_WORD (sizeof(xen_ulong_t) * 8)

struct bound_port {
	evtchn_port_t port;
	uint64_t events;            /* how many times the port fired */
	struct kiln_waitq waiters;
};

static struct {
	struct bound_port ports[MAX_PORTS];
	size_t nports;
	size_t waiters;
} ev;

int kiln_xen_evtchn_init(void)
{
	struct vcpu_info *v = kiln_xen_vcpu_info();

	kiln_xen_upcall_pending = &v->evtchn_upcall_pending;
	kiln_xen_idt_set(KILN_XEN_VECTOR_UPCALL, kiln_xen_upcall_entry);
	v->evtchn_upcall_mask = 0;
	return kiln_xen_hvm_set_param(HVM_PARAM_CALLBACK_IRQ,
				      (uint64_t)HVM_PARAM_CALLBACK_TYPE_VECTOR << CALLBACK_TYPE_SHIFT |
					      KILN_XEN_VECTOR_UPCALL);
}

static struct bound_port *find(evtchn_port_t port)
{
	for (size_t i = 0; i < ev.nports; i++) {
		if (ev.ports[i].port == port)
			return &ev.ports[i];
	}
	return NULL;
}

int kiln_xen_evtchn_bind(evtchn_port_t port)
{
	struct evtchn_unmask unmask = { .port = port };

	if (!find(port)) {
		if (ev.nports == MAX_PORTS)
			return -ENOSPC;
		ev.ports[ev.nports++] = (struct bound_port){ .port = port };
	}
	return (int)xen_event_channel_op(EVTCHNOP_unmask, &unmask);
}

int kiln_xen_evtchn_bind_virq(uint32_t virq, evtchn_port_t *port)
{
	struct evtchn_bind_virq bind = { .virq = virq, .vcpu = 0 };
	int rc = (int)xen_event_channel_op(EVTCHNOP_bind_virq, &bind);

	if (rc < 0)
		return rc;
	*port = bind.port;
	return kiln_xen_evtchn_bind(bind.port);
}

int kiln_xen_evtchn_notify(evtchn_port_t port)
{
	struct evtchn_send send = { .port = port };

	return (int)xen_event_channel_op(EVTCHNOP_send, &send);
}

size_t kiln_xen_evtchn_dispatch(void)
{
	struct shared_info *s = kiln_xen_shared_info();
	struct vcpu_info *v = kiln_xen_vcpu_info();
	xen_ulong_t words;
	size_t woken = 0;

	/* The order Xen's ABI asks for: clear the upcall flag, then take the words' selector. */
	__atomic_store_n(&v->evtchn_upcall_pending, 0, __ATOMIC_SEQ_CST);
	words = __atomic_exchange_n(&v->evtchn_pending_sel, 0, __ATOMIC_SEQ_CST);
	while (words) {
		unsigned w = (unsigned)__builtin_ctzl(words);
		xen_ulong_t bits = __atomic_load_n(&s->evtchn_pending[w], __ATOMIC_SEQ_CST) & ~s->evtchn_mask[w];
		words &= words - 1;
		while (bits) {
			unsigned b = (unsigned)__builtin_ctzl(bits);
			struct bound_port *p = find((evtchn_port_t)(w * BITS_PER_WORD + b));
			bits &= bits - 1;
			__atomic_fetch_and(&s->evtchn_pending[w], ~((xen_ulong_t)1 << b), __ATOMIC_SEQ_CST);
			if (p) {
				p->events++;
				woken += (size_t)kiln_waitq_wake_all(&p->waiters);
			}
		}
	}
	return woken;
}

int kiln_xen_evtchn_wait(evtchn_port_t port, uint64_t deadline_ns)
{
	struct bound_port *p = find(port);
	uint64_t seen;
	int rc;

	if (!p)
		return -EINVAL;
	if (kiln_sched_current()) {
		ev.waiters++;
		rc = kiln_waitq_wait(&p->waiters, deadline_ns);
		ev.waiters--;
		return rc;
	}
	/* No fiber to block: halt until the event. */
	seen = p->events;
	while (p->events == seen) {
		if (deadline_ns != KILN_FOREVER && kiln_xen_clock_ns(NULL) >= deadline_ns)
			return -ETIMEDOUT;
		kiln_xen_idle_until(deadline_ns);
		kiln_xen_evtchn_dispatch();
	}
	return 0;
}

size_t kiln_xen_evtchn_waiters(void)
{
	return ev.waiters;
}

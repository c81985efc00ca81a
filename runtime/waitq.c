/* waitq.c: FIFO queues of blocked fibers, woken one at a time or all together. */
#include <errno.h>

#include "sched.h"

void kiln_waitq_remove(struct kiln_fiber *f)
{
	struct kiln_waitq *q = f->waitq;

	if (!q)
		return;
	if (f->wq_prev)
		f->wq_prev->wq_next = f->wq_next;
	else
		q->head = f->wq_next;
	if (f->wq_next)
		f->wq_next->wq_prev = f->wq_prev;
	else
		q->tail = f->wq_prev;
	f->waitq = NULL;
	f->wq_prev = f->wq_next = NULL;
}

void kiln_waitq_add(struct kiln_waitq *q, struct kiln_fiber *f)
{
	f->waitq = q;
	f->wq_next = NULL;
	f->wq_prev = q->tail;
	if (q->tail)
		q->tail->wq_next = f;
	else
		q->head = f;
	q->tail = f;
}

int kiln_waitq_wait(struct kiln_waitq *q, uint64_t deadline_ns)
{
	kiln_waitq_add(q, kiln_sched_current());
	return kiln_sched_block(deadline_ns);
}

int kiln_waitq_wake_one(struct kiln_waitq *q)
{
	if (!q->head)
		return 0;
	kiln_sched_wake(q->head, 0);
	return 1;
}

int kiln_waitq_wake_all(struct kiln_waitq *q)
{
	int n = 0;

	while (q->head) {
		kiln_sched_wake(q->head, 0);
		n++;
	}
	return n;
}

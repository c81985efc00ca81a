/* test_tcp_loss.c: unit tests of the TCP's recovery on a bad simulated link: retransmission under loss,
 * reordering, duplication and delay; fast retransmit; a lost SYN; giving up when the peer is gone. */
#include "tcp_pair.h"

static void lossy_transfer(struct link *l)
{
	struct pair p;
	struct tcp_stats a, b;

	transfer(l, 2 * MiB, &p);
	a = link_stats(l, 0);
	b = link_stats(l, 1);
	/* The link lost, reordered and duplicated segments; both streams still arrived whole (checked by
	 * transfer); the stacks retransmitted and reassembled to get there. */
	assert_true(l->dropped > 100);
	assert_true(l->reordered > 100);
	assert_true(l->duplicated > 10);
	assert_true(a.retransmits > 0 && b.retransmits > 0);
	assert_true(a.fast_retransmits > 0 && b.fast_retransmits > 0);
	assert_true(a.ooo_segments > 0 && b.ooo_segments > 0);
	assert_int_equal(a.timeouts + b.timeouts, 0);
}

static void five_percent_loss_reordering_duplicates_and_delay(void **state)
{
	struct link l = { .loss_pm = 50, .reorder_pm = 50, .dup_pm = 10, .delay_ns = KILN_MSEC(1),
			  .reorder_ns = KILN_MSEC(3) };

	(void)state;
	run_scenario(&l, lossy_transfer);
}

/* Drops the 50th data segment A sends, once. */
static bool drop_50th(struct link *l, int from, const struct tcp_seg *s)
{
	unsigned *n = l->filter_arg;

	return !(from == 0 && s->len && ++*n == 50);
}

static void single_loss(struct link *l)
{
	struct pair p;
	struct tcp_stats a;

	link_patient_rto(l);
	transfer(l, 1 * MiB, &p);
	a = link_stats(l, 0);
	/* Three duplicate ACKs brought the segment back long before the timer would have. */
	assert_int_equal(a.fast_retransmits, 1);
	assert_true(a.retransmits >= 1);
	assert_true(link_stats(l, 1).ooo_segments >= 3);
}

static void fast_retransmit_recovers_a_single_loss(void **state)
{
	unsigned n = 0;
	struct link l = { .delay_ns = KILN_MSEC(1), .filter = drop_50th, .filter_arg = &n };

	(void)state;
	run_scenario(&l, single_loss);
}

/* Drops the first SYN. */
static bool drop_first_syn(struct link *l, int from, const struct tcp_seg *s)
{
	bool *dropped = l->filter_arg;

	(void)from;
	if (!(s->flags & TCP_SYN) || *dropped)
		return true;
	*dropped = true;
	return false;
}

static void lost_syn(struct link *l)
{
	struct pair p;

	link_patient_rto(l);
	transfer(l, 64 * 1024, &p);
	assert_int_equal(link_stats(l, 0).rto_expirations, 1);
	assert_int_equal(link_stats(l, 0).retransmits, 1);
}

static void a_lost_syn_is_sent_again(void **state)
{
	bool dropped = false;
	struct link l = { .filter = drop_first_syn, .filter_arg = &dropped };

	(void)state;
	run_scenario(&l, lost_syn);
}

static void peer_gone(struct link *l)
{
	struct tcp_listener *lst;
	struct tcp_conn *a, *b;
	struct tcp_timeouts to;
	char buf[8];

	tcp_stack_timeouts(l->stack[0], &to);
	to.data_retries = 3;
	tcp_stack_set_timeouts(l->stack[0], &to);
	assert_int_equal(tcp_listen(l->stack[1], 0, PORT, 1, &lst), 0);
	assert_int_equal(tcp_connect(l->stack[0], ADDR_A, ADDR_B, PORT, &a), 0);
	assert_int_equal(tcp_accept(lst, &b, KILN_FOREVER), 0);
	l->cut = true;
	assert_int_equal(tcp_write(a, "lost", 4), 4);
	/* The first try and three retries with the RTO doubling each time, then the connection is gone. */
	assert_int_equal(tcp_read(a, buf, sizeof(buf), KILN_FOREVER), -ETIMEDOUT);
	assert_int_equal(link_stats(l, 0).rto_expirations, 4);
	assert_int_equal(link_stats(l, 0).retransmits, 3);
	assert_int_equal(link_stats(l, 0).timeouts, 1);
	assert_int_equal(tcp_write(a, "x", 1), -ETIMEDOUT);
	tcp_close(a);
	tcp_close(b);
	tcp_listener_close(lst);
}

static void retransmissions_give_up_when_the_peer_is_gone(void **state)
{
	struct link l = { 0 };

	(void)state;
	run_scenario(&l, peer_gone);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(five_percent_loss_reordering_duplicates_and_delay),
		cmocka_unit_test(fast_retransmit_recovers_a_single_loss),
		cmocka_unit_test(a_lost_syn_is_sent_again),
		cmocka_unit_test(retransmissions_give_up_when_the_peer_is_gone),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

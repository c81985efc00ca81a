/* tcp_cc.c: congestion control: slow start, congestion avoidance, fast retransmit and NewReno recovery. */
#include "tcp_cc.h"
#include "tcp_seg.h"

#define DUPACK_THRESHOLD 3

void tcp_cc_init(struct tcp_cc *cc, uint32_t mss, uint32_t iss)
{
	*cc = (struct tcp_cc){ .cwnd = 10 * mss, .ssthresh = UINT32_MAX, .recover = iss };
}

/* Half the flight, at least two segments (RFC 5681 (4)). */
static uint32_t half_flight(uint32_t flight, uint32_t mss)
{
	return flight / 2 > 2 * mss ? flight / 2 : 2 * mss;
}

bool tcp_cc_ack(struct tcp_cc *cc, uint32_t ack, uint32_t acked, uint32_t flight, uint32_t mss)
{
	cc->dupacks = 0;
	if (!cc->in_recovery && seq_gt(ack - 1, cc->recover))
		cc->recover = ack - 1; /* keeps it within 2^31 of the ACKs so the comparison stays right */
	if (cc->in_recovery) {
		if (seq_ge(ack, cc->recover)) {
			/* Full ACK: deflate to ssthresh (RFC 6582 3.2 step 3, option 1 bounded by the flight). */
			uint32_t left = flight - acked;

			cc->cwnd = cc->ssthresh < left + mss ? cc->ssthresh : left + mss;
			cc->in_recovery = false;
			return false;
		}
		/* Partial ACK: deflate by what was acked, add back one segment, retransmit the next hole. */
		cc->cwnd = cc->cwnd > acked ? cc->cwnd - acked : 0;
		if (acked >= mss)
			cc->cwnd += mss;
		if (cc->cwnd < mss)
			cc->cwnd = mss;
		return true;
	}
	if (cc->cwnd < cc->ssthresh) {
		/* Slow start with appropriate byte counting, L = 2 segments (RFC 3465). */
		cc->cwnd += acked < 2 * mss ? acked : 2 * mss;
	} else {
		/* Congestion avoidance: one segment per window's worth of acknowledged bytes. */
		cc->acked += acked;
		if (cc->acked >= cc->cwnd) {
			cc->acked -= cc->cwnd;
			cc->cwnd += mss;
		}
	}
	return false;
}

bool tcp_cc_dupack(struct tcp_cc *cc, uint32_t ack, uint32_t flight, uint32_t snd_max, uint32_t mss)
{
	cc->dupacks++;
	if (cc->in_recovery) {
		cc->cwnd += mss; /* each duplicate ACK is a segment that left the network */
		return false;
	}
	/* RFC 6582 3.2 step 2: no new recovery for losses from before the last one began. */
	if (cc->dupacks != DUPACK_THRESHOLD || !seq_gt(ack, cc->recover))
		return false;
	cc->ssthresh = half_flight(flight, mss);
	cc->cwnd = cc->ssthresh + DUPACK_THRESHOLD * mss;
	cc->recover = snd_max;
	cc->in_recovery = true;
	return true;
}

uint32_t tcp_cc_window(const struct tcp_cc *cc, uint32_t mss)
{
	if (cc->in_recovery || cc->dupacks >= DUPACK_THRESHOLD)
		return cc->cwnd;
	return cc->cwnd + cc->dupacks * mss;
}

void tcp_cc_timeout(struct tcp_cc *cc, uint32_t flight, uint32_t snd_max, uint32_t mss)
{
	cc->ssthresh = half_flight(flight, mss);
	cc->cwnd = mss;
	cc->acked = 0;
	cc->dupacks = 0;
	cc->recover = snd_max;
	cc->in_recovery = false;
}

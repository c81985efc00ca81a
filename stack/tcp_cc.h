/* tcp_cc.h: congestion control: slow start, congestion avoidance, fast retransmit and NewReno recovery. */
#ifndef KILN_STACK_TCP_CC_H
#define KILN_STACK_TCP_CC_H

#include <stdbool.h>
#include <stdint.h>

/* RFC 5681 and RFC 6582; bytes throughout. */
struct tcp_cc {
	uint32_t cwnd, ssthresh;
	uint32_t recover;      /* the highest sequence sent when recovery began */
	uint32_t acked;        /* bytes acknowledged toward the next congestion-avoidance increase */
	unsigned dupacks;
	bool in_recovery;
};

/* Starts with the initial window of RFC 6928 (10 segments) and no recovery since iss. */
void tcp_cc_init(struct tcp_cc *cc, uint32_t mss, uint32_t iss);

/* An ACK of acked new bytes (up to ack) with flight bytes outstanding before it. Returns true for a
 * NewReno partial ACK: the caller retransmits the first unacknowledged segment. */
bool tcp_cc_ack(struct tcp_cc *cc, uint32_t ack, uint32_t acked, uint32_t flight, uint32_t mss);

/* A duplicate ACK (of ack). Returns true on the one that triggers a fast retransmit. */
bool tcp_cc_dupack(struct tcp_cc *cc, uint32_t ack, uint32_t flight, uint32_t snd_max, uint32_t mss);

/* The window that may be in flight: cwnd, plus a segment for each of the first two duplicate ACKs
 * (limited transmit, RFC 3042: new data keeps ACKs coming when the window is too small for three). */
uint32_t tcp_cc_window(const struct tcp_cc *cc, uint32_t mss);

/* The retransmission timer expired: back to one segment, leaving any recovery. */
void tcp_cc_timeout(struct tcp_cc *cc, uint32_t flight, uint32_t snd_max, uint32_t mss);

#endif

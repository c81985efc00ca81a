/* ethernet.h: the Ethernet layer on a network device: frames demultiplexed by type to handlers, and sent. */
#ifndef KILN_ETHERNET_H
#define KILN_ETHERNET_H

#include <stddef.h>
#include <stdint.h>
#include <sys/uio.h>

#include <kiln/netif.h>

#define KILN_ETH_IPV4 0x0800
#define KILN_ETH_ARP 0x0806

struct kiln_eth;

/* Text for a MAC address, "ee:85:43:d5:d9:4d" and its NUL. */
#define KILN_MAC_STRLEN 18

/* The broadcast address ff:ff:ff:ff:ff:ff. */
extern const uint8_t kiln_eth_broadcast[6];

/* Receives the payload of a frame of its type sent from src, on the receive fiber. Must not block. */
typedef void kiln_eth_fn(void *ctx, const uint8_t src[6], const uint8_t *payload, size_t len);

/* Starts Ethernet on n: a receive fiber ("eth-rx") reads frames and hands them to the handlers.
 * The caller owns *out (kiln_eth_free). Returns 0 or -ENOMEM. */
int kiln_eth_new(struct kiln_eth **out, struct kiln_netif *n);

/* Ends the receive fiber (within a fraction of a second) and frees e. */
void kiln_eth_free(struct kiln_eth *e);

/* Sets the handler of frames of ethertype type (at most 4 types); fn NULL removes it. Returns 0 or -ENOSPC. */
int kiln_eth_set_handler(struct kiln_eth *e, uint16_t type, kiln_eth_fn *fn, void *ctx);

/* Sends iov[0..iovcnt) (at most kiln_eth_mtu() bytes) to dst as a frame of type. Returns 0 or -errno. */
int kiln_eth_output(struct kiln_eth *e, const uint8_t dst[6], uint16_t type, const struct iovec *iov, int iovcnt);

/* Handles one received frame: to us or broadcast, at least a header long, else dropped (counted). */
void kiln_eth_input(struct kiln_eth *e, const uint8_t *frame, size_t len);

/* As kiln_eth_input, for a frame the device said flags (KILN_NETIF_RX_*) of. */
void kiln_eth_input_flags(struct kiln_eth *e, const uint8_t *frame, size_t len, unsigned flags);

/* Inside a handler: the KILN_NETIF_RX_* flags of the frame being handled (0 elsewhere). */
unsigned kiln_eth_rx_flags(struct kiln_eth *e);

/* Our MAC address; the payload bytes a frame carries; the frames dropped on input so far. */
void kiln_eth_mac(struct kiln_eth *e, uint8_t mac[6]);
unsigned kiln_eth_mtu(struct kiln_eth *e);
uint64_t kiln_eth_dropped(struct kiln_eth *e);

/* Formats mac as text into buf (KILN_MAC_STRLEN bytes); returns buf. */
char *kiln_mac_format(const uint8_t mac[6], char *buf);

#endif

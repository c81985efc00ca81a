/* fuzz_net.c: a libFuzzer target: the input is a frame (after a tap's virtio-net header, in one mode) fed through Ethernet, ARP, IPv4 (reassembly), ICMP, UDP and DHCP's parser. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <kiln/layers.h>
#include <kiln/log.h>

#include "dhcp_msg.h"
#include "unix/netif_vnet.h"
#include "fake_netif.h"
#include "net_frames.h"

/*
 * The first byte chooses how the rest is used, so that checksums do not stop the fuzzer at the
 * first layer: 0 the frame as it is; 1 with the IPv4 header checksum made right; 2 with the UDP or
 * ICMP checksum made right too (over the lengths the headers claim, within the input); 3 a DHCP
 * message straight to the parser; 4 a virtio-net header and a frame, as the tap with offloads hands
 * them over (its flags may vouch for the UDP checksum: the only way the fuzzed bytes can say so;
 * every other mode feeds frames whose checksums are all verified). Every length field stays as the
 * input has it.
 */
enum { AS_IS, FIX_IP, FIX_ALL, DHCP_ONLY, VNET, MODES };

static struct fake_netif dev;
static struct kiln_layers layers;

/* DHCP replies come to port 68: parse them as the client would. */
static void on_dhcp(void *ctx, uint32_t src, uint16_t sport, uint32_t dst, uint16_t dport, const uint8_t *d, size_t len)
{
	struct dhcp_msg m;

	(void)ctx, (void)src, (void)sport, (void)dst, (void)dport;
	(void)dhcp_parse(d, len, &m);
}

/* The stack at 10.0.0.2/24 on a fake device, built once: its fibers never run (nothing here blocks). */
static void setup(void)
{
	kiln_log_set_spec("*:quiet");
	fake_netif_init(&dev);
	if (kiln_layers_new(&layers, &dev.n) || kiln_ipv4_configure(layers.ip, US, 0xffffff00u, PEER) ||
	    kiln_udp_bind(layers.udp, 68, on_dhcp, NULL))
		abort();
}

/* Makes the checksum at sum (within f[0..len)) right for the bytes [from, from + n) plus acc. */
static void fix_sum(uint8_t *f, size_t len, size_t sum, size_t from, size_t n, uint32_t acc)
{
	if (sum + 2 > len || from > len)
		return;
	n = n < len - from ? n : len - from;
	put16(f + sum, 0);
	put16(f + sum, inet_fold(inet_sum(f + from, n, acc)));
}

static void fix_checksums(uint8_t *f, size_t len, int all)
{
	size_t hl, total, l4;
	uint8_t proto;

	if (len < ETH_HDR + IP_HDR)
		return;
	hl = (size_t)(f[ETH_HDR] & 0xf) * 4;
	fix_sum(f, len, ETH_HDR + 10, ETH_HDR, hl, 0);
	total = get16(f + ETH_HDR + 2);
	l4 = ETH_HDR + hl;
	proto = f[ETH_HDR + 9];
	if (!all || total < hl)
		return;
	if (proto == 1)
		fix_sum(f, len, l4 + 2, l4, total - hl, 0);
	if (proto == 17 && l4 + 6 <= len) {
		uint16_t ulen = get16(f + l4 + 4);
		uint32_t src = (uint32_t)get16(f + ETH_HDR + 12) << 16 | get16(f + ETH_HDR + 14);
		uint32_t dst = (uint32_t)get16(f + ETH_HDR + 16) << 16 | get16(f + ETH_HDR + 18);
		fix_sum(f, len, l4 + 6, l4, ulen, inet_pseudo_sum(src, dst, 17, ulen));
	}
	if (proto == 1 || proto == 17)
		fix_sum(f, len, ETH_HDR + 10, ETH_HDR, hl, 0); /* the IP header, as it is now */
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	uint8_t *f;
	struct dhcp_msg m;
	int mode;

	if (!layers.eth)
		setup();
	if (size < 1)
		return 0;
	mode = data[0] % MODES;
	/* A copy of exactly the input's bytes, so that reading past them is caught. */
	f = malloc(size - 1 ? size - 1 : 1);
	if (!f)
		return 0;
	memcpy(f, data + 1, size - 1);
	if (mode == DHCP_ONLY)
		(void)dhcp_parse(f, size - 1, &m);
	else if (mode == VNET) {
		unsigned flags;

		if (size - 1 >= KILN_VNET_HDR && kiln_vnet_rx(f, size - 1 - KILN_VNET_HDR, &flags) == 0)
			kiln_eth_input_flags(layers.eth, f + KILN_VNET_HDR, size - 1 - KILN_VNET_HDR, flags);
	} else {
		if (mode != AS_IS)
			fix_checksums(f, size - 1, mode == FIX_ALL);
		kiln_eth_input(layers.eth, f, size - 1);
	}
	free(f);
	return 0;
}

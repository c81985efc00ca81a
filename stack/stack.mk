# stack/stack.mk: the TCP/IP stack and the stackv4 interface, built into libkiln.

# Each stack helper appends its sources here. stackv4_socket.c is unix-only (kernel sockets).
STACK_SRCS := stack/ipv4_addr.c stack/stackv4.c stack/stackv4_socket.c stack/stackv4_direct.c
# The TCP (stack/tcp.h), over any IP layer through tcp_ip_ops.
STACK_SRCS += stack/tcp.c stack/tcp_buf.c stack/tcp_cc.c stack/tcp_input.c stack/tcp_isn.c \
	stack/tcp_output.c stack/tcp_seg.c stack/tcp_tcb.c stack/tcp_timer.c
# The layers below: Ethernet, ARP, IPv4 (reassembly), ICMP, UDP (stack-core).
STACK_SRCS += stack/arp.c stack/checksum.c stack/ethernet.c stack/icmp.c stack/iov.c stack/ipv4.c \
	stack/ipv4_reass.c stack/udp.c stack/dhcp.c stack/dhcp_msg.c stack/demux.c stack/layers.c
STACK_OBJS := $(STACK_SRCS:%.c=$(BUILD)/obj/%.o)

PUBLIC_HEADERS += $(wildcard stack/include/kiln/*.h)
PUBLIC_HEADERS_OUT := $(addprefix $(BUILD)/include/kiln/,$(notdir $(PUBLIC_HEADERS)))

$(BUILD)/obj/stack/%.o: OBJ_CFLAGS = -Istack/include -Iruntime/include -Istack -Iruntime

$(LIBKILN): $(STACK_OBJS)

$(BUILD)/include/kiln/%.h: stack/include/kiln/%.h
	@mkdir -p $(dir $@)
	cp $< $@

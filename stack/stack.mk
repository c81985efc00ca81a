# stack/stack.mk: the TCP/IP stack and the stackv4 interface, built into libkiln.

# Each stack helper appends its sources here. stackv4_socket.c is unix-only (kernel sockets).
STACK_SRCS := stack/ipv4_addr.c stack/stackv4.c stack/stackv4_socket.c
STACK_OBJS := $(STACK_SRCS:%.c=$(BUILD)/obj/%.o)

PUBLIC_HEADERS += $(wildcard stack/include/kiln/*.h)
PUBLIC_HEADERS_OUT := $(addprefix $(BUILD)/include/kiln/,$(notdir $(PUBLIC_HEADERS)))

$(BUILD)/obj/stack/%.o: OBJ_CFLAGS = -Istack/include -Iruntime/include

$(LIBKILN): $(STACK_OBJS)

$(BUILD)/include/kiln/%.h: stack/include/kiln/%.h
	@mkdir -p $(dir $@)
	cp $< $@

# runtime/xen/xen.mk: libkiln-xen, the runtime built freestanding for the xen target (PVH guests).
# XEN_ROOT_FILES lists what it adds to the build root (kiln-root depends on them).

# The portable runtime is libkiln's, less the unix platform; runtime/xen brings the rest. The network
# device waits for netfront (configure refuses default_network on xen until then).
XEN_PORTABLE_SRCS := $(filter-out runtime/unix/% runtime/netif.c,$(RUNTIME_SRCS))
XEN_PLATFORM_SRCS := runtime/xen/clock.c runtime/xen/cmdline.c runtime/xen/console_ring.c runtime/xen/control.c runtime/xen/crash.c \
	runtime/xen/entry.c runtime/xen/evtchn.c runtime/xen/grant_table.c runtime/xen/hypercall.c runtime/xen/idle.c \
	runtime/xen/idt.c runtime/xen/kvmclock.c runtime/xen/lapic.c runtime/xen/pit.c runtime/xen/platform_xen.c \
	runtime/xen/pvclock.c runtime/xen/rtc.c runtime/xen/serial.c runtime/xen/shared_info.c \
	runtime/xen/shutdown.c runtime/xen/start_info.c runtime/xen/xenstore.c \
	runtime/xen/libc/errno.c runtime/xen/libc/malloc.c runtime/xen/libc/printf.c runtime/xen/libc/stdio.c \
	runtime/xen/libc/stdlib.c runtime/xen/libc/string.c
XEN_ASM := $(RUNTIME_ASM) runtime/xen/boot.S runtime/xen/idt_entry.S
XEN_OBJS := $(XEN_PORTABLE_SRCS:%.c=$(BUILD)/obj-xen/%.o) $(XEN_PLATFORM_SRCS:%.c=$(BUILD)/obj-xen/%.o) \
	$(XEN_ASM:%.S=$(BUILD)/obj-xen/%.o)
LIBKILN_XEN := $(BUILD)/lib/libkiln-xen.a
XEN_LDS := $(BUILD)/lib/kiln-xen.ld
XEN_LIBC_HEADERS := $(wildcard runtime/xen/include/*.h)
XEN_LIBC_HEADERS_OUT := $(addprefix $(BUILD)/include/kiln-xen/,$(notdir $(XEN_LIBC_HEADERS)))
XEN_PC := $(BUILD)/lib/pkgconfig/kiln-xen.pc
XEN_ROOT_FILES := $(LIBKILN_XEN) $(XEN_LDS) $(XEN_LIBC_HEADERS_OUT) $(XEN_PC)

# What every C file of a xen unikernel is compiled with: no hosted libc, no stack protector or
# PIC, no red zone (interrupts arrive on the running stack), frame pointers for crash backtraces.
# SSE stays on: boot.S enables it and the interrupt entries touch no SSE register.
XEN_ARCH_CFLAGS := -ffreestanding -fno-stack-protector -fno-pic -fno-pie -mno-red-zone -fno-omit-frame-pointer \
	-fno-asynchronous-unwind-tables -DKILN_XEN
# The image: the linker script's layout, nothing from the host's libc, 4 KiB alignment. -static
# alone makes a non-PIE executable with gcc and clang (clang warns that -no-pie is unused).
XEN_LIBS := -nostdlib -static -Wl,--build-id=none -Wl,-z,max-page-size=4096 -Wl,-z,noexecstack

# The Xen public headers (libxen-dev), seen as <xen/...> through a link in the build tree.
XEN_PUBLIC_HEADERS ?= /usr/include/xen
XEN_HEADER_LINK := $(BUILD)/obj-xen/include/xen
# The runtime itself sees only the compiler's freestanding headers and the libc subset: never
# the host's libc headers. It is never sanitized (there is no sanitizer runtime in a guest).
XEN_RUNTIME_CFLAGS := -std=c11 $(WARN) $(CFLAGS) $(XEN_ARCH_CFLAGS) -nostdinc \
	-isystem runtime/xen/include -isystem $(shell $(CC) -print-file-name=include) \
	-Iruntime/include -I$(BUILD)/obj-xen/include -D__XEN_INTERFACE_VERSION__=__XEN_LATEST_INTERFACE_VERSION__ -MMD -MP

$(XEN_HEADER_LINK):
	@mkdir -p $(dir $@)
	ln -sfn $(XEN_PUBLIC_HEADERS) $@

$(BUILD)/obj-xen/%.o: %.c | $(XEN_HEADER_LINK)
	@mkdir -p $(dir $@)
	$(CC) $(XEN_RUNTIME_CFLAGS) -c $< -o $@

$(BUILD)/obj-xen/%.o: %.S | $(XEN_HEADER_LINK)
	@mkdir -p $(dir $@)
	$(CC) $(XEN_RUNTIME_CFLAGS) -c $< -o $@

$(LIBKILN_XEN): $(XEN_OBJS)
	@mkdir -p $(dir $@)
	rm -f $@ && $(AR) rcs $@ $^

$(XEN_LDS): runtime/xen/kiln-xen.ld
	@mkdir -p $(dir $@)
	cp $< $@

$(BUILD)/include/kiln-xen/%.h: runtime/xen/include/%.h
	@mkdir -p $(dir $@)
	cp $< $@

# $(call xen_pc_file,prefix): kiln-xen.pc, what `pkg-config --cflags/--libs kiln-xen` give a unikernel.
define xen_pc_file
prefix=$(1)
includedir=$${prefix}/include
libdir=$${prefix}/lib
cc=$(CC)

Name: kiln-xen
Description: Kiln unikernel runtime (xen platform: PVH guests, also bootable by qemu -kernel)
Version: $(VERSION)
Cflags: -I$${includedir} -isystem$${includedir}/kiln-xen $(XEN_ARCH_CFLAGS)
Libs: $(XEN_LIBS) -Wl,-T,$${libdir}/kiln-xen.ld -L$${libdir} -lkiln-xen -lgcc
endef

# $(call write_xen_pc,prefix,dir)
define write_xen_pc
	$(shell mkdir -p $(2))
	$(file >$(2)/kiln-xen.pc,$(call xen_pc_file,$(1)))
endef

$(XEN_PC): runtime/xen/xen.mk Makefile
	$(call write_xen_pc,$(abspath $(BUILD)),$(dir $@))
	@touch $@

.PHONY: install-xen
install: install-xen
install-xen: kiln-root
	install -d $(DESTDIR)$(PREFIX)/lib $(DESTDIR)$(PREFIX)/include/kiln-xen
	install -m 644 $(LIBKILN_XEN) $(XEN_LDS) $(DESTDIR)$(PREFIX)/lib/
	install -m 644 $(XEN_LIBC_HEADERS_OUT) $(DESTDIR)$(PREFIX)/include/kiln-xen/
	$(call write_xen_pc,$(PREFIX),$(DESTDIR)$(PREFIX)/lib/pkgconfig)

-include $(shell find $(BUILD)/obj-xen -name '*.d' 2>/dev/null)

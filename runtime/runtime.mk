# runtime/runtime.mk: libkiln, the unikernel runtime (portable core + unix platform).

# The portable runtime, then the unix platform.
RUNTIME_SRCS := runtime/block.c runtime/boot.c runtime/console.c runtime/ctx.c runtime/device.c \
	runtime/fat_bpb.c runtime/fat_dir.c runtime/fat_vol.c runtime/fiber.c runtime/key.c \
	runtime/kv_ro.c runtime/kv_ro_crunch.c runtime/kv_ro_fat.c runtime/log.c runtime/netif.c runtime/random.c \
	runtime/sched.c runtime/time.c runtime/timer_heap.c runtime/waitq.c \
	runtime/unix/block_unix.c runtime/unix/io_unix.c runtime/unix/kv_ro_direct.c runtime/unix/netif_tap.c runtime/unix/netif_vnet.c \
	runtime/unix/platform_unix.c
RUNTIME_ASM := runtime/ctx_switch_x86_64.S
RUNTIME_OBJS := $(RUNTIME_SRCS:%.c=$(BUILD)/obj/%.o) $(RUNTIME_ASM:%.S=$(BUILD)/obj/%.o)
LIBKILN := $(BUILD)/lib/libkiln.a

PUBLIC_HEADERS := $(wildcard runtime/include/kiln/*.h) $(wildcard builder/include/kiln/*.h)
PUBLIC_HEADERS_OUT := $(addprefix $(BUILD)/include/kiln/,$(notdir $(PUBLIC_HEADERS)))

$(BUILD)/obj/runtime/%.o: OBJ_CFLAGS = -Iruntime/include

$(LIBKILN): $(RUNTIME_OBJS)
	@mkdir -p $(dir $@)
	rm -f $@ && $(AR) rcs $@ $^

$(BUILD)/include/kiln/%.h: runtime/include/kiln/%.h
	@mkdir -p $(dir $@)
	cp $< $@

$(BUILD)/include/kiln/%.h: builder/include/kiln/%.h
	@mkdir -p $(dir $@)
	cp $< $@

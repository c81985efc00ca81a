# tests/tests.mk: the cmocka unit tests (tests/<dir>/test_*.c, one program each) and `make check`.

UNIT_TEST_SRCS := $(wildcard tests/runtime/test_*.c) $(wildcard tests/stack/test_*.c) $(wildcard tests/builder/test_*.c) \
	$(wildcard tests/server/test_*.c) $(wildcard tests/xen/test_*.c)
UNIT_TESTS := $(UNIT_TEST_SRCS:%.c=$(BUILD)/%)

.PHONY: tests
tests: kiln-root $(UNIT_TESTS)

# Unit tests see the runtime's internal headers and link the libraries they test.
$(BUILD)/tests/%: tests/%.c $(LIBKILN) $(LIBKILNCONFIG)
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) -Iruntime/include -Iruntime -Istack -Istack/include -Ibuilder/include -Ibuilder $(JANSSON_CFLAGS) \
		$< -o $@ $(ALL_LDFLAGS) $(LIBKILN) $(LIBKILNCONFIG) -lcmocka $(JANSSON_LIBS)

# The service's unit tests see server/ and link its objects (the more specific pattern wins).
$(BUILD)/tests/server/%: tests/server/%.c $(SERVER_OBJS)
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) -Iserver $(SERVER_CFLAGS) $< -o $@ $(ALL_LDFLAGS) $(SERVER_OBJS) -lcmocka $(SERVER_LIBS)

# The deploy tests see xen/ and link the service's objects, which hold the backends.
$(BUILD)/tests/xen/%: tests/xen/%.c $(SERVER_OBJS)
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) -Ixen $(SERVER_CFLAGS) $< -o $@ $(ALL_LDFLAGS) $(SERVER_OBJS) -lcmocka $(SERVER_LIBS)

check: deps-test
	@tests/check

# The FAT fuzzer (libFuzzer, so clang): built in the SAN=1 variant, with the whole runtime compiled
# in (libkiln.a has no fuzzer instrumentation), so no list of its dependencies can go stale.
# tests/runtime/test_fuzz_fat.sh runs it.
FUZZ_FAT_SRCS := tests/runtime/fuzz_fat.c $(RUNTIME_SRCS) $(RUNTIME_ASM)
FUZZ_FAT := $(BUILD)/fuzz/fuzz_fat

ifeq ($(SAN),1)
tests: $(FUZZ_FAT)
endif

$(FUZZ_FAT): $(FUZZ_FAT_SRCS) $(wildcard runtime/*.h runtime/include/kiln/*.h)
	@mkdir -p $(dir $@)
	clang -std=c11 -D_GNU_SOURCE $(WARN) -O1 -g -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=all \
		-Iruntime/include -Iruntime $(FUZZ_FAT_SRCS) -o $@

# The TCP segment fuzzer, built the same way (tests/stack/test_fuzz_tcp.sh runs it).
FUZZ_TCP_SRCS := tests/stack/fuzz_tcp.c $(RUNTIME_SRCS) $(RUNTIME_ASM) $(filter stack/tcp%.c stack/checksum.c stack/iov.c,$(STACK_SRCS))
FUZZ_TCP := $(BUILD)/fuzz/fuzz_tcp

ifeq ($(SAN),1)
tests: $(FUZZ_TCP)
endif

$(FUZZ_TCP): $(FUZZ_TCP_SRCS) $(wildcard runtime/*.h runtime/include/kiln/*.h stack/tcp*.h stack/checksum.h stack/iov.h)
	@mkdir -p $(dir $@)
	clang -std=c11 -D_GNU_SOURCE $(WARN) -O1 -g -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=all \
		-Iruntime/include -Iruntime -Istack $(FUZZ_TCP_SRCS) -o $@

# The fuzzer of the layers below TCP (Ethernet, ARP, IPv4 and reassembly, ICMP, UDP, DHCP's parser),
# built the same way over the whole runtime and the stack's sources (tests/stack/test_fuzz_net.sh runs it).
FUZZ_NET_SRCS := tests/stack/fuzz_net.c $(RUNTIME_SRCS) $(RUNTIME_ASM) $(STACK_SRCS)
FUZZ_NET := $(BUILD)/fuzz/fuzz_net

ifeq ($(SAN),1)
tests: $(FUZZ_NET)
endif

$(FUZZ_NET): $(FUZZ_NET_SRCS) $(wildcard runtime/*.h runtime/include/kiln/*.h stack/*.h stack/include/kiln/*.h tests/stack/*.h)
	@mkdir -p $(dir $@)
	clang -std=c11 -D_GNU_SOURCE $(WARN) -O1 -g -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=all \
		-Iruntime/include -Iruntime -Istack/include -Istack $(FUZZ_NET_SRCS) -o $@

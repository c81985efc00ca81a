# tests/tests.mk: the cmocka unit tests (tests/<dir>/test_*.c, one program each) and `make check`.

UNIT_TEST_SRCS := $(wildcard tests/runtime/test_*.c) $(wildcard tests/builder/test_*.c)
UNIT_TESTS := $(UNIT_TEST_SRCS:%.c=$(BUILD)/%)

.PHONY: tests
tests: kiln-root $(UNIT_TESTS)

# Unit tests see the runtime's internal headers and link the libraries they test.
$(BUILD)/tests/%: tests/%.c $(LIBKILN) $(LIBKILNCONFIG)
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) -Iruntime/include -Iruntime -Ibuilder/include -Ibuilder $(JANSSON_CFLAGS) \
		$< -o $@ $(ALL_LDFLAGS) $(LIBKILN) $(LIBKILNCONFIG) -lcmocka $(JANSSON_LIBS)

check: deps
	@tests/check

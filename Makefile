# Makefile: builds kiln, libkiln and the tests; `make help` lists the targets.

# Build variants: the default build, and SAN=1 (clang, AddressSanitizer + UBSan) in its own tree.
ifeq ($(SAN),1)
CC := clang
BUILD ?= _build/san
SAN_FLAGS := -fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer
else
BUILD ?= _build/default
SAN_FLAGS :=
endif

PREFIX ?= /usr/local
VERSION := 0.1.0
PKG_CONFIG ?= pkg-config

WARN := -Wall -Wextra -Werror -Wshadow -Wstrict-prototypes -Wmissing-prototypes
CFLAGS ?= -O2 -g
ALL_CFLAGS := -std=c11 -D_GNU_SOURCE $(WARN) $(CFLAGS) $(SAN_FLAGS) -MMD -MP
ALL_LDFLAGS := $(LDFLAGS) $(SAN_FLAGS)
JANSSON_CFLAGS = $(shell $(PKG_CONFIG) --cflags jansson)
JANSSON_LIBS = $(shell $(PKG_CONFIG) --libs jansson)
LIBGIT2_CFLAGS = $(shell $(PKG_CONFIG) --cflags libgit2)
LIBGIT2_LIBS = $(shell $(PKG_CONFIG) --libs libgit2)

# The Debian packages kiln needs to build and run (`make deps` installs the missing ones), and
# those the tests add (`make deps-test`, which `make check` runs): clang for the sanitizer variant
# and the fuzzers, cmocka, FAT tools, QEMU, Xen with a Linux kernel for the dom0 of real-Xen tests,
# Chromium with Node.js for the dashboard's browser tests, and dnsmasq and ping as the network tests' peers.
BUILD_PACKAGES := make gcc pkg-config libc6-dev libjansson-dev libxen-dev \
	libmicrohttpd-dev libsqlite3-dev libgnutls28-dev libgit2-dev bubblewrap
TEST_PACKAGES := clang libclang-rt-14-dev libcmocka-dev dosfstools mtools python3 qemu-system-x86 \
	xen-hypervisor-4.17-amd64 linux-image-amd64 debootstrap cpio buildah curl iproute2 netcat-openbsd \
	chromium nodejs dnsmasq-base iputils-ping openssh-server iptables wrk

# `make bench` adds its peers: nginx (against the static website) and wrk to load both.
BENCH_PACKAGES := nginx-light wrk

.PHONY: all help deps deps-test deps-bench check tests install demo bench clean
all: kiln-root

help:
	@echo "make              build kiln and libkiln into $(BUILD)"
	@echo "make deps         install the missing Debian packages kiln needs (as root)"
	@echo "make deps-test    and those the tests need too"
	@echo "make check        run every test, plain and under ASan+UBSan"
	@echo "make demo         configure, build and run examples/hello, then start kiln serve"
	@echo "make bench        run the benchmarks and print a table"
	@echo "make install PREFIX=/usr/local   install kiln, libkiln, headers, kiln.pc"
	@echo "make clean        remove every build output"

deps:
	@sh .ci/install-deps $(BUILD_PACKAGES)

# The dashboard's browser tests drive Chromium with playwright-core, pinned in tests/web/package-lock.json
# (Debian's nodejs lacks npm, which comes as its own package; NodeSource's nodejs has it).
deps-test:
	@sh .ci/install-deps $(BUILD_PACKAGES) $(TEST_PACKAGES)
	@command -v npm >/dev/null || sh .ci/install-deps npm
	cd tests/web && npm ci --no-audit --no-fund

include runtime/runtime.mk
include runtime/xen/xen.mk
include stack/stack.mk
include server/server.mk
include builder/builder.mk
include tests/tests.mk
include bench/bench.mk

$(BUILD)/obj/%.o: %.c
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) $(OBJ_CFLAGS) -c $< -o $@

$(BUILD)/obj/%.o: %.S
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) -c $< -o $@

PC_FILES := $(BUILD)/lib/pkgconfig/kiln.pc
# The build root mirrors an install prefix: bin/, lib/, include/, lib/pkgconfig/.
kiln-root: $(KILN_BIN) $(LIBKILN) $(LIBKILNCONFIG) $(PUBLIC_HEADERS_OUT) $(PC_FILES) $(XEN_ROOT_FILES)

define pc_file
prefix=$(1)
includedir=$${prefix}/include
libdir=$${prefix}/lib
cc=$(CC)

Name: $(2)
Description: $(3)
Version: $(VERSION)
Cflags: -I$${includedir} $(SAN_FLAGS)
Libs: -L$${libdir} -l$(4) $(SAN_FLAGS) $(5)
endef

# $(call write_pc,prefix,dir)
define write_pc
	$(shell mkdir -p $(2))
	$(file >$(2)/kiln.pc,$(call pc_file,$(1),kiln,Kiln unikernel runtime (unix platform),kiln,))
	$(file >$(2)/kiln-config.pc,$(call pc_file,$(1),kiln-config,Kiln configuration library for config.c,kilnconfig,$(JANSSON_LIBS)))
endef

$(PC_FILES): Makefile
	$(call write_pc,$(abspath $(BUILD)),$(BUILD)/lib/pkgconfig)
	@touch $@

install: kiln-root
	install -d $(DESTDIR)$(PREFIX)/bin $(DESTDIR)$(PREFIX)/lib/pkgconfig $(DESTDIR)$(PREFIX)/include/kiln
	install -m 755 $(KILN_BIN) $(DESTDIR)$(PREFIX)/bin/kiln
	install -m 644 $(LIBKILN) $(LIBKILNCONFIG) $(DESTDIR)$(PREFIX)/lib/
	install -m 644 $(PUBLIC_HEADERS_OUT) $(DESTDIR)$(PREFIX)/include/kiln/
	$(call write_pc,$(PREFIX),$(DESTDIR)$(PREFIX)/lib/pkgconfig)

# The README's first command: hello configured, built and run, then the service in the foreground on
# 127.0.0.1:8080 with its state in ./var (its first start prints how to make an admin token; Ctrl-C stops it).
demo: kiln-root
	cd examples/hello && $(abspath $(KILN_BIN)) configure -t unix && $(MAKE) --no-print-directory && ./hello
	$(KILN_BIN) serve

clean:
	rm -rf _build
	for d in examples/*/; do [ -f $$d/kiln.json ] && (cd $$d && $(abspath $(KILN_BIN)) clean) || true; done

-include $(shell find $(BUILD)/obj -name '*.d' 2>/dev/null)

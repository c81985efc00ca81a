# builder/builder.mk: libkilnconfig (the <kiln/config.h> library config.c links) and the kiln command.

CONFIG_SRCS := builder/config/config_args.c builder/config/config_error.c builder/config/config_graph.c builder/config/config_impl.c \
	builder/config/config_key.c builder/config/config_network.c builder/config/config_register.c builder/config/config_storage.c \
	builder/config/gen_c.c builder/config/gen_crunch.c \
	builder/config/gen_file.c builder/config/gen_json.c builder/config/gen_makefile.c builder/config/gen_xl.c \
	builder/generated.c xen/bridge.c xen/xl_config.c
# Key values (and the addresses in the network keys) are parsed by the same code at configure time and at boot.
CONFIG_OBJS := $(CONFIG_SRCS:%.c=$(BUILD)/obj/%.o) $(BUILD)/obj/runtime/key.o $(BUILD)/obj/stack/ipv4_addr.o
LIBKILNCONFIG := $(BUILD)/lib/libkilnconfig.a

CLI_SRCS := builder/cli/cmd_build.c builder/cli/cmd_clean.c builder/cli/cmd_configure.c \
	builder/cli/cmd_depend.c builder/cli/cmd_describe.c builder/cli/cmd_serve.c builder/cli/cmd_token.c builder/cli/kiln.c builder/cli/kiln_json.c \
	builder/cli/kiln_root.c builder/cli/proc.c builder/cli/cmd_fetch_build.c builder/cli/cmd_build_worker.c \
	builder/fetch_build.c builder/generated.c builder/git_mirror.c builder/sandbox.c
CLI_OBJS := $(CLI_SRCS:%.c=$(BUILD)/obj/%.o) $(SERVER_OBJS)
KILN_BIN := $(BUILD)/bin/kiln

$(BUILD)/obj/builder/%.o: OBJ_CFLAGS = -Iruntime/include -Ibuilder/include -Ibuilder $(JANSSON_CFLAGS) $(LIBGIT2_CFLAGS)
# The version has one home, the top-level Makefile; kiln.c rebuilds when it changes.
$(BUILD)/obj/builder/cli/kiln.o: OBJ_CFLAGS += -DKILN_VERSION='"$(VERSION)"'
$(BUILD)/obj/builder/cli/kiln.o: Makefile
$(BUILD)/obj/builder/config/config_network.o: OBJ_CFLAGS += -Istack/include

$(LIBKILNCONFIG): $(CONFIG_OBJS)
	@mkdir -p $(dir $@)
	rm -f $@ && $(AR) rcs $@ $^

$(KILN_BIN): $(CLI_OBJS)
	@mkdir -p $(dir $@)
	$(CC) $(ALL_LDFLAGS) -o $@ $^ $(JANSSON_LIBS) $(SERVER_LIBS) $(LIBGIT2_LIBS)

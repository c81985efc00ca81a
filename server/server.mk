# server/server.mk: the service (server/ and db/), linked into the kiln command, with the dashboard (web/) built in.

SERVER_SRCS := builder/artifacts.c db/db.c db/db_apps.c db/db_builds.c db/db_deployments.c db/db_git_credentials.c db/db_sessions.c db/db_tokens.c \
	db/db_webhooks.c server/api_apps.c server/api_builds.c server/api_deployments.c server/api_git_credentials.c server/api_session.c server/api_webhooks.c \
	server/app_spec.c server/build_log.c server/build_queue.c server/deploy_monitor.c server/deploy_spec.c server/metrics.c \
	server/log_follow.c server/openapi.c server/page.c server/reply.c server/router.c server/server.c server/session.c \
	server/token.c server/web_assets.c server/webhook.c
# The deploy backends and their supervision (xen/), which the service runs.
DEPLOY_SRCS := xen/backend_unix.c xen/backend_xen.c xen/bridge.c xen/deploy_backend.c xen/deploy_dir.c \
	xen/deploy_supervisor.c xen/xl_config.c xen/xl_domain.c
SERVER_SRCS += $(DEPLOY_SRCS)
SERVER_OBJS := $(SERVER_SRCS:%.c=$(BUILD)/obj/%.o) $(BUILD)/obj/gen/web_assets_data.o
SERVER_PKGS := libmicrohttpd sqlite3 gnutls jansson xenlight xlutil xentoollog
SERVER_CFLAGS = $(shell $(PKG_CONFIG) --cflags $(SERVER_PKGS))
SERVER_LIBS = $(shell $(PKG_CONFIG) --libs $(SERVER_PKGS)) -lpthread

$(BUILD)/obj/server/%.o $(BUILD)/obj/db/%.o $(BUILD)/obj/xen/%.o: OBJ_CFLAGS = $(SERVER_CFLAGS)

# The dashboard's files, and a gzip'd copy of each (served to browsers that accept it), become one
# generated C source (web_embed, a tool built for this machine). The list of files is a target of
# its own, rewritten only when it changes, so a removed or added file regenerates the source as an
# edited one does.
WEB_FILES := $(sort $(shell find web -type f \( -name '*.html' -o -name '*.css' -o -name '*.js' -o -name '*.svg' \)))
WEB_GZ := $(WEB_FILES:web/%=$(BUILD)/gen/web/%.gz)
WEB_EMBED := $(BUILD)/tools/web_embed
WEB_LIST := $(BUILD)/gen/web_files.list

$(WEB_EMBED): server/web_embed.c
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) $< -o $@ $(ALL_LDFLAGS)

$(WEB_LIST): FORCE
	@mkdir -p $(dir $@)
	@echo '$(WEB_FILES)' | cmp -s - $@ || echo '$(WEB_FILES)' >$@

$(BUILD)/gen/web/%.gz: web/%
	@mkdir -p $(dir $@)
	gzip -9 -n -c $< >$@.tmp && mv $@.tmp $@

$(BUILD)/gen/web_assets_data.c: $(WEB_EMBED) $(WEB_LIST) $(WEB_FILES) $(WEB_GZ)
	$(WEB_EMBED) $@ web $(BUILD)/gen/web $(WEB_FILES)

$(BUILD)/obj/gen/web_assets_data.o: $(BUILD)/gen/web_assets_data.c
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) -Iserver $(SERVER_CFLAGS) -c $< -o $@

.PHONY: FORCE
FORCE:

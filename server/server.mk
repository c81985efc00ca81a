# server/server.mk: the service (server/ and db/), linked into the kiln command.

SERVER_SRCS := db/db.c db/db_apps.c db/db_tokens.c server/api_apps.c server/api_builds.c server/app_spec.c server/metrics.c \
	server/log_follow.c server/openapi.c server/reply.c server/router.c server/server.c server/token.c
SERVER_OBJS := $(SERVER_SRCS:%.c=$(BUILD)/obj/%.o)
SERVER_PKGS := libmicrohttpd sqlite3 gnutls jansson
SERVER_CFLAGS = $(shell $(PKG_CONFIG) --cflags $(SERVER_PKGS))
SERVER_LIBS = $(shell $(PKG_CONFIG) --libs $(SERVER_PKGS)) -lpthread

$(BUILD)/obj/server/%.o $(BUILD)/obj/db/%.o: OBJ_CFLAGS = $(SERVER_CFLAGS)

/* backend_xen.c: the xen deploy backend: a xen build as a PVH domain through libxl. */
#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libxl.h>
#include <libxl_utils.h>
#include <xentoollog.h>

#include "deploy_dir.h"
#include "xl_domain.h"

/* Where xenconsoled writes each guest's console when started with --log=guest
 * (XENCONSOLED_TRACE=guest in /etc/default/xencommons). */
#define CONSOLE_LOG_DIR "/var/log/xen/console"

/* The one libxl context, opened at the first use; when it cannot be, why, in plain words. */
static pthread_once_t ctx_once = PTHREAD_ONCE_INIT;
static libxl_ctx *ctx;
static xentoollog_logger_stdiostream *ctx_logger;
static char ctx_reason[512];

/* Appends what libxl and its libraries logged (one "lib: error: [file.c:N:func: ]message" per line)
 * to REASON, as "message; message". */
static void summarise_log(const char *log, char *reason, size_t n)
{
	size_t len = strlen(reason);

	for (const char *line = log; *line && len < n; line += strcspn(line, "\n") + (line[strcspn(line, "\n")] != 0)) {
		const char *msg = strstr(line, "error: ");
		const char *end = line + strcspn(line, "\n");
		const char *skip;

		if (!msg || msg > end)
			continue;
		msg += 7;
		skip = strstr(msg, ".c:"); /* the source location libxl puts first */
		if (skip && skip < end && (skip = strstr(skip, ": ")) && skip < end)
			msg = skip + 2;
		len += (size_t)snprintf(reason + len, n - len, "%s%.*s", len && reason[len - 1] != '(' ? "; " : "",
					(int)(end - msg), msg);
	}
}

static void open_ctx(void)
{
	char *log = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&log, &len);
	xentoollog_logger_stdiostream *probe;
	int rc;

	if (!f) {
		snprintf(ctx_reason, sizeof(ctx_reason), "Xen is not available here: out of memory");
		return;
	}
	probe = xtl_createlogger_stdiostream(f, XTL_ERROR, 0);
	rc = libxl_ctx_alloc(&ctx, LIBXL_VERSION, 0, (xentoollog_logger *)probe);
	if (rc == 0) {
		/* From now on libxl's messages go to the service's stderr. */
		ctx_logger = xtl_createlogger_stdiostream(stderr, XTL_WARN, 0);
		libxl_ctx_free(ctx);
		ctx = NULL;
		rc = libxl_ctx_alloc(&ctx, LIBXL_VERSION, 0, (xentoollog_logger *)ctx_logger);
	}
	xtl_logger_destroy((xentoollog_logger *)probe);
	fclose(f);
	if (rc != 0) {
		ctx = NULL;
		snprintf(ctx_reason, sizeof(ctx_reason),
			 "Xen is not available here: libxl cannot open a context (");
		summarise_log(log ? log : "", ctx_reason, sizeof(ctx_reason));
		len = strlen(ctx_reason);
		snprintf(ctx_reason + len, sizeof(ctx_reason) - len,
			 "); the service must run in a Xen dom0, with the hypervisor and xenfs up");
	}
	free(log);
}

static bool xen_available(char *reason, size_t n)
{
	pthread_once(&ctx_once, open_ctx);
	snprintf(reason, n, "%s", ctx ? "" : ctx_reason);
	return ctx != NULL;
}

/* 0 when the context is open, else -ENODEV with the reason in ERR. */
static int need_ctx(char *err, size_t n)
{
	return xen_available(err, n) ? 0 : -ENODEV;
}

/* libxl's ERROR_* codes, for a message. */
static int libxl_failed(int rc, const char *what, char *err, size_t n)
{
	snprintf(err, n, "libxl: %s failed (libxl error %d; details in the service's log)", what, rc);
	return -EIO;
}

static int xen_start(const struct deploy_spec *spec, struct deploy_handle *h, char *err, size_t n)
{
	libxl_domain_config cfg;
	char run[4096];
	uint32_t domid = 0;
	int rc = need_ctx(err, n);

	if (rc < 0)
		return rc;
	rc = deploy_dir_prepare(spec, err, n);
	if (rc == 0)
		rc = deploy_dir_path(spec, run, sizeof(run));
	if (rc < 0)
		return rc;
	libxl_domain_config_init(&cfg);
	rc = xl_domain_config(spec, run, &cfg, err, n);
	if (rc == 0) {
		int xrc = libxl_domain_create_new(ctx, &cfg, &domid, NULL, NULL);
		if (xrc == 0)
			xrc = libxl_domain_unpause(ctx, domid, NULL);
		if (xrc != 0)
			rc = libxl_failed(xrc, "creating the domain", err, n);
	}
	libxl_domain_config_dispose(&cfg);
	if (rc < 0)
		return rc;
	memset(h, 0, sizeof(*h));
	h->pid = (long)domid;
	return 0;
}

static int xen_stop(const struct deploy_spec *spec, const struct deploy_handle *h, bool force, char *err, size_t n)
{
	int rc = need_ctx(err, n);

	(void)spec;
	if (rc < 0)
		return rc;
	rc = force ? libxl_domain_destroy(ctx, (uint32_t)h->pid, NULL) : libxl_domain_shutdown(ctx, (uint32_t)h->pid, NULL);
	if (rc == ERROR_DOMAIN_NOTFOUND || rc == 0)
		return 0;
	return libxl_failed(rc, force ? "destroying the domain" : "asking the domain to shut down", err, n);
}

/* How a domain that shut down ended: poweroff is the unikernel's exit 0, crash any failure; reboot
 * (the toolstack's `xl reboot`, which the guest honours) asks for a new start (libxl leaves that to us). */
static void shutdown_status(const libxl_dominfo *info, struct deploy_status *st)
{
	st->running = false;
	st->reboot = info->shutdown_reason == LIBXL_SHUTDOWN_REASON_REBOOT;
	st->exit_code = info->shutdown_reason == LIBXL_SHUTDOWN_REASON_POWEROFF || st->reboot ? 0 : -1;
	snprintf(st->reason, sizeof(st->reason), "the domain shut down (%s)",
		 libxl_shutdown_reason_to_string(info->shutdown_reason));
}

static int xen_poll(const struct deploy_spec *spec, struct deploy_handle *h, struct deploy_status *st, char *err,
		    size_t n)
{
	libxl_dominfo info;
	int rc = need_ctx(err, n);

	(void)spec;
	if (rc < 0)
		return rc;
	st->running = true;
	st->exit_code = -1;
	st->reason[0] = '\0';
	libxl_dominfo_init(&info);
	rc = libxl_domain_info(ctx, &info, (uint32_t)h->pid);
	if (rc == ERROR_DOMAIN_NOTFOUND) {
		st->running = false;
		snprintf(st->reason, sizeof(st->reason), "the domain is gone (destroyed)");
		rc = 0;
	} else if (rc != 0) {
		rc = libxl_failed(rc, "reading the domain's state", err, n);
	} else if (info.shutdown || info.dying) {
		shutdown_status(&info, st);
		libxl_domain_destroy(ctx, (uint32_t)h->pid, NULL); /* preserved until now to read its reason */
	}
	libxl_dominfo_dispose(&info);
	return rc;
}

/* After a restart of the service: the domain id must still carry this deployment's name. */
static int xen_reattach(const struct deploy_spec *spec, struct deploy_handle *h, struct deploy_status *st, char *err,
			size_t n)
{
	libxl_dominfo *list;
	char name[256];
	bool found = false;
	int count = 0, rc = need_ctx(err, n);

	if (rc == 0)
		rc = xl_domain_name(spec, name, sizeof(name));
	if (rc < 0)
		return rc;
	list = libxl_list_domain(ctx, &count);
	if (!list) {
		snprintf(err, n, "libxl: cannot list the domains");
		return -EIO;
	}
	for (int i = 0; i < count && !found; i++) {
		char *dom_name = libxl_domid_to_name(ctx, list[i].domid);
		if (dom_name && strcmp(dom_name, name) == 0) {
			h->pid = (long)list[i].domid;
			found = true;
		}
		free(dom_name);
	}
	libxl_dominfo_list_free(list, count);
	if (found)
		return xen_poll(spec, h, st, err, n);
	st->running = false;
	st->exit_code = -1;
	snprintf(st->reason, sizeof(st->reason), "the domain %.200s is gone; how it ended is not known", name);
	return 0;
}

static int xen_console_path(const struct deploy_spec *spec, char *path, size_t n)
{
	char name[256];
	int rc = xl_domain_name(spec, name, sizeof(name));

	if (rc == 0 && snprintf(path, n, "%s/guest-%s.log", CONSOLE_LOG_DIR, name) >= (int)n)
		rc = -ENAMETOOLONG;
	return rc;
}

static int xen_destroy(const struct deploy_spec *spec, const struct deploy_handle *h, char *err, size_t n)
{
	int rc = h->pid > 0 ? xen_stop(spec, h, true, err, n) : 0;

	if (rc == 0)
		rc = deploy_dir_remove(spec);
	return rc;
}

const struct kiln_deploy_backend deploy_backend_xen = {
	.name = "xen",
	.available = xen_available,
	.start = xen_start,
	.stop = xen_stop,
	.poll = xen_poll,
	.reattach = xen_reattach,
	.console_path = xen_console_path,
	.destroy = xen_destroy,
};

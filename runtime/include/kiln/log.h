/* log.h: leveled logging by source, separate from the console; levels are set at boot with --logs. */
#ifndef KILN_LOG_H
#define KILN_LOG_H

enum kiln_log_level {
	KILN_LOG_QUIET = 0, /* nothing at all */
	KILN_LOG_APP,       /* the application's own messages */
	KILN_LOG_ERROR,
	KILN_LOG_WARNING,
	KILN_LOG_INFO,
	KILN_LOG_DEBUG,
};

/* A log source: define one per component with KILN_LOG_SRC, at file scope. */
struct kiln_log_src {
	const char *name;
	const char *doc;
	unsigned generation; /* the --logs spec this src's level was resolved against */
	enum kiln_log_level level;
};

#define KILN_LOG_SRC(var, name, doc) static struct kiln_log_src var = { name, doc, 0, KILN_LOG_INFO }

/*
 * Applies a --logs spec: comma-separated "src:level" items where src may be "*".
 * Levels: quiet, app, error, warning, info, debug. Later items win.
 * Returns 0, or -EINVAL (nothing changed) for a malformed spec.
 */
int kiln_log_set_spec(const char *spec);

/* Whether src would print a message at level; resolves src's level on first use. */
int kiln_log_enabled(struct kiln_log_src *src, enum kiln_log_level level);

/* Writes "YYYY-MM-DD HH:MM.SS: LVL [src] message" to the platform's log output. */
void kiln_log_msg(struct kiln_log_src *src, enum kiln_log_level level, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

#define KILN_LOG_AT(src, lvl, ...) \
	do { if (kiln_log_enabled((src), (lvl))) kiln_log_msg((src), (lvl), __VA_ARGS__); } while (0)
#define kiln_log_app(src, ...) KILN_LOG_AT(src, KILN_LOG_APP, __VA_ARGS__)
#define kiln_log_err(src, ...) KILN_LOG_AT(src, KILN_LOG_ERROR, __VA_ARGS__)
#define kiln_log_warn(src, ...) KILN_LOG_AT(src, KILN_LOG_WARNING, __VA_ARGS__)
#define kiln_log_info(src, ...) KILN_LOG_AT(src, KILN_LOG_INFO, __VA_ARGS__)
#define kiln_log_debug(src, ...) KILN_LOG_AT(src, KILN_LOG_DEBUG, __VA_ARGS__)

#endif

/* xenstore.h: a xenstore client over the domain's ring: read, write, directory, transactions and watches. */
#ifndef KILN_XEN_XENSTORE_H
#define KILN_XEN_XENSTORE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/*
 * Paths are absolute ("/local/domain/0/backend") or relative to the domain's home
 * (/local/domain/<domid>). tx is a transaction from kiln_xen_xs_transaction_start, or 0
 * for none. Calls block the calling fiber (or, at boot, the vCPU) until xenstored answers,
 * at most 30 s (-ETIMEDOUT); xenstored's errors come back as -errno (-ENOENT, -EACCES, ...).
 * Requests from several fibers are sent one at a time.
 */

/* Finds the ring and its event channel (HVM_PARAM_STORE_PFN / _EVTCHN) and binds the channel.
 * Needs kiln_xen_evtchn_init. Returns 0, -ENODEV (no xenstore) or a negative Xen errno. */
int kiln_xen_xs_init(void);

/* Reads path's value into *value, a new NUL-terminated buffer (*len bytes before the NUL) the caller frees. */
int kiln_xen_xs_read(uint32_t tx, const char *path, char **value, size_t *len);

/* Sets path's value (creating the path). */
int kiln_xen_xs_write(uint32_t tx, const char *path, const char *value);

/* Lists path's children: *names is a new buffer the caller frees, holding *count NUL-terminated names back to back. */
int kiln_xen_xs_directory(uint32_t tx, const char *path, char **names, size_t *count);

/* Starts a transaction. */
int kiln_xen_xs_transaction_start(uint32_t *tx);

/* Commits (commit true) or abandons a transaction. -EAGAIN: it conflicted with another; start over. */
int kiln_xen_xs_transaction_end(uint32_t tx, bool commit);

/* A watch: caller-owned storage, in use from kiln_xen_xs_watch to kiln_xen_xs_unwatch. */
struct kiln_xen_xs_event;
struct kiln_xen_xs_watch {
	char token[24];                           /* unique to this watch */
	char *path;                               /* owned: the watched path */
	struct kiln_xen_xs_event *first, *last;   /* owned: fired paths not yet taken */
	struct kiln_xen_xs_watch *next;           /* in the client's list of watches */
};

/* Watches path and everything below it. xenstored fires the watch once straight away. */
int kiln_xen_xs_watch(struct kiln_xen_xs_watch *w, const char *path);

/* Waits until the watch fires (or the monotonic deadline passes: -ETIMEDOUT); *path is the
 * path that changed, a new string the caller frees. */
int kiln_xen_xs_watch_wait(struct kiln_xen_xs_watch *w, uint64_t deadline_ns, char **path);

/* As kiln_xen_xs_watch_wait, without waiting: -EAGAIN when the watch has not fired. */
int kiln_xen_xs_watch_take(struct kiln_xen_xs_watch *w, char **path);

/* Whether a fiber has a request in flight (others would wait for it). */
bool kiln_xen_xs_busy(void);

/* Removes the watch and frees what it holds (w's storage stays the caller's). */
int kiln_xen_xs_unwatch(struct kiln_xen_xs_watch *w);

#endif

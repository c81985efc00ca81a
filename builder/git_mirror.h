/* git_mirror.h: bare mirrors of build repositories in a cache folder, fetched incrementally, and checkouts of one commit. */
#ifndef KILN_GIT_MIRROR_H
#define KILN_GIT_MIRROR_H

#include <stddef.h>

struct mirror;

/* How far a fetch has come: objects received of the total, and bytes received. */
struct mirror_progress {
	unsigned int received_objects;
	unsigned int total_objects;
	size_t received_bytes;
};

typedef void (*mirror_progress_fn)(const struct mirror_progress *progress, void *arg);

/* Every function returns 0 or a negative errno and, on failure, leaves a message for mirror_error. */

/* The message of this thread's last failure (static storage, valid until the next call). */
const char *mirror_error(void);

/* Accepts https://, ssh://, file:// URLs, scp-like user@host:path and absolute local paths; -EINVAL otherwise. */
int mirror_check_url(const char *url);

/*
 * Opens the bare mirror of url under cache_dir (named after a hash of url; created on first use) and
 * fetches every ref of url into it, calling progress (may be NULL) with arg as objects arrive.
 * The mirror stays locked (flock on kiln.lock inside it) for this caller until mirror_free: a fetch into a
 * mirror is not safe while another process fetches or reads it. On success *out is the caller's,
 * freed with mirror_free.
 * -EINVAL: refused URL; -EACCES: credentials rejected; -EIO: any other fetch failure.
 */
int mirror_update(const char *cache_dir, const char *url, mirror_progress_fn progress, void *arg,
		  struct mirror **out);

/* Resolves rev (a branch, a tag, a commit id or its prefix; NULL: the remote's default branch) to the
 * 40-digit id of a commit, written to hex (41 bytes). -ENOENT when there is no such commit. */
int mirror_resolve(struct mirror *m, const char *rev, char hex[41]);

/* Writes the tree of commit hex into dir, which must not exist yet (it is created; its parent must exist). */
int mirror_checkout(struct mirror *m, const char *hex, const char *dir);

void mirror_free(struct mirror *m);

#endif

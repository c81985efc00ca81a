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

/* The secret a fetch may offer when the server asks for one (every member may be NULL). */
struct mirror_credentials {
	const char *username;    /* else the URL's user name; else "git" for ssh, "kiln" for https */
	const char *https_token; /* offered as the password of https (user name and password) */
	const char *ssh_key;     /* a private key, offered from memory to ssh servers */
};

/*
 * Opens the bare mirror of url under cache_dir (named after a hash of url; created on first use) and
 * fetches every ref of url into it, calling progress (may be NULL) with arg as objects arrive.
 * When the server asks for credentials, cred's (may be NULL) are offered once, else the ssh agent's
 * key for ssh; a second request means they were refused and the fetch fails. https certificates are
 * checked against the system's CAs, or against the bundle $KILN_GIT_CA_FILE names instead; ssh host
 * keys against $HOME/.ssh/known_hosts (libgit2 refuses an unknown host).
 * On success *out is the caller's, freed with mirror_free.
 * -EINVAL: refused URL; -EACCES: credentials missing or rejected; -EIO: any other fetch failure.
 */
int mirror_update(const char *cache_dir, const char *url, const struct mirror_credentials *cred,
		  mirror_progress_fn progress, void *arg, struct mirror **out);

/* Resolves rev (a branch, a tag, a commit id or its prefix; NULL: the remote's default branch) to the
 * 40-digit id of a commit, written to hex (41 bytes). -ENOENT when there is no such commit. */
int mirror_resolve(struct mirror *m, const char *rev, char hex[41]);

/* Writes the tree of commit hex into dir, which must not exist yet (it is created; its parent must exist). */
int mirror_checkout(struct mirror *m, const char *hex, const char *dir);

void mirror_free(struct mirror *m);

#endif

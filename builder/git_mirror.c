/* git_mirror.c: bare mirrors with libgit2: URL allow-list, incremental fetch, commit resolution, checkout. */
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <git2.h>

#include "git_mirror.h"

struct mirror {
	git_repository *repo;
	int lock_fd; /* flock'd PATH/kiln.lock: one process at a time fetches into and reads a mirror */
};

/* What the fetch callbacks share: the caller's progress callback, and how many credentials were asked. */
struct fetch_state {
	mirror_progress_fn progress;
	void *arg;
	int credential_calls;
	const struct mirror_credentials *cred;
};

static _Thread_local char last_error[512];

const char *mirror_error(void)
{
	return last_error;
}

/* Records a message and returns rc. */
static int fail(int rc, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(last_error, sizeof(last_error), fmt, ap);
	va_end(ap);
	return rc;
}

/* After a failed libgit2 call: records what (what) and libgit2's reason, and returns rc. */
static int fail_git(int rc, const char *what)
{
	const git_error *gerr = git_error_last();

	return fail(rc, "%s: %s", what, gerr && gerr->message ? gerr->message : "unknown libgit2 error");
}

static bool has_prefix(const char *s, const char *prefix)
{
	return strncmp(s, prefix, strlen(prefix)) == 0;
}

/* scp-like ssh: user@host:path, with no '/' before the ':'. */
static bool is_scp_like(const char *url)
{
	const char *at = strchr(url, '@'), *colon = strchr(url, ':'), *slash = strchr(url, '/');

	return at && colon && at < colon && at > url && colon > at + 1 && (!slash || slash > colon);
}

int mirror_check_url(const char *url)
{
	static const char *const schemes[] = { "https://", "ssh://", "file://" };

	for (const char *c = url; *c; c++) {
		if ((unsigned char)*c <= ' ' || *c == 0x7f)
			return fail(-EINVAL, "refused URL '%s': it contains spaces or control characters", url);
	}
	if (url[0] == '-')
		return fail(-EINVAL, "refused URL '%s': it looks like an option", url);
	if (url[0] == '/')
		return 0;
	for (size_t i = 0; i < sizeof(schemes) / sizeof(schemes[0]); i++) {
		if (has_prefix(url, schemes[i]) && url[strlen(schemes[i])] != '\0')
			return 0;
	}
	if (!strstr(url, "::") && !strstr(url, "://") && is_scp_like(url))
		return 0;
	return fail(-EINVAL, "refused URL '%s': only https://, ssh://, file://, user@host:path and absolute paths "
		    "are allowed", url);
}

static int on_transfer(const git_indexer_progress *stats, void *payload)
{
	struct fetch_state *st = payload;
	struct mirror_progress p = { stats->received_objects, stats->total_objects, stats->received_bytes };

	if (st->progress)
		st->progress(&p, st->arg);
	return 0;
}

/* The credential to offer for what the server allows, from st->cred, else the ssh agent; GIT_EAUTH
 * with a message when there is none. */
static int offer(git_credential **out, const char *username, unsigned int allowed, const struct fetch_state *st)
{
	const struct mirror_credentials *c = st->cred;
	const char *user = c && c->username ? c->username : username;

	if (c && c->https_token && (allowed & GIT_CREDENTIAL_USERPASS_PLAINTEXT))
		return git_credential_userpass_plaintext_new(out, user ? user : "kiln", c->https_token);
	if (c && c->ssh_key && (allowed & GIT_CREDENTIAL_SSH_MEMORY))
		return git_credential_ssh_key_memory_new(out, user ? user : "git", NULL, c->ssh_key, NULL);
	if (!(c && (c->https_token || c->ssh_key)) && (allowed & GIT_CREDENTIAL_SSH_KEY) && user)
		return git_credential_ssh_key_from_agent(out, user);
	git_error_set_str(GIT_ERROR_NET, c && (c->https_token || c->ssh_key)
						 ? "the server asks for another kind of credentials than the app has"
						 : "the server asks for credentials, and the app has none");
	return GIT_EAUTH;
}

/* Offers a credential once; a second call means it was rejected, so it gives up (libgit2 would ask
 * again forever). */
static int on_credentials(git_credential **out, const char *url, const char *username, unsigned int allowed,
			  void *payload)
{
	struct fetch_state *st = payload;

	(void)url;
	if (st->credential_calls++ > 0) {
		git_error_set_str(GIT_ERROR_NET, "credentials rejected");
		return GIT_EAUTH;
	}
	return offer(out, username, allowed, st);
}

/* Trusts the CA bundle $KILN_GIT_CA_FILE names for https, instead of the system's; once per process. */
static int set_ca_file(void)
{
	const char *ca = getenv("KILN_GIT_CA_FILE");

	if (!ca || !*ca)
		return 0;
	if (git_libgit2_opts(GIT_OPT_SET_SSL_CERT_LOCATIONS, ca, NULL) < 0)
		return fail_git(-EINVAL, "cannot use KILN_GIT_CA_FILE");
	return 0;
}

/* cache_dir/<sha1 of url>.git, written to path. */
static int mirror_path(const char *cache_dir, const char *url, char *path, size_t size)
{
	char hex[GIT_OID_HEXSZ + 1];
	git_oid id;

	if (git_odb_hash(&id, url, strlen(url), GIT_OBJECT_BLOB) < 0)
		return fail_git(-EIO, "cannot hash the URL");
	git_oid_tostr(hex, sizeof(hex), &id);
	if ((size_t)snprintf(path, size, "%s/%s.git", cache_dir, hex) >= size)
		return fail(-ENAMETOOLONG, "cache folder name too long: %s", cache_dir);
	return 0;
}

/* Opens the mirror at path, or creates it bare with a mirroring "origin" remote. */
static int open_or_create(const char *path, const char *url, git_repository **repo)
{
	git_remote *remote = NULL;

	if (git_repository_open_bare(repo, path) == 0)
		return 0;
	if (git_repository_init(repo, path, 1) < 0)
		return fail_git(-EIO, "cannot create the mirror");
	if (git_remote_create_with_fetchspec(&remote, *repo, "origin", url, "+refs/*:refs/*") < 0) {
		git_repository_free(*repo);
		*repo = NULL;
		return fail_git(-EIO, "cannot set the mirror's remote");
	}
	git_remote_free(remote);
	return 0;
}

/* Fetches every ref (pruning those gone) and points HEAD at the remote's default branch. */
static int fetch(git_repository *repo, struct fetch_state *st)
{
	git_fetch_options opts;
	git_remote *remote = NULL;
	git_buf head = { 0 };
	int rc = 0;

	git_fetch_options_init(&opts, GIT_FETCH_OPTIONS_VERSION);
	opts.callbacks.transfer_progress = on_transfer;
	opts.callbacks.credentials = on_credentials;
	opts.callbacks.payload = st;
	opts.prune = GIT_FETCH_PRUNE;
	if (git_remote_lookup(&remote, repo, "origin") < 0)
		return fail_git(-EIO, "the mirror has no origin remote");
	rc = git_remote_fetch(remote, NULL, &opts, "kiln fetch");
	if (rc < 0) {
		rc = fail_git(rc == GIT_EAUTH ? -EACCES : -EIO, "cannot fetch");
		goto cleanup;
	}
	if (git_remote_default_branch(&head, remote) == 0 && git_repository_set_head(repo, head.ptr) < 0)
		rc = fail_git(-EIO, "cannot set the mirror's HEAD");
cleanup:
	git_buf_dispose(&head);
	git_remote_free(remote);
	return rc;
}

/* A local URL (an absolute path or file://) must name an existing folder (else libgit2 says
 * "unsupported URL protocol"). */
static int check_local(const char *url)
{
	const char *path = has_prefix(url, "file://") ? url + strlen("file://") : url;

	if (path[0] == '/' && access(path, F_OK) < 0)
		return fail(-errno, "no repository at %s: %s", path, strerror(errno));
	return 0;
}

/* Takes the mirror at PATH (created empty if needed) for this process, waiting for another's fetch to
 * end: flock on PATH/kiln.lock. */
static int lock(const char *path, int *fd)
{
	char lock_path[4096 + 16];

	if (mkdir(path, 0755) < 0 && errno != EEXIST)
		return fail(-errno, "cannot create %s: %s", path, strerror(errno));
	snprintf(lock_path, sizeof(lock_path), "%s/kiln.lock", path);
	*fd = open(lock_path, O_RDWR | O_CREAT | O_CLOEXEC, 0644);
	if (*fd < 0)
		return fail(-errno, "cannot open %s: %s", lock_path, strerror(errno));
	while (flock(*fd, LOCK_EX) < 0) {
		if (errno != EINTR)
			return fail(-errno, "cannot lock %s: %s", lock_path, strerror(errno));
	}
	return 0;
}

int mirror_update(const char *cache_dir, const char *url, const struct mirror_credentials *cred,
		  mirror_progress_fn progress, void *arg, struct mirror **out)
{
	struct fetch_state st = { progress, arg, 0, cred };
	char path[4096];
	struct mirror *m;
	int rc;

	*out = NULL;
	rc = mirror_check_url(url);
	if (rc == 0)
		rc = check_local(url);
	if (rc < 0)
		return rc;
	m = calloc(1, sizeof(*m));
	if (!m)
		return fail(-ENOMEM, "out of memory");
	m->lock_fd = -1;
	git_libgit2_init();
	rc = set_ca_file();
	if (rc == 0)
		rc = mirror_path(cache_dir, url, path, sizeof(path));
	if (rc == 0)
		rc = lock(path, &m->lock_fd);
	if (rc == 0)
		rc = open_or_create(path, url, &m->repo);
	if (rc == 0)
		rc = fetch(m->repo, &st);
	if (rc < 0) {
		mirror_free(m);
		return rc;
	}
	*out = m;
	return 0;
}

int mirror_resolve(struct mirror *m, const char *rev, char hex[41])
{
	git_object *obj = NULL;
	git_commit *commit = NULL;
	const char *spec = rev ? rev : "HEAD";

	if (spec[0] == '-' || strchr(spec, ':'))
		return fail(-EINVAL, "refused revision '%s'", spec);
	if (git_revparse_single(&obj, m->repo, spec) < 0)
		return fail_git(-ENOENT, "no such revision");
	if (git_object_peel((git_object **)&commit, obj, GIT_OBJECT_COMMIT) < 0) {
		git_object_free(obj);
		return fail_git(-ENOENT, "not a commit");
	}
	git_oid_tostr(hex, 41, git_commit_id(commit));
	git_commit_free(commit);
	git_object_free(obj);
	return 0;
}

int mirror_checkout(struct mirror *m, const char *hex, const char *dir)
{
	git_checkout_options opts;
	git_commit *commit = NULL;
	git_tree *tree = NULL;
	git_oid id;
	int rc = 0;

	if (mkdir(dir, 0755) < 0)
		return fail(-errno, "cannot create %s: %s", dir, strerror(errno));
	if (git_oid_fromstr(&id, hex) < 0 || git_commit_lookup(&commit, m->repo, &id) < 0)
		return fail_git(-ENOENT, "no such commit");
	if (git_commit_tree(&tree, commit) < 0) {
		rc = fail_git(-EIO, "cannot read the commit's tree");
		goto cleanup;
	}
	git_checkout_options_init(&opts, GIT_CHECKOUT_OPTIONS_VERSION);
	opts.checkout_strategy = GIT_CHECKOUT_FORCE | GIT_CHECKOUT_DONT_UPDATE_INDEX;
	opts.target_directory = dir;
	if (git_checkout_tree(m->repo, (const git_object *)tree, &opts) < 0)
		rc = fail_git(-EIO, "cannot check out");
cleanup:
	git_tree_free(tree);
	git_commit_free(commit);
	return rc;
}

void mirror_free(struct mirror *m)
{
	if (!m)
		return;
	git_repository_free(m->repo);
	if (m->lock_fd >= 0)
		close(m->lock_fd);
	free(m);
	git_libgit2_shutdown();
}

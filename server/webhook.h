/* webhook.h: verifying forge webhook deliveries (GitHub, Gitea: HMAC-SHA256 of the body; GitLab: a token) and reading pushes. */
#ifndef KILN_WEBHOOK_H
#define KILN_WEBHOOK_H

#include <jansson.h>
#include <stddef.h>

/* The headers of a delivery that matter (NULL when absent). */
struct webhook_headers {
	const char *github_signature; /* X-Hub-Signature-256: "sha256=" and 64 hex digits */
	const char *gitea_signature;  /* X-Gitea-Signature: 64 hex digits */
	const char *gitlab_token;     /* X-Gitlab-Token: the secret itself */
	const char *github_event, *gitea_event, *gitlab_event;
};

/*
 * Checks that the delivery of BODY (LEN bytes) was made with SECRET, comparing in constant time, and
 * sets *source to "github", "gitea" or "gitlab" and *event to its event name ("push", "ping" or the
 * forge's own). Returns 0, -ENOKEY when the delivery carries no signature or token, -EACCES when it
 * does not match, or -EIO.
 */
int webhook_verify(const char *secret, const struct webhook_headers *h, const char *body, size_t len,
		   const char **source, const char **event);

/* From a push payload, the ref pushed ("refs/heads/main") and the commit it now points at (40 hex
 * digits). Returns 0, or -EINVAL with *why set when the payload does not have them. */
int webhook_push(const json_t *payload, const char **ref, const char **after, const char **why);

#endif

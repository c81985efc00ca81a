/* webhook.c: webhook signatures (GnuTLS HMAC-SHA256) checked in constant time, and push payloads. */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include <gnutls/crypto.h>

#include "token.h"
#include "webhook.h"

/* Whether GIVEN is the hex HMAC-SHA256 of BODY under SECRET (compared in constant time). */
static int hmac_matches(const char *secret, const char *body, size_t len, const char *given)
{
	unsigned char digest[32];
	char hex[65], lower[65];
	size_t n = strlen(given);

	if (gnutls_hmac_fast(GNUTLS_MAC_SHA256, secret, strlen(secret), body, len, digest) < 0)
		return -EIO;
	for (int i = 0; i < 32; i++)
		sprintf(hex + 2 * i, "%02x", digest[i]);
	if (n != 64)
		return -EACCES;
	for (size_t i = 0; i <= n; i++)
		lower[i] = (char)(given[i] >= 'A' && given[i] <= 'F' ? given[i] - 'A' + 'a' : given[i]);
	return token_hash_equal(hex, lower) ? 0 : -EACCES;
}

/* Whether GIVEN is SECRET: their SHA-256 compared in constant time, so the time tells nothing, not even the length. */
static int token_matches(const char *secret, const char *given)
{
	char a[TOKEN_HASH_LEN + 1], b[TOKEN_HASH_LEN + 1];

	if (token_hash(secret, a) < 0 || token_hash(given, b) < 0)
		return -EIO;
	return token_hash_equal(a, b) ? 0 : -EACCES;
}

int webhook_verify(const char *secret, const struct webhook_headers *h, const char *body, size_t len,
		   const char **source, const char **event)
{
	if (h->gitea_signature) {
		*source = "gitea";
		*event = h->gitea_event ? h->gitea_event : "";
		return hmac_matches(secret, body, len, h->gitea_signature);
	}
	if (h->github_signature) {
		*source = "github";
		*event = h->github_event ? h->github_event : "";
		if (strncmp(h->github_signature, "sha256=", 7) != 0)
			return -EACCES;
		return hmac_matches(secret, body, len, h->github_signature + 7);
	}
	if (h->gitlab_token) {
		*source = "gitlab";
		*event = h->gitlab_event && strcmp(h->gitlab_event, "Push Hook") == 0 ? "push" :
			 h->gitlab_event ? h->gitlab_event : "";
		return token_matches(secret, h->gitlab_token);
	}
	return -ENOKEY;
}

int webhook_push(const json_t *payload, const char **ref, const char **after, const char **why)
{
	*ref = json_string_value(json_object_get(payload, "ref"));
	*after = json_string_value(json_object_get(payload, "after"));
	if (!*ref || !*after) {
		*why = "a push payload has string fields 'ref' and 'after'";
		return -EINVAL;
	}
	if (strlen(*after) != 40 || strspn(*after, "0123456789abcdef") != 40) {
		*why = "'after' must be a commit id of 40 hex digits";
		return -EINVAL;
	}
	return 0;
}

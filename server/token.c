/* token.c: API token generation, hashing, comparison and scopes. */
#include <errno.h>
#include <gnutls/crypto.h>
#include <gnutls/gnutls.h>
#include <stdio.h>
#include <string.h>
#include <sys/random.h>

#include "token.h"

static const struct {
	const char *name;
	unsigned bit;
} scope_names[] = {
	{ "read", SCOPE_READ }, { "build", SCOPE_BUILD }, { "deploy", SCOPE_DEPLOY }, { "admin", SCOPE_ADMIN },
};

static void hex(const unsigned char *bytes, size_t n, char *out)
{
	for (size_t i = 0; i < n; i++)
		sprintf(out + 2 * i, "%02x", bytes[i]);
}

int token_generate(char out[TOKEN_LEN + 1])
{
	unsigned char bytes[32];

	if (getrandom(bytes, sizeof(bytes), 0) != (ssize_t)sizeof(bytes))
		return -EIO;
	memcpy(out, "kiln_", 5);
	hex(bytes, sizeof(bytes), out + 5);
	return 0;
}

int token_hash(const char *token, char out[TOKEN_HASH_LEN + 1])
{
	unsigned char digest[32];

	if (gnutls_hash_fast(GNUTLS_DIG_SHA256, token, strlen(token), digest) < 0)
		return -EIO;
	hex(digest, sizeof(digest), out);
	return 0;
}

bool token_hash_equal(const char *a, const char *b)
{
	unsigned char diff = 0;

	if (strlen(a) != TOKEN_HASH_LEN || strlen(b) != TOKEN_HASH_LEN)
		return false;
	for (size_t i = 0; i < TOKEN_HASH_LEN; i++)
		diff |= (unsigned char)(a[i] ^ b[i]);
	return diff == 0;
}

/* The bit of the scope named by the N bytes at NAME, or 0. */
static unsigned scope_bit(const char *name, size_t n)
{
	for (size_t i = 0; i < sizeof(scope_names) / sizeof(scope_names[0]); i++) {
		if (strlen(scope_names[i].name) == n && memcmp(scope_names[i].name, name, n) == 0)
			return scope_names[i].bit;
	}
	return 0;
}

int token_scopes_parse(const char *list, unsigned *scopes)
{
	unsigned bits = 0;

	for (const char *p = list;; p++) {
		size_t n = strcspn(p, ",");
		unsigned bit = scope_bit(p, n);
		if (!bit)
			return -EINVAL;
		bits |= bit;
		p += n;
		if (!*p)
			break;
	}
	*scopes = bits;
	return 0;
}

json_t *token_scopes_json(unsigned scopes)
{
	json_t *names = json_array();

	for (size_t i = 0; names && i < sizeof(scope_names) / sizeof(scope_names[0]); i++) {
		if ((scopes & scope_names[i].bit) && json_array_append_new(names, json_string(scope_names[i].name)) < 0) {
			json_decref(names);
			return NULL;
		}
	}
	return names;
}

bool token_scopes_allow(unsigned have, unsigned need)
{
	return (have & SCOPE_ADMIN) || (have & need) == need;
}

/* token.h: API tokens: random generation, SHA-256 hashing, constant-time comparison and scopes. */
#ifndef KILN_TOKEN_H
#define KILN_TOKEN_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>

enum token_scope {
	SCOPE_READ = 1u << 0,
	SCOPE_BUILD = 1u << 1,
	SCOPE_DEPLOY = 1u << 2,
	SCOPE_ADMIN = 1u << 3, /* grants every other scope too */
};

#define TOKEN_LEN 69      /* "kiln_" and 64 hex digits */
#define TOKEN_HASH_LEN 64 /* SHA-256 in hex */

/* Writes a new random token (getrandom) and its NUL to out. Returns 0 or a negative errno. */
int token_generate(char out[TOKEN_LEN + 1]);
/* Writes the hex SHA-256 of TOKEN and its NUL to out. Returns 0 or a negative errno. */
int token_hash(const char *token, char out[TOKEN_HASH_LEN + 1]);
/* Compares two hex hashes in time independent of where they differ. */
bool token_hash_equal(const char *a, const char *b);
/* Parses a comma-separated list of scope names into bits. Returns 0 or -EINVAL. */
int token_scopes_parse(const char *list, unsigned *scopes);
/* A new JSON array of the names of the scope bits in SCOPES, the caller's to release; NULL when out of memory. */
json_t *token_scopes_json(unsigned scopes);
/* Whether a token with scopes HAVE may do what NEED asks. */
bool token_scopes_allow(unsigned have, unsigned need);

#endif

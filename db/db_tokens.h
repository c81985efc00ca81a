/* db_tokens.h: the tokens table: hashed API tokens and their scopes. */
#ifndef KILN_DB_TOKENS_H
#define KILN_DB_TOKENS_H

#include <sqlite3.h>

/* Stores a token's SHA-256 hex hash with its scope bits. Returns 0 or a negative errno. */
int db_token_insert(sqlite3 *db, const char *hash, unsigned scopes);
/* Compares HASH with every stored hash in constant time; sets *scopes and the token's *id for a match.
 * Returns 0, -ENOENT when none matches, or a negative errno. */
int db_token_find(sqlite3 *db, const char *hash, unsigned *scopes, long *id);
/* Sets *n to the number of stored tokens. Returns 0 or a negative errno. */
int db_token_count(sqlite3 *db, long *n);

#endif

/* cmd_token.c: kiln token create: stores a new API token's hash with its scopes and prints the token. */
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "../../db/db.h"
#include "../../db/db_tokens.h"
#include "../../server/token.h"
#include "commands.h"

static const char usage[] = "Usage: kiln token create [--home DIR] --scope SCOPE[,SCOPE]...\n\n"
			    "Prints a new API token for the service whose home is DIR (default ./var).\n"
			    "Scopes: read, build, deploy, admin (admin grants every scope).\n";

/* Makes, stores and prints a token with SCOPES in the database under HOME. */
static int create(const char *home, unsigned scopes)
{
	char token[TOKEN_LEN + 1], hash[TOKEN_HASH_LEN + 1];
	sqlite3 *db;
	int rc = db_open(home, &db);

	if (rc < 0) {
		fprintf(stderr, "kiln token: cannot open the database under %s: %s\n", home, strerror(-rc));
		return 1;
	}
	rc = token_generate(token);
	if (rc == 0)
		rc = token_hash(token, hash);
	if (rc == 0)
		rc = db_token_insert(db, hash, scopes);
	db_close(db);
	if (rc < 0) {
		fprintf(stderr, "kiln token: cannot create a token: %s\n", strerror(-rc));
		return 1;
	}
	puts(token);
	return 0;
}

int cmd_token(int argc, char **argv)
{
	static const struct option options[] = {
		{ "home", required_argument, NULL, 'H' },
		{ "scope", required_argument, NULL, 's' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	const char *home = "./var", *scope = NULL;
	unsigned scopes;
	int c;

	while ((c = getopt_long(argc, argv, "h", options, NULL)) != -1) {
		if (c == 'H') {
			home = optarg;
		} else if (c == 's') {
			scope = optarg;
		} else {
			fputs(usage, c == 'h' ? stdout : stderr);
			return c == 'h' ? 0 : 2;
		}
	}
	if (optind + 1 != argc || strcmp(argv[optind], "create") != 0 || !scope) {
		fputs(usage, stderr);
		return 2;
	}
	if (token_scopes_parse(scope, &scopes) < 0) {
		fprintf(stderr, "kiln token: unknown scope in '%s' (read, build, deploy, admin)\n", scope);
		return 2;
	}
	return create(home, scopes);
}

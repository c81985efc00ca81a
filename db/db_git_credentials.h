/* db_git_credentials.h: the git credentials of an app (an https token or an ssh private key), which builds fetch with. */
#ifndef KILN_DB_GIT_CREDENTIALS_H
#define KILN_DB_GIT_CREDENTIALS_H

#include <sqlite3.h>

/* One app's credentials; exactly one of https_token and ssh_key is set. Strings owned by the struct. */
struct git_credentials {
	char *username;    /* NULL: the URL's user name, else a default (see git_mirror.h) */
	char *https_token; /* the password of https fetches */
	char *ssh_key;     /* a private key (PEM or OpenSSH), without passphrase */
	char *created_at;
};

/* Sets (or replaces) APP's credentials. Returns 0, -ENOENT when there is no such app, or a negative errno. */
int db_git_credentials_set(sqlite3 *db, const char *app, const struct git_credentials *cred);
/* Fills *out with APP's credentials, freed with db_git_credentials_clear. Returns 0, -ENOENT, or a negative errno. */
int db_git_credentials_get(sqlite3 *db, const char *app, struct git_credentials *out);
/* Forgets APP's credentials. Returns 0, -ENOENT when it had none, or a negative errno. */
int db_git_credentials_delete(sqlite3 *db, const char *app);
/* Frees what db_git_credentials_get filled, wiping the secrets first. */
void db_git_credentials_clear(struct git_credentials *cred);

#endif

/* key.h: typed unikernel keys (string, int, bool) and the parsing of their values. */
#ifndef KILN_KEY_H
#define KILN_KEY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

enum kiln_key_type {
	KILN_KEY_STRING,
	KILN_KEY_INT,
	KILN_KEY_BOOL,
};

union kiln_key_value {
	const char *s;
	int64_t i;
	bool b;
};

/* One key as the generated main.c declares it; value is filled in at boot. */
struct kiln_key_slot {
	const char *name;          /* as on the command line, without "--" */
	enum kiln_key_type type;
	const char *default_text;  /* the default, as text (set at configure time) */
	const char *doc;
	union kiln_key_value value;
};

/*
 * Parses text as a value of type into *out; strings are not copied (out->s = text).
 * int: a decimal or 0x hex number in the int64 range; bool: true or false.
 * Returns 0 or -EINVAL.
 */
int kiln_key_parse(enum kiln_key_type type, const char *text, union kiln_key_value *out);

/* "string", "int" or "bool". */
const char *kiln_key_type_name(enum kiln_key_type type);

/* What a value of type looks like, for help and errors: "STRING", "INT", "true|false". */
const char *kiln_key_type_metavar(enum kiln_key_type type);

/* An option on a command line, split by kiln_key_arg(). */
struct kiln_key_arg {
	const char *name;  /* points into argv, after "--" */
	size_t name_len;
	const char *value; /* after "=", or the next argument once taken; NULL if none */
};

/*
 * Splits argv[i] of the form --NAME=VALUE or --NAME into *arg.
 * Returns 0, or -EINVAL when argv[i] is not a long option.
 */
int kiln_key_arg(char **argv, int i, struct kiln_key_arg *arg);

/*
 * Gives arg a value for a key of type: a bool given as a bare --NAME is true (or takes
 * a following "true"/"false"); other types take the next argument. Advances *i past
 * what it consumed. Returns 0, or -EINVAL when the value is missing.
 */
int kiln_key_arg_value(enum kiln_key_type type, int argc, char **argv, int *i, struct kiln_key_arg *arg);

/* Whether arg names the key called name. */
bool kiln_key_arg_is(const struct kiln_key_arg *arg, const char *name);

#endif

/* key.c: parsing typed key values, shared by boot-time arguments and kiln configure. */
#include <ctype.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <kiln/key.h>

int kiln_key_parse(enum kiln_key_type type, const char *text, union kiln_key_value *out)
{
	char *end;

	switch (type) {
	case KILN_KEY_STRING:
		out->s = text;
		return 0;
	case KILN_KEY_INT:
		/* Decimal, or hex with 0x; never octal: "010" is ten, as a user reads it. */
		errno = 0;
		bool hex = (text[0] == '-' || text[0] == '+') ? strncmp(text + 1, "0x", 2) == 0 : strncmp(text, "0x", 2) == 0;
		long long v = strtoll(text, &end, hex ? 16 : 10);
		/* strtoll skips leading blanks: refuse them, as trailing ones are. */
		if (errno || end == text || *end != '\0' || isspace((unsigned char)text[0]))
			return -EINVAL;
		out->i = v;
		return 0;
	case KILN_KEY_BOOL:
		if (strcmp(text, "true") == 0)
			out->b = true;
		else if (strcmp(text, "false") == 0)
			out->b = false;
		else
			return -EINVAL;
		return 0;
	}
	return -EINVAL;
}

const char *kiln_key_type_name(enum kiln_key_type type)
{
	switch (type) {
	case KILN_KEY_STRING:
		return "string";
	case KILN_KEY_INT:
		return "int";
	case KILN_KEY_BOOL:
		return "bool";
	}
	return "?";
}

const char *kiln_key_type_metavar(enum kiln_key_type type)
{
	switch (type) {
	case KILN_KEY_STRING:
		return "STRING";
	case KILN_KEY_INT:
		return "INT";
	case KILN_KEY_BOOL:
		return "true|false";
	}
	return "?";
}

int kiln_key_arg(char **argv, int i, struct kiln_key_arg *arg)
{
	const char *s = argv[i];
	const char *eq;

	if (strncmp(s, "--", 2) != 0 || s[2] == '\0' || s[2] == '=')
		return -EINVAL;
	s += 2;
	eq = strchr(s, '=');
	arg->name = s;
	arg->name_len = eq ? (size_t)(eq - s) : strlen(s);
	arg->value = eq ? eq + 1 : NULL;
	return 0;
}

int kiln_key_arg_value(enum kiln_key_type type, int argc, char **argv, int *i, struct kiln_key_arg *arg)
{
	if (arg->value)
		return 0;
	if (type == KILN_KEY_BOOL) {
		union kiln_key_value v;
		if (*i + 1 < argc && kiln_key_parse(KILN_KEY_BOOL, argv[*i + 1], &v) == 0)
			arg->value = argv[++*i];
		else
			arg->value = "true";
		return 0;
	}
	if (*i + 1 >= argc)
		return -EINVAL;
	arg->value = argv[++*i];
	return 0;
}

bool kiln_key_arg_is(const struct kiln_key_arg *arg, const char *name)
{
	return strlen(name) == arg->name_len && strncmp(arg->name, name, arg->name_len) == 0;
}

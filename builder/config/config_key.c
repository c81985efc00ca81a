/* config_key.c: declaring typed keys and lists of them in config.c. */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "config_internal.h"

/* Names the runtime or kiln configure already use for themselves. */
static const char *const reserved[] = { "help", "logs", "target", "t", "xen-memory", NULL };

static bool valid_name(const char *name)
{
	if (!name || !((name[0] >= 'a' && name[0] <= 'z')))
		return false;
	for (const char *p = name; *p; p++) {
		if (!((*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') || *p == '-' || *p == '_'))
			return false;
	}
	return true;
}

static kiln_key *new_key(const char *file, int line, const char *name, enum kiln_key_type type,
			 char *default_text, const char *doc)
{
	kiln_key *k = config_alloc(sizeof(*k));

	k->file = file;
	k->line = line;
	k->name = name ? name : "(null)";
	k->type = type;
	k->default_text = default_text;
	k->value = default_text;
	k->doc = doc ? doc : "";
	if (!valid_name(name)) {
		config_error(file, line, "invalid key name '%s': use lowercase letters, digits, '-' and '_', "
			     "starting with a letter", k->name);
	}
	for (const char *const *r = reserved; *r; r++) {
		if (name && strcmp(name, *r) == 0)
			config_error(file, line, "the key name '%s' is reserved by kiln", name);
	}
	return k;
}

kiln_key *kiln_key_string_at(const char *file, int line, const char *name, const char *def, const char *doc)
{
	if (!def)
		config_error(file, line, "key '%s': the default string is NULL", name ? name : "(null)");
	return new_key(file, line, name, KILN_KEY_STRING, config_strdup(def ? def : ""), doc);
}

kiln_key *kiln_key_int_at(const char *file, int line, const char *name, int64_t def, const char *doc)
{
	char text[32];

	snprintf(text, sizeof(text), "%" PRId64, def);
	return new_key(file, line, name, KILN_KEY_INT, config_strdup(text), doc);
}

kiln_key *kiln_key_bool_at(const char *file, int line, const char *name, bool def, const char *doc)
{
	return new_key(file, line, name, KILN_KEY_BOOL, config_strdup(def ? "true" : "false"), doc);
}

/* A key listed twice is kept once; two keys of one name are an error. */
kiln_key_list *kiln_keys_at(const char *file, int line, kiln_key *const *keys)
{
	kiln_key_list *l = config_alloc(sizeof(*l));
	size_t n = 0;

	while (keys[n])
		n++;
	l->keys = config_alloc(n * sizeof(*l->keys));
	for (size_t i = 0; i < n; i++) {
		bool listed = false;
		for (size_t j = 0; j < l->n && !listed; j++) {
			listed = l->keys[j] == keys[i];
			if (!listed && strcmp(l->keys[j]->name, keys[i]->name) == 0)
				config_error(file, line, "two keys are named '%s' (declared at %s:%d and %s:%d)",
					     keys[i]->name, l->keys[j]->file, l->keys[j]->line, keys[i]->file,
					     keys[i]->line);
		}
		if (!listed)
			l->keys[l->n++] = keys[i];
	}
	return l;
}

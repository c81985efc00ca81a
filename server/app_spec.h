/* app_spec.h: validation of the app objects clients send (POST and PATCH /apps). */
#ifndef KILN_APP_SPEC_H
#define KILN_APP_SPEC_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>

/* Builds a complete, valid app from BODY: a new app with defaults when BASE is NULL, else BASE
 * with BODY's fields changed (the name cannot change). On success *out is a new object the
 * caller releases. Returns 0, or -EINVAL with the reason in why[n], or -ENOMEM. */
int app_spec_build(const json_t *body, const json_t *base, json_t **out, char *why, size_t n);

/* Whether S is a valid app name ([a-z][a-z0-9-]{0,62}); NULL is not. */
bool app_name_valid(const char *s);

#endif

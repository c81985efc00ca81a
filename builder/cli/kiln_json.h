/* kiln_json.h: reading the kiln.json that kiln configure wrote in a unikernel's folder. */
#ifndef KILN_KILN_JSON_H
#define KILN_KILN_JSON_H

#include <jansson.h>

/*
 * Loads ./kiln.json and checks that it has the fields kiln reads (name, target).
 * Returns a new reference the caller must json_decref, or NULL after printing,
 * prefixed by cmd, why (not configured, not JSON, fields missing).
 */
json_t *kiln_json_load(const char *cmd);

/* The string field key of obj, or "" when it is missing or not a string. */
const char *kiln_json_str(const json_t *obj, const char *key);

#endif

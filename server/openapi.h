/* openapi.h: the OpenAPI document served at /api/v1/openapi.json. */
#ifndef KILN_OPENAPI_H
#define KILN_OPENAPI_H

/* The document, a static JSON string. */
extern const char openapi_json[];

#endif

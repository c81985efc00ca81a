/* web_assets.c: serves the dashboard's built-in files: "/" is the page, /assets/... the rest, each with its ETag and a strict CSP. */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "web_assets.h"

#define INDEX "/assets/index.html"

/* Only our own scripts, styles, images and API; no inline script, no framing, no plugins, no
 * <base>. Inline style attributes are allowed (style-src-attr) for the ANSI renderer's bold,
 * italic and 24-bit colours, which it writes as style="..." on escaped text. */
const char web_csp[] = "default-src 'none'; script-src 'self'; style-src 'self'; style-src-attr 'unsafe-inline'; "
		       "img-src 'self'; connect-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

bool web_assets_owns(const char *url)
{
	return strcmp(url, "/") == 0 || strncmp(url, "/assets/", 8) == 0;
}

static const struct web_asset *find(const char *url)
{
	if (strcmp(url, "/") == 0)
		url = INDEX;
	for (size_t i = 0; i < web_asset_count; i++) {
		if (strcmp(web_assets[i].url, url) == 0)
			return &web_assets[i];
	}
	return NULL;
}

/* Whether the If-None-Match header (a list of ETags, or "*") names ETAG. */
static bool not_modified(struct MHD_Connection *conn, const char *etag)
{
	const char *inm = MHD_lookup_connection_value(conn, MHD_HEADER_KIND, MHD_HTTP_HEADER_IF_NONE_MATCH);

	return inm && (strcmp(inm, "*") == 0 || strstr(inm, etag));
}

/* Whether Accept-Encoding names gzip (or "*") without q=0. */
static bool accepts_gzip(struct MHD_Connection *conn)
{
	const char *ae = MHD_lookup_connection_value(conn, MHD_HEADER_KIND, MHD_HTTP_HEADER_ACCEPT_ENCODING);

	for (const char *p = ae; p && *p; p += strcspn(p, ","), p += *p == ',') {
		size_t n;

		p += strspn(p, " \t");
		n = strcspn(p, " \t;,");
		if ((n == 4 && strncasecmp(p, "gzip", 4) == 0) || (n == 1 && *p == '*')) {
			const char *q = strstr(p, ";q=");
			size_t len = strcspn(p, ",");
			return !(q && q < p + len && strtod(q + 3, NULL) == 0);
		}
	}
	return false;
}

/* The headers of every reply; for an asset A, its ETag (that of the gzip'd bytes when GZ), caching and encoding. */
static void add_headers(struct MHD_Response *resp, const struct web_asset *a, bool gz)
{
	MHD_add_response_header(resp, MHD_HTTP_HEADER_CONTENT_TYPE, a ? a->type : "text/plain; charset=utf-8");
	MHD_add_response_header(resp, "Content-Security-Policy", web_csp);
	MHD_add_response_header(resp, "X-Content-Type-Options", "nosniff");
	MHD_add_response_header(resp, "Referrer-Policy", "no-referrer");
	if (!a)
		return;
	MHD_add_response_header(resp, MHD_HTTP_HEADER_ETAG, gz ? a->etag_gz : a->etag);
	/* Kept, but revalidated on every use: a new kiln serves new files under the same names. */
	MHD_add_response_header(resp, MHD_HTTP_HEADER_CACHE_CONTROL, "no-cache");
	if (a->gz)
		MHD_add_response_header(resp, MHD_HTTP_HEADER_VARY, MHD_HTTP_HEADER_ACCEPT_ENCODING);
	if (gz)
		MHD_add_response_header(resp, MHD_HTTP_HEADER_CONTENT_ENCODING, "gzip");
}

enum MHD_Result web_assets_reply(struct MHD_Connection *conn, const char *url, const char *method, unsigned *status)
{
	const struct web_asset *a = find(url);
	static const char missing[] = "no such file\n", wrong[] = "only GET and HEAD\n";
	struct MHD_Response *resp;
	enum MHD_Result ret;
	bool gz = a && a->gz && accepts_gzip(conn);

	if (strcmp(method, "GET") != 0 && strcmp(method, "HEAD") != 0) {
		*status = MHD_HTTP_METHOD_NOT_ALLOWED;
		resp = MHD_create_response_from_buffer(strlen(wrong), (void *)wrong, MHD_RESPMEM_PERSISTENT);
		a = NULL;
		gz = false;
	} else if (!a) {
		*status = MHD_HTTP_NOT_FOUND;
		resp = MHD_create_response_from_buffer(strlen(missing), (void *)missing, MHD_RESPMEM_PERSISTENT);
	} else if (not_modified(conn, gz ? a->etag_gz : a->etag)) {
		*status = MHD_HTTP_NOT_MODIFIED;
		resp = MHD_create_response_from_buffer(0, NULL, MHD_RESPMEM_PERSISTENT);
	} else {
		*status = MHD_HTTP_OK;
		resp = MHD_create_response_from_buffer(gz ? a->gz_size : a->size, (void *)(gz ? a->gz : a->data),
						       MHD_RESPMEM_PERSISTENT);
	}
	if (!resp)
		return MHD_NO;
	add_headers(resp, a, gz);
	if (*status == MHD_HTTP_METHOD_NOT_ALLOWED)
		MHD_add_response_header(resp, MHD_HTTP_HEADER_ALLOW, "GET, HEAD");
	ret = MHD_queue_response(conn, *status, resp);
	MHD_destroy_response(resp);
	return ret;
}

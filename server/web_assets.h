/* web_assets.h: the dashboard's files, built into kiln (web_embed), and serving them with caching and security headers. */
#ifndef KILN_WEB_ASSETS_H
#define KILN_WEB_ASSETS_H

#include <microhttpd.h>
#include <stdbool.h>
#include <stddef.h>

struct web_asset {
	const char *url;  /* "/assets/app.js"; the page itself is "/assets/index.html", also served at "/" */
	const char *type; /* Content-Type */
	const char *etag; /* quoted, changes with the bytes */
	const char *etag_gz; /* the same for the gzip'd bytes */
	const unsigned char *data;
	size_t size;
	const unsigned char *gz; /* gzip -9 of data, or NULL when that is no smaller */
	size_t gz_size;
};

/* The generated table (web_assets_data.c, from web/ by web_embed). */
extern const struct web_asset web_assets[];
extern const size_t web_asset_count;

/* The Content-Security-Policy of the dashboard's pages. */
extern const char web_csp[];

/* Whether URL is the dashboard's ("/" or under "/assets/") rather than the API's. */
bool web_assets_owns(const char *url);
/* Queues the reply to a GET or HEAD of URL (200, gzip'd when the client accepts it, 304 for a
 * matching If-None-Match, 404, or 405) and sets *status to its code. Returns what MHD_queue_response returned. */
enum MHD_Result web_assets_reply(struct MHD_Connection *conn, const char *url, const char *method, unsigned *status);

#endif

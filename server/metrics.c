/* metrics.c: HTTP request counters and the Prometheus text format. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../db/db_apps.h"
#include "metrics.h"

static const char *const known_methods[] = { "GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS" };

/* Clients choose methods; any outside the list is counted as "other" so the series stay bounded. */
static const char *method_label(const char *method)
{
	for (size_t i = 0; i < sizeof(known_methods) / sizeof(known_methods[0]); i++) {
		if (strcmp(method, known_methods[i]) == 0)
			return known_methods[i];
	}
	return "other";
}

void metrics_count_request(struct metrics *m, const char *method, unsigned status)
{
	const char *label = method_label(method);
	unsigned i;

	for (i = 0; i < m->n_http; i++) {
		if (m->http[i].status == status && strcmp(m->http[i].method, label) == 0)
			break;
	}
	if (i == m->n_http) {
		if (m->n_http == METRICS_MAX_SERIES)
			return;
		snprintf(m->http[i].method, sizeof(m->http[i].method), "%s", label);
		m->http[i].status = status;
		m->n_http++;
	}
	m->http[i].count++;
}

char *metrics_render(const struct metrics *m, sqlite3 *db)
{
	char *text = NULL;
	size_t size = 0;
	long apps;
	FILE *f;

	if (db_app_count(db, &apps) < 0)
		return NULL;
	f = open_memstream(&text, &size);
	if (!f)
		return NULL;
	fputs("# HELP kiln_http_requests_total HTTP requests served, by method and status.\n"
	      "# TYPE kiln_http_requests_total counter\n", f);
	for (unsigned i = 0; i < m->n_http; i++)
		fprintf(f, "kiln_http_requests_total{method=\"%s\",status=\"%u\"} %lu\n", m->http[i].method,
			m->http[i].status, m->http[i].count);
	fprintf(f, "# HELP kiln_apps Apps registered.\n# TYPE kiln_apps gauge\nkiln_apps %ld\n", apps);
	if (fclose(f) != 0) {
		free(text);
		return NULL;
	}
	return text;
}

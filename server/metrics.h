/* metrics.h: the service's counters and their Prometheus text rendering for /metrics. */
#ifndef KILN_METRICS_H
#define KILN_METRICS_H

#include <sqlite3.h>

#define METRICS_MAX_SERIES 128

struct metrics {
	struct {
		char method[8];
		unsigned status;
		unsigned long count;
	} http[METRICS_MAX_SERIES];
	unsigned n_http;
};

/* Counts one HTTP request (a new series beyond METRICS_MAX_SERIES is not recorded). */
void metrics_count_request(struct metrics *m, const char *method, unsigned status);
/* Returns the Prometheus text of M and of the database's gauges, malloc'd for the caller to free; NULL on error. */
char *metrics_render(const struct metrics *m, sqlite3 *db);

#endif

/* metrics.c: HTTP request counters and the Prometheus text format. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../db/db_apps.h"
#include "../db/db_builds.h"
#include "../db/db_deployments.h"
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

static const char *const build_statuses[] = { "queued", "running", "succeeded", "failed", "cancelled",
					      "interrupted" };
/* Upper bounds of the build duration histogram, in ms. */
static const long duration_bounds_ms[] = { 1000, 2000, 3000, 5000, 10000, 30000, 60000, 120000, 300000, 600000 };
#define N_BOUNDS (sizeof(duration_bounds_ms) / sizeof(duration_bounds_ms[0]))

/* The builds' gauges (by status, the queue) and their duration histogram. */
static int render_builds(FILE *f, sqlite3 *db)
{
	long le[N_BOUNDS], n;
	long long sum_ms;
	json_t *counts;
	int rc = db_build_stats(db, &counts, duration_bounds_ms, le, (int)N_BOUNDS, &sum_ms, &n);

	if (rc < 0)
		return rc;
	fputs("# HELP kiln_builds Builds, by status.\n# TYPE kiln_builds gauge\n", f);
	for (size_t i = 0; i < sizeof(build_statuses) / sizeof(build_statuses[0]); i++)
		fprintf(f, "kiln_builds{status=\"%s\"} %" JSON_INTEGER_FORMAT "\n", build_statuses[i],
			json_integer_value(json_object_get(counts, build_statuses[i])));
	fprintf(f, "# HELP kiln_build_queue_length Builds waiting for a worker.\n# TYPE kiln_build_queue_length gauge\n"
		"kiln_build_queue_length %" JSON_INTEGER_FORMAT "\n", json_integer_value(json_object_get(counts, "queued")));
	fputs("# HELP kiln_build_duration_seconds How long finished builds ran, from start to end.\n"
	      "# TYPE kiln_build_duration_seconds histogram\n", f);
	for (size_t i = 0; i < N_BOUNDS; i++)
		fprintf(f, "kiln_build_duration_seconds_bucket{le=\"%g\"} %ld\n", duration_bounds_ms[i] / 1000.0, le[i]);
	fprintf(f, "kiln_build_duration_seconds_bucket{le=\"+Inf\"} %ld\nkiln_build_duration_seconds_sum %.3f\n"
		"kiln_build_duration_seconds_count %ld\n", n, sum_ms / 1000.0, n);
	json_decref(counts);
	return 0;
}

/* The deployments by state (every state, 0 included, so the series always exist). */
static int render_deployments(FILE *f, sqlite3 *db)
{
	json_t *counts;
	int rc = db_deployment_counts(db, &counts);

	if (rc < 0)
		return rc;
	fputs("# HELP kiln_deployments Deployments, by state.\n# TYPE kiln_deployments gauge\n", f);
	for (enum deploy_state st = DEPLOY_STARTING; st <= DEPLOY_FAILED; st++)
		fprintf(f, "kiln_deployments{state=\"%s\"} %" JSON_INTEGER_FORMAT "\n", deploy_state_name(st),
			json_integer_value(json_object_get(counts, deploy_state_name(st))));
	json_decref(counts);
	return 0;
}

char *metrics_render(const struct metrics *m, sqlite3 *db)
{
	char *text = NULL;
	size_t size = 0;
	long apps;
	FILE *f;
	int rc;

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
	rc = render_builds(f, db);
	if (rc == 0)
		rc = render_deployments(f, db);
	if (fclose(f) != 0 || rc < 0) {
		free(text);
		return NULL;
	}
	return text;
}

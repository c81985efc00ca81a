/* gen_crunch.c: generates the crunch store's C source: one string literal per file and a sorted entry table. */
#include <dirent.h>
#include <errno.h>
#include <inttypes.h>
#include <limits.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "config_internal.h"
#include "gen_crunch.h"
#include "gen_file.h"

struct entry {
	char *path; /* relative to the root, '/'-separated; owned */
	bool dir;
	uint64_t size;
};

struct entries {
	struct entry *v; /* owned */
	size_t n, cap;
};

static void entries_free(struct entries *es)
{
	for (size_t i = 0; i < es->n; i++)
		free(es->v[i].path);
	free(es->v);
}

static int entries_add(struct entries *es, const char *path, bool dir, uint64_t size)
{
	if (es->n == es->cap) {
		size_t cap = es->cap ? es->cap * 2 : 64;
		struct entry *v = realloc(es->v, cap * sizeof(*v));
		if (!v)
			return -ENOMEM;
		es->v = v;
		es->cap = cap;
	}
	es->v[es->n].path = strdup(path);
	if (!es->v[es->n].path)
		return -ENOMEM;
	es->v[es->n].dir = dir;
	es->v[es->n].size = size;
	es->n++;
	return 0;
}

/* Whether the real path of host lies inside the real root. */
static bool inside(const char *root_real, const char *host)
{
	char real[PATH_MAX];
	size_t n = strlen(root_real);

	if (!realpath(host, real))
		return false;
	return strncmp(real, root_real, n) == 0 && (real[n] == '/' || real[n] == '\0');
}

/* Adds every entry below host (whose key is rel, "" for the root) to es. */
static int walk(const char *root_real, const char *host, const char *rel, struct entries *es, int depth)
{
	DIR *d = opendir(host);
	struct dirent *e;
	int rc = 0;

	if (!d) {
		fprintf(stderr, "kiln configure: crunch: cannot read the directory %s: %s\n", host, strerror(errno));
		return -errno;
	}
	while (rc == 0 && (e = readdir(d))) {
		char h[PATH_MAX], r[PATH_MAX];
		struct stat st;
		if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
			continue;
		snprintf(h, sizeof(h), "%s/%s", host, e->d_name);
		snprintf(r, sizeof(r), "%s%s%s", rel, *rel ? "/" : "", e->d_name);
		if (stat(h, &st) < 0 || !inside(root_real, h)) {
			fprintf(stderr, "kiln configure: crunch: %s %s\n", h,
				errno == ENOENT ? "is a dangling link" : "leads outside the crunched directory");
			rc = -EINVAL;
		} else if (S_ISDIR(st.st_mode)) {
			rc = depth > 64 ? -ELOOP : entries_add(es, r, true, 0);
			if (rc == 0)
				rc = walk(root_real, h, r, es, depth + 1);
		} else if (S_ISREG(st.st_mode)) {
			rc = entries_add(es, r, false, (uint64_t)st.st_size);
		}
	}
	closedir(d);
	return rc;
}

static int by_path(const void *a, const void *b)
{
	return strcmp(((const struct entry *)a)->path, ((const struct entry *)b)->path);
}

/* Writes len bytes as the inside of a C string literal: printable ASCII as is, the rest in octal. */
static void literal_bytes(FILE *out, const unsigned char *p, size_t len)
{
	for (size_t i = 0; i < len; i++) {
		unsigned char c = p[i];
		if (c == '\n')
			fputs("\\n\"\n\t\"", out);
		else if (c == '"' || c == '\\')
			fprintf(out, "\\%c", c);
		else if (c < 0x20 || c >= 0x7f || c == '?')
			fprintf(out, "\\%03o", c);
		else
			fputc(c, out);
	}
}

/* Streams the file at host as `static const unsigned char file_<i>[size]`. */
static int emit_file(FILE *out, const char *host, const struct entry *e, size_t i)
{
	unsigned char buf[4096];
	uint64_t left = e->size;
	FILE *in;

	if (e->size == 0)
		return 0;
	in = fopen(host, "rb");
	if (!in) {
		fprintf(stderr, "kiln configure: crunch: cannot read %s: %s\n", host, strerror(errno));
		return -errno;
	}
	fputs("\n/* ", out);
	gen_comment_text(out, e->path);
	fprintf(out, ", %" PRIu64 " bytes */\nstatic const unsigned char file_%zu[%" PRIu64 "] =\n\t\"", e->size, i,
		e->size);
	while (left > 0) {
		size_t want = left < 64 ? (size_t)left : 64;
		size_t n = fread(buf, 1, want, in);
		if (n == 0)
			break;
		literal_bytes(out, buf, n);
		left -= n;
		if (left)
			fputs("\"\n\t\"", out);
	}
	fclose(in);
	fputs("\";\n", out);
	if (left) {
		fprintf(stderr, "kiln configure: crunch: %s changed size while it was read\n", host);
		return -EIO;
	}
	return 0;
}

static int emit(FILE *out, const char *dir, const char *file, const char *symbol, const struct entries *es)
{
	int rc = 0;

	fprintf(out, "/* %s: %s: the directory ", file, GENERATED_MARKER);
	gen_comment_text(out, dir);
	fprintf(out, " as the crunch store %s. */\n#include <stddef.h>\n\n#include <kiln/crunch.h>\n", symbol);
	for (size_t i = 0; i < es->n && rc == 0; i++) {
		char host[PATH_MAX];
		snprintf(host, sizeof(host), "%s/%s", dir, es->v[i].path);
		if (!es->v[i].dir)
			rc = emit_file(out, host, &es->v[i], i);
	}
	fprintf(out, "\nstatic const struct kiln_crunch_entry entries[] = {\n");
	for (size_t i = 0; i < es->n; i++) {
		const struct entry *e = &es->v[i];
		fputs("\t{ ", out);
		gen_c_string(out, e->path);
		if (e->dir)
			fputs(", NULL, 0, true },\n", out);
		else if (e->size == 0)
			fputs(", (const unsigned char *)\"\", 0, false },\n", out);
		else
			fprintf(out, ", file_%zu, %" PRIu64 "u, false },\n", i, e->size);
	}
	if (es->n == 0)
		fputs("\t{ NULL, NULL, 0, false }, /* an empty directory */\n", out);
	fprintf(out, "};\n\nconst struct kiln_crunch_tree %s = { entries, %zu };\n", symbol, es->n);
	return rc;
}

int gen_static_c(const struct config *cfg, const struct gen_output *o, FILE *out)
{
	char symbol[32];

	snprintf(symbol, sizeof(symbol), "kiln_static%zu", config_crunch_number(cfg, o->index));
	return gen_crunch(cfg->nodes[o->index]->path, o->path, symbol, out);
}

int gen_crunch(const char *dir, const char *file, const char *symbol, FILE *out)
{
	struct entries es = { 0 };
	char root_real[PATH_MAX];
	int rc;

	if (!realpath(dir, root_real)) {
		fprintf(stderr, "kiln configure: crunch: cannot read the directory %s: %s\n", dir, strerror(errno));
		return -errno;
	}
	rc = walk(root_real, dir, "", &es, 0);
	if (rc == 0) {
		qsort(es.v, es.n, sizeof(*es.v), by_path);
		rc = emit(out, dir, file, symbol, &es);
	}
	entries_free(&es);
	return rc;
}

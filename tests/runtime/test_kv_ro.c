/* test_kv_ro.c: the kv_ro interface over the crunch and direct stores: keys, partial reads, whole values, listings. */
#include <errno.h>
#include <fcntl.h>
#include <setjmp.h>
#include <stdbool.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

#include <kiln/crunch.h>
#include <kiln/kv_ro.h>

/* The tree both stores hold: "a.txt", "d/", "d/b.bin", "d/e/", "d/e/f", "empty". */
static const unsigned char b_bin[] = { 0, 1, 2, 0xff, 'x', 0, 'y' };
static const struct kiln_crunch_entry entries[] = {
	{ "a.txt", (const unsigned char *)"hello, store\n", 13, false },
	{ "d", NULL, 0, true },
	{ "d/b.bin", b_bin, sizeof(b_bin), false },
	{ "d/e", NULL, 0, true },
	{ "d/e/f", (const unsigned char *)"deep", 4, false },
	{ "empty", (const unsigned char *)"", 0, false },
};
static const struct kiln_crunch_tree tree = { entries, sizeof(entries) / sizeof(entries[0]) };

static void write_file(const char *path, const void *data, size_t len)
{
	FILE *f = fopen(path, "wb");

	assert_non_null(f);
	assert_int_equal(fwrite(data, 1, len, f), len);
	assert_int_equal(fclose(f), 0);
}

/* Stores stay reachable (connected stores are the runtime's, never freed), and so do their folders. */
static struct kiln_kv_ro *stores[16];
static size_t nstores;
static char dirs[16][32];
static bool direct_store;

static void *keep(struct kiln_kv_ro *kv)
{
	assert_true(nstores < 16);
	return stores[nstores++] = kv;
}

/* Makes the same tree on disk, plus a link out of it and one inside it; returns the folder. */
static const char *make_dir_tree(void)
{
	char *dir = dirs[nstores], p[256];

	strcpy(dir, "/tmp/kiln-kv-XXXXXX");
	assert_non_null(mkdtemp(dir));
	for (size_t i = 0; i < tree.n; i++) {
		snprintf(p, sizeof(p), "%s/%s", dir, entries[i].path);
		if (entries[i].dir)
			assert_int_equal(mkdir(p, 0755), 0);
		else
			write_file(p, entries[i].data, entries[i].size);
	}
	snprintf(p, sizeof(p), "%s/out", dir);
	assert_int_equal(symlink("/etc/hostname", p), 0);
	snprintf(p, sizeof(p), "%s/d/in", dir);
	assert_int_equal(symlink("../a.txt", p), 0);
	return dir;
}

static int setup_crunch(void **state)
{
	struct kiln_kv_ro *kv;

	assert_int_equal(kiln_crunch_connect(&kv, &tree), 0);
	*state = keep(kv);
	direct_store = false;
	return 0;
}

static int setup_direct(void **state)
{
	struct kiln_kv_ro *kv;

	assert_int_equal(kiln_direct_kv_ro_connect(&kv, make_dir_tree()), 0);
	*state = keep(kv);
	direct_store = true;
	return 0;
}

static int remove_dirs(void **state)
{
	char cmd[600];

	(void)state;
	for (size_t i = 0; i < nstores; i++) {
		if (dirs[i][0]) {
			snprintf(cmd, sizeof(cmd), "rm -rf %s", dirs[i]);
			assert_int_equal(system(cmd), 0);
		}
	}
	return 0;
}

static void keys_are_normalised(void **state)
{
	struct kiln_kv_ro *kv = *state;
	enum kiln_kv_kind kind;
	uint64_t size;

	assert_int_equal(kiln_kv_ro_stat(kv, "/d//e/./f", &kind, &size), 0);
	assert_int_equal(kind, KILN_KV_VALUE);
	assert_int_equal(size, 4);
	assert_int_equal(kiln_kv_ro_stat(kv, "/", &kind, NULL), 0);
	assert_int_equal(kind, KILN_KV_DICTIONARY);
	assert_int_equal(kiln_kv_ro_stat(kv, "d/", &kind, NULL), 0);
	assert_int_equal(kind, KILN_KV_DICTIONARY);
	assert_int_equal(kiln_kv_ro_stat(kv, "d/../a.txt", &kind, NULL), -EINVAL);
	assert_int_equal(kiln_kv_ro_stat(kv, "..", &kind, NULL), -EINVAL);
	assert_int_equal(kiln_kv_ro_stat(kv, "nope", &kind, NULL), -ENOENT);
	int rc = kiln_kv_ro_stat(kv, "a.txt/x", &kind, NULL);
	assert_true(rc == -ENOENT || rc == -ENOTDIR);
}

static void partial_reads(void **state)
{
	struct kiln_kv_ro *kv = *state;
	char buf[32];
	size_t n;

	assert_int_equal(kiln_kv_ro_read(kv, "a.txt", 7, buf, 5, &n), 0);
	assert_int_equal(n, 5);
	assert_memory_equal(buf, "store", 5);
	/* Past the end: clipped, then nothing. */
	assert_int_equal(kiln_kv_ro_read(kv, "a.txt", 10, buf, sizeof(buf), &n), 0);
	assert_int_equal(n, 3);
	assert_memory_equal(buf, "re\n", 3);
	assert_int_equal(kiln_kv_ro_read(kv, "a.txt", 13, buf, sizeof(buf), &n), 0);
	assert_int_equal(n, 0);
	assert_int_equal(kiln_kv_ro_read(kv, "a.txt", 1000, buf, sizeof(buf), &n), 0);
	assert_int_equal(n, 0);
	assert_int_equal(kiln_kv_ro_read(kv, "d", 0, buf, sizeof(buf), &n), -EISDIR);
	assert_int_equal(kiln_kv_ro_read(kv, "/", 0, buf, sizeof(buf), &n), -EISDIR);
	assert_int_equal(kiln_kv_ro_read(kv, "missing", 0, buf, sizeof(buf), &n), -ENOENT);
	assert_int_equal(n, 0);
}

static void whole_values(void **state)
{
	struct kiln_kv_ro *kv = *state;
	char *v;
	size_t len;
	uint64_t size;

	assert_int_equal(kiln_kv_ro_get(kv, "d/b.bin", &v, &len), 0);
	assert_int_equal(len, sizeof(b_bin));
	assert_memory_equal(v, b_bin, sizeof(b_bin));
	assert_int_equal(v[len], '\0');
	free(v);
	assert_int_equal(kiln_kv_ro_get(kv, "empty", &v, &len), 0);
	assert_int_equal(len, 0);
	assert_string_equal(v, "");
	free(v);
	assert_int_equal(kiln_kv_ro_get(kv, "d", &v, &len), -EISDIR);
	assert_null(v);
	assert_int_equal(kiln_kv_ro_size(kv, "d/e", &size), -EISDIR);
	assert_int_equal(kiln_kv_ro_size(kv, "d/e/f", &size), 0);
	assert_int_equal(size, 4);
}

struct listing {
	char text[256];
	int stop_after; /* stop with 42 after this many entries (0: never) */
	int seen;
};

static int collect(void *arg, const char *name, enum kiln_kv_kind kind)
{
	struct listing *l = arg;
	size_t n = strlen(l->text);

	snprintf(l->text + n, sizeof(l->text) - n, "%s%s ", name, kind == KILN_KV_DICTIONARY ? "/" : "");
	return ++l->seen == l->stop_after ? 42 : 0;
}

/* Sorts the space-separated words of text, so listings compare whatever the store's order. */
static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static void sort_words(char *text)
{
	char copy[256], *words[32], *w, *save;
	size_t n = 0;

	snprintf(copy, sizeof(copy), "%s", text);
	for (w = strtok_r(copy, " ", &save); w && n < 32; w = strtok_r(NULL, " ", &save))
		words[n++] = w;
	qsort(words, n, sizeof(*words), cmp_str);
	text[0] = '\0';
	for (size_t i = 0; i < n; i++)
		strcat(strcat(text, words[i]), " ");
}

static void listings(void **state)
{
	struct kiln_kv_ro *kv = *state;
	struct listing l = { "", 0, 0 };

	assert_int_equal(kiln_kv_ro_list(kv, "", collect, &l), 0);
	sort_words(l.text);
	/* The link out of the directory is not in the store; the one inside is. */
	assert_string_equal(l.text, "a.txt d/ empty ");
	l = (struct listing){ "", 0, 0 };
	assert_int_equal(kiln_kv_ro_list(kv, "/d", collect, &l), 0);
	sort_words(l.text);
	assert_string_equal(l.text, direct_store ? "b.bin e/ in " : "b.bin e/ ");
	l = (struct listing){ "", 1, 0 };
	assert_int_equal(kiln_kv_ro_list(kv, "d", collect, &l), 42);
	assert_int_equal(l.seen, 1);
	assert_int_equal(kiln_kv_ro_list(kv, "a.txt", collect, &l), -ENOTDIR);
	assert_int_equal(kiln_kv_ro_list(kv, "missing", collect, &l), -ENOENT);
}

static void direct_refuses_escapes(void **state)
{
	struct kiln_kv_ro *kv = *state;
	char *v;
	size_t len;

	assert_int_equal(kiln_kv_ro_get(kv, "out", &v, &len), -ENOENT);
	assert_int_equal(kiln_kv_ro_get(kv, "d/in", &v, &len), 0);
	assert_string_equal(v, "hello, store\n");
	free(v);
	assert_int_equal(kiln_direct_kv_ro_connect(&kv, "/nonexistent/dir"), -ENOENT);
	assert_int_equal(kiln_direct_kv_ro_connect(&kv, "/etc/hostname"), -ENOTDIR);
}

/* A FIFO is no value: refused at once, never opened in a way that blocks the unikernel. */
static void direct_refuses_fifos(void **state)
{
	struct kiln_kv_ro *kv = *state;
	char path[64], buf[8], *v;
	size_t n, len;

	snprintf(path, sizeof(path), "%s/pipe", dirs[nstores - 1]);
	assert_int_equal(mkfifo(path, 0644), 0);
	assert_int_equal(kiln_kv_ro_read(kv, "pipe", 0, buf, sizeof(buf), &n), -EINVAL);
	assert_int_equal(kiln_kv_ro_get(kv, "pipe", &v, &len), -EINVAL);
	assert_int_equal(kiln_kv_ro_read(kv, "", 0, buf, sizeof(buf), &n), -EISDIR);
}

#define STORE_TESTS(setup) \
	cmocka_unit_test_setup(keys_are_normalised, setup), cmocka_unit_test_setup(partial_reads, setup), \
	cmocka_unit_test_setup(whole_values, setup), cmocka_unit_test_setup(listings, setup)

int main(void)
{
	const struct CMUnitTest tests[] = {
		STORE_TESTS(setup_crunch),
		STORE_TESTS(setup_direct),
		cmocka_unit_test_setup(direct_refuses_escapes, setup_direct),
		cmocka_unit_test_setup(direct_refuses_fifos, setup_direct),
	};

	return cmocka_run_group_tests(tests, NULL, remove_dirs);
}

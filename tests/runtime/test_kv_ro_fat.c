/* test_kv_ro_fat.c: unit tests of the FAT store: mkfs.fat/mtools images of FAT12/16/32 checked against their source files, entry decoding, corrupt images. */
#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <sys/stat.h>

#include "test_util.h"

#include <kiln/kv_ro.h>

#include "block_impl.h"
#include "fat.h"
#include "fat_bpb.h"
#include "fat_dir.h"
#include "kv_ro_impl.h"

/* ---- scratch files ---- */

/* The backend's own read, which must read all len bytes when it succeeds; returns its status. */
static int backend_read(struct kiln_kv_ro *kv, const char *key, uint64_t off, void *buf, size_t len)
{
	size_t n = 0;
	int rc = kv->ops->read(kv, key, off, buf, len, &n);

	if (rc == 0)
		assert_int_equal(n, len);
	return rc;
}

static char work_dir[PATH_MAX]; /* source trees and images, removed at the end */

static const char *work(void)
{
	if (!work_dir[0]) {
		strcpy(work_dir, "/tmp/kiln-fat.XXXXXX");
		assert_non_null(mkdtemp(work_dir));
		setenv("MTOOLS_SKIP_CHECK", "1", 1);
		setenv("LC_ALL", "C.UTF-8", 1); /* mtools reads and writes UTF-8 names */
	}
	return work_dir;
}

/* dir/name into out (PATH_MAX). */
static char *join(char *out, const char *dir, const char *name)
{
	assert_true((size_t)snprintf(out, PATH_MAX, "%s/%s", dir, name) < PATH_MAX);
	return out;
}

/* Runs a shell command made like printf; it must succeed. */
__attribute__((format(printf, 1, 2))) static void sh(const char *fmt, ...)
{
	char cmd[4 * PATH_MAX];
	va_list ap;
	int rc;

	va_start(ap, fmt);
	assert_true((size_t)vsnprintf(cmd, sizeof(cmd), fmt, ap) < sizeof(cmd));
	va_end(ap);
	rc = system(cmd);
	if (rc != 0)
		print_error("failed (%d): %s\n", rc, cmd);
	assert_int_equal(rc, 0);
}

/* The same pseudo-random bytes for the same seed (xorshift64). */
static void fill_pattern(uint8_t *buf, size_t len, uint64_t seed)
{
	uint64_t x = seed * 0x9E3779B97F4A7C15ull + 1;

	for (size_t i = 0; i < len; i++) {
		x ^= x << 13;
		x ^= x >> 7;
		x ^= x << 17;
		buf[i] = (uint8_t)(x >> 24);
	}
}

static void write_file(const char *dir, const char *name, const void *data, size_t len)
{
	char path[PATH_MAX];
	FILE *f = fopen(join(path, dir, name), "wb");

	assert_non_null(f);
	assert_int_equal(fwrite(data, 1, len, f), len);
	assert_int_equal(fclose(f), 0);
}

static void write_text(const char *dir, const char *name, const char *text)
{
	write_file(dir, name, text, strlen(text));
}

static void write_pattern(const char *dir, const char *name, size_t len, uint64_t seed)
{
	uint8_t *buf = malloc(len);

	assert_non_null(buf);
	fill_pattern(buf, len, seed);
	write_file(dir, name, buf, len);
	free(buf);
}

static void make_dir(const char *dir, const char *name)
{
	char path[PATH_MAX];

	assert_int_equal(mkdir(join(path, dir, name), 0755), 0);
}

/* The whole file at path (malloc'd, with a NUL after it). */
static uint8_t *slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	uint8_t *buf;
	long n;

	assert_non_null(f);
	assert_int_equal(fseek(f, 0, SEEK_END), 0);
	n = ftell(f);
	assert_true(n >= 0);
	rewind(f);
	buf = malloc((size_t)n + 1);
	assert_non_null(buf);
	assert_int_equal(fread(buf, 1, (size_t)n, f), (size_t)n);
	fclose(f);
	buf[n] = 0;
	*len = (size_t)n;
	return buf;
}

/* ---- source trees ---- */

#define BIG_SIZE 300001
#define MANY_ENTRIES 100

/* Long names, spaces, odd and non-ASCII characters, nesting, an empty file and directory, a binary
 * file, files of many clusters and a directory of more entries than a cluster holds. */
static void fill_full_tree(const char *root)
{
	char many[PATH_MAX], name[64], text[64];
	uint8_t bin[10000];

	write_text(root, "readme.txt", "hello, FAT\n");
	write_text(root, "UPPER.TXT", "upper\n");
	write_text(root, "MixedCase.Txt", "mixed\n");
	write_text(root, "A long file name with spaces.txt", "long\n");
	write_text(root, "odd +,;=[] ünïcödé €.txt", "odd\n");
	write_file(root, "empty", "", 0);
	for (size_t i = 0; i < sizeof(bin); i++)
		bin[i] = (uint8_t)i;
	fill_pattern(bin + 256, sizeof(bin) - 256, 7);
	write_file(root, "binary.bin", bin, sizeof(bin));
	write_pattern(root, "big.dat", BIG_SIZE, 1);
	write_pattern(root, "frag.dat", 50000, 2);
	make_dir(root, "void");
	make_dir(root, "sub");
	make_dir(root, "sub/dir");
	make_dir(root, "sub/dir/deep");
	write_text(root, "sub/notes.md", "# notes\n");
	write_text(root, "sub/dir/deep/file.txt", "deep down\n");
	make_dir(root, "many");
	join(many, root, "many");
	for (int i = 0; i < MANY_ENTRIES; i++) {
		snprintf(name, sizeof(name), "entry number %d.txt", i);
		snprintf(text, sizeof(text), "entry %d\n", i);
		write_text(many, name, text);
	}
}

/* A small tree whose root entries all sit in the root directory's first sector, for corrupting. */
static void fill_corrupt_tree(const char *root)
{
	char many[PATH_MAX], name[16];

	write_pattern(root, "big.dat", 20 * 512 + 100, 3);
	write_text(root, "small.txt", "small\n");
	write_text(root, "Long name.txt", "long\n");
	make_dir(root, "many");
	join(many, root, "many");
	for (int i = 0; i < 40; i++) { /* 42 entries with "." and "..": three 512-byte clusters */
		snprintf(name, sizeof(name), "F%02d.TXT", i);
		write_text(many, name, name);
	}
}

/* The source tree made by fill (once), as a path. */
static const char *tree(const char *name, void (*fill)(const char *))
{
	static char paths[2][PATH_MAX];
	char *path = paths[fill == fill_full_tree ? 0 : 1];

	if (!path[0]) {
		join(path, work(), name);
		assert_int_equal(mkdir(path, 0755), 0);
		fill(path);
	}
	return path;
}

static const char *full_tree(void)
{
	return tree("full", fill_full_tree);
}

static const char *corrupt_tree(void)
{
	return tree("corrupt", fill_corrupt_tree);
}

/* ---- images ---- */

/* An image made with mkfs.fat -C -F fat -s spc -S sector img kib, and read through a device of dev_sector. */
struct image_spec {
	const char *name;
	int fat;
	unsigned kib, spc, sector, dev_sector;
	bool full;                /* the full tree (with a fragmented file), else the tree to corrupt */
	char path[PATH_MAX];      /* once made */
};

static struct image_spec images[] = {
	{ "fat12", 12, 2048, 2, 512, 512, true, "" }, /* 1 KiB clusters: the chains pass FAT12 entries across sectors */
	{ "fat16", 16, 16384, 4, 512, 512, true, "" },
	{ "fat32", 32, 40000, 1, 512, 512, true, "" },
	{ "fat16 with 4096-byte sectors", 16, 32768, 1, 4096, 512, true, "" },
	{ "fat12 on a 4096-byte sector device", 12, 2048, 4, 512, 4096, true, "" },
	{ "fat32 on a 4096-byte sector device", 32, 40000, 1, 512, 4096, true, "" },
	{ "fat12 to corrupt", 12, 1024, 1, 512, 512, false, "" },
	{ "fat16 to corrupt", 16, 4096, 1, 512, 512, false, "" },
	{ "fat32 to corrupt", 32, 34000, 1, 512, 512, false, "" },
};
#define FULL_IMAGES 6
#define CORRUPT_IMAGES 3

static void mkfs(const char *img, int fat, unsigned spc, unsigned sector, unsigned kib)
{
	sh("rm -f '%s' && mkfs.fat -C -F %d -s %u -S %u '%s' %u >/dev/null", img, fat, spc, sector, img, kib);
}

/* Copies the tree in; with a hole left by a deleted file before frag.dat is copied again, which fragments it. */
static void fill_image(const char *img, const char *src, bool fragment)
{
	char hole[PATH_MAX];

	if (fragment) {
		write_pattern(work(), "hole.bin", 9000, 4);
		sh("mcopy -i '%s' '%s' ::/", img, join(hole, work(), "hole.bin"));
	}
	sh("cd '%s' && mcopy -i '%s' -s * ::/", src, img);
	if (fragment)
		sh("mdel -i '%s' ::/hole.bin ::/frag.dat && mcopy -i '%s' '%s/frag.dat' ::/", img, img, src);
}

static const char *image_path(struct image_spec *s)
{
	if (!s->path[0]) {
		char file[64];
		snprintf(file, sizeof(file), "image%d.img", (int)(s - images));
		join(s->path, work(), file);
		mkfs(s->path, s->fat, s->spc, s->sector, s->kib);
		fill_image(s->path, s->full ? full_tree() : corrupt_tree(), s->full);
	}
	return s->path;
}

/* ---- block devices ---- */

/* A read-only device over an image in memory (or forwarding to another device), counting the reads. */
struct mem_block {
	struct kiln_block b; /* first: the handle is a pointer to it */
	uint8_t *data;
	size_t len;
	struct kiln_block *inner;
	uint64_t reads;
};

static int mem_read(struct kiln_block *b, uint64_t sector, void *buf, size_t len)
{
	struct mem_block *m = (struct mem_block *)b;

	m->reads++;
	if (m->inner)
		return kiln_block_read(m->inner, sector, buf, len);
	memcpy(buf, m->data + sector * b->info.sector_size, len);
	return 0;
}

static int mem_write(struct kiln_block *b, uint64_t sector, const void *buf, size_t len)
{
	(void)b, (void)sector, (void)buf, (void)len;
	return -EROFS;
}

static const struct kiln_block_ops mem_ops = { mem_read, mem_write };

/* The image at path as a device of sector_size bytes per sector (freed with mem_block_free). */
static struct mem_block *mem_block_load(const char *path, uint32_t sector_size)
{
	struct mem_block *m = calloc(1, sizeof(*m));

	assert_non_null(m);
	m->data = slurp(path, &m->len);
	assert_int_equal(m->len % sector_size, 0);
	m->b.ops = &mem_ops;
	m->b.name = "memory";
	m->b.info.sector_size = sector_size;
	m->b.info.sectors = m->len / sector_size;
	return m;
}

static void mem_block_free(struct mem_block *m)
{
	free(m->data);
	free(m);
}

static struct kiln_kv_ro *connect_ok(struct mem_block *m)
{
	struct kiln_kv_ro *kv = NULL;

	assert_int_equal(kiln_fat_kv_ro_connect(&kv, &m->b), 0);
	assert_non_null(kv);
	return kv;
}

/* ---- comparing a store with a source tree ---- */

struct named {
	char *name;
	enum kiln_kv_kind kind;
};

struct name_list {
	struct named *v;
	size_t n, cap;
};

static void name_list_add(struct name_list *l, const char *name, enum kiln_kv_kind kind)
{
	if (l->n == l->cap) {
		l->cap = l->cap ? l->cap * 2 : 16;
		l->v = realloc(l->v, l->cap * sizeof(*l->v));
		assert_non_null(l->v);
	}
	l->v[l->n].name = strdup(name);
	assert_non_null(l->v[l->n].name);
	l->v[l->n++].kind = kind;
}

static void name_list_free(struct name_list *l)
{
	for (size_t i = 0; i < l->n; i++)
		free(l->v[i].name);
	free(l->v);
	*l = (struct name_list){ 0 };
}

static int compare_named(const void *a, const void *b)
{
	return strcmp(((const struct named *)a)->name, ((const struct named *)b)->name);
}

static void name_list_sort(struct name_list *l)
{
	if (l->n)
		qsort(l->v, l->n, sizeof(*l->v), compare_named);
}

static int collect(void *arg, const char *name, enum kiln_kv_kind kind)
{
	name_list_add(arg, name, kind);
	return 0;
}

/* The entries of the host directory path, sorted. */
static void host_names(const char *path, struct name_list *l)
{
	DIR *d = opendir(path);
	struct dirent *e;

	assert_non_null(d);
	while ((e = readdir(d))) {
		char child[PATH_MAX];
		struct stat st;
		if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
			continue;
		assert_int_equal(lstat(join(child, path, e->d_name), &st), 0);
		name_list_add(l, e->d_name, S_ISDIR(st.st_mode) ? KILN_KV_DICTIONARY : KILN_KV_VALUE);
	}
	closedir(d);
	name_list_sort(l);
}

/* The store's entries of the dictionary at key, sorted. */
static void store_names(struct kiln_kv_ro *kv, const char *key, struct name_list *l)
{
	assert_int_equal(kiln_kv_ro_list(kv, key, collect, l), 0);
	name_list_sort(l);
}

static void compare_file(struct kiln_kv_ro *kv, const char *key, const char *path)
{
	enum kiln_kv_kind kind;
	uint64_t size;
	size_t want_len, got_len;
	uint8_t *want = slurp(path, &want_len);
	char *got;

	assert_int_equal(kiln_kv_ro_stat(kv, key, &kind, &size), 0);
	assert_int_equal(kind, KILN_KV_VALUE);
	assert_int_equal(size, want_len);
	assert_int_equal(kiln_kv_ro_get(kv, key, &got, &got_len), 0);
	assert_int_equal(got_len, want_len);
	assert_memory_equal(got, want, want_len);
	free(got);
	free(want);
}

/* Every name, kind, size and byte under key matches the host directory path. */
static void compare_tree(struct kiln_kv_ro *kv, const char *key, const char *path)
{
	struct name_list want = { 0 }, got = { 0 };

	host_names(path, &want);
	store_names(kv, key, &got);
	assert_int_equal(got.n, want.n);
	for (size_t i = 0; i < want.n; i++) {
		char child_key[PATH_MAX], child_path[PATH_MAX];
		assert_string_equal(got.v[i].name, want.v[i].name);
		assert_int_equal(got.v[i].kind, want.v[i].kind);
		if (*key)
			join(child_key, key, want.v[i].name);
		else
			strcpy(child_key, want.v[i].name);
		join(child_path, path, want.v[i].name);
		if (want.v[i].kind == KILN_KV_DICTIONARY)
			compare_tree(kv, child_key, child_path);
		else
			compare_file(kv, child_key, child_path);
	}
	name_list_free(&want);
	name_list_free(&got);
}

/* ---- reads at odd places ---- */

/* The source file name of the full tree, and its bytes. */
static uint8_t *source(const char *name, size_t *len)
{
	char path[PATH_MAX];

	return slurp(join(path, full_tree(), name), len);
}

/* Reads of many offsets and lengths (clipped by kiln_kv_ro_read, exact through the backend) match want. */
static void check_ranges(struct kiln_kv_ro *kv, const char *key, const uint8_t *want, size_t size, size_t cs)
{
	const size_t offs[] = { 0, 1, 511, 512, 513, cs - 1, cs, cs + 1, 3 * cs + 7, size - 100, size - 1, size };
	const size_t lens[] = { 1, 2, 511, 512, 513, cs, 3 * cs + 5, 100000, size };
	uint8_t *buf = malloc(size + 1);

	assert_non_null(buf);
	for (size_t i = 0; i < sizeof(offs) / sizeof(offs[0]); i++) {
		for (size_t j = 0; offs[i] <= size && j < sizeof(lens) / sizeof(lens[0]); j++) {
			size_t expect = lens[j] < size - offs[i] ? lens[j] : size - offs[i], n = 99;
			assert_int_equal(kiln_kv_ro_read(kv, key, offs[i], buf, lens[j], &n), 0);
			assert_int_equal(n, expect);
			assert_memory_equal(buf, want + offs[i], expect);
			memset(buf, 0, expect);
			assert_int_equal(backend_read(kv, key, offs[i], buf, expect), 0);
			assert_memory_equal(buf, want + offs[i], expect);
		}
	}
	free(buf);
}

/* Reads the value at key in chunks of chunk bytes, front to back or back to front; they match want. */
static void check_chunks(struct kiln_kv_ro *kv, const char *key, const uint8_t *want, size_t size, size_t chunk,
			 bool backwards)
{
	uint8_t *buf = malloc(chunk);

	assert_non_null(buf);
	for (size_t k = 0; k < (size + chunk - 1) / chunk; k++) {
		size_t off = (backwards ? (size - 1) / chunk - k : k) * chunk;
		size_t n = size - off < chunk ? size - off : chunk;
		assert_int_equal(backend_read(kv, key, off, buf, n), 0);
		assert_memory_equal(buf, want + off, n);
	}
	free(buf);
}

/* Alternates chunks of two values: the cursor of one must not spoil reads of the other. */
static void check_interleaved(struct kiln_kv_ro *kv, const char *a, const char *b)
{
	size_t alen, blen;
	uint8_t *awant = source(a, &alen), *bwant = source(b, &blen), buf[1000];

	for (size_t off = 0; off < alen || off < blen; off += sizeof(buf)) {
		if (off < alen) {
			size_t n = alen - off < sizeof(buf) ? alen - off : sizeof(buf);
			assert_int_equal(backend_read(kv, a, off, buf, n), 0);
			assert_memory_equal(buf, awant + off, n);
		}
		if (off < blen) {
			size_t n = blen - off < sizeof(buf) ? blen - off : sizeof(buf);
			assert_int_equal(backend_read(kv, b, off, buf, n), 0);
			assert_memory_equal(buf, bwant + off, n);
		}
	}
	free(awant);
	free(bwant);
}

static void check_reads(struct kiln_kv_ro *kv, size_t cs)
{
	const char *keys[] = { "big.dat", "frag.dat", "binary.bin" };

	for (size_t i = 0; i < sizeof(keys) / sizeof(keys[0]); i++) {
		size_t size;
		uint8_t *want = source(keys[i], &size);
		check_ranges(kv, keys[i], want, size, cs);
		check_chunks(kv, keys[i], want, size, 777, false);
		check_chunks(kv, keys[i], want, size, cs, true);
		check_chunks(kv, keys[i], want, size, 65536, false);
		free(want);
	}
	check_interleaved(kv, "big.dat", "frag.dat");
}

/* ---- lookups ---- */

static void assert_stat(struct kiln_kv_ro *kv, const char *key, int rc, enum kiln_kv_kind kind, uint64_t size)
{
	enum kiln_kv_kind got_kind = KILN_KV_VALUE;
	uint64_t got_size = 12345;
	int got = kiln_kv_ro_stat(kv, key, &got_kind, &got_size);

	if (got != rc)
		print_error("stat \"%s\": %d, expected %d\n", key, got, rc);
	assert_int_equal(got, rc);
	if (rc == 0) {
		assert_int_equal(got_kind, kind);
		assert_int_equal(got_size, size);
	}
}

static int stop_at_first(void *arg, const char *name, enum kiln_kv_kind kind)
{
	(void)name, (void)kind;
	++*(int *)arg;
	return 7;
}

/* Names matched exactly (long names) or ignoring case (8.3 names), and the errors of missing or wrong kinds. */
static void check_lookups(struct kiln_kv_ro *kv)
{
	uint64_t size;
	uint8_t buf[8];
	size_t n;
	int calls = 0;

	assert_stat(kv, "", 0, KILN_KV_DICTIONARY, 0);
	assert_stat(kv, "readme.txt", 0, KILN_KV_VALUE, 11);
	assert_stat(kv, "README.TXT", 0, KILN_KV_VALUE, 11);
	assert_stat(kv, "upper.txt", 0, KILN_KV_VALUE, 6);
	assert_stat(kv, "MixedCase.Txt", 0, KILN_KV_VALUE, 6);
	assert_stat(kv, "mixedcase.txt", -ENOENT, 0, 0);  /* a long name matches exactly */
	assert_stat(kv, "MIXEDC~1.TXT", -ENOENT, 0, 0);   /* and hides its 8.3 alias */
	assert_stat(kv, "/sub//dir/./deep/file.txt", 0, KILN_KV_VALUE, 10);
	assert_stat(kv, "SUB/DIR/DEEP", 0, KILN_KV_DICTIONARY, 0);
	assert_stat(kv, "void", 0, KILN_KV_DICTIONARY, 0);
	assert_stat(kv, "empty", 0, KILN_KV_VALUE, 0);
	assert_stat(kv, "many/entry number 99.txt", 0, KILN_KV_VALUE, 9);
	assert_stat(kv, "missing", -ENOENT, 0, 0);
	assert_stat(kv, "sub/missing", -ENOENT, 0, 0);
	assert_stat(kv, "many/entry number 100.txt", -ENOENT, 0, 0);
	assert_stat(kv, "readme.txt/more", -ENOTDIR, 0, 0);
	assert_stat(kv, "sub/dir/deep/file.txt/x/y", -ENOTDIR, 0, 0);
	assert_stat(kv, "../readme.txt", -EINVAL, 0, 0);
	assert_int_equal(kiln_kv_ro_size(kv, "sub", &size), -EISDIR);
	assert_int_equal(kiln_kv_ro_read(kv, "sub", 0, buf, sizeof(buf), &n), -EISDIR);
	assert_int_equal(backend_read(kv, "sub", 0, buf, 1), -EISDIR);
	assert_int_equal(backend_read(kv, "nothing", 0, buf, 1), -ENOENT);
	assert_int_equal(kiln_kv_ro_list(kv, "readme.txt", collect, NULL), -ENOTDIR);
	assert_int_equal(kv->ops->list(kv, "readme.txt", collect, NULL), -ENOTDIR);
	assert_int_equal(kv->ops->list(kv, "nothing", collect, NULL), -ENOENT);
	assert_int_equal(kiln_kv_ro_read(kv, "empty", 0, buf, sizeof(buf), &n), 0);
	assert_int_equal(n, 0);
	assert_int_equal(kiln_kv_ro_read(kv, "readme.txt", 11, buf, sizeof(buf), &n), 0);
	assert_int_equal(n, 0);
	assert_int_equal(kiln_kv_ro_list(kv, "many", stop_at_first, &calls), 7);
	assert_int_equal(calls, 1);
}

/* A store over each full image has the source tree's names, kinds, sizes and bytes. */
static void image_matches_source(void **state)
{
	struct image_spec *s = *state;
	struct mem_block *m = mem_block_load(image_path(s), s->dev_sector);
	struct kiln_kv_ro *kv = connect_ok(m);

	compare_tree(kv, "", full_tree());
	check_reads(kv, (size_t)s->spc * s->sector);
	check_lookups(kv);
	kiln_fat_kv_ro_disconnect(kv);
	mem_block_free(m);
}

/* The file-backed device of the unix platform works under the store too. */
static void store_on_a_file_device(void **state)
{
	static struct kiln_block *block; /* owned by the runtime: kept reachable */
	struct kiln_kv_ro *kv;

	(void)state;
	assert_int_equal(kiln_block_of_file_connect(&block, image_path(&images[1])), 0);
	assert_int_equal(kiln_fat_kv_ro_connect(&kv, block), 0);
	compare_tree(kv, "", full_tree());
	kiln_fat_kv_ro_disconnect(kv);
}

/* Reading a 64 MiB file in 64 KiB chunks costs a bounded number of device reads per chunk, not more and more. */
static void sequential_reads_stay_linear(void **state)
{
	static struct kiln_block *file; /* owned by the runtime: kept reachable */
	const size_t size = 64 << 20, chunk = 64 << 10;
	char dir[PATH_MAX], img[PATH_MAX];
	struct mem_block counter = { .b = { &mem_ops, { 512, 0, false }, "counter" } };
	struct kiln_block_info info;
	struct kiln_kv_ro *kv;
	uint8_t *want = malloc(size), *buf = malloc(chunk);

	(void)state;
	assert_non_null(want);
	assert_non_null(buf);
	join(dir, work(), "huge");
	assert_int_equal(mkdir(dir, 0755), 0);
	write_pattern(dir, "huge.bin", size, 9);
	fill_pattern(want, size, 9);
	join(img, work(), "huge.img");
	mkfs(img, 32, 1, 512, 80 * 1024); /* 512-byte clusters: a chain of 131072 */
	sh("mcopy -i '%s' '%s/huge.bin' ::/", img, dir);
	assert_int_equal(kiln_block_of_file_connect(&file, img), 0);
	counter.inner = file;
	kiln_block_info(file, &info);
	counter.b.info.sectors = info.sectors;
	kv = connect_ok(&counter);
	counter.reads = 0;
	for (size_t off = 0; off < size; off += chunk) {
		assert_int_equal(backend_read(kv, "huge.bin", off, buf, chunk), 0);
		assert_memory_equal(buf, want + off, chunk);
	}
	/* Per chunk: the data, and a few FAT sectors (a 512-byte FAT sector holds 128 of the chunk's clusters). */
	if (counter.reads > 4 * (size / chunk) + 64)
		print_error("%llu device reads for %zu chunks\n", (unsigned long long)counter.reads, size / chunk);
	assert_true(counter.reads <= 4 * (size / chunk) + 64);
	kiln_fat_kv_ro_disconnect(kv);
	free(want);
	free(buf);
}

/* ---- directory entry decoding ---- */

static uint8_t checksum(const char *short_name)
{
	uint8_t sum = 0;

	for (int i = 0; i < 11; i++)
		sum = (uint8_t)((sum >> 1) + ((sum & 1) << 7) + (uint8_t)short_name[i]);
	return sum;
}

static void put16(uint8_t *p, uint32_t v)
{
	p[0] = (uint8_t)v;
	p[1] = (uint8_t)(v >> 8);
}

static void put32(uint8_t *p, uint32_t v)
{
	put16(p, v);
	put16(p + 2, v >> 16);
}

static void short_entry(uint8_t *raw, const char *name11, uint8_t attr, uint8_t nt_case, uint32_t cluster,
			uint32_t size)
{
	memset(raw, 0, FAT_DIRENT_SIZE);
	memcpy(raw, name11, 11);
	raw[11] = attr;
	raw[12] = nt_case;
	put16(raw + 20, cluster >> 16);
	put16(raw + 26, cluster);
	put32(raw + 28, size);
}

/*
 * Writes the long name parts of the n UTF-16 units of name for short name name11 into raw
 * (in disk order: the last part first), then the short entry. Returns how many entries.
 */
static size_t long_entries(uint8_t (*raw)[FAT_DIRENT_SIZE], const uint16_t *name, size_t n, const char *name11)
{
	static const uint8_t offsets[13] = { 1, 3, 5, 7, 9, 14, 16, 18, 20, 22, 24, 28, 30 };
	size_t parts = (n + 12) / 13;

	for (size_t p = 0; p < parts; p++) {
		uint8_t *e = raw[parts - 1 - p];
		memset(e, 0, FAT_DIRENT_SIZE);
		e[0] = (uint8_t)((p + 1) | (p + 1 == parts ? 0x40 : 0));
		e[11] = 0x0F;
		e[13] = checksum(name11);
		for (size_t k = 0; k < 13; k++) {
			size_t i = p * 13 + k;
			put16(e + offsets[k], i < n ? name[i] : i == n ? 0 : 0xFFFF);
		}
	}
	short_entry(raw[parts], name11, 0x20, 0, 5, 42);
	return parts + 1;
}

/* The units of an ASCII string. */
static size_t ascii_units(uint16_t *out, const char *s)
{
	size_t n = 0;

	while (s[n]) {
		out[n] = (uint8_t)s[n];
		n++;
	}
	return n;
}

/* Feeds count entries to the decoder; the last must give an entry, and the others be skipped. */
static void decode_all(uint8_t (*raw)[FAT_DIRENT_SIZE], size_t count, bool fat32, struct fat_entry *out)
{
	struct fat_lfn lfn = { 0 };

	for (size_t i = 0; i + 1 < count; i++)
		assert_int_equal(fat_dir_decode(&lfn, raw[i], fat32, out), FAT_DIR_SKIP);
	assert_int_equal(fat_dir_decode(&lfn, raw[count - 1], fat32, out), FAT_DIR_ENTRY);
}

static void long_names_are_gathered_and_checked(void **state)
{
	uint8_t raw[8][FAT_DIRENT_SIZE];
	uint16_t name[64];
	size_t n = ascii_units(name, "A rather long name: three full parts.txt"), count;
	struct fat_entry e;

	(void)state;
	count = long_entries(raw, name, n, "ARATHE~1TXT");
	assert_int_equal(count, 5); /* 40 units: four parts, the last holding one and the NUL */
	decode_all(raw, count, false, &e);
	assert_true(e.long_name);
	assert_string_equal(e.name, "A rather long name: three full parts.txt");

	decode_all(raw + 1, count - 1, false, &e); /* the last part missing */
	assert_false(e.long_name);
	count = long_entries(raw, name, 39, "ARATHE~1TXT"); /* three full parts, no NUL */
	assert_int_equal(count, 4);
	decode_all(raw, count, false, &e);
	assert_true(e.long_name);
	assert_string_equal(e.name, "A rather long name: three full parts.tx");
	count = long_entries(raw, name, n, "ARATHE~1TXT");
	assert_int_equal(e.cluster, 5);
	assert_int_equal(e.size, 42);
	assert_false(e.dir);

	raw[count - 1][0] = 'B'; /* the 8.3 name no longer matches the parts' checksum */
	decode_all(raw, count, false, &e);
	assert_false(e.long_name);
	assert_string_equal(e.name, "BRATHE~1.TXT");

	count = long_entries(raw, name, n, "ARATHE~1TXT");
	memmove(raw[1], raw[2], 3 * FAT_DIRENT_SIZE); /* the middle part missing */
	decode_all(raw, count - 1, false, &e);
	assert_false(e.long_name);
	assert_string_equal(e.name, "ARATHE~1.TXT");

	count = long_entries(raw, name, n, "ARATHE~1TXT");
	raw[1][13] ^= 1; /* one part for another name */
	decode_all(raw, count, false, &e);
	assert_false(e.long_name);
}

static void long_names_decode_utf16(void **state)
{
	const uint16_t smile[] = { 0xD83D, 0xDE42, '.', 0xE9, 0x20AC };
	const uint16_t lone[] = { 'a', 0xDE42, 'b' };
	uint8_t raw[4][FAT_DIRENT_SIZE];
	struct fat_entry e;

	(void)state;
	decode_all(raw, long_entries(raw, smile, 5, "SMILE   TXT"), false, &e);
	assert_true(e.long_name);
	assert_string_equal(e.name, "\xF0\x9F\x99\x82.\xC3\xA9\xE2\x82\xAC");
	decode_all(raw, long_entries(raw, lone, 3, "LONE    TXT"), false, &e);
	assert_false(e.long_name); /* a lone surrogate: the 8.3 name instead */
	assert_string_equal(e.name, "LONE.TXT");
}

static void short_names_decode(void **state)
{
	uint8_t raw[FAT_DIRENT_SIZE];
	struct fat_lfn lfn = { 0 };
	struct fat_entry e;

	(void)state;
	short_entry(raw, "README  TXT", 0x20, 0x18, 3, 11);
	assert_int_equal(fat_dir_decode(&lfn, raw, false, &e), FAT_DIR_ENTRY);
	assert_string_equal(e.name, "readme.txt");
	short_entry(raw, "README  TXT", 0x20, 0x08, 3, 11);
	assert_int_equal(fat_dir_decode(&lfn, raw, false, &e), FAT_DIR_ENTRY);
	assert_string_equal(e.name, "readme.TXT");
	short_entry(raw, "NOEXT      ", 0x10, 0, 0x12345, 0);
	assert_int_equal(fat_dir_decode(&lfn, raw, false, &e), FAT_DIR_ENTRY);
	assert_string_equal(e.name, "NOEXT");
	assert_true(e.dir);
	assert_int_equal(e.cluster, 0x2345); /* FAT12/16: the high half is not a cluster's */
	assert_int_equal(fat_dir_decode(&lfn, raw, true, &e), FAT_DIR_ENTRY);
	assert_int_equal(e.cluster, 0x12345);
	short_entry(raw, "\x05" "BC     \x81  ", 0x20, 0, 0, 0);
	assert_int_equal(fat_dir_decode(&lfn, raw, false, &e), FAT_DIR_ENTRY);
	assert_string_equal(e.name, "\xCF\x83" "BC.\xC3\xBC"); /* 0x05 is 0xE5, code page 437: sigma; 0x81: u umlaut */
	assert_true(fat_dir_matches(&e, "\xCF\x83" "bc.\xC3\xBC", strlen(e.name)));
	short_entry(raw, "ABC     TXT", 0x20, 0, 0, 0);
	assert_int_equal(fat_dir_decode(&lfn, raw, false, &e), FAT_DIR_ENTRY);
	assert_true(fat_dir_matches(&e, "abc.txt", 7));
	assert_true(fat_dir_matches(&e, "aBc.TxT", 7));
	assert_false(fat_dir_matches(&e, "abc.tx", 6));
	assert_false(fat_dir_matches(&e, "abc.txt2", 7 + 1));
}

static void entries_that_are_not_files_are_skipped(void **state)
{
	const char *skipped[] = { ".          ", "..         ", "\xE5\x45LETED TXT", "A/B     TXT", "   SPACETXT",
				  "CTRL\x01   TXT" };
	uint8_t raw[FAT_DIRENT_SIZE];
	struct fat_lfn lfn = { 0 };
	struct fat_entry e;

	(void)state;
	for (size_t i = 0; i < sizeof(skipped) / sizeof(skipped[0]); i++) {
		short_entry(raw, skipped[i], 0x10, 0, 0, 0);
		assert_int_equal(fat_dir_decode(&lfn, raw, false, &e), FAT_DIR_SKIP);
	}
	short_entry(raw, "MY LABEL   ", 0x08, 0, 0, 0);
	assert_int_equal(fat_dir_decode(&lfn, raw, false, &e), FAT_DIR_SKIP);
	memset(raw, 0, sizeof(raw));
	assert_int_equal(fat_dir_decode(&lfn, raw, false, &e), FAT_DIR_END);
}

/* ---- corrupt images ---- */

/* A corrupt-tree image in memory with its geometry, to change by hand. */
struct raw {
	struct mem_block *m;
	struct fat_geom g;
};

static struct raw raw_load(struct image_spec *s)
{
	struct raw r = { mem_block_load(image_path(s), s->dev_sector), { 0 } };
	char why[160];

	assert_int_equal(fat_bpb_parse(r.m->data, r.m->len, &r.g, why, sizeof(why)), 0);
	return r;
}

static uint32_t raw_fat(struct raw *r, uint32_t n)
{
	const uint8_t *fat = r->m->data + r->g.fat_start;

	if (r->g.type == FAT12) {
		uint32_t x = fat[n + n / 2] | fat[n + n / 2 + 1] << 8;
		return n & 1 ? x >> 4 : x & 0xFFF;
	}
	if (r->g.type == FAT16)
		return fat[2 * n] | fat[2 * n + 1] << 8;
	return (fat[4 * n] | fat[4 * n + 1] << 8 | fat[4 * n + 2] << 16 | (uint32_t)fat[4 * n + 3] << 24) & 0x0FFFFFFF;
}

static void raw_set_fat(struct raw *r, uint32_t n, uint32_t value)
{
	uint8_t *fat = r->m->data + r->g.fat_start;

	if (r->g.type == FAT12) {
		uint8_t *p = fat + n + n / 2;
		uint32_t x = (uint32_t)(p[0] | p[1] << 8);
		x = n & 1 ? (x & 0x000F) | value << 4 : (x & 0xF000) | (value & 0xFFF);
		put16(p, x);
	} else if (r->g.type == FAT16) {
		put16(fat + 2 * n, value);
	} else {
		put32(fat + 4 * n, value);
	}
}

static uint8_t *raw_cluster(struct raw *r, uint32_t cluster)
{
	return r->m->data + r->g.data_start + (uint64_t)(cluster - 2) * r->g.cluster_size;
}

/* The 8.3 entry name11 in the first sector of the root directory (all the corrupt tree's root entries are there). */
static uint8_t *raw_entry(struct raw *r, const char *name11)
{
	uint8_t *dir = r->g.type == FAT32 ? raw_cluster(r, r->g.root_cluster) : r->m->data + r->g.root_start;

	for (uint8_t *e = dir; e < dir + 512; e += FAT_DIRENT_SIZE) {
		if (memcmp(e, name11, 11) == 0)
			return e;
	}
	fail_msg("no entry %.11s", name11);
	return NULL;
}

static uint32_t raw_first_cluster(struct raw *r, const char *name11)
{
	uint8_t *e = raw_entry(r, name11);

	return (uint32_t)(e[26] | e[27] << 8 | (r->g.type == FAT32 ? (e[20] | e[21] << 8) << 16 : 0));
}

/* The second cluster of a file's chain. */
static uint32_t raw_second(struct raw *r, const char *name11)
{
	return raw_fat(r, raw_first_cluster(r, name11));
}

static uint32_t bad_cluster_mark(const struct raw *r)
{
	return r->g.type == FAT12 ? 0xFF7 : r->g.type == FAT16 ? 0xFFF7 : 0x0FFFFFF7;
}

static void corrupt_loop(struct raw *r)
{
	uint32_t first = raw_first_cluster(r, "BIG     DAT"), third = raw_fat(r, raw_fat(r, first));
	raw_set_fat(r, third, first);
}

static void corrupt_past_end(struct raw *r)
{
	raw_set_fat(r, raw_second(r, "BIG     DAT"), r->g.clusters + 2);
}

static void corrupt_free(struct raw *r)
{
	raw_set_fat(r, raw_second(r, "BIG     DAT"), 0);
}

static void corrupt_bad(struct raw *r)
{
	raw_set_fat(r, raw_second(r, "BIG     DAT"), bad_cluster_mark(r));
}

static void corrupt_size(struct raw *r)
{
	put32(raw_entry(r, "BIG     DAT") + 28, 20 * 512 + 100 + 4 * r->g.cluster_size);
}

static void corrupt_huge_size(struct raw *r)
{
	put32(raw_entry(r, "BIG     DAT") + 28, 0xFFFFFFFF);
}

static void corrupt_first_cluster(struct raw *r)
{
	put16(raw_entry(r, "BIG     DAT") + 26, 1);
}

static void corrupt_dir_loop(struct raw *r)
{
	uint32_t first = raw_first_cluster(r, "MANY       ");
	raw_set_fat(r, raw_fat(r, first), first);
}

static void corrupt_dir_cluster(struct raw *r)
{
	uint8_t *e = raw_entry(r, "MANY       ");
	put16(e + 26, r->g.clusters + 2);
	put16(e + 20, (r->g.clusters + 2) >> 16);
}

static void corrupt_lfn_checksum(struct raw *r)
{
	raw_entry(r, "LONGNA~1TXT")[-FAT_DIRENT_SIZE + 13] ^= 0x55;
}

static void assert_big_unreadable(struct kiln_kv_ro *kv)
{
	uint8_t buf[16];
	size_t len;
	char *all;

	assert_int_equal(backend_read(kv, "big.dat", 0, buf, 1), -EIO);
	assert_int_equal(kiln_kv_ro_get(kv, "big.dat", &all, &len), -EIO);
	assert_null(all);
	assert_stat(kv, "small.txt", 0, KILN_KV_VALUE, 6); /* the rest still reads */
	assert_int_equal(backend_read(kv, "small.txt", 0, buf, 6), 0);
	assert_memory_equal(buf, "small\n", 6);
}

/* The size says more than the chain holds: no part of the file reads (without allocating its size). */
static void assert_big_too_large(struct kiln_kv_ro *kv)
{
	uint64_t size;
	uint8_t buf[16];

	assert_int_equal(kiln_kv_ro_size(kv, "big.dat", &size), 0);
	assert_true(size > 20 * 512 + 100);
	assert_int_equal(backend_read(kv, "big.dat", size - 1, buf, 1), -EIO);
	assert_int_equal(backend_read(kv, "big.dat", 0, buf, 1), -EIO);
	assert_int_equal(backend_read(kv, "small.txt", 0, buf, 6), 0);
	assert_memory_equal(buf, "small\n", 6);
}

static void assert_many_unlistable(struct kiln_kv_ro *kv)
{
	struct name_list l = { 0 };

	assert_int_equal(kiln_kv_ro_list(kv, "many", collect, &l), -EIO);
	name_list_free(&l);
	assert_stat(kv, "many", 0, KILN_KV_DICTIONARY, 0);
	assert_stat(kv, "many/F39.TXT", -EIO, 0, 0);
	assert_stat(kv, "small.txt", 0, KILN_KV_VALUE, 6);
}

static void assert_long_name_lost(struct kiln_kv_ro *kv)
{
	assert_stat(kv, "Long name.txt", -ENOENT, 0, 0);
	assert_stat(kv, "longna~1.txt", 0, KILN_KV_VALUE, 5);
}

struct corruption {
	const char *what;
	void (*corrupt)(struct raw *r);
	void (*check)(struct kiln_kv_ro *kv);
};

static const struct corruption corruptions[] = {
	{ "a cluster chain that loops", corrupt_loop, assert_big_unreadable },
	{ "a chain pointing past the last cluster", corrupt_past_end, assert_big_unreadable },
	{ "a free cluster inside a chain", corrupt_free, assert_big_unreadable },
	{ "a bad cluster inside a chain", corrupt_bad, assert_big_unreadable },
	{ "a file size past its chain's end", corrupt_size, assert_big_too_large },
	{ "a file size of 4 GiB - 1", corrupt_huge_size, assert_big_too_large },
	{ "a file starting at cluster 1", corrupt_first_cluster, assert_big_unreadable },
	{ "a directory chain that loops", corrupt_dir_loop, assert_many_unlistable },
	{ "a directory past the last cluster", corrupt_dir_cluster, assert_many_unlistable },
	{ "a long name with a wrong checksum", corrupt_lfn_checksum, assert_long_name_lost },
};
#define CORRUPTIONS (sizeof(corruptions) / sizeof(corruptions[0]))

struct corrupt_case {
	struct image_spec *image;
	const struct corruption *c;
};

static void corrupt_image_gives_errors(void **state)
{
	struct corrupt_case *cc = *state;
	struct raw r = raw_load(cc->image);
	struct kiln_kv_ro *kv;

	cc->c->corrupt(&r);
	kv = connect_ok(r.m);
	cc->c->check(kv);
	kiln_fat_kv_ro_disconnect(kv);
	mem_block_free(r.m);
}

/* ---- bad boot sectors ---- */

/* A boot sector change: width bytes (1, 2 or 4; 0 zeroes the whole sector) at off, and the log line's words. */
struct bpb_patch {
	const char *what;
	int fat;
	struct { unsigned off, width; uint32_t value; } set[2];
	const char *log;
};

static const struct bpb_patch bpb_patches[] = {
	{ "a zeroed boot sector", 16, { { 0, 0, 0 } }, "bytes per sector is 0," },
	{ "1000 bytes per sector", 16, { { 11, 2, 1000 } }, "bytes per sector is 1000," },
	{ "8192 bytes per sector", 16, { { 11, 2, 8192 } }, "bytes per sector is 8192," },
	{ "3 sectors per cluster", 16, { { 13, 1, 3 } }, "sectors per cluster is 3," },
	{ "0 sectors per cluster", 12, { { 13, 1, 0 } }, "sectors per cluster is 0," },
	{ "no reserved sectors", 16, { { 14, 2, 0 } }, "no reserved sectors" },
	{ "no FATs", 16, { { 16, 1, 0 } }, "0 FATs" },
	{ "9 FATs", 16, { { 16, 1, 9 } }, "9 FATs" },
	{ "no sectors", 16, { { 19, 2, 0 }, { 32, 4, 0 } }, "the total sector count is 0" },
	{ "a FAT of no sectors", 16, { { 22, 2, 0 }, { 36, 4, 0 } }, "the FAT size is 0" },
	{ "metadata filling the volume", 12, { { 19, 2, 20 } }, "fill the volume" },
	{ "a FAT too small", 16, { { 22, 2, 1 } }, "cannot hold the entries" },
	{ "FAT16 without a root directory", 16, { { 17, 2, 0 } }, "but the boot sector has FAT32 fields" },
	{ "FAT32 with a fixed root directory", 32, { { 17, 2, 512 } }, "but the boot sector has FAT12/16 fields" },
	{ "FAT32 with root cluster 1", 32, { { 44, 4, 1 } }, "root directory's cluster 1 is outside" },
	{ "FAT32 with root cluster past the end", 32, { { 44, 4, 0x0FFFFFF0 } }, "is outside 2.." },
	{ "FAT32 with active FAT 3 of 2", 32, { { 40, 2, 0x83 } }, "the active FAT is number 3 of 2" },
};
#define BPB_PATCHES (sizeof(bpb_patches) / sizeof(bpb_patches[0]))

static struct image_spec *corrupt_image(int fat)
{
	for (int i = FULL_IMAGES; i < FULL_IMAGES + CORRUPT_IMAGES; i++) {
		if (images[i].fat == fat)
			return &images[i];
	}
	fail();
	return NULL;
}

/* A directory of more entries than the FAT specification allows (a chain of 2 MiB and more of deleted entries) is -EIO. */
static void overlong_directory_is_eio(void **state)
{
	struct raw r = raw_load(corrupt_image(32));
	const uint32_t clusters = 65536 / 16 + 4, start = r.g.clusters + 2 - clusters - 10;
	uint8_t *many = raw_entry(&r, "MANY       ");
	struct kiln_kv_ro *kv;

	(void)state;
	assert_int_equal(r.g.cluster_size, 512);
	for (uint32_t i = 0; i < clusters; i++) {
		assert_int_equal(raw_fat(&r, start + i), 0); /* free, at the volume's end */
		raw_set_fat(&r, start + i, i + 1 < clusters ? start + i + 1 : 0x0FFFFFFF);
		memset(raw_cluster(&r, start + i), 0xE5, 512);
	}
	put16(many + 26, start);
	put16(many + 20, start >> 16);
	kv = connect_ok(r.m);
	assert_many_unlistable(kv);
	kiln_fat_kv_ro_disconnect(kv);
	mem_block_free(r.m);
}

/* What connecting returned, with the log lines it wrote. */
struct connect_try {
	struct kiln_block *block;
	int rc;
};

static void try_connect(void *arg)
{
	struct connect_try *t = arg;
	struct kiln_kv_ro *kv = NULL;

	t->rc = kiln_fat_kv_ro_connect(&kv, t->block);
	if (t->rc == 0)
		kiln_fat_kv_ro_disconnect(kv);
}

/* Connecting to block fails with rc and logs a line holding words. */
static void assert_connect_fails(struct kiln_block *block, int rc, const char *words)
{
	struct connect_try t = { block, 1 };
	char *log = capture_fd(2, try_connect, &t);

	assert_int_equal(t.rc, rc);
	assert_contains(log, words);
	free(log);
}

static void bad_boot_sector_is_einval(void **state)
{
	const struct bpb_patch *p = *state;
	struct raw r = raw_load(corrupt_image(p->fat));

	for (size_t i = 0; i < 2; i++) {
		uint8_t *at = r.m->data + p->set[i].off;
		if (p->set[i].width == 0 && i == 0)
			memset(r.m->data, 0, 512);
		else if (p->set[i].width == 1)
			*at = (uint8_t)p->set[i].value;
		else if (p->set[i].width == 2)
			put16(at, p->set[i].value);
		else if (p->set[i].width == 4)
			put32(at, p->set[i].value);
	}
	assert_connect_fails(&r.m->b, -EINVAL, p->log);
	mem_block_free(r.m);
}

/* A device shorter than its volume, an empty one, and one of sectors too large to cache. */
static void bad_devices_are_einval(void **state)
{
	struct raw r = raw_load(corrupt_image(16));

	(void)state;
	r.m->b.info.sectors /= 2;
	assert_connect_fails(&r.m->b, -EINVAL, "a truncated image?");
	r.m->b.info.sectors = 0;
	assert_connect_fails(&r.m->b, -EINVAL, "the device is empty");
	r.m->b.info.sectors = 1;
	r.m->b.info.sector_size = 1 << 20;
	assert_connect_fails(&r.m->b, -EINVAL, "unsupported device sector size");
	mem_block_free(r.m);
}

/* ---- the test list ---- */

#define MAX_TESTS 128

int main(void)
{
	static struct CMUnitTest tests[MAX_TESTS];
	static struct corrupt_case cases[CORRUPT_IMAGES * CORRUPTIONS];
	static char names[MAX_TESTS][128];
	size_t n = 0, ncases = 0;
	int rc;

#define ADD(fn, state, ...) do { \
		snprintf(names[n], sizeof(names[n]), __VA_ARGS__); \
		tests[n] = (struct CMUnitTest){ names[n], fn, NULL, NULL, (void *)(state) }; \
		n++; \
	} while (0)
	for (int i = 0; i < FULL_IMAGES; i++)
		ADD(image_matches_source, &images[i], "%s: the store matches the source tree", images[i].name);
	ADD(store_on_a_file_device, NULL, "the store on a file-backed device");
	ADD(sequential_reads_stay_linear, NULL, "a 64 MiB file read in chunks costs linear device reads");
	ADD(long_names_are_gathered_and_checked, NULL, "long names: gathered, checksummed, ordered");
	ADD(long_names_decode_utf16, NULL, "long names: UTF-16 surrogates to UTF-8");
	ADD(short_names_decode, NULL, "8.3 names: case bits, code page 437, matching");
	ADD(entries_that_are_not_files_are_skipped, NULL, "dot entries, deleted entries, labels are skipped");
	for (int i = FULL_IMAGES; i < FULL_IMAGES + CORRUPT_IMAGES; i++) {
		for (size_t c = 0; c < CORRUPTIONS; c++) {
			cases[ncases] = (struct corrupt_case){ &images[i], &corruptions[c] };
			ADD(corrupt_image_gives_errors, &cases[ncases], "fat%d: %s", images[i].fat, corruptions[c].what);
			ncases++;
		}
	}
	for (size_t i = 0; i < BPB_PATCHES; i++)
		ADD(bad_boot_sector_is_einval, &bpb_patches[i], "boot sector: %s", bpb_patches[i].what);
	ADD(bad_devices_are_einval, NULL, "truncated, empty and odd devices");
	ADD(overlong_directory_is_eio, NULL, "fat32: a directory of more than 65536 entries");
#undef ADD
	rc = _cmocka_run_group_tests("kv_ro_fat", tests, n, NULL, NULL);
	if (work_dir[0]) {
		char cmd[PATH_MAX + 16];
		snprintf(cmd, sizeof(cmd), "rm -rf '%s'", work_dir);
		if (system(cmd) != 0)
			rc = 1;
	}
	return rc;
}

/* unikernel.c: the block test: writes patterns at the start, the end and across the end of a disk, reads them back. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "start_gen.h"

struct run {
	struct kiln_console *c;
	struct kiln_block *b;
	struct kiln_block_info info;
	int started, passed, failed;
};

/* Fills buf with a pattern that differs for every test and every byte. */
static void fill(unsigned char *buf, size_t len, uint32_t seed)
{
	uint32_t x = seed * 2654435761u + 1;

	for (size_t i = 0; i < len; i++) {
		x = x * 1103515245u + 12345u;
		buf[i] = (unsigned char)(x >> 16);
	}
}

static void result(struct run *r, int ok)
{
	r->started++;
	if (ok)
		r->passed++;
	else
		r->failed++;
}

/* Writes n sectors at sector, reads them back and compares. */
static void write_read(struct run *r, uint64_t sector, size_t n)
{
	size_t len = n * r->info.sector_size;
	unsigned char *out = malloc(len), *in = malloc(len);
	int ok = out && in;

	kiln_console_logf(r->c, "writing %zu sectors at %llu", n, (unsigned long long)sector);
	if (ok) {
		fill(out, len, (uint32_t)(sector * 31 + n));
		memset(in, 0, len);
		ok = kiln_block_write(r->b, sector, out, len) == 0 && kiln_block_read(r->b, sector, in, len) == 0 &&
		     memcmp(in, out, len) == 0;
	}
	result(r, ok);
	free(out);
	free(in);
}

/* An access past the end must fail with -ERANGE and touch nothing. */
static void out_of_range(struct run *r, int write, uint64_t sector, size_t n)
{
	size_t len = n * r->info.sector_size;
	unsigned char *buf = calloc(1, len);

	kiln_console_logf(r->c, "%s %zu sectors at %llu", write ? "writing" : "reading", n, (unsigned long long)sector);
	result(r, buf && (write ? kiln_block_write(r->b, sector, buf, len) : kiln_block_read(r->b, sector, buf, len)) ==
			     -ERANGE);
	free(buf);
}

int block_test_start(struct kiln_console *c, struct kiln_block *b)
{
	struct run r = { .c = c, .b = b };
	uint64_t last;

	kiln_block_info(b, &r.info);
	kiln_console_logf(c, "sectors = %llu", (unsigned long long)r.info.sectors);
	kiln_console_logf(c, "read_write=%s", r.info.read_write ? "true" : "false");
	kiln_console_logf(c, "sector_size=%u", r.info.sector_size);
	if (r.info.sectors < 24 || !r.info.read_write) {
		kiln_console_log(c, "the disk must be writable and at least 24 sectors long");
		return -EINVAL;
	}
	last = r.info.sectors - 1;
	write_read(&r, 0, 1);
	write_read(&r, last, 1);
	write_read(&r, 0, 2);
	write_read(&r, last - 1, 2);
	write_read(&r, 0, 12);
	write_read(&r, last - 11, 12);
	out_of_range(&r, 1, last + 1, 1);
	out_of_range(&r, 1, last - 10, 12);
	out_of_range(&r, 0, last + 1, 1);
	out_of_range(&r, 0, last - 10, 12);
	kiln_console_log(c, "Test sequence finished");
	kiln_console_logf(c, "Total tests started: %d", r.started);
	kiln_console_logf(c, "Total tests passed:  %d", r.passed);
	kiln_console_logf(c, "Total tests failed:  %d", r.failed);
	return r.failed ? -EIO : 0;
}

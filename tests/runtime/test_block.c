/* test_block.c: block devices: the file backend's geometry and transfers, and the interface's checks. */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "block_impl.h"

#define SECTORS 64

static char path[] = "/tmp/kiln-block-XXXXXX";
static struct kiln_block *kept[8]; /* connected devices are the runtime's: keep them reachable */
static size_t nkept;

static struct kiln_block *connect_file(const char *p)
{
	struct kiln_block *b = NULL;

	assert_int_equal(kiln_block_of_file_connect(&b, p), 0);
	assert_true(nkept < 8);
	return kept[nkept++] = b;
}

static int make_disk(void **state)
{
	int fd = mkstemp(path);

	(void)state;
	assert_true(fd >= 0);
	/* 64 sectors and 100 bytes that are not a whole sector. */
	assert_int_equal(ftruncate(fd, SECTORS * 512 + 100), 0);
	close(fd);
	return 0;
}

static int remove_disk(void **state)
{
	(void)state;
	unlink(path);
	return 0;
}

static void geometry(void **state)
{
	struct kiln_block_info info;

	(void)state;
	kiln_block_info(connect_file(path), &info);
	assert_int_equal(info.sector_size, 512);
	assert_int_equal(info.sectors, SECTORS);
	assert_true(info.read_write);
}

static void round_trip_reaches_the_file(void **state)
{
	struct kiln_block *b = connect_file(path);
	unsigned char out[3 * 512], in[3 * 512], raw[512];
	FILE *f;

	(void)state;
	for (size_t i = 0; i < sizeof(out); i++)
		out[i] = (unsigned char)(i * 7 + 3);
	assert_int_equal(kiln_block_write(b, SECTORS - 3, out, sizeof(out)), 0);
	assert_int_equal(kiln_block_read(b, SECTORS - 3, in, sizeof(in)), 0);
	assert_memory_equal(in, out, sizeof(out));
	f = fopen(path, "rb");
	assert_non_null(f);
	assert_int_equal(fseek(f, (SECTORS - 1) * 512, SEEK_SET), 0);
	assert_int_equal(fread(raw, 1, 512, f), 512);
	fclose(f);
	assert_memory_equal(raw, out + 1024, 512);
}

static void bad_requests(void **state)
{
	struct kiln_block *b = connect_file(path);
	unsigned char buf[2 * 512];

	(void)state;
	assert_int_equal(kiln_block_read(b, 0, buf, 100), -EINVAL);
	assert_int_equal(kiln_block_write(b, 0, buf, 513), -EINVAL);
	assert_int_equal(kiln_block_read(b, SECTORS, buf, 512), -ERANGE);
	assert_int_equal(kiln_block_read(b, SECTORS - 1, buf, 1024), -ERANGE);
	assert_int_equal(kiln_block_write(b, UINT64_MAX, buf, 512), -ERANGE);
	assert_int_equal(kiln_block_read(b, UINT64_MAX - 1, buf, 1024), -ERANGE);
	assert_int_equal(kiln_block_read(b, SECTORS - 1, buf, 512), 0);
	assert_int_equal(kiln_block_read(b, 0, buf, 0), 0);
}

static void missing_or_wrong_files(void **state)
{
	struct kiln_block *b;

	(void)state;
	assert_int_equal(kiln_block_of_file_connect(&b, "/nonexistent/disk.img"), -ENOENT);
	assert_int_equal(kiln_block_of_file_connect(&b, "/tmp"), -EISDIR);
	assert_int_equal(kiln_block_of_file_connect(&b, "/dev/null"), -EINVAL);
}

static int must_not_be_called(struct kiln_block *b, uint64_t sector, const void *buf, size_t len)
{
	(void)b;
	(void)sector;
	(void)buf;
	(void)len;
	fail_msg("a write reached the backend of a read-only device");
	return 0;
}

static void read_only_devices_refuse_writes(void **state)
{
	static const struct kiln_block_ops ops = { NULL, must_not_be_called };
	struct kiln_block b = { &ops, { 512, 8, false }, "ro" };
	unsigned char buf[512] = { 0 };

	(void)state;
	assert_int_equal(kiln_block_write(&b, 0, buf, sizeof(buf)), -EROFS);
	/* Range and alignment come first, as for any device. */
	assert_int_equal(kiln_block_write(&b, 8, buf, sizeof(buf)), -ERANGE);
	assert_int_equal(kiln_block_write(&b, 0, buf, 10), -EINVAL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(geometry),
		cmocka_unit_test(round_trip_reaches_the_file),
		cmocka_unit_test(bad_requests),
		cmocka_unit_test(missing_or_wrong_files),
		cmocka_unit_test(read_only_devices_refuse_writes),
	};

	return cmocka_run_group_tests(tests, make_disk, remove_disk);
}

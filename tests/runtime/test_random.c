/* test_random.c: unit tests of the random device: buffers are filled, and successive draws differ. */
#include <kiln/random.h>

#include "test_util.h"

static struct kiln_random *random_device(void)
{
	struct kiln_random *r = NULL;

	assert_int_equal(kiln_random_connect_default(&r), 0);
	assert_non_null(r);
	return r;
}

static void default_device_is_one_handle(void **state)
{
	(void)state;
	assert_ptr_equal(random_device(), random_device());
}

/* How many of the 256 byte values occur in buf. */
static int distinct_bytes(const unsigned char *buf, size_t len)
{
	bool seen[256] = { false };
	int n = 0;

	for (size_t i = 0; i < len; i++) {
		n += !seen[buf[i]];
		seen[buf[i]] = true;
	}
	return n;
}

static void fill_covers_the_whole_buffer(void **state)
{
	const size_t len = 1 << 20;
	unsigned char *buf = calloc(1, len + 16);

	(void)state;
	assert_non_null(buf);
	assert_int_equal(kiln_random_fill(random_device(), buf, len), 0);
	/* A megabyte of random bytes has every byte value, in its last kilobyte too. */
	assert_int_equal(distinct_bytes(buf, len), 256);
	assert_true(distinct_bytes(buf + len - 1024, 1024) > 200);
	/* Nothing written past the end. */
	for (size_t i = len; i < len + 16; i++)
		assert_int_equal(buf[i], 0);
	free(buf);
}

static void empty_fill_succeeds(void **state)
{
	unsigned char byte = 0xa5;

	(void)state;
	assert_int_equal(kiln_random_fill(random_device(), &byte, 0), 0);
	assert_int_equal(byte, 0xa5);
}

static void draws_differ(void **state)
{
	struct kiln_random *r = random_device();
	uint64_t a[64];
	unsigned char x[32], y[32];

	(void)state;
	for (size_t i = 0; i < 64; i++)
		a[i] = kiln_random_u64(r);
	/* 64 draws of 64 bits: a repeat would be a 1 in 2^52 event. */
	for (size_t i = 0; i < 64; i++) {
		for (size_t j = i + 1; j < 64; j++)
			assert_true(a[i] != a[j]);
	}
	assert_int_equal(kiln_random_fill(r, x, sizeof(x)), 0);
	assert_int_equal(kiln_random_fill(r, y, sizeof(y)), 0);
	assert_true(memcmp(x, y, sizeof(x)) != 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(default_device_is_one_handle),
		cmocka_unit_test(fill_covers_the_whole_buffer),
		cmocka_unit_test(empty_fill_succeeds),
		cmocka_unit_test(draws_differ),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

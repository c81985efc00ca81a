/* test_ipv4_addr.c: unit tests of IPv4 addresses as text (the --ipv4 and --ipv4-gateway keys go through them). */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <kiln/stackv4.h>

static void addresses_parse_and_format_back(void **state)
{
	static const char *const good[] = { "0.0.0.0", "10.0.0.2", "192.168.64.5", "255.255.255.255" };
	char buf[KILN_IPV4_STRLEN];
	uint32_t a;

	(void)state;
	for (size_t i = 0; i < sizeof(good) / sizeof(good[0]); i++) {
		assert_int_equal(kiln_ipv4_parse(good[i], &a), 0);
		assert_string_equal(kiln_ipv4_format(a, buf), good[i]);
	}
	assert_int_equal(kiln_ipv4_parse("10.0.0.2", &a), 0);
	assert_int_equal(a, 0x0a000002);
}

static void malformed_addresses_are_refused(void **state)
{
	static const char *const bad[] = { "", "10", "10.0.0", "10.0.0.2.", "10.0.0.2.1", "10.0.0.256",
					   "10.0.0.-1", "010.0.0.2", "10.0.0.00", "10..0.2", " 10.0.0.2",
					   "10.0.0.2 ", "10.0.0.2x", "0x0a.0.0.2", "1000.0.0.2", "10.0.0.2/24" };
	uint32_t a = 7;

	(void)state;
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		assert_int_equal(kiln_ipv4_parse(bad[i], &a), -EINVAL);
		assert_int_equal(a, 7); /* untouched */
	}
}

static void prefixes_from_0_to_32(void **state)
{
	uint32_t a;
	unsigned p;

	(void)state;
	assert_int_equal(kiln_ipv4_parse_cidr("10.0.0.2/24", &a, &p), 0);
	assert_int_equal(a, 0x0a000002);
	assert_int_equal(p, 24);
	assert_int_equal(kiln_ipv4_parse_cidr("0.0.0.0/0", &a, &p), 0);
	assert_int_equal(p, 0);
	assert_int_equal(kiln_ipv4_parse_cidr("192.168.1.1/32", &a, &p), 0);
	assert_int_equal(p, 32);
}

static void malformed_prefixes_are_refused(void **state)
{
	static const char *const bad[] = { "10.0.0.2", "10.0.0.2/", "/24", "10.0.0.2/33", "10.0.0.2/024",
					   "10.0.0.2/2a", "10.0.0.2/-1", "10.0.0.2/24/8", "10.0.0.256/24",
					   "10.0.0.2/100", "255.255.255.255.1/8" };
	uint32_t a = 7;
	unsigned p = 9;

	(void)state;
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		assert_int_equal(kiln_ipv4_parse_cidr(bad[i], &a, &p), -EINVAL);
		assert_int_equal(a, 7);
		assert_int_equal(p, 9);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(addresses_parse_and_format_back),
		cmocka_unit_test(malformed_addresses_are_refused),
		cmocka_unit_test(prefixes_from_0_to_32),
		cmocka_unit_test(malformed_prefixes_are_refused),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

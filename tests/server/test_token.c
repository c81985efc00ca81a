/* test_token.c: unit tests of API tokens: format, SHA-256 hashing, constant-time comparison, scopes. */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <string.h>

#include <cmocka.h>

#include "token.h"

static void generated_tokens_are_prefixed_hex_and_differ(void **state)
{
	char a[TOKEN_LEN + 1], b[TOKEN_LEN + 1];

	(void)state;
	assert_int_equal(token_generate(a), 0);
	assert_int_equal(token_generate(b), 0);
	assert_int_equal(strlen(a), TOKEN_LEN);
	assert_memory_equal(a, "kiln_", 5);
	assert_int_equal(strspn(a + 5, "0123456789abcdef"), 64);
	assert_string_not_equal(a, b);
}

static void hash_is_sha256_hex(void **state)
{
	char hash[TOKEN_HASH_LEN + 1];

	(void)state;
	assert_int_equal(token_hash("abc", hash), 0);
	assert_string_equal(hash, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}

static void hashes_compare_whole(void **state)
{
	char a[TOKEN_HASH_LEN + 1], b[TOKEN_HASH_LEN + 1];

	(void)state;
	token_hash("one", a);
	token_hash("one", b);
	assert_true(token_hash_equal(a, b));
	b[TOKEN_HASH_LEN - 1] ^= 1;
	assert_false(token_hash_equal(a, b));
	assert_false(token_hash_equal(a, "ba78"));
	assert_false(token_hash_equal("", ""));
}

static void scopes_parse_and_allow(void **state)
{
	unsigned s;

	(void)state;
	assert_int_equal(token_scopes_parse("read,build", &s), 0);
	assert_int_equal(s, SCOPE_READ | SCOPE_BUILD);
	assert_true(token_scopes_allow(s, SCOPE_READ));
	assert_false(token_scopes_allow(s, SCOPE_DEPLOY));
	assert_int_equal(token_scopes_parse("admin", &s), 0);
	assert_true(token_scopes_allow(s, SCOPE_DEPLOY));
	assert_int_equal(token_scopes_parse("read,", &s), -EINVAL);
	assert_int_equal(token_scopes_parse("", &s), -EINVAL);
	assert_int_equal(token_scopes_parse("reader", &s), -EINVAL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(generated_tokens_are_prefixed_hex_and_differ),
		cmocka_unit_test(hash_is_sha256_hex),
		cmocka_unit_test(hashes_compare_whole),
		cmocka_unit_test(scopes_parse_and_allow),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

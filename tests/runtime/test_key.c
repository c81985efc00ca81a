/* test_key.c: unit tests of typed key values: parsing, type names, and splitting --KEY=VALUE arguments. */
#include <errno.h>

#include <kiln/key.h>

#include "test_util.h"

/* Parses text as an int key value; returns kiln_key_parse's result and the value in *v. */
static int parse_int(const char *text, int64_t *v)
{
	union kiln_key_value out = { .i = 0 };
	int rc = kiln_key_parse(KILN_KEY_INT, text, &out);

	*v = out.i;
	return rc;
}

static void ints_in_decimal_and_hex(void **state)
{
	const struct { const char *text; int64_t value; } good[] = {
		{ "0", 0 }, { "42", 42 }, { "-17", -17 }, { "+5", 5 }, { "0x1f", 31 }, { "0xABC", 2748 },
		{ "-0x10", -16 }, { "9223372036854775807", INT64_MAX }, { "-9223372036854775808", INT64_MIN },
		{ "0x7fffffffffffffff", INT64_MAX },
		/* Never octal: a leading zero is just a zero. */
		{ "010", 10 }, { "08", 8 },
	};
	int64_t v;

	(void)state;
	for (size_t i = 0; i < sizeof(good) / sizeof(good[0]); i++) {
		if (parse_int(good[i].text, &v) != 0 || v != good[i].value)
			print_error("\"%s\"\n", good[i].text);
		assert_int_equal(parse_int(good[i].text, &v), 0);
		assert_true(v == good[i].value);
	}
}

static void bad_ints_are_rejected(void **state)
{
	const char *bad[] = { "", "abc", "12abc", "12 ", " 12", "\t12", "\n12", " 0x10", "1.5", "0x", "0xg", "0x-5", "0x 5", "- 5",
			      "9223372036854775808", "-9223372036854775809", "99999999999999999999",
			      "0x10000000000000000", "--1", "1e3" };
	int64_t v;

	(void)state;
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		if (parse_int(bad[i], &v) != -EINVAL)
			print_error("accepted \"%s\"\n", bad[i]);
		assert_int_equal(parse_int(bad[i], &v), -EINVAL);
	}
}

static void bools_are_true_or_false_only(void **state)
{
	const char *bad[] = { "", "TRUE", "True", "1", "0", "yes", "no", "t", "truex", "false ", " true" };
	union kiln_key_value v = { .b = false };

	(void)state;
	assert_int_equal(kiln_key_parse(KILN_KEY_BOOL, "true", &v), 0);
	assert_true(v.b);
	assert_int_equal(kiln_key_parse(KILN_KEY_BOOL, "false", &v), 0);
	assert_false(v.b);
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		if (kiln_key_parse(KILN_KEY_BOOL, bad[i], &v) != -EINVAL)
			print_error("accepted \"%s\"\n", bad[i]);
		assert_int_equal(kiln_key_parse(KILN_KEY_BOOL, bad[i], &v), -EINVAL);
	}
}

static void strings_are_taken_as_they_are(void **state)
{
	const char *texts[] = { "hello", "", " spaced ", "--looks-like-an-option", "42" };
	union kiln_key_value v = { .s = NULL };

	(void)state;
	for (size_t i = 0; i < sizeof(texts) / sizeof(texts[0]); i++) {
		assert_int_equal(kiln_key_parse(KILN_KEY_STRING, texts[i], &v), 0);
		assert_ptr_equal(v.s, texts[i]); /* not copied */
	}
}

static void unknown_type_is_rejected(void **state)
{
	enum kiln_key_type odd = (enum kiln_key_type)99;
	union kiln_key_value v;

	(void)state;
	assert_int_equal(kiln_key_parse(odd, "1", &v), -EINVAL);
	assert_string_equal(kiln_key_type_name(odd), "?");
	assert_string_equal(kiln_key_type_metavar(odd), "?");
}

static void type_names_and_metavars(void **state)
{
	(void)state;
	assert_string_equal(kiln_key_type_name(KILN_KEY_STRING), "string");
	assert_string_equal(kiln_key_type_name(KILN_KEY_INT), "int");
	assert_string_equal(kiln_key_type_name(KILN_KEY_BOOL), "bool");
	assert_string_equal(kiln_key_type_metavar(KILN_KEY_STRING), "STRING");
	assert_string_equal(kiln_key_type_metavar(KILN_KEY_INT), "INT");
	assert_string_equal(kiln_key_type_metavar(KILN_KEY_BOOL), "true|false");
}

/* Splits the single argument text; asserts it is a long option named name with value (NULL: none). */
static void assert_split(const char *text, const char *name, const char *value)
{
	char *argv[] = { (char *)text, NULL };
	struct kiln_key_arg arg;

	assert_int_equal(kiln_key_arg(argv, 0, &arg), 0);
	assert_int_equal(arg.name_len, strlen(name));
	assert_memory_equal(arg.name, name, arg.name_len);
	assert_true(kiln_key_arg_is(&arg, name));
	if (value)
		assert_string_equal(arg.value, value);
	else
		assert_null(arg.value);
}

static void splits_long_options(void **state)
{
	(void)state;
	assert_split("--a=b", "a", "b");
	assert_split("--port=8080", "port", "8080");
	assert_split("--name", "name", NULL);
	assert_split("--empty=", "empty", "");
	assert_split("--eq=a=b", "eq", "a=b");
	assert_split("--x-y_z=1", "x-y_z", "1");
}

static void rejects_what_is_not_a_long_option(void **state)
{
	const char *bad[] = { "-x", "--", "--=value", "x", "", "-", "-x=1", "—dash" };

	(void)state;
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		char *argv[] = { (char *)bad[i], NULL };
		struct kiln_key_arg arg;

		if (kiln_key_arg(argv, 0, &arg) != -EINVAL)
			print_error("accepted \"%s\"\n", bad[i]);
		assert_int_equal(kiln_key_arg(argv, 0, &arg), -EINVAL);
	}
}

static void arg_is_matches_whole_names(void **state)
{
	char *argv[] = { "prog", "--port=1", NULL };
	struct kiln_key_arg arg;

	(void)state;
	assert_int_equal(kiln_key_arg(argv, 1, &arg), 0);
	assert_true(kiln_key_arg_is(&arg, "port"));
	assert_false(kiln_key_arg_is(&arg, "por"));
	assert_false(kiln_key_arg_is(&arg, "ports"));
	assert_false(kiln_key_arg_is(&arg, ""));
}

/*
 * Splits argv[i] (argc taken from argv's NULL end), gives it a value for type, and checks
 * the result: rc, the value (NULL: not checked) and the index it moved to.
 */
static void assert_value(char **argv, int i, enum kiln_key_type type, int rc, const char *value, int next_i)
{
	struct kiln_key_arg arg;
	int argc = 0;

	while (argv[argc])
		argc++;
	assert_int_equal(kiln_key_arg(argv, i, &arg), 0);
	assert_int_equal(kiln_key_arg_value(type, argc, argv, &i, &arg), rc);
	if (value)
		assert_string_equal(arg.value, value);
	assert_int_equal(i, next_i);
}

static void values_after_equals_or_in_the_next_argument(void **state)
{
	char *eq[] = { "prog", "--port=1", "2", NULL };
	char *next[] = { "prog", "--port", "2", "--other", NULL };
	char *str[] = { "prog", "--name", "--not-an-option", NULL };

	(void)state;
	assert_value(eq, 1, KILN_KEY_INT, 0, "1", 1);
	assert_value(next, 1, KILN_KEY_INT, 0, "2", 2);
	/* A string key takes the next argument whatever it looks like. */
	assert_value(str, 1, KILN_KEY_STRING, 0, "--not-an-option", 2);
}

static void missing_value_is_einval(void **state)
{
	char *int_last[] = { "prog", "--port", NULL };
	char *str_last[] = { "prog", "--x", "--name", NULL };

	(void)state;
	assert_value(int_last, 1, KILN_KEY_INT, -EINVAL, NULL, 1);
	assert_value(str_last, 2, KILN_KEY_STRING, -EINVAL, NULL, 2);
}

static void bool_flags(void **state)
{
	char *bare_last[] = { "prog", "--verbose", NULL };
	char *then_false[] = { "prog", "--verbose", "false", "--x", NULL };
	char *then_true[] = { "prog", "--verbose", "true", NULL };
	char *then_option[] = { "prog", "--verbose", "--port=1", NULL };
	char *then_word[] = { "prog", "--verbose", "yes", NULL };
	char *with_eq[] = { "prog", "--verbose=false", "true", NULL };

	(void)state;
	assert_value(bare_last, 1, KILN_KEY_BOOL, 0, "true", 1);
	assert_value(then_false, 1, KILN_KEY_BOOL, 0, "false", 2);
	assert_value(then_true, 1, KILN_KEY_BOOL, 0, "true", 2);
	assert_value(then_option, 1, KILN_KEY_BOOL, 0, "true", 1);
	/* Not a bool: left for the caller as the next argument. */
	assert_value(then_word, 1, KILN_KEY_BOOL, 0, "true", 1);
	assert_value(with_eq, 1, KILN_KEY_BOOL, 0, "false", 1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(ints_in_decimal_and_hex),
		cmocka_unit_test(bad_ints_are_rejected),
		cmocka_unit_test(bools_are_true_or_false_only),
		cmocka_unit_test(strings_are_taken_as_they_are),
		cmocka_unit_test(unknown_type_is_rejected),
		cmocka_unit_test(type_names_and_metavars),
		cmocka_unit_test(splits_long_options),
		cmocka_unit_test(rejects_what_is_not_a_long_option),
		cmocka_unit_test(arg_is_matches_whole_names),
		cmocka_unit_test(values_after_equals_or_in_the_next_argument),
		cmocka_unit_test(missing_value_is_einval),
		cmocka_unit_test(bool_flags),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

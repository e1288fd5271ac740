/* qapi-util: the text scalar rules every front door shares. */
#include "qapi-util.h"

#include <string.h>

/* Asserts that err holds exactly `message`, then frees it. */
static void assert_error(Error **err, const char *message)
{
    g_assert_nonnull(*err);
    g_assert_cmpstr(error_get_pretty(*err), ==, message);
    error_free_or_abort(err);
}

static void test_bool_accepts_every_spelling(void)
{
    static const struct {
        const char *text;
        bool value;
    } cases[] = {
        { "on", true }, { "yes", true }, { "true", true },
        { "off", false }, { "no", false }, { "false", false },
    };

    for (size_t i = 0; i < G_N_ELEMENTS(cases); i++) {
        bool b = !cases[i].value;
        g_assert_true(qapi_bool_parse("x", cases[i].text, &b, &error_abort));
        g_assert_cmpint(b, ==, cases[i].value);
    }
}

static void test_bool_rejects_other_words_naming_the_parameter(void)
{
    Error *err = NULL;
    bool b = true;

    g_assert_false(qapi_bool_parse("acpi", "maybe", &b, &err));
    assert_error(&err, "parameter 'acpi' expects on/off, yes/no or "
                       "true/false, not 'maybe'");
    g_assert_true(b);   /* untouched */
}

/* Case matters, as in QEMU: one spelling per value. */
static void test_bool_rejects_capitals_without_a_name(void)
{
    Error *err = NULL;
    bool b;

    g_assert_false(qapi_bool_parse(NULL, "On", &b, &err));
    assert_error(&err, "expected on/off, yes/no or true/false, not 'On'");
}

static void test_int64_reads_decimal_and_hex(void)
{
    int64_t v;

    g_assert_true(qapi_int64_parse(NULL, "42", &v, &error_abort));
    g_assert_cmpint(v, ==, 42);
    g_assert_true(qapi_int64_parse(NULL, "-17", &v, &error_abort));
    g_assert_cmpint(v, ==, -17);
    g_assert_true(qapi_int64_parse(NULL, "0x1F", &v, &error_abort));
    g_assert_cmpint(v, ==, 31);
    g_assert_true(qapi_int64_parse(NULL, "-0x10", &v, &error_abort));
    g_assert_cmpint(v, ==, -16);
    g_assert_true(qapi_int64_parse(NULL, "0", &v, &error_abort));
    g_assert_cmpint(v, ==, 0);
}

static void test_int64_reads_both_extremes(void)
{
    int64_t v;

    g_assert_true(qapi_int64_parse(NULL, "9223372036854775807", &v,
                                   &error_abort));
    g_assert_cmpint(v, ==, INT64_MAX);
    g_assert_true(qapi_int64_parse(NULL, "-9223372036854775808", &v,
                                   &error_abort));
    g_assert_cmpint(v, ==, INT64_MIN);
    g_assert_true(qapi_int64_parse(NULL, "-0x8000000000000000", &v,
                                   &error_abort));
    g_assert_cmpint(v, ==, INT64_MIN);
}

static void test_int64_reads_minus_zero_as_zero(void)
{
    int64_t v = 5;

    g_assert_true(qapi_int64_parse(NULL, "-0", &v, &error_abort));
    g_assert_cmpint(v, ==, 0);
}

/* strtol would read "010" as eight; we refuse rather than guess. */
static void test_int64_rejects_leading_zeros(void)
{
    Error *err = NULL;
    int64_t v;

    g_assert_false(qapi_int64_parse("addr", "010", &v, &err));
    assert_error(&err, "parameter 'addr' expects an integer without leading "
                       "zeros (octal is not supported), not '010'");
}

static void test_int64_rejects_overflow(void)
{
    Error *err = NULL;
    int64_t v;

    g_assert_false(qapi_int64_parse(NULL, "9223372036854775808", &v, &err));
    assert_error(&err, "expected a value between -9223372036854775808 and "
                       "9223372036854775807, not '9223372036854775808'");
    g_assert_false(qapi_int64_parse(NULL, "-9223372036854775809", &v, &err));
    error_free_or_abort(&err);
    g_assert_false(qapi_int64_parse(NULL, "0x10000000000000000", &v, &err));
    error_free_or_abort(&err);
}

static void test_int64_rejects_junk_empty_signs_and_spaces(void)
{
    static const char *const bad[] = {
        "", "-", "12abc", "0x", "0xg", " 1", "1 ", "+1", "1.0", "--1", "1e3",
    };

    for (size_t i = 0; i < G_N_ELEMENTS(bad); i++) {
        Error *err = NULL;
        int64_t v = 99;
        g_autofree char *want = g_strdup_printf(
            "expected an integer, not '%s'", bad[i]);
        g_assert_false(qapi_int64_parse(NULL, bad[i], &v, &err));
        assert_error(&err, want);
        g_assert_cmpint(v, ==, 99);
    }
}

static void test_uint64_reads_the_maximum(void)
{
    uint64_t v;

    g_assert_true(qapi_uint64_parse(NULL, "18446744073709551615", &v,
                                    &error_abort));
    g_assert_cmpuint(v, ==, UINT64_MAX);
    g_assert_true(qapi_uint64_parse(NULL, "0xffffffffffffffff", &v,
                                    &error_abort));
    g_assert_cmpuint(v, ==, UINT64_MAX);
}

/* An unsigned value has no sign: not even "-0". */
static void test_uint64_rejects_any_sign(void)
{
    Error *err = NULL;
    uint64_t v;

    g_assert_false(qapi_uint64_parse("n", "-1", &v, &err));
    assert_error(&err, "parameter 'n' expects an unsigned integer, not '-1'");
    g_assert_false(qapi_uint64_parse("n", "-0", &v, &err));
    assert_error(&err, "parameter 'n' expects an unsigned integer, not '-0'");
}

static void test_uint64_rejects_overflow(void)
{
    Error *err = NULL;
    uint64_t v;

    g_assert_false(qapi_uint64_parse(NULL, "18446744073709551616", &v, &err));
    assert_error(&err, "expected a value between 0 and 18446744073709551615, "
                       "not '18446744073709551616'");
}

static void test_size_reads_every_suffix(void)
{
    static const struct {
        const char *text;
        uint64_t bytes;
    } cases[] = {
        { "1k", 1ULL << 10 }, { "1K", 1ULL << 10 },
        { "2M", 2ULL << 20 }, { "2m", 2ULL << 20 },
        { "3G", 3ULL << 30 }, { "3g", 3ULL << 30 },
        { "4T", 4ULL << 40 }, { "4t", 4ULL << 40 },
        { "5P", 5ULL << 50 }, { "5p", 5ULL << 50 },
        { "6E", 6ULL << 60 }, { "6e", 6ULL << 60 },
    };

    for (size_t i = 0; i < G_N_ELEMENTS(cases); i++) {
        uint64_t v = 0;
        g_assert_true(qapi_size_parse(NULL, cases[i].text, &v, &error_abort));
        g_assert_cmpuint(v, ==, cases[i].bytes);
    }
}

static void test_size_reads_bare_numbers_as_bytes(void)
{
    uint64_t v;

    g_assert_true(qapi_size_parse(NULL, "4096", &v, &error_abort));
    g_assert_cmpuint(v, ==, 4096);
    g_assert_true(qapi_size_parse(NULL, "0", &v, &error_abort));
    g_assert_cmpuint(v, ==, 0);
    /* Decimal, as QEMU reads sizes: no octal to be confused with. */
    g_assert_true(qapi_size_parse(NULL, "010", &v, &error_abort));
    g_assert_cmpuint(v, ==, 10);
    g_assert_true(qapi_size_parse(NULL, "18446744073709551615", &v,
                                  &error_abort));
    g_assert_cmpuint(v, ==, UINT64_MAX);
}

static void test_size_accepts_an_optional_B_or_iB(void)
{
    uint64_t v;

    g_assert_true(qapi_size_parse(NULL, "512B", &v, &error_abort));
    g_assert_cmpuint(v, ==, 512);
    g_assert_true(qapi_size_parse(NULL, "256MB", &v, &error_abort));
    g_assert_cmpuint(v, ==, 256ULL << 20);
    g_assert_true(qapi_size_parse(NULL, "256MiB", &v, &error_abort));
    g_assert_cmpuint(v, ==, 256ULL << 20);
}

static void test_size_reads_fractions_exactly(void)
{
    uint64_t v;

    g_assert_true(qapi_size_parse(NULL, "1.5G", &v, &error_abort));
    g_assert_cmpuint(v, ==, 3ULL << 29);
    g_assert_true(qapi_size_parse(NULL, "0.5k", &v, &error_abort));
    g_assert_cmpuint(v, ==, 512);
    /* 1.1 KiB is 1126.4 bytes: rounded down to a whole byte. */
    g_assert_true(qapi_size_parse(NULL, "1.1K", &v, &error_abort));
    g_assert_cmpuint(v, ==, 1126);
    /* Just under the top: 15.999999999999999999E. */
    g_assert_true(qapi_size_parse(NULL, "15.999999999999999999E", &v,
                                  &error_abort));
    g_assert_cmpuint(v, ==, 18446744073709551614ULL);
}

static void test_size_reads_hex(void)
{
    uint64_t v;

    g_assert_true(qapi_size_parse(NULL, "0x1000", &v, &error_abort));
    g_assert_cmpuint(v, ==, 4096);
}

static void test_size_rejects_overflow(void)
{
    static const char *const big[] = {
        "16E", "16384P", "18446744073709551616", "99999999999999999999k",
        "0x10000000000000000",
    };
    Error *err = NULL;
    uint64_t v = 7;

    g_assert_false(qapi_size_parse("ram", "16E", &v, &err));
    assert_error(&err, "parameter 'ram' expects a size below 16 EiB, "
                       "not '16E'");
    g_assert_cmpuint(v, ==, 7);
    for (size_t i = 1; i < G_N_ELEMENTS(big); i++) {
        g_assert_false(qapi_size_parse(NULL, big[i], &v, &err));
        g_assert_nonnull(strstr(error_get_pretty(err), "below 16 EiB"));
        error_free_or_abort(&err);
    }
}

static void test_size_rejects_junk(void)
{
    static const char *const bad[] = {
        "", "abc", "-1", "1.5", "1.5B", ".5G", "1.G", "12Q", "1 G", " 1",
        "1Gb", "1b", "0x10M", "0x1.8", "1KiBB", "1iB",
        "1.0000000000000000001G",   /* 19 fraction digits */
    };

    for (size_t i = 0; i < G_N_ELEMENTS(bad); i++) {
        Error *err = NULL;
        uint64_t v;
        g_autofree char *want = g_strdup_printf(
            "expected a size (a number with an optional k/M/G/T/P/E "
            "suffix), not '%s'", bad[i]);
        g_assert_false(qapi_size_parse(NULL, bad[i], &v, &err));
        assert_error(&err, want);
    }
}

static void test_number_reads_decimal_forms(void)
{
    double d;

    g_assert_true(qapi_number_parse(NULL, "1.5", &d, &error_abort));
    g_assert_cmpfloat(d, ==, 1.5);
    g_assert_true(qapi_number_parse(NULL, "-2e3", &d, &error_abort));
    g_assert_cmpfloat(d, ==, -2000.0);
}

static void test_number_rejects_non_finite_and_junk(void)
{
    static const char *const bad[] = {
        "", "inf", "nan", "-inf", "1e999", " 1", "+1", "0x1p3", "1.5x",
        "abc",
    };

    for (size_t i = 0; i < G_N_ELEMENTS(bad); i++) {
        Error *err = NULL;
        double d;
        g_autofree char *want = g_strdup_printf("expected a number, not '%s'",
                                                bad[i]);
        g_assert_false(qapi_number_parse(NULL, bad[i], &d, &err));
        assert_error(&err, want);
    }
}

static void test_size_to_str_picks_the_largest_whole_unit(void)
{
    static const struct {
        uint64_t bytes;
        const char *text;
    } cases[] = {
        { 0, "0 B" },
        { 512, "512 B" },
        { 1023, "1023 B" },
        { 4096, "4 KiB" },
        { 256ULL << 20, "256 MiB" },
        { 3ULL << 29, "1.5 GiB" },
        { 1ULL << 60, "1 EiB" },
    };

    for (size_t i = 0; i < G_N_ELEMENTS(cases); i++) {
        g_autofree char *s = qapi_size_to_str(cases[i].bytes);
        g_assert_cmpstr(s, ==, cases[i].text);
    }
}

static void test_size_to_str_rounds_to_three_digits(void)
{
    static const struct {
        uint64_t bytes;
        const char *text;
    } cases[] = {
        { 4097, "4 KiB" },
        { 1126, "1.1 KiB" },
        { 1300, "1.27 KiB" },
        { 12800 + 51, "12.5 KiB" },
        { (1ULL << 20) - 1, "1 MiB" },     /* not "1024 KiB" */
        { UINT64_MAX, "16 EiB" },
    };

    for (size_t i = 0; i < G_N_ELEMENTS(cases); i++) {
        g_autofree char *s = qapi_size_to_str(cases[i].bytes);
        g_assert_cmpstr(s, ==, cases[i].text);
    }
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);

    g_test_add_func("/qapi-util/bool/accepts-every-spelling",
                    test_bool_accepts_every_spelling);
    g_test_add_func("/qapi-util/bool/rejects-other-words-naming-the-parameter",
                    test_bool_rejects_other_words_naming_the_parameter);
    g_test_add_func("/qapi-util/bool/rejects-capitals-without-a-name",
                    test_bool_rejects_capitals_without_a_name);
    g_test_add_func("/qapi-util/int64/reads-decimal-and-hex",
                    test_int64_reads_decimal_and_hex);
    g_test_add_func("/qapi-util/int64/reads-both-extremes",
                    test_int64_reads_both_extremes);
    g_test_add_func("/qapi-util/int64/reads-minus-zero-as-zero",
                    test_int64_reads_minus_zero_as_zero);
    g_test_add_func("/qapi-util/int64/rejects-leading-zeros",
                    test_int64_rejects_leading_zeros);
    g_test_add_func("/qapi-util/int64/rejects-overflow",
                    test_int64_rejects_overflow);
    g_test_add_func("/qapi-util/int64/rejects-junk-empty-signs-and-spaces",
                    test_int64_rejects_junk_empty_signs_and_spaces);
    g_test_add_func("/qapi-util/uint64/reads-the-maximum",
                    test_uint64_reads_the_maximum);
    g_test_add_func("/qapi-util/uint64/rejects-any-sign",
                    test_uint64_rejects_any_sign);
    g_test_add_func("/qapi-util/uint64/rejects-overflow",
                    test_uint64_rejects_overflow);
    g_test_add_func("/qapi-util/size/reads-every-suffix",
                    test_size_reads_every_suffix);
    g_test_add_func("/qapi-util/size/reads-bare-numbers-as-bytes",
                    test_size_reads_bare_numbers_as_bytes);
    g_test_add_func("/qapi-util/size/accepts-an-optional-B-or-iB",
                    test_size_accepts_an_optional_B_or_iB);
    g_test_add_func("/qapi-util/size/reads-fractions-exactly",
                    test_size_reads_fractions_exactly);
    g_test_add_func("/qapi-util/size/reads-hex", test_size_reads_hex);
    g_test_add_func("/qapi-util/size/rejects-overflow",
                    test_size_rejects_overflow);
    g_test_add_func("/qapi-util/size/rejects-junk", test_size_rejects_junk);
    g_test_add_func("/qapi-util/number/reads-decimal-forms",
                    test_number_reads_decimal_forms);
    g_test_add_func("/qapi-util/number/rejects-non-finite-and-junk",
                    test_number_rejects_non_finite_and_junk);
    g_test_add_func("/qapi-util/size-to-str/picks-the-largest-whole-unit",
                    test_size_to_str_picks_the_largest_whole_unit);
    g_test_add_func("/qapi-util/size-to-str/rounds-to-three-digits",
                    test_size_to_str_rounds_to_three_digits);

    return g_test_run();
}

/* String input visitor: one command-line value, parsed as the visited type. */
#include "string-input-visitor.h"
#include "qapi-example.h"

/* Asserts err holds exactly `message`, then frees it. */
static void assert_error(Error **err, const char *message)
{
    g_assert_nonnull(*err);
    g_assert_cmpstr(error_get_pretty(*err), ==, message);
    error_free_or_abort(err);
}

static void test_int_reads_decimal_and_hex(void)
{
    g_autoptr(Visitor) v1 = string_input_visitor_new("-42");
    g_autoptr(Visitor) v2 = string_input_visitor_new("0x2a");
    int64_t a = 0, b = 0;

    g_assert_true(visit_type_int(v1, "n", &a, &error_abort));
    g_assert_true(visit_type_int(v2, "n", &b, &error_abort));
    g_assert_cmpint(a, ==, -42);
    g_assert_cmpint(b, ==, 42);
}

static void test_int_rejects_junk_naming_the_text(void)
{
    g_autoptr(Visitor) v = string_input_visitor_new("abc");
    Error *err = NULL;
    int64_t n;

    g_assert_false(visit_type_int(v, "n", &n, &err));
    assert_error(&err, "parameter 'n' expects an integer, not 'abc'");
}

static void test_uint64_reads_the_maximum(void)
{
    g_autoptr(Visitor) v = string_input_visitor_new("18446744073709551615");
    uint64_t u = 0;

    g_assert_true(visit_type_uint64(v, "u", &u, &error_abort));
    g_assert_cmpuint(u, ==, UINT64_MAX);
}

static void test_int8_rejects_overflow_naming_the_range(void)
{
    g_autoptr(Visitor) v = string_input_visitor_new("128");
    Error *err = NULL;
    int8_t n = 1;

    g_assert_false(visit_type_int8(v, "bias", &n, &err));
    assert_error(&err, "parameter 'bias' expects a value between -128 and 127");
    g_assert_cmpint(n, ==, 1);
}

static void test_size_reads_every_suffix(void)
{
    static const struct {
        const char *text;
        uint64_t bytes;
    } cases[] = {
        { "512", 512 }, { "512B", 512 }, { "4k", 4096 }, { "4K", 4096 },
        { "256M", 256ULL << 20 }, { "1.5G", 3ULL << 29 }, { "2T", 2ULL << 40 },
        { "3P", 3ULL << 50 }, { "15E", 15ULL << 60 }, { "0x1000", 4096 },
    };

    for (size_t i = 0; i < G_N_ELEMENTS(cases); i++) {
        g_autoptr(Visitor) v = string_input_visitor_new(cases[i].text);
        uint64_t size = 0;
        g_assert_true(visit_type_size(v, "size", &size, &error_abort));
        g_assert_cmpuint(size, ==, cases[i].bytes);
    }
}

static void test_size_rejects_overflow(void)
{
    g_autoptr(Visitor) v = string_input_visitor_new("16E");
    Error *err = NULL;
    uint64_t size;

    g_assert_false(visit_type_size(v, "size", &size, &err));
    assert_error(&err, "parameter 'size' expects a size below 16 EiB, "
                       "not '16E'");
}

static void test_size_rejects_junk_naming_the_form(void)
{
    g_autoptr(Visitor) v = string_input_visitor_new("abc");
    Error *err = NULL;
    uint64_t size;

    g_assert_false(visit_type_size(v, NULL, &size, &err));
    assert_error(&err, "expected a size (a number with an optional "
                       "k/M/G/T/P/E suffix), not 'abc'");
}

static void test_bool_reads_every_spelling(void)
{
    static const char *const yes[] = { "on", "yes", "true" };
    static const char *const no[] = { "off", "no", "false" };

    for (size_t i = 0; i < G_N_ELEMENTS(yes); i++) {
        g_autoptr(Visitor) v1 = string_input_visitor_new(yes[i]);
        g_autoptr(Visitor) v2 = string_input_visitor_new(no[i]);
        bool a = false, b = true;
        g_assert_true(visit_type_bool(v1, "b", &a, &error_abort));
        g_assert_true(visit_type_bool(v2, "b", &b, &error_abort));
        g_assert_true(a);
        g_assert_false(b);
    }
}

static void test_bool_rejects_another_word(void)
{
    g_autoptr(Visitor) v = string_input_visitor_new("enabled");
    Error *err = NULL;
    bool b;

    g_assert_false(visit_type_bool(v, "acpi", &b, &err));
    assert_error(&err, "parameter 'acpi' expects on/off, yes/no or "
                       "true/false, not 'enabled'");
}

static void test_number_reads_a_decimal(void)
{
    g_autoptr(Visitor) v = string_input_visitor_new("2.5e-1");
    double d = 0;

    g_assert_true(visit_type_number(v, "d", &d, &error_abort));
    g_assert_cmpfloat(d, ==, 0.25);
}

static void test_str_takes_the_text_as_is(void)
{
    g_autoptr(Visitor) v = string_input_visitor_new(" a,b ");
    g_autofree char *s = NULL;

    g_assert_true(visit_type_str(v, "s", &s, &error_abort));
    g_assert_cmpstr(s, ==, " a,b ");
}

static void test_enum_reads_a_name(void)
{
    g_autoptr(Visitor) v = string_input_visitor_new("blue");
    Color c = COLOR_RED;

    g_assert_true(visit_type_Color(v, "color", &c, &error_abort));
    g_assert_cmpint(c, ==, COLOR_BLUE);
}

static void test_enum_rejects_an_unknown_name(void)
{
    g_autoptr(Visitor) v = string_input_visitor_new("mauve");
    Error *err = NULL;
    Color c = COLOR_RED;

    g_assert_false(visit_type_Color(v, "color", &c, &err));
    assert_error(&err, "parameter 'color' expects red, green or blue, "
                       "not 'mauve'");
    g_assert_cmpint(c, ==, COLOR_RED);
}

static void test_null_is_the_empty_string(void)
{
    g_autoptr(Visitor) v1 = string_input_visitor_new("");
    g_autoptr(Visitor) v2 = string_input_visitor_new("x");
    g_autoptr(QNull) n = NULL;
    QNull *none = NULL;
    Error *err = NULL;

    g_assert_true(visit_type_null(v1, "n", &n, &error_abort));
    g_assert_nonnull(n);
    g_assert_false(visit_type_null(v2, "n", &none, &err));
    assert_error(&err, "parameter 'n' expects an empty value, not 'x'");
}

static GArray *int_list(intList *list)
{
    GArray *a = g_array_new(false, false, sizeof(int64_t));

    for (; list; list = list->next) {
        g_array_append_val(a, list->value);
    }
    return a;
}

static void test_int_list_expands_ranges(void)
{
    g_autoptr(Visitor) v = string_input_visitor_new("1,3-5,-2--1,0x10");
    g_autoptr(intList) list = NULL;
    static const int64_t want[] = { 1, 3, 4, 5, -2, -1, 16 };

    g_assert_true(visit_type_intList(v, "cpus", &list, &error_abort));
    g_autoptr(GArray) got = int_list(list);
    g_assert_cmpmem(got->data, got->len * sizeof(int64_t), want,
                    sizeof(want));
}

static void test_int_list_reads_empty_text_as_empty_list(void)
{
    g_autoptr(Visitor) v = string_input_visitor_new("");
    intList *list = (intList *)&list;   /* must be overwritten */

    g_assert_true(visit_type_intList(v, "cpus", &list, &error_abort));
    g_assert_null(list);
}

static void test_int_list_rejects_a_reversed_range(void)
{
    g_autoptr(Visitor) v = string_input_visitor_new("1,5-3");
    Error *err = NULL;
    intList *list = NULL;

    g_assert_false(visit_type_intList(v, "cpus", &list, &err));
    assert_error(&err, "parameter 'cpus' expects an ascending range, "
                       "not '5-3'");
    qapi_free_intList(list);
}

/* The bound stops one short range from allocating billions of nodes. */
static void test_int_list_rejects_a_range_past_the_bound(void)
{
    g_autoptr(Visitor) v = string_input_visitor_new("0-65536");
    Error *err = NULL;
    intList *list = NULL;

    g_assert_false(visit_type_intList(v, "cpus", &list, &err));
    assert_error(&err, "parameter 'cpus' expects a list of at most 65536 "
                       "integers, not '0-65536'");
    qapi_free_intList(list);
}

static void test_int_list_accepts_exactly_the_bound(void)
{
    g_autoptr(Visitor) v = string_input_visitor_new("0-65535");
    g_autoptr(intList) list = NULL;

    g_assert_true(visit_type_intList(v, "cpus", &list, &error_abort));
    g_autoptr(GArray) got = int_list(list);
    g_assert_cmpuint(got->len, ==, STRING_INPUT_LIST_MAX);
    g_assert_cmpint(g_array_index(got, int64_t, 65535), ==, 65535);
}

/* The bound counts the whole list, so repeating ranges cannot evade it. */
static void test_int_list_bound_counts_every_range(void)
{
    g_autoptr(Visitor) v = string_input_visitor_new("0-32767,0-32767,7");
    Error *err = NULL;
    intList *list = NULL;

    g_assert_false(visit_type_intList(v, "cpus", &list, &err));
    assert_error(&err, "parameter 'cpus' expects a list of at most 65536 "
                       "integers, not '7'");
    qapi_free_intList(list);
}

/* The whole int64 span: its size does not fit in 64 bits. */
static void test_int_list_rejects_the_full_span(void)
{
    g_autoptr(Visitor) v = string_input_visitor_new(
        "-9223372036854775808-9223372036854775807");
    Error *err = NULL;
    intList *list = NULL;

    g_assert_false(visit_type_intList(v, "cpus", &list, &err));
    error_free_or_abort(&err);
    qapi_free_intList(list);
}

static void test_int_list_names_the_bad_element(void)
{
    g_autoptr(Visitor) v = string_input_visitor_new("1,2,x");
    Error *err = NULL;
    intList *list = NULL;

    g_assert_false(visit_type_intList(v, "cpus", &list, &err));
    assert_error(&err, "parameter 'cpus[2]' expects an integer, not 'x'");
    qapi_free_intList(list);
}

static void test_int_list_rejects_an_empty_element(void)
{
    g_autoptr(Visitor) v = string_input_visitor_new("1,");
    Error *err = NULL;
    intList *list = NULL;

    g_assert_false(visit_type_intList(v, "cpus", &list, &err));
    assert_error(&err, "parameter 'cpus[1]' expects an integer, not ''");
    qapi_free_intList(list);
}

/* A uint8 list gets visitor.c's range check per element. */
static void test_uint8_list_checks_each_element(void)
{
    g_autoptr(Visitor) v = string_input_visitor_new("254-256");
    Error *err = NULL;
    uint8_t a = 0, b = 0, c = 0;

    g_assert_true(visit_start_list(v, "ports", NULL, 0, &error_abort));
    g_assert_true(visit_type_uint8(v, NULL, &a, &error_abort));
    g_assert_true(visit_type_uint8(v, NULL, &b, &error_abort));
    g_assert_false(visit_type_uint8(v, NULL, &c, &err));
    visit_end_list(v, NULL);
    g_assert_cmpuint(a, ==, 254);
    g_assert_cmpuint(b, ==, 255);
    assert_error(&err, "parameter 'ports[2]' expects a value between 0 "
                       "and 255");
}

static void test_struct_cannot_be_parsed_from_a_string(void)
{
    g_autoptr(Visitor) v = string_input_visitor_new("anything");
    Error *err = NULL;
    Cpu *cpu = NULL;

    g_assert_false(visit_type_Cpu(v, "boot", &cpu, &err));
    g_assert_null(cpu);
    assert_error(&err, "parameter 'boot' cannot be parsed from a string");
}

static void test_alternate_cannot_be_parsed_from_a_string(void)
{
    g_autoptr(Visitor) v = string_input_visitor_new("5");
    Error *err = NULL;
    Limit *limit = NULL;

    g_assert_false(visit_type_Limit(v, "limit", &limit, &err));
    g_assert_null(limit);
    assert_error(&err, "parameter 'limit' cannot be parsed from a string");
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);

    g_test_add_func("/string-input-visitor/int/reads-decimal-and-hex",
                    test_int_reads_decimal_and_hex);
    g_test_add_func("/string-input-visitor/int/rejects-junk-naming-the-text",
                    test_int_rejects_junk_naming_the_text);
    g_test_add_func("/string-input-visitor/uint64/reads-the-maximum",
                    test_uint64_reads_the_maximum);
    g_test_add_func("/string-input-visitor/int8/rejects-overflow-naming-the-range",
                    test_int8_rejects_overflow_naming_the_range);
    g_test_add_func("/string-input-visitor/size/reads-every-suffix",
                    test_size_reads_every_suffix);
    g_test_add_func("/string-input-visitor/size/rejects-overflow",
                    test_size_rejects_overflow);
    g_test_add_func("/string-input-visitor/size/rejects-junk-naming-the-form",
                    test_size_rejects_junk_naming_the_form);
    g_test_add_func("/string-input-visitor/bool/reads-every-spelling",
                    test_bool_reads_every_spelling);
    g_test_add_func("/string-input-visitor/bool/rejects-another-word",
                    test_bool_rejects_another_word);
    g_test_add_func("/string-input-visitor/number/reads-a-decimal",
                    test_number_reads_a_decimal);
    g_test_add_func("/string-input-visitor/str/takes-the-text-as-is",
                    test_str_takes_the_text_as_is);
    g_test_add_func("/string-input-visitor/enum/reads-a-name",
                    test_enum_reads_a_name);
    g_test_add_func("/string-input-visitor/enum/rejects-an-unknown-name",
                    test_enum_rejects_an_unknown_name);
    g_test_add_func("/string-input-visitor/null/is-the-empty-string",
                    test_null_is_the_empty_string);
    g_test_add_func("/string-input-visitor/int-list/expands-ranges",
                    test_int_list_expands_ranges);
    g_test_add_func("/string-input-visitor/int-list/reads-empty-text-as-empty-list",
                    test_int_list_reads_empty_text_as_empty_list);
    g_test_add_func("/string-input-visitor/int-list/rejects-a-reversed-range",
                    test_int_list_rejects_a_reversed_range);
    g_test_add_func("/string-input-visitor/int-list/rejects-a-range-past-the-bound",
                    test_int_list_rejects_a_range_past_the_bound);
    g_test_add_func("/string-input-visitor/int-list/accepts-exactly-the-bound",
                    test_int_list_accepts_exactly_the_bound);
    g_test_add_func("/string-input-visitor/int-list/bound-counts-every-range",
                    test_int_list_bound_counts_every_range);
    g_test_add_func("/string-input-visitor/int-list/rejects-the-full-span",
                    test_int_list_rejects_the_full_span);
    g_test_add_func("/string-input-visitor/int-list/names-the-bad-element",
                    test_int_list_names_the_bad_element);
    g_test_add_func("/string-input-visitor/int-list/rejects-an-empty-element",
                    test_int_list_rejects_an_empty_element);
    g_test_add_func("/string-input-visitor/uint8-list/checks-each-element",
                    test_uint8_list_checks_each_element);
    g_test_add_func("/string-input-visitor/struct/cannot-be-parsed-from-a-string",
                    test_struct_cannot_be_parsed_from_a_string);
    g_test_add_func("/string-input-visitor/alternate/cannot-be-parsed-from-a-string",
                    test_alternate_cannot_be_parsed_from_a_string);

    return g_test_run();
}

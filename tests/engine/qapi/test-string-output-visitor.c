/* String output visitor: the plain form a user would type back, and the
 * human form `info qtree` shows. */
#include "string-output-visitor.h"
#include "string-input-visitor.h"
#include "qapi-example.h"

/* Each helper visits one value and returns the text. */
#define PRINT_FN(suffix, ctype, visit)                                       \
    static char *print_##suffix(bool human, ctype value)                     \
    {                                                                        \
        char *out = NULL;                                                    \
        g_autoptr(Visitor) v = string_output_visitor_new(human, &out);       \
                                                                             \
        g_assert_true(visit(v, "x", &value, &error_abort));                  \
        visit_complete(v, &out);                                             \
        return out;                                                          \
    }

PRINT_FN(int, int64_t, visit_type_int)
PRINT_FN(uint64, uint64_t, visit_type_uint64)
PRINT_FN(size, uint64_t, visit_type_size)
PRINT_FN(bool, bool, visit_type_bool)
PRINT_FN(str, char *, visit_type_str)
PRINT_FN(number, double, visit_type_number)
PRINT_FN(color, Color, visit_type_Color)

static char *print_list(bool human, const int64_t *values, size_t n)
{
    char *out = NULL;
    g_autoptr(Visitor) v = string_output_visitor_new(human, &out);
    g_autoptr(intList) list = NULL;
    intList **tail = &list;

    for (size_t i = 0; i < n; i++) {
        *tail = g_new0(intList, 1);
        (*tail)->value = values[i];
        tail = &(*tail)->next;
    }
    g_assert_true(visit_type_intList(v, "x", &list, &error_abort));
    visit_complete(v, &out);
    return out;
}

static void assert_text(char *got, const char *want)
{
    g_assert_cmpstr(got, ==, want);
    g_free(got);
}

static void test_plain_prints_integers_in_decimal(void)
{
    assert_text(print_int(false, -42), "-42");
    assert_text(print_int(false, INT64_MIN), "-9223372036854775808");
    assert_text(print_uint64(false, UINT64_MAX), "18446744073709551615");
}

static void test_plain_prints_sizes_as_bytes(void)
{
    assert_text(print_size(false, 4096), "4096");
}

static void test_plain_prints_bools_as_true_false(void)
{
    assert_text(print_bool(false, true), "true");
    assert_text(print_bool(false, false), "false");
}

static void test_plain_prints_strings_and_enums_as_they_are(void)
{
    assert_text(print_str(false, (char *)"a b"), "a b");
    assert_text(print_str(false, NULL), "");
    assert_text(print_color(false, COLOR_BLUE), "blue");
}

static void test_plain_prints_numbers_in_shortest_form(void)
{
    assert_text(print_number(false, 0.1), "0.1");
    assert_text(print_number(false, -2.5), "-2.5");
}

static void test_plain_merges_integer_runs_into_ranges(void)
{
    static const int64_t v[] = { 1, 2, 3, 5, 7, 8, -2, -1, 0 };

    assert_text(print_list(false, v, G_N_ELEMENTS(v)), "1-3,5,7-8,-2-0");
}

static void test_plain_prints_an_empty_list_as_nothing(void)
{
    assert_text(print_list(false, NULL, 0), "");
}

/* What plain output prints, string input reads back to the same list. */
static void test_plain_list_round_trips_through_string_input(void)
{
    static const int64_t v[] = { -5, -4, 0, 9, 10, 11, 100 };
    g_autofree char *text = print_list(false, v, G_N_ELEMENTS(v));
    g_autoptr(Visitor) in = string_input_visitor_new(text);
    g_autoptr(intList) list = NULL;
    size_t i = 0;

    g_assert_true(visit_type_intList(in, "x", &list, &error_abort));
    for (intList *l = list; l; l = l->next, i++) {
        g_assert_cmpuint(i, <, G_N_ELEMENTS(v));
        g_assert_cmpint(l->value, ==, v[i]);
    }
    g_assert_cmpuint(i, ==, G_N_ELEMENTS(v));
}

static void test_human_prints_integers_with_hex(void)
{
    assert_text(print_int(true, 10), "10 (0xa)");
    assert_text(print_int(true, -1), "-1 (-0x1)");
    assert_text(print_int(true, INT64_MIN),
                "-9223372036854775808 (-0x8000000000000000)");
    assert_text(print_uint64(true, UINT64_MAX),
                "18446744073709551615 (0xffffffffffffffff)");
}

static void test_human_prints_sizes_with_units(void)
{
    assert_text(print_size(true, 4096), "4096 (4 KiB)");
    assert_text(print_size(true, 512), "512 (512 B)");
    assert_text(print_size(true, 3ULL << 29), "1610612736 (1.5 GiB)");
}

static void test_human_quotes_strings(void)
{
    assert_text(print_str(true, (char *)"abc"), "\"abc\"");
    assert_text(print_str(true, NULL), "\"\"");
}

static void test_human_prints_bools_and_enums_bare(void)
{
    assert_text(print_bool(true, true), "true");
    assert_text(print_color(true, COLOR_GREEN), "green");
}

static void test_human_prints_integer_lists_twice(void)
{
    static const int64_t v[] = { 1, 2, 3, 16 };

    assert_text(print_list(true, v, G_N_ELEMENTS(v)), "1-3,16 (0x1-0x3,0x10)");
}

static void test_struct_has_no_string_form(void)
{
    char *out = NULL;
    g_autoptr(Visitor) v = string_output_visitor_new(false, &out);
    g_autoptr(Cpu) cpu = g_new0(Cpu, 1);
    Error *err = NULL;

    g_assert_false(visit_type_Cpu(v, "boot", &cpu, &err));
    g_assert_cmpstr(error_get_pretty(err), ==,
                    "parameter 'boot' cannot be printed as a string");
    error_free(err);
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);

    g_test_add_func("/string-output-visitor/plain/prints-integers-in-decimal",
                    test_plain_prints_integers_in_decimal);
    g_test_add_func("/string-output-visitor/plain/prints-sizes-as-bytes",
                    test_plain_prints_sizes_as_bytes);
    g_test_add_func("/string-output-visitor/plain/prints-bools-as-true-false",
                    test_plain_prints_bools_as_true_false);
    g_test_add_func("/string-output-visitor/plain/prints-strings-and-enums-as-they-are",
                    test_plain_prints_strings_and_enums_as_they_are);
    g_test_add_func("/string-output-visitor/plain/prints-numbers-in-shortest-form",
                    test_plain_prints_numbers_in_shortest_form);
    g_test_add_func("/string-output-visitor/plain/merges-integer-runs-into-ranges",
                    test_plain_merges_integer_runs_into_ranges);
    g_test_add_func("/string-output-visitor/plain/prints-an-empty-list-as-nothing",
                    test_plain_prints_an_empty_list_as_nothing);
    g_test_add_func("/string-output-visitor/plain/list-round-trips-through-string-input",
                    test_plain_list_round_trips_through_string_input);
    g_test_add_func("/string-output-visitor/human/prints-integers-with-hex",
                    test_human_prints_integers_with_hex);
    g_test_add_func("/string-output-visitor/human/prints-sizes-with-units",
                    test_human_prints_sizes_with_units);
    g_test_add_func("/string-output-visitor/human/quotes-strings",
                    test_human_quotes_strings);
    g_test_add_func("/string-output-visitor/human/prints-bools-and-enums-bare",
                    test_human_prints_bools_and_enums_bare);
    g_test_add_func("/string-output-visitor/human/prints-integer-lists-twice",
                    test_human_prints_integer_lists_twice);
    g_test_add_func("/string-output-visitor/struct/has-no-string-form",
                    test_struct_has_no_string_form);

    return g_test_run();
}

/* QObject: the scalars, references, kinds, equality and deep copies. Lost or
 * doubled references show up as leaks or use-after-free in the sanitizer
 * build, so several tests here "only" drop what they hold. */
#include "qdict.h"
#include "qlist.h"
#include "qobject.h"

#include <math.h>

/* The edge: a value put in two dicts must outlive the first dict. */
static void test_ref_shared_value_outlives_one_container(void)
{
    g_autoptr(QDict) a = qdict_new();
    g_autoptr(QDict) b = qdict_new();
    QString *shared = qstring_from_str("shared");

    qdict_put(a, "k", qobject_ref(shared));
    qdict_put(b, "k", shared);   /* b takes our reference */
    g_clear_pointer(&a, qobject_unref_any);
    g_assert_cmpstr(qdict_get_try_str(b, "k"), ==, "shared");
}

static void test_ref_unref_of_null_pointer_is_harmless(void)
{
    QObject *nothing = NULL;

    qobject_unref(nothing);
}

static void test_null_is_one_shared_instance(void)
{
    g_autoptr(QNull) a = qnull();
    g_autoptr(QNull) b = qnull();

    g_assert_true(a == b);
    g_assert_cmpint(qobject_type(QOBJECT(a)), ==, QTYPE_QNULL);
}

static void test_to_gives_the_value_for_its_kind(void)
{
    g_autoptr(QObject) obj = QOBJECT(qstring_from_str("x"));

    g_assert_true((void *)qobject_to(QString, obj) == (void *)obj);
}

static void test_to_gives_null_for_another_kind(void)
{
    g_autoptr(QObject) obj = QOBJECT(qstring_from_str("x"));
    QObject *nothing = NULL;

    g_assert_null(qobject_to(QDict, obj));
    g_assert_null(qobject_to(QNum, obj));
    g_assert_null(qobject_to(QNull, obj));
    g_assert_null(qobject_to(QString, nothing));
}

static void test_type_names_and_descriptions(void)
{
    g_assert_cmpstr(qtype_name(QTYPE_QDICT), ==, "qdict");
    g_assert_cmpstr(qtype_name(QTYPE_QNUM), ==, "qnum");
    g_assert_cmpstr(qtype_describe(QTYPE_QDICT), ==, "an object");
    g_assert_cmpstr(qtype_describe(QTYPE_QLIST), ==, "an array");
    g_assert_cmpstr(qtype_describe(QTYPE_QNULL), ==, "null");
    g_assert_cmpstr(qtype_describe(QTYPE_QBOOL), ==, "a boolean");
}

static void test_bool_keeps_its_value(void)
{
    g_autoptr(QBool) t = qbool_from_bool(true);
    g_autoptr(QBool) f = qbool_from_bool(false);

    g_assert_true(qbool_get_bool(t));
    g_assert_false(qbool_get_bool(f));
}

static void test_num_keeps_int64_extremes(void)
{
    g_autoptr(QNum) min = qnum_from_int(INT64_MIN);
    g_autoptr(QNum) max = qnum_from_int(INT64_MAX);
    int64_t i;

    g_assert_cmpint(qnum_kind(min), ==, QNUM_I64);
    g_assert_true(qnum_get_try_int(min, &i));
    g_assert_cmpint(i, ==, INT64_MIN);
    g_assert_true(qnum_get_try_int(max, &i));
    g_assert_cmpint(i, ==, INT64_MAX);
}

static void test_num_keeps_uint64_max(void)
{
    g_autoptr(QNum) max = qnum_from_uint(UINT64_MAX);
    uint64_t u;
    int64_t i = 42;

    g_assert_cmpint(qnum_kind(max), ==, QNUM_U64);
    g_assert_true(qnum_get_try_uint(max, &u));
    g_assert_cmpuint(u, ==, UINT64_MAX);
    /* It does not fit an int64: refused, and the output left alone. */
    g_assert_false(qnum_get_try_int(max, &i));
    g_assert_cmpint(i, ==, 42);
}

static void test_num_negative_is_not_a_uint(void)
{
    g_autoptr(QNum) n = qnum_from_int(-1);
    uint64_t u = 7;

    g_assert_false(qnum_get_try_uint(n, &u));
    g_assert_cmpuint(u, ==, 7);
}

static void test_num_small_uint_is_an_int(void)
{
    g_autoptr(QNum) n = qnum_from_uint(5);
    int64_t i;

    g_assert_true(qnum_get_try_int(n, &i));
    g_assert_cmpint(i, ==, 5);
}

/* A double is never an integer, even a whole one. */
static void test_num_double_is_not_an_integer(void)
{
    g_autoptr(QNum) n = qnum_from_double(2.0);
    int64_t i;
    uint64_t u;

    g_assert_false(qnum_get_try_int(n, &i));
    g_assert_false(qnum_get_try_uint(n, &u));
    g_assert_cmpfloat(qnum_get_double(n), ==, 2.0);
}

static void test_num_every_number_has_a_double_value(void)
{
    g_autoptr(QNum) i = qnum_from_int(-3);
    g_autoptr(QNum) u = qnum_from_uint(UINT64_MAX);

    g_assert_cmpfloat(qnum_get_double(i), ==, -3.0);
    g_assert_cmpfloat(qnum_get_double(u), ==, 18446744073709551616.0);
}

static void assert_num_text(QNum *qn, const char *expected)
{
    g_autofree char *text = qnum_to_string(qn);

    g_assert_cmpstr(text, ==, expected);
    qobject_unref(qn);
}

static void test_num_to_string_is_exact_for_integers(void)
{
    assert_num_text(qnum_from_int(INT64_MIN), "-9223372036854775808");
    assert_num_text(qnum_from_int(INT64_MAX), "9223372036854775807");
    assert_num_text(qnum_from_uint(UINT64_MAX), "18446744073709551615");
    assert_num_text(qnum_from_int(0), "0");
}

/* The edge: 1.0 must not print as "1", or it reads back as an integer. */
static void test_num_to_string_marks_whole_doubles(void)
{
    assert_num_text(qnum_from_double(1.0), "1.0");
    assert_num_text(qnum_from_double(-0.0), "-0.0");
    assert_num_text(qnum_from_double(100.0), "100.0");
}

static void test_num_to_string_reads_back_the_same_double(void)
{
    assert_num_text(qnum_from_double(0.1), "0.1");
    assert_num_text(qnum_from_double(1e300), "1e+300");
    assert_num_text(qnum_from_double(0.1 + 0.2), "0.30000000000000004");
    assert_num_text(qnum_from_double(5e-324), "4.94065645841247e-324");
}

static void test_num_to_string_of_non_finite(void)
{
    assert_num_text(qnum_from_double(INFINITY), "inf");
    assert_num_text(qnum_from_double(-INFINITY), "-inf");
    assert_num_text(qnum_from_double(NAN), "nan");
}

static void test_string_keeps_text_and_length(void)
{
    g_autoptr(QString) s = qstring_from_str("h\xc3\xa9llo");
    g_autoptr(QString) sub = qstring_from_substr("abcdef", 1, 4);

    g_assert_cmpstr(qstring_get_str(s), ==, "h\xc3\xa9llo");
    g_assert_cmpuint(qstring_get_length(s), ==, 6);   /* bytes, not characters */
    g_assert_cmpstr(qstring_get_str(sub), ==, "bcd");
}

static void test_string_take_adopts_the_buffer(void)
{
    char *buf = g_strdup("mine");
    g_autoptr(QString) s = qstring_take_str(buf);

    g_assert_true(qstring_get_str(s) == buf);
}

static bool equal_and_free(QObject *a, QObject *b)
{
    bool equal = qobject_is_equal(a, b);

    /* Equality is symmetric. */
    g_assert_cmpint(equal, ==, qobject_is_equal(b, a));
    qobject_unref(a);
    qobject_unref(b);
    return equal;
}

static void test_is_equal_int64_and_uint64_of_same_value(void)
{
    g_assert_true(equal_and_free(QOBJECT(qnum_from_int(5)),
                                 QOBJECT(qnum_from_uint(5))));
    g_assert_false(equal_and_free(QOBJECT(qnum_from_int(-1)),
                                  QOBJECT(qnum_from_uint(UINT64_MAX))));
    g_assert_false(equal_and_free(QOBJECT(qnum_from_int(INT64_MIN)),
                                  QOBJECT(qnum_from_uint((uint64_t)INT64_MAX + 1))));
}

static void test_is_equal_double_never_equals_an_integer(void)
{
    g_assert_false(equal_and_free(QOBJECT(qnum_from_double(1.0)),
                                  QOBJECT(qnum_from_int(1))));
    g_assert_false(equal_and_free(QOBJECT(qnum_from_double(1.0)),
                                  QOBJECT(qnum_from_uint(1))));
    g_assert_true(equal_and_free(QOBJECT(qnum_from_double(1.5)),
                                 QOBJECT(qnum_from_double(1.5))));
}

/* The edge: NaN is not equal to itself, and neither is a container
 * holding it, even when both sides are the very same object. */
static void test_is_equal_nan_equals_nothing(void)
{
    g_autoptr(QNum) nan = qnum_from_double(NAN);
    g_autoptr(QList) list = qlist_new();

    g_assert_false(qobject_is_equal(QOBJECT(nan), QOBJECT(nan)));
    qlist_append(list, qobject_ref(nan));
    g_assert_false(qobject_is_equal(QOBJECT(list), QOBJECT(list)));
}

static void test_is_equal_same_object(void)
{
    g_autoptr(QDict) d = qdict_new();

    qdict_put_int(d, "a", 1);
    g_assert_true(qobject_is_equal(QOBJECT(d), QOBJECT(d)));
}

static void test_is_equal_different_kinds(void)
{
    g_assert_false(equal_and_free(QOBJECT(qstring_from_str("1")),
                                  QOBJECT(qnum_from_int(1))));
    g_assert_false(equal_and_free(QOBJECT(qnull()),
                                  QOBJECT(qbool_from_bool(false))));
    g_assert_true(equal_and_free(QOBJECT(qnull()), QOBJECT(qnull())));
}

static void test_is_equal_strings_by_content(void)
{
    g_assert_true(equal_and_free(QOBJECT(qstring_from_str("ab")),
                                 QOBJECT(qstring_from_substr("xab", 1, 3))));
    g_assert_false(equal_and_free(QOBJECT(qstring_from_str("ab")),
                                  QOBJECT(qstring_from_str("abc"))));
}

static void test_is_equal_null_pointers(void)
{
    g_autoptr(QNull) null = qnull();

    g_assert_true(qobject_is_equal(NULL, NULL));
    g_assert_false(qobject_is_equal(QOBJECT(null), NULL));
    g_assert_false(qobject_is_equal(NULL, QOBJECT(null)));
}

static void test_is_equal_dicts_ignore_order(void)
{
    QDict *a = qdict_new(), *b = qdict_new();

    qdict_put_int(a, "x", 1);
    qdict_put_str(a, "y", "two");
    qdict_put_str(b, "y", "two");
    qdict_put_uint(b, "x", 1);
    g_assert_true(equal_and_free(QOBJECT(a), QOBJECT(b)));
}

static void test_is_equal_dicts_differ_in_one_value(void)
{
    QDict *a = qdict_new(), *b = qdict_new();

    qdict_put_int(a, "x", 1);
    qdict_put_int(b, "x", 2);
    g_assert_false(equal_and_free(QOBJECT(a), QOBJECT(b)));
}

/* The edge: same size, but a key of one is missing from the other. */
static void test_is_equal_dicts_differ_in_keys(void)
{
    QDict *a = qdict_new(), *b = qdict_new();

    qdict_put_null(a, "x");
    qdict_put_null(b, "y");
    g_assert_false(equal_and_free(QOBJECT(a), QOBJECT(b)));
}

static void test_is_equal_lists_keep_order(void)
{
    QList *a = qlist_new(), *b = qlist_new();

    qlist_append_int(a, 1);
    qlist_append_int(a, 2);
    qlist_append_int(b, 2);
    qlist_append_int(b, 1);
    g_assert_false(equal_and_free(QOBJECT(a), QOBJECT(b)));
}

static void test_deep_copy_is_equal(void)
{
    g_autoptr(QDict) d = qdict_new();
    QList *l = qlist_new();

    qlist_append_str(l, "x");
    qdict_put(d, "list", l);
    qdict_put_uint(d, "big", UINT64_MAX);
    g_autoptr(QObject) copy = qobject_deep_copy(QOBJECT(d));
    g_assert_true(qobject_is_equal(copy, QOBJECT(d)));
    g_assert_true((void *)copy != (void *)d);
}

/* The edge: changing the copy's nested list leaves the original alone. */
static void test_deep_copy_is_independent(void)
{
    g_autoptr(QDict) d = qdict_new();
    QList *l = qlist_new();

    qlist_append_int(l, 1);
    qdict_put(d, "list", l);
    g_autoptr(QObject) copy = qobject_deep_copy(QOBJECT(d));
    QDict *cd = qobject_to(QDict, copy);
    qlist_append_int(qdict_get_qlist(cd, "list"), 2);
    qdict_put_bool(cd, "extra", true);

    g_assert_cmpuint(qlist_size(qdict_get_qlist(d, "list")), ==, 1);
    g_assert_false(qdict_haskey(d, "extra"));
    g_assert_true(qdict_get_qlist(d, "list") != qdict_get_qlist(cd, "list"));
}

/* Scalars are immutable, so a copy shares them. */
static void test_deep_copy_of_scalar_shares_it(void)
{
    g_autoptr(QString) s = qstring_from_str("x");
    g_autoptr(QObject) copy = qobject_deep_copy(QOBJECT(s));

    g_assert_true((void *)copy == (void *)s);
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);

    g_test_add_func("/qobject/ref/shared-value-outlives-one-container",
                    test_ref_shared_value_outlives_one_container);
    g_test_add_func("/qobject/ref/unref-of-null-pointer-is-harmless",
                    test_ref_unref_of_null_pointer_is_harmless);
    g_test_add_func("/qobject/null/is-one-shared-instance",
                    test_null_is_one_shared_instance);
    g_test_add_func("/qobject/to/gives-the-value-for-its-kind",
                    test_to_gives_the_value_for_its_kind);
    g_test_add_func("/qobject/to/gives-null-for-another-kind",
                    test_to_gives_null_for_another_kind);
    g_test_add_func("/qobject/type/has-names-and-descriptions",
                    test_type_names_and_descriptions);
    g_test_add_func("/qobject/bool/keeps-its-value", test_bool_keeps_its_value);
    g_test_add_func("/qobject/num/keeps-int64-extremes",
                    test_num_keeps_int64_extremes);
    g_test_add_func("/qobject/num/keeps-uint64-max", test_num_keeps_uint64_max);
    g_test_add_func("/qobject/num/negative-is-not-a-uint",
                    test_num_negative_is_not_a_uint);
    g_test_add_func("/qobject/num/small-uint-is-an-int",
                    test_num_small_uint_is_an_int);
    g_test_add_func("/qobject/num/double-is-not-an-integer",
                    test_num_double_is_not_an_integer);
    g_test_add_func("/qobject/num/every-number-has-a-double-value",
                    test_num_every_number_has_a_double_value);
    g_test_add_func("/qobject/num/to-string-is-exact-for-integers",
                    test_num_to_string_is_exact_for_integers);
    g_test_add_func("/qobject/num/to-string-marks-whole-doubles",
                    test_num_to_string_marks_whole_doubles);
    g_test_add_func("/qobject/num/to-string-reads-back-the-same-double",
                    test_num_to_string_reads_back_the_same_double);
    g_test_add_func("/qobject/num/to-string-of-non-finite",
                    test_num_to_string_of_non_finite);
    g_test_add_func("/qobject/string/keeps-text-and-length",
                    test_string_keeps_text_and_length);
    g_test_add_func("/qobject/string/take-adopts-the-buffer",
                    test_string_take_adopts_the_buffer);
    g_test_add_func("/qobject/is-equal/int64-and-uint64-of-same-value",
                    test_is_equal_int64_and_uint64_of_same_value);
    g_test_add_func("/qobject/is-equal/double-never-equals-an-integer",
                    test_is_equal_double_never_equals_an_integer);
    g_test_add_func("/qobject/is-equal/nan-equals-nothing-not-even-itself",
                    test_is_equal_nan_equals_nothing);
    g_test_add_func("/qobject/is-equal/same-object", test_is_equal_same_object);
    g_test_add_func("/qobject/is-equal/different-kinds-differ",
                    test_is_equal_different_kinds);
    g_test_add_func("/qobject/is-equal/strings-by-content",
                    test_is_equal_strings_by_content);
    g_test_add_func("/qobject/is-equal/null-pointers",
                    test_is_equal_null_pointers);
    g_test_add_func("/qobject/is-equal/dicts-ignore-order",
                    test_is_equal_dicts_ignore_order);
    g_test_add_func("/qobject/is-equal/dicts-differ-in-one-value",
                    test_is_equal_dicts_differ_in_one_value);
    g_test_add_func("/qobject/is-equal/dicts-differ-in-keys",
                    test_is_equal_dicts_differ_in_keys);
    g_test_add_func("/qobject/is-equal/lists-keep-order",
                    test_is_equal_lists_keep_order);
    g_test_add_func("/qobject/deep-copy/is-equal", test_deep_copy_is_equal);
    g_test_add_func("/qobject/deep-copy/is-independent",
                    test_deep_copy_is_independent);
    g_test_add_func("/qobject/deep-copy/of-a-scalar-shares-it",
                    test_deep_copy_of_scalar_shares_it);
    return g_test_run();
}

/* QDict: insertion order, replacement, deletion, the hash index a bigger dict
 * grows, and the typed getters with their messages. */
#include "qdict.h"
#include "qlist.h"

/* The keys in iteration order, joined by spaces. */
static char *keys_of(const QDict *d)
{
    g_autoptr(GString) keys = g_string_new(NULL);

    QDICT_FOREACH(e, d) {
        g_string_append_printf(keys, "%s%s", keys->len ? " " : "",
                               qdict_entry_key(e));
    }
    return g_string_free(g_steal_pointer(&keys), FALSE);
}

static void assert_keys(const QDict *d, const char *expected)
{
    g_autofree char *keys = keys_of(d);

    g_assert_cmpstr(keys, ==, expected);
}

static void test_new_is_empty(void)
{
    g_autoptr(QDict) d = qdict_new();

    g_assert_cmpuint(qdict_size(d), ==, 0);
    g_assert_null(qdict_first(d));
    g_assert_null(qdict_get(d, "x"));
}

static void test_order_is_insertion_order(void)
{
    g_autoptr(QDict) d = qdict_new();

    qdict_put_int(d, "zebra", 1);
    qdict_put_int(d, "apple", 2);
    qdict_put_int(d, "mango", 3);
    assert_keys(d, "zebra apple mango");
}

/* The edge: a replaced key keeps its place, not the end. */
static void test_order_replacing_a_key_keeps_its_place(void)
{
    g_autoptr(QDict) d = qdict_new();

    qdict_put_int(d, "a", 1);
    qdict_put_int(d, "b", 2);
    qdict_put_int(d, "c", 3);
    qdict_put_str(d, "a", "replaced");
    assert_keys(d, "a b c");
    g_assert_cmpuint(qdict_size(d), ==, 3);
    g_assert_cmpstr(qdict_get_try_str(d, "a"), ==, "replaced");
}

static void test_order_deleting_keeps_the_rest_in_order(void)
{
    g_autoptr(QDict) d = qdict_new();

    qdict_put_int(d, "a", 1);
    qdict_put_int(d, "b", 2);
    qdict_put_int(d, "c", 3);
    qdict_put_int(d, "d", 4);
    g_assert_true(qdict_del(d, "b"));   /* middle */
    g_assert_true(qdict_del(d, "a"));   /* head */
    g_assert_true(qdict_del(d, "d"));   /* tail */
    assert_keys(d, "c");
    qdict_put_int(d, "e", 5);
    qdict_put_int(d, "a", 6);   /* a deleted key comes back at the end */
    assert_keys(d, "c e a");
}

/* The edge: past QDICT_INDEX_THRESHOLD (8) keys lookups go through a hash
 * index; order, replacement, deletion and lookups must not change. */
static void test_order_kept_across_the_switch_to_a_hash_index(void)
{
    g_autoptr(QDict) d = qdict_new();
    g_autoptr(GString) expected = g_string_new(NULL);

    for (int i = 0; i < 20; i++) {
        g_autofree char *key = g_strdup_printf("k%02d", 19 - i);
        qdict_put_int(d, key, i);
        g_string_append_printf(expected, "%s%s", i ? " " : "", key);
    }
    assert_keys(d, expected->str);
    g_assert_cmpuint(qdict_size(d), ==, 20);
    for (int i = 0; i < 20; i++) {
        g_autofree char *key = g_strdup_printf("k%02d", 19 - i);
        g_assert_cmpint(qdict_get_try_int(d, key, -1), ==, i);
    }

    qdict_put_str(d, "k10", "replaced");
    g_assert_true(qdict_del(d, "k19"));
    g_assert_true(qdict_del(d, "k05"));
    g_assert_false(qdict_del(d, "k05"));
    qdict_put_int(d, "new", 99);
    assert_keys(d, "k18 k17 k16 k15 k14 k13 k12 k11 k10 k09 k08 k07 k06 "
                   "k04 k03 k02 k01 k00 new");
    g_assert_cmpstr(qdict_get_try_str(d, "k10"), ==, "replaced");
    g_assert_null(qdict_get(d, "k19"));
    g_assert_cmpint(qdict_get_try_int(d, "new", -1), ==, 99);
    g_assert_cmpuint(qdict_size(d), ==, 19);
}

/* The edge: deleting below the threshold again keeps the index working. */
static void test_index_survives_shrinking_below_the_threshold(void)
{
    g_autoptr(QDict) d = qdict_new();

    for (int i = 0; i < 10; i++) {
        g_autofree char *key = g_strdup_printf("k%d", i);
        qdict_put_int(d, key, i);
    }
    for (int i = 0; i < 9; i++) {
        g_autofree char *key = g_strdup_printf("k%d", i);
        g_assert_true(qdict_del(d, key));
    }
    assert_keys(d, "k9");
    g_assert_cmpint(qdict_get_try_int(d, "k9", -1), ==, 9);
    g_assert_false(qdict_haskey(d, "k0"));
}

static void test_del_of_missing_key_is_false(void)
{
    g_autoptr(QDict) d = qdict_new();

    g_assert_false(qdict_del(d, "nope"));
}

static void test_take_hands_over_the_reference(void)
{
    g_autoptr(QDict) d = qdict_new();

    qdict_put_str(d, "s", "value");
    g_autoptr(QObject) taken = qdict_take(d, "s");
    g_assert_false(qdict_haskey(d, "s"));
    g_assert_cmpuint(qdict_size(d), ==, 0);
    g_clear_pointer(&d, qobject_unref_any);
    /* Still ours after the dict is gone. */
    g_assert_cmpstr(qstring_get_str(qobject_to(QString, taken)), ==, "value");
}

static void test_take_of_missing_key_is_null(void)
{
    g_autoptr(QDict) d = qdict_new();

    g_assert_null(qdict_take(d, "x"));
}

/* The sanitizer build catches a leak of the old value or a double free. */
static void test_put_releases_the_replaced_value(void)
{
    g_autoptr(QDict) d = qdict_new();
    QList *l = qlist_new();

    qlist_append_str(l, "old");
    qdict_put(d, "k", l);
    qdict_put_null(d, "k");
    g_assert_cmpint(qobject_type(qdict_get(d, "k")), ==, QTYPE_QNULL);
}

/* The edge: putting the value a key already holds (with a new reference). */
static void test_put_of_the_same_value_again(void)
{
    g_autoptr(QDict) d = qdict_new();
    QString *s = qstring_from_str("same");

    qdict_put(d, "k", s);
    qdict_put(d, "k", qobject_ref(s));
    g_assert_cmpstr(qdict_get_try_str(d, "k"), ==, "same");
}

static void test_typed_puts_and_gets(void)
{
    g_autoptr(QDict) d = qdict_new();

    qdict_put_int(d, "i", -5);
    qdict_put_uint(d, "u", UINT64_MAX);
    qdict_put_double(d, "f", 0.5);
    qdict_put_bool(d, "b", true);
    qdict_put_str(d, "s", "str");
    qdict_put_null(d, "n");
    qdict_put(d, "d", qdict_new());
    qdict_put(d, "l", qlist_new());

    g_assert_cmpint(qdict_get_try_int(d, "i", 0), ==, -5);
    g_assert_cmpuint(qdict_get_try_uint(d, "u", 0), ==, UINT64_MAX);
    g_assert_true(qdict_get_try_bool(d, "b", false));
    g_assert_cmpstr(qdict_get_try_str(d, "s"), ==, "str");
    g_assert_cmpint(qobject_type(qdict_get(d, "n")), ==, QTYPE_QNULL);
    g_assert_nonnull(qdict_get_qdict(d, "d"));
    g_assert_nonnull(qdict_get_qlist(d, "l"));
}

/* get_try_*: the default for a missing key, another type or a number that
 * does not fit. */
static void test_get_try_gives_the_default_when_it_cannot(void)
{
    g_autoptr(QDict) d = qdict_new();

    qdict_put_str(d, "s", "str");
    qdict_put_uint(d, "big", UINT64_MAX);
    qdict_put_int(d, "neg", -1);
    qdict_put_double(d, "f", 2.0);

    g_assert_cmpint(qdict_get_try_int(d, "missing", 7), ==, 7);
    g_assert_cmpint(qdict_get_try_int(d, "s", 7), ==, 7);
    g_assert_cmpint(qdict_get_try_int(d, "big", 7), ==, 7);
    g_assert_cmpint(qdict_get_try_int(d, "f", 7), ==, 7);
    g_assert_cmpuint(qdict_get_try_uint(d, "neg", 7), ==, 7);
    g_assert_true(qdict_get_try_bool(d, "s", true));
    g_assert_null(qdict_get_try_str(d, "big"));
    g_assert_null(qdict_get_qdict(d, "s"));
    g_assert_null(qdict_get_qlist(d, "missing"));
}

static void test_checked_gets_succeed_on_the_right_type(void)
{
    g_autoptr(QDict) d = qdict_new();
    int64_t i;
    uint64_t u;
    double f;
    bool b;

    qdict_put_int(d, "i", INT64_MIN);
    qdict_put_uint(d, "u", UINT64_MAX);
    qdict_put_int(d, "small", 3);
    qdict_put_bool(d, "b", true);
    qdict_put_str(d, "s", "str");

    g_assert_true(qdict_get_int_checked(d, "i", &i, &error_abort));
    g_assert_cmpint(i, ==, INT64_MIN);
    g_assert_true(qdict_get_uint_checked(d, "u", &u, &error_abort));
    g_assert_cmpuint(u, ==, UINT64_MAX);
    /* An integer is also a double. */
    g_assert_true(qdict_get_double_checked(d, "small", &f, &error_abort));
    g_assert_cmpfloat(f, ==, 3.0);
    g_assert_true(qdict_get_bool_checked(d, "b", &b, &error_abort));
    g_assert_true(b);
    g_assert_cmpstr(qdict_get_str_checked(d, "s", &error_abort), ==, "str");
}

/* Each failing checked getter: false (or NULL) and exactly this message. */
static void assert_checked_error(Error *err, const char *expected)
{
    g_assert_nonnull(err);
    g_assert_cmpstr(error_get_pretty(err), ==, expected);
    error_free(err);
}

static void test_checked_get_of_missing_key(void)
{
    g_autoptr(QDict) d = qdict_new();
    Error *err = NULL;
    int64_t i;

    g_assert_false(qdict_get_int_checked(d, "size", &i, &err));
    assert_checked_error(err, "parameter 'size' is missing");
}

static void test_checked_get_int_of_a_string(void)
{
    g_autoptr(QDict) d = qdict_new();
    Error *err = NULL;
    int64_t i;

    qdict_put_str(d, "size", "big");
    g_assert_false(qdict_get_int_checked(d, "size", &i, &err));
    assert_checked_error(err, "parameter 'size' expects an integer, got a string");
}

static void test_checked_get_int_of_a_uint_beyond_int64(void)
{
    g_autoptr(QDict) d = qdict_new();
    Error *err = NULL;
    int64_t i;

    qdict_put_uint(d, "n", UINT64_MAX);
    g_assert_false(qdict_get_int_checked(d, "n", &i, &err));
    assert_checked_error(err, "parameter 'n' expects an integer between "
                         "-9223372036854775808 and 9223372036854775807");
}

static void test_checked_get_int_of_a_double(void)
{
    g_autoptr(QDict) d = qdict_new();
    Error *err = NULL;
    int64_t i;

    qdict_put_double(d, "n", 1.5);
    g_assert_false(qdict_get_int_checked(d, "n", &i, &err));
    assert_checked_error(err, "parameter 'n' expects an integer, got a number "
                         "with a fraction or an exponent");
}

static void test_checked_get_uint_of_a_negative(void)
{
    g_autoptr(QDict) d = qdict_new();
    Error *err = NULL;
    uint64_t u;

    qdict_put_int(d, "n", -1);
    g_assert_false(qdict_get_uint_checked(d, "n", &u, &err));
    assert_checked_error(err, "parameter 'n' expects an integer between 0 and "
                         "18446744073709551615");
}

static void test_checked_get_uint_of_a_list(void)
{
    g_autoptr(QDict) d = qdict_new();
    Error *err = NULL;
    uint64_t u;

    qdict_put(d, "n", qlist_new());
    g_assert_false(qdict_get_uint_checked(d, "n", &u, &err));
    assert_checked_error(err, "parameter 'n' expects a non-negative integer, "
                         "got an array");
}

static void test_checked_get_uint_of_a_double(void)
{
    g_autoptr(QDict) d = qdict_new();
    Error *err = NULL;
    uint64_t u;

    qdict_put_double(d, "n", 2.0);
    g_assert_false(qdict_get_uint_checked(d, "n", &u, &err));
    assert_checked_error(err, "parameter 'n' expects a non-negative integer, "
                         "got a number with a fraction or an exponent");
}

static void test_checked_get_double_of_a_bool(void)
{
    g_autoptr(QDict) d = qdict_new();
    Error *err = NULL;
    double f;

    qdict_put_bool(d, "ratio", false);
    g_assert_false(qdict_get_double_checked(d, "ratio", &f, &err));
    assert_checked_error(err, "parameter 'ratio' expects a number, got a boolean");
}

static void test_checked_get_bool_of_null(void)
{
    g_autoptr(QDict) d = qdict_new();
    Error *err = NULL;
    bool b;

    qdict_put_null(d, "on");
    g_assert_false(qdict_get_bool_checked(d, "on", &b, &err));
    assert_checked_error(err, "parameter 'on' expects a boolean, got null");
}

static void test_checked_get_str_of_an_object(void)
{
    g_autoptr(QDict) d = qdict_new();
    Error *err = NULL;

    qdict_put(d, "name", qdict_new());
    g_assert_null(qdict_get_str_checked(d, "name", &err));
    assert_checked_error(err, "parameter 'name' expects a string, got an object");
}

/* Entries give each key and its value once, in order. */
static void test_foreach_visits_every_entry_once(void)
{
    g_autoptr(QDict) d = qdict_new();
    int64_t sum = 0;
    int count = 0;

    for (int i = 1; i <= 12; i++) {
        g_autofree char *key = g_strdup_printf("%d", i);
        qdict_put_int(d, key, i);
    }
    QDICT_FOREACH(e, d) {
        int64_t v = 0;
        g_assert_true(qnum_get_try_int(qobject_to(QNum, qdict_entry_value(e)), &v));
        g_assert_cmpint(v, ==, g_ascii_strtoll(qdict_entry_key(e), NULL, 10));
        sum += v;
        count++;
    }
    g_assert_cmpint(count, ==, 12);
    g_assert_cmpint(sum, ==, 78);
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);

    g_test_add_func("/qdict/new/is-empty", test_new_is_empty);
    g_test_add_func("/qdict/order/is-insertion-order", test_order_is_insertion_order);
    g_test_add_func("/qdict/order/replacing-a-key-keeps-its-place",
                    test_order_replacing_a_key_keeps_its_place);
    g_test_add_func("/qdict/order/deleting-keeps-the-rest-in-order",
                    test_order_deleting_keeps_the_rest_in_order);
    g_test_add_func("/qdict/order/kept-across-the-switch-to-a-hash-index",
                    test_order_kept_across_the_switch_to_a_hash_index);
    g_test_add_func("/qdict/index/survives-shrinking-below-the-threshold",
                    test_index_survives_shrinking_below_the_threshold);
    g_test_add_func("/qdict/del/of-a-missing-key-is-false",
                    test_del_of_missing_key_is_false);
    g_test_add_func("/qdict/take/hands-over-the-reference",
                    test_take_hands_over_the_reference);
    g_test_add_func("/qdict/take/of-a-missing-key-is-null",
                    test_take_of_missing_key_is_null);
    g_test_add_func("/qdict/put/releases-the-replaced-value",
                    test_put_releases_the_replaced_value);
    g_test_add_func("/qdict/put/of-the-same-value-again",
                    test_put_of_the_same_value_again);
    g_test_add_func("/qdict/put/typed-puts-and-gets", test_typed_puts_and_gets);
    g_test_add_func("/qdict/get-try/gives-the-default-when-it-cannot",
                    test_get_try_gives_the_default_when_it_cannot);
    g_test_add_func("/qdict/checked/succeeds-on-the-right-type",
                    test_checked_gets_succeed_on_the_right_type);
    g_test_add_func("/qdict/checked/missing-key", test_checked_get_of_missing_key);
    g_test_add_func("/qdict/checked/int-of-a-string",
                    test_checked_get_int_of_a_string);
    g_test_add_func("/qdict/checked/int-of-a-uint-beyond-int64",
                    test_checked_get_int_of_a_uint_beyond_int64);
    g_test_add_func("/qdict/checked/int-of-a-double",
                    test_checked_get_int_of_a_double);
    g_test_add_func("/qdict/checked/uint-of-a-negative",
                    test_checked_get_uint_of_a_negative);
    g_test_add_func("/qdict/checked/uint-of-a-list",
                    test_checked_get_uint_of_a_list);
    g_test_add_func("/qdict/checked/uint-of-a-double",
                    test_checked_get_uint_of_a_double);
    g_test_add_func("/qdict/checked/double-of-a-bool",
                    test_checked_get_double_of_a_bool);
    g_test_add_func("/qdict/checked/bool-of-null", test_checked_get_bool_of_null);
    g_test_add_func("/qdict/checked/str-of-an-object",
                    test_checked_get_str_of_an_object);
    g_test_add_func("/qdict/foreach/visits-every-entry-once",
                    test_foreach_visits_every_entry_once);
    return g_test_run();
}

/* QList: order, the typed appends, pop, iteration and deep copies. */
#include "qdict.h"
#include "qlist.h"

static void test_new_is_empty(void)
{
    g_autoptr(QList) l = qlist_new();

    g_assert_true(qlist_empty(l));
    g_assert_cmpuint(qlist_size(l), ==, 0);
    g_assert_null(qlist_pop(l));
}

static void test_append_keeps_order_and_types(void)
{
    g_autoptr(QList) l = qlist_new();
    int64_t i;
    uint64_t u;

    qlist_append_int(l, -1);
    qlist_append_uint(l, UINT64_MAX);
    qlist_append_double(l, 0.25);
    qlist_append_bool(l, false);
    qlist_append_str(l, "s");
    qlist_append_null(l);
    qlist_append(l, qdict_new());

    g_assert_cmpuint(qlist_size(l), ==, 7);
    g_assert_false(qlist_empty(l));
    g_assert_true(qnum_get_try_int(qobject_to(QNum, qlist_entry(l, 0)), &i));
    g_assert_cmpint(i, ==, -1);
    g_assert_true(qnum_get_try_uint(qobject_to(QNum, qlist_entry(l, 1)), &u));
    g_assert_cmpuint(u, ==, UINT64_MAX);
    g_assert_cmpfloat(qnum_get_double(qobject_to(QNum, qlist_entry(l, 2))), ==, 0.25);
    g_assert_false(qbool_get_bool(qobject_to(QBool, qlist_entry(l, 3))));
    g_assert_cmpstr(qstring_get_str(qobject_to(QString, qlist_entry(l, 4))), ==, "s");
    g_assert_cmpint(qobject_type(qlist_entry(l, 5)), ==, QTYPE_QNULL);
    g_assert_cmpint(qobject_type(qlist_entry(l, 6)), ==, QTYPE_QDICT);
}

/* Pop takes from the front and hands over the list's reference. */
static void test_pop_takes_the_first_element(void)
{
    g_autoptr(QList) l = qlist_new();

    qlist_append_str(l, "first");
    qlist_append_str(l, "second");
    g_autoptr(QObject) first = qlist_pop(l);
    g_clear_pointer(&l, qobject_unref_any);
    g_assert_cmpstr(qstring_get_str(qobject_to(QString, first)), ==, "first");
}

static void test_pop_until_empty(void)
{
    g_autoptr(QList) l = qlist_new();

    qlist_append_int(l, 1);
    qlist_append_int(l, 2);
    qobject_unref(qlist_pop(l));
    g_autoptr(QObject) second = qlist_pop(l);
    int64_t i;
    g_assert_true(qnum_get_try_int(qobject_to(QNum, second), &i));
    g_assert_cmpint(i, ==, 2);
    g_assert_true(qlist_empty(l));
    g_assert_null(qlist_pop(l));
}

static void test_foreach_visits_in_order(void)
{
    g_autoptr(QList) l = qlist_new();
    g_autoptr(GString) seen = g_string_new(NULL);

    qlist_append_str(l, "a");
    qlist_append_str(l, "b");
    qlist_append_str(l, "c");
    QLIST_FOREACH_ENTRY(v, l) {
        g_string_append(seen, qstring_get_str(qobject_to(QString, v)));
    }
    g_assert_cmpstr(seen->str, ==, "abc");
}

static void test_foreach_of_empty_list_runs_no_body(void)
{
    g_autoptr(QList) l = qlist_new();

    QLIST_FOREACH_ENTRY(v, l) {
        g_assert_not_reached();
    }
}

/* A value in two lists outlives the first list. */
static void test_shared_element_outlives_one_list(void)
{
    g_autoptr(QList) a = qlist_new();
    g_autoptr(QList) b = qlist_new();
    QDict *d = qdict_new();

    qdict_put_int(d, "x", 1);
    qlist_append(a, qobject_ref(d));
    qlist_append(b, d);
    g_clear_pointer(&a, qobject_unref_any);
    g_assert_cmpint(qdict_get_try_int(qobject_to(QDict, qlist_entry(b, 0)), "x", 0),
                    ==, 1);
}

static void test_is_equal_element_by_element(void)
{
    g_autoptr(QList) a = qlist_new();
    g_autoptr(QList) b = qlist_new();

    qlist_append_int(a, 1);
    qlist_append_str(a, "x");
    qlist_append_uint(b, 1);
    qlist_append_str(b, "x");
    g_assert_true(qobject_is_equal(QOBJECT(a), QOBJECT(b)));
    qlist_append_null(b);
    g_assert_false(qobject_is_equal(QOBJECT(a), QOBJECT(b)));
}

/* The edge: a nested dict in the copy is a new dict. */
static void test_deep_copy_is_independent(void)
{
    g_autoptr(QList) l = qlist_new();

    qlist_append(l, qdict_new());
    qlist_append_int(l, 5);
    g_autoptr(QObject) copy = qobject_deep_copy(QOBJECT(l));
    QList *cl = qobject_to(QList, copy);
    g_assert_true(qobject_is_equal(copy, QOBJECT(l)));

    qdict_put_int(qobject_to(QDict, qlist_entry(cl, 0)), "added", 1);
    qlist_append_null(cl);
    g_assert_cmpuint(qdict_size(qobject_to(QDict, qlist_entry(l, 0))), ==, 0);
    g_assert_cmpuint(qlist_size(l), ==, 2);
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);

    g_test_add_func("/qlist/new/is-empty", test_new_is_empty);
    g_test_add_func("/qlist/append/keeps-order-and-types",
                    test_append_keeps_order_and_types);
    g_test_add_func("/qlist/pop/takes-the-first-element",
                    test_pop_takes_the_first_element);
    g_test_add_func("/qlist/pop/until-empty", test_pop_until_empty);
    g_test_add_func("/qlist/foreach/visits-in-order", test_foreach_visits_in_order);
    g_test_add_func("/qlist/foreach/of-an-empty-list-runs-no-body",
                    test_foreach_of_empty_list_runs_no_body);
    g_test_add_func("/qlist/ref/shared-element-outlives-one-list",
                    test_shared_element_outlives_one_list);
    g_test_add_func("/qlist/is-equal/element-by-element",
                    test_is_equal_element_by_element);
    g_test_add_func("/qlist/deep-copy/is-independent",
                    test_deep_copy_is_independent);
    return g_test_run();
}

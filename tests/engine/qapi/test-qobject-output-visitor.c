/* QObject output visitor: C values into exact QObjects. */
#include "qobject-output-visitor.h"
#include "qobject-input-visitor.h"
#include "qapi-example.h"
#include "qdict.h"
#include "qjson.h"

/* JSON with ' for " so the cases stay readable. */
static QObject *json(const char *text)
{
    g_autofree char *t = g_strdup(text);

    g_strdelimit(t, "'", '"');
    return qobject_from_json(t, &error_abort);
}

static QObject *machine_to_qobject(Machine *m)
{
    QObject *out = NULL;
    g_autoptr(Visitor) v = qobject_output_visitor_new(&out);

    g_assert_true(visit_type_Machine(v, NULL, &m, &error_abort));
    visit_complete(v, &out);
    return out;
}

static void test_struct_writes_every_member(void)
{
    g_autoptr(Machine) m = qapi_example_machine_new();
    g_autoptr(QObject) got = machine_to_qobject(m);
    g_autoptr(QObject) want = json(
        "{'name': 'vm0', 'label': 'build box', 'cores': 4, 'bias': -3,"
        " 'ram': 268435456, 'serial': 18446744073709551615,"
        " 'boot': {'id': 7, 'online': true},"
        " 'cpus': [{'id': 0, 'online': true}, {'id': 1, 'online': false},"
        "          {'id': 2, 'online': true}],"
        " 'color': 'green', 'limit': 'unlimited',"
        " 'extra': {'note': 'kept as JSON'}}");

    g_assert_true(qobject_is_equal(got, want));
}

/* QObject -> C -> QObject gives back an equal value, member order too. */
static void test_struct_round_trips_through_the_input_visitor(void)
{
    g_autoptr(QObject) in = json(
        "{'name': 'x', 'cores': 255, 'bias': -128, 'ram': 0,"
        " 'serial': 9223372036854775808, 'boot': {'id': 4294967295,"
        " 'online': false}, 'cpus': [{'id': 3, 'online': true}],"
        " 'color': 'blue', 'limit': -5, 'extra': [null, 1.5, 'a']}");
    g_autoptr(Visitor) v = qobject_input_visitor_new(in);
    g_autoptr(Machine) m = NULL;

    g_assert_true(visit_type_Machine(v, NULL, &m, &error_abort));
    g_autoptr(QObject) out = machine_to_qobject(m);
    g_assert_true(qobject_is_equal(in, out));
    g_autofree char *a = qobject_to_json(in);
    g_autofree char *b = qobject_to_json(out);
    g_assert_cmpstr(a, ==, b);
}

static void test_uint64_writes_the_maximum_exactly(void)
{
    QObject *out = NULL;
    g_autoptr(Visitor) v = qobject_output_visitor_new(&out);
    uint64_t u = UINT64_MAX;

    g_assert_true(visit_type_uint64(v, NULL, &u, &error_abort));
    visit_complete(v, &out);
    g_autoptr(QObject) got = out;
    QNum *qn = qobject_to(QNum, got);
    uint64_t back = 0;
    g_assert_cmpint(qnum_kind(qn), ==, QNUM_U64);
    g_assert_true(qnum_get_try_uint(qn, &back));
    g_assert_cmpuint(back, ==, UINT64_MAX);
}

/* Signed types give signed numbers, unsigned ones and sizes unsigned. */
static void test_integers_keep_their_signedness(void)
{
    QObject *out = NULL;
    g_autoptr(Visitor) v = qobject_output_visitor_new(&out);
    int64_t i = 5;
    int8_t i8 = -1;
    uint8_t u8 = 5;
    uint64_t size = 4096;

    g_assert_true(visit_start_struct(v, NULL, NULL, 0, &error_abort));
    g_assert_true(visit_type_int(v, "i", &i, &error_abort));
    g_assert_true(visit_type_int8(v, "i8", &i8, &error_abort));
    g_assert_true(visit_type_uint8(v, "u8", &u8, &error_abort));
    g_assert_true(visit_type_size(v, "size", &size, &error_abort));
    visit_end_struct(v, NULL);
    visit_complete(v, &out);

    g_autoptr(QDict) d = qobject_to(QDict, out);
    g_assert_cmpint(qnum_kind(qobject_to(QNum, qdict_get(d, "i"))), ==,
                    QNUM_I64);
    g_assert_cmpint(qnum_kind(qobject_to(QNum, qdict_get(d, "i8"))), ==,
                    QNUM_I64);
    g_assert_cmpint(qnum_kind(qobject_to(QNum, qdict_get(d, "u8"))), ==,
                    QNUM_U64);
    g_assert_cmpint(qnum_kind(qobject_to(QNum, qdict_get(d, "size"))), ==,
                    QNUM_U64);
    g_assert_cmpint(qdict_get_try_int(d, "i8", 0), ==, -1);
}

static void test_optional_absent_member_is_omitted(void)
{
    g_autoptr(Machine) m = qapi_example_machine_new();

    m->has_label = false;
    g_clear_pointer(&m->label, g_free);
    g_autoptr(QObject) got = machine_to_qobject(m);
    QDict *d = qobject_to(QDict, got);
    g_assert_false(qdict_haskey(d, "label"));
    g_assert_true(qdict_haskey(d, "extra"));
}

static void test_str_writes_null_as_empty_string(void)
{
    QObject *out = NULL;
    g_autoptr(Visitor) v = qobject_output_visitor_new(&out);
    char *s = NULL;

    g_assert_true(visit_type_str(v, NULL, &s, &error_abort));
    visit_complete(v, &out);
    g_autoptr(QObject) got = out;
    g_assert_cmpstr(qstring_get_str(qobject_to(QString, got)), ==, "");
}

static void test_enum_writes_the_name(void)
{
    QObject *out = NULL;
    g_autoptr(Visitor) v = qobject_output_visitor_new(&out);
    Color c = COLOR_BLUE;

    g_assert_true(visit_type_Color(v, NULL, &c, &error_abort));
    visit_complete(v, &out);
    g_autoptr(QObject) got = out;
    g_assert_cmpstr(qstring_get_str(qobject_to(QString, got)), ==, "blue");
}

/* A value with no name is a caller's bug, reported rather than crashed on. */
static void test_enum_out_of_range_is_an_error(void)
{
    QObject *out = NULL;
    g_autoptr(Visitor) v = qobject_output_visitor_new(&out);
    Color c = 7;
    Error *err = NULL;

    g_assert_false(visit_type_Color(v, "color", &c, &err));
    g_assert_cmpstr(error_get_pretty(err), ==,
                    "parameter 'color' expects an enum value between 0 and 2, "
                    "not 7");
    error_free(err);
    g_assert_null(out);
}

static void test_number_and_null_write_their_kinds(void)
{
    QObject *out = NULL;
    g_autoptr(Visitor) v = qobject_output_visitor_new(&out);
    double d = 0.1;
    QNull *n = qnull();

    g_assert_true(visit_start_list(v, NULL, NULL, 0, &error_abort));
    g_assert_true(visit_type_number(v, NULL, &d, &error_abort));
    g_assert_true(visit_type_null(v, NULL, &n, &error_abort));
    visit_end_list(v, NULL);
    visit_complete(v, &out);
    qobject_unref(n);

    g_autoptr(QObject) got = out;
    g_autoptr(QObject) want = json("[0.1, null]");
    g_assert_true(qobject_is_equal(got, want));
}

/* A visitor dropped before visit_complete() frees what it built. */
static void test_visitor_freed_early_drops_its_tree(void)
{
    g_autoptr(Machine) m = qapi_example_machine_new();
    QObject *out = NULL;
    Visitor *v = qobject_output_visitor_new(&out);

    g_assert_true(visit_type_Machine(v, NULL, &m, &error_abort));
    visit_free(v);
    g_assert_null(out);
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);

    g_test_add_func("/qobject-output-visitor/struct/writes-every-member",
                    test_struct_writes_every_member);
    g_test_add_func("/qobject-output-visitor/struct/round-trips-through-the-input-visitor",
                    test_struct_round_trips_through_the_input_visitor);
    g_test_add_func("/qobject-output-visitor/uint64/writes-the-maximum-exactly",
                    test_uint64_writes_the_maximum_exactly);
    g_test_add_func("/qobject-output-visitor/integers/keep-their-signedness",
                    test_integers_keep_their_signedness);
    g_test_add_func("/qobject-output-visitor/optional/absent-member-is-omitted",
                    test_optional_absent_member_is_omitted);
    g_test_add_func("/qobject-output-visitor/str/writes-null-as-empty-string",
                    test_str_writes_null_as_empty_string);
    g_test_add_func("/qobject-output-visitor/enum/writes-the-name",
                    test_enum_writes_the_name);
    g_test_add_func("/qobject-output-visitor/enum/out-of-range-is-an-error",
                    test_enum_out_of_range_is_an_error);
    g_test_add_func("/qobject-output-visitor/number-and-null/write-their-kinds",
                    test_number_and_null_write_their_kinds);
    g_test_add_func("/qobject-output-visitor/visitor/freed-early-drops-its-tree",
                    test_visitor_freed_early_drops_its_tree);

    return g_test_run();
}

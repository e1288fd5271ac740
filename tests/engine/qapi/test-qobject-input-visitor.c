/* QObject input visitor: strict JSON and keyval strings into C values,
 * with errors that name the member's full path. */
#include "qobject-input-visitor.h"
#include "qapi-example.h"
#include "qdict.h"
#include "qjson.h"

#include <string.h>

/* JSON with ' for " so the cases stay readable. */
static QObject *json(const char *text)
{
    g_autofree char *t = g_strdup(text);

    g_strdelimit(t, "'", '"');
    return qobject_from_json(t, &error_abort);
}

static const char *const full_machine =
    "{'name': 'vm0', 'label': 'build box', 'cores': 4, 'bias': -3,"
    " 'ram': 268435456, 'serial': 18446744073709551615,"
    " 'boot': {'id': 7, 'online': true},"
    " 'cpus': [{'id': 0, 'online': true}, {'id': 1, 'online': false},"
    "          {'id': 2, 'online': true}],"
    " 'color': 'green', 'limit': 'unlimited',"
    " 'extra': {'note': 'kept as JSON'}}";

/* The same machine as -device/config-group text would give it. */
static const char *const keyval_machine =
    "{'name': 'vm0', 'label': 'build box', 'cores': '4', 'bias': '-3',"
    " 'ram': '256M', 'serial': '0xffffffffffffffff',"
    " 'boot': {'id': '7', 'online': 'on'},"
    " 'cpus': [{'id': '0', 'online': 'yes'}, {'id': '1', 'online': 'off'},"
    "          {'id': '2', 'online': 'true'}],"
    " 'color': 'green', 'limit': 'unlimited',"
    " 'extra': {'note': 'kept as JSON'}}";

/* Visits a Machine out of text; *out gets whatever was built, even on
 * failure, for the caller to free. */
static bool machine_from(const char *text, bool keyval, Machine **out,
                         Error **errp)
{
    g_autoptr(QObject) obj = json(text);
    g_autoptr(Visitor) v = keyval ? qobject_input_visitor_new_keyval(obj)
                                  : qobject_input_visitor_new(obj);

    *out = NULL;
    return visit_type_Machine(v, NULL, out, errp);
}

/* Asserts that visiting text fails with exactly `message`, and that the
 * partial value frees cleanly (LeakSanitizer watches). */
static void assert_machine_error(const char *text, bool keyval,
                                 const char *message)
{
    Error *err = NULL;
    Machine *m = NULL;

    g_assert_false(machine_from(text, keyval, &m, &err));
    g_assert_nonnull(err);
    g_assert_cmpstr(error_get_pretty(err), ==, message);
    error_free(err);
    qapi_free_Machine(m);
}

static void assert_full_machine(const Machine *m)
{
    g_autoptr(QObject) extra = json("{'note': 'kept as JSON'}");

    g_assert_cmpstr(m->name, ==, "vm0");
    g_assert_true(m->has_label);
    g_assert_cmpstr(m->label, ==, "build box");
    g_assert_cmpuint(m->cores, ==, 4);
    g_assert_cmpint(m->bias, ==, -3);
    g_assert_cmpuint(m->ram, ==, 256 * 1024 * 1024);
    g_assert_cmpuint(m->serial, ==, UINT64_MAX);
    g_assert_cmpuint(m->boot->id, ==, 7);
    g_assert_true(m->boot->online);
    uint32_t i = 0;
    for (const CpuList *c = m->cpus; c; c = c->next, i++) {
        g_assert_cmpuint(c->value->id, ==, i);
        g_assert_cmpint(c->value->online, ==, i != 1);
    }
    g_assert_cmpuint(i, ==, 3);
    g_assert_cmpint(m->color, ==, COLOR_GREEN);
    g_assert_cmpint(m->limit->type, ==, QTYPE_QSTRING);
    g_assert_cmpstr(m->limit->u.name, ==, "unlimited");
    g_assert_true(m->has_extra);
    g_assert_true(qobject_is_equal(m->extra, extra));
}

static void test_struct_builds_every_member(void)
{
    g_autoptr(Machine) m = NULL;

    g_assert_true(machine_from(full_machine, false, &m, &error_abort));
    assert_full_machine(m);
}

static void test_optional_absent_member_stays_unset(void)
{
    g_autoptr(Machine) m = NULL;

    g_assert_true(machine_from(
        "{'name': 'a', 'cores': 1, 'bias': 0, 'ram': 0, 'serial': 0,"
        " 'boot': {'id': 0, 'online': false}, 'cpus': [],"
        " 'color': 'red', 'limit': 3}", false, &m, &error_abort));
    g_assert_false(m->has_label);
    g_assert_null(m->label);
    g_assert_false(m->has_extra);
    g_assert_null(m->extra);
    g_assert_null(m->cpus);     /* an empty list is a NULL head */
}

static void test_uint64_reads_the_maximum(void)
{
    g_autoptr(QObject) obj = json("18446744073709551615");
    g_autoptr(Visitor) v = qobject_input_visitor_new(obj);
    uint64_t u = 0;

    g_assert_true(visit_type_uint64(v, "serial", &u, &error_abort));
    g_assert_cmpuint(u, ==, UINT64_MAX);
}

/* QEMU wraps -1 to 2^64-1 for old clients; we refuse. */
static void test_uint64_rejects_a_negative_number(void)
{
    g_autoptr(QObject) obj = json("-1");
    g_autoptr(Visitor) v = qobject_input_visitor_new(obj);
    Error *err = NULL;
    uint64_t u;

    g_assert_false(visit_type_uint64(v, "serial", &u, &err));
    g_assert_cmpstr(error_get_pretty(err), ==,
                    "parameter 'serial' expects a non-negative integer");
    error_free(err);
}

static void test_int64_rejects_a_number_above_its_range(void)
{
    g_autoptr(QObject) obj = json("9223372036854775808");
    g_autoptr(Visitor) v = qobject_input_visitor_new(obj);
    Error *err = NULL;
    int64_t i;

    g_assert_false(visit_type_int(v, "n", &i, &err));
    g_assert_cmpstr(error_get_pretty(err), ==,
                    "parameter 'n' expects an integer no greater than "
                    "9223372036854775807");
    error_free(err);
}

static void test_int_rejects_a_fraction(void)
{
    g_autoptr(QObject) obj = json("1.5");
    g_autoptr(Visitor) v = qobject_input_visitor_new(obj);
    Error *err = NULL;
    int64_t i;

    g_assert_false(visit_type_int(v, "n", &i, &err));
    g_assert_cmpstr(error_get_pretty(err), ==,
                    "parameter 'n' expects an integer");
    error_free(err);
}

static void test_int8_rejects_overflow_naming_the_range(void)
{
    assert_machine_error(
        "{'name': 'a', 'cores': 1, 'bias': 200}", false,
        "parameter 'bias' expects a value between -128 and 127");
}

/* The range message carries the path of a member deep in a list. */
static void test_uint32_range_error_names_the_list_path(void)
{
    assert_machine_error(
        "{'name': 'a', 'cores': 1, 'bias': 0, 'ram': 0, 'serial': 0,"
        " 'boot': {'id': 0, 'online': false},"
        " 'cpus': [{'id': 0, 'online': true},"
        "          {'id': 4294967296, 'online': true}]}", false,
        "parameter 'cpus[1].id' expects a value between 0 and 4294967295");
}

static void test_struct_rejects_an_unknown_member(void)
{
    assert_machine_error(
        "{'name': 'a', 'cores': 1, 'bias': 0, 'ram': 0, 'serial': 0,"
        " 'boot': {'id': 0, 'online': false}, 'cpus': [],"
        " 'color': 'red', 'limit': 3, 'foo': 1, 'bar': 2}", false,
        "parameter 'foo' is unexpected");
}

static void test_struct_rejects_an_unknown_nested_member(void)
{
    assert_machine_error(
        "{'name': 'a', 'cores': 1, 'bias': 0, 'ram': 0, 'serial': 0,"
        " 'boot': {'id': 0, 'online': false, 'speed': 9}}", false,
        "parameter 'boot.speed' is unexpected");
}

static void test_struct_reports_a_missing_member_by_path(void)
{
    assert_machine_error(
        "{'name': 'a', 'cores': 1, 'bias': 0, 'ram': 0, 'serial': 0,"
        " 'boot': {'online': false}}", false,
        "parameter 'boot.id' is missing");
}

static void test_struct_reports_a_wrong_type_by_full_path(void)
{
    assert_machine_error(
        "{'name': 'a', 'cores': 1, 'bias': 0, 'ram': 0, 'serial': 0,"
        " 'boot': {'id': 0, 'online': false},"
        " 'cpus': [{'id': 0, 'online': true}, {'id': 1, 'online': true},"
        "          {'id': 'two', 'online': true}]}", false,
        "parameter 'cpus[2].id' expects an unsigned integer");
}

static void test_struct_at_the_top_must_be_an_object(void)
{
    assert_machine_error("[1, 2]", false, "expected an object");
}

static void test_list_member_must_be_an_array(void)
{
    assert_machine_error(
        "{'name': 'a', 'cores': 1, 'bias': 0, 'ram': 0, 'serial': 0,"
        " 'boot': {'id': 0, 'online': false}, 'cpus': {'id': 0}}", false,
        "parameter 'cpus' expects an array");
}

/* A fixed-size walk (no list to build, no visit_next_list) that reads
 * fewer elements than the list has fails at visit_check_list. */
static void test_list_refuses_elements_nothing_read(void)
{
    g_autoptr(QObject) obj = json("[1, 2, 3]");
    g_autoptr(Visitor) v = qobject_input_visitor_new(obj);
    Error *err = NULL;
    int64_t a, b;

    g_assert_true(visit_start_list(v, "v", NULL, 0, &error_abort));
    g_assert_true(visit_type_int(v, NULL, &a, &error_abort));
    g_assert_true(visit_type_int(v, NULL, &b, &error_abort));
    g_assert_cmpint(a, ==, 1);
    g_assert_cmpint(b, ==, 2);
    g_assert_false(visit_check_list(v, &err));
    g_assert_cmpstr(error_get_pretty(err), ==,
                    "parameter 'v' expects 2 elements, not 3");
    error_free(err);
    visit_end_list(v, NULL);
}

static void test_enum_rejects_an_unknown_name_listing_the_valid_ones(void)
{
    assert_machine_error(
        "{'name': 'a', 'cores': 1, 'bias': 0, 'ram': 0, 'serial': 0,"
        " 'boot': {'id': 0, 'online': false}, 'cpus': [],"
        " 'color': 'purple'}", false,
        "parameter 'color' expects red, green or blue, not 'purple'");
}

static void test_alternate_picks_the_branch_by_type(void)
{
    g_autoptr(QObject) num = json("42");
    g_autoptr(QObject) str = json("'unlimited'");
    g_autoptr(Visitor) v1 = qobject_input_visitor_new(num);
    g_autoptr(Visitor) v2 = qobject_input_visitor_new(str);
    Limit *a = NULL, *b = NULL;

    g_assert_true(visit_type_Limit(v1, NULL, &a, &error_abort));
    g_assert_cmpint(a->type, ==, QTYPE_QNUM);
    g_assert_cmpint(a->u.count, ==, 42);
    g_assert_true(visit_type_Limit(v2, NULL, &b, &error_abort));
    g_assert_cmpint(b->type, ==, QTYPE_QSTRING);
    g_assert_cmpstr(b->u.name, ==, "unlimited");
    qapi_free_Limit(a);
    qapi_free_Limit(b);
}

static void test_alternate_rejects_a_type_no_branch_takes(void)
{
    assert_machine_error(
        "{'name': 'a', 'cores': 1, 'bias': 0, 'ram': 0, 'serial': 0,"
        " 'boot': {'id': 0, 'online': false}, 'cpus': [],"
        " 'color': 'red', 'limit': true}", false,
        "parameter 'limit' expects an integer or a string");
}

/* The visit stops at cpus[2]; name, label, boot and two cpus are already
 * allocated and hang off the partial Machine for dealloc to find. */
static void test_failed_visit_leaves_a_partial_value_dealloc_frees(void)
{
    Error *err = NULL;
    Machine *m = NULL;

    g_assert_false(machine_from(
        "{'name': 'a', 'label': 'l', 'cores': 1, 'bias': 0, 'ram': 0,"
        " 'serial': 0, 'boot': {'id': 0, 'online': false},"
        " 'cpus': [{'id': 0, 'online': true}, {'id': 1, 'online': true},"
        "          {'id': 2, 'online': 'yes'}]}", false, &m, &err));
    error_free_or_abort(&err);
    g_assert_nonnull(m);
    g_assert_cmpstr(m->label, ==, "l");
    g_assert_nonnull(m->cpus->next->next->value);
    qapi_free_Machine(m);
}

static void test_any_takes_a_reference_to_the_value(void)
{
    g_autoptr(QObject) obj = json("{'a': [1, 2]}");
    g_autoptr(Visitor) v = qobject_input_visitor_new(obj);
    g_autoptr(QObject) got = NULL;

    g_assert_true(visit_type_any(v, NULL, &got, &error_abort));
    g_assert_true(got == obj);
}

static void test_null_accepts_only_null(void)
{
    g_autoptr(QObject) null = json("null");
    g_autoptr(QObject) zero = json("0");
    g_autoptr(Visitor) v1 = qobject_input_visitor_new(null);
    g_autoptr(Visitor) v2 = qobject_input_visitor_new(zero);
    g_autoptr(QNull) n = NULL;
    QNull *none = NULL;
    Error *err = NULL;

    g_assert_true(visit_type_null(v1, "x", &n, &error_abort));
    g_assert_nonnull(n);
    g_assert_false(visit_type_null(v2, "x", &none, &err));
    g_assert_null(none);
    g_assert_cmpstr(error_get_pretty(err), ==, "parameter 'x' expects null");
    error_free(err);
}

/* The caller may drop its reference right after creating the visitor. */
static void test_visitor_keeps_its_own_reference(void)
{
    QObject *obj = json("'kept'");
    g_autoptr(Visitor) v = qobject_input_visitor_new(obj);
    g_autofree char *s = NULL;

    qobject_unref(obj);
    g_assert_true(visit_type_str(v, NULL, &s, &error_abort));
    g_assert_cmpstr(s, ==, "kept");
}

static void test_keyval_parses_every_scalar_from_strings(void)
{
    g_autoptr(Machine) m = NULL;

    g_assert_true(machine_from(keyval_machine, true, &m, &error_abort));
    assert_full_machine(m);
}

static void test_keyval_names_type_and_text_of_a_bad_integer(void)
{
    assert_machine_error(
        "{'name': 'a', 'cores': '1', 'bias': '0', 'ram': '0', 'serial': '0',"
        " 'boot': {'id': '0', 'online': 'on'},"
        " 'cpus': [{'id': '0', 'online': 'on'}, {'id': 'x', 'online': 'on'}]}",
        true, "parameter 'cpus[1].id' expects an unsigned integer, not 'x'");
}

static void test_keyval_rejects_a_bad_bool(void)
{
    assert_machine_error(
        "{'name': 'a', 'cores': '1', 'bias': '0', 'ram': '0', 'serial': '0',"
        " 'boot': {'id': '0', 'online': 'maybe'}}", true,
        "parameter 'boot.online' expects on/off, yes/no or true/false, "
        "not 'maybe'");
}

static void test_keyval_rejects_a_size_overflow(void)
{
    assert_machine_error(
        "{'name': 'a', 'cores': '1', 'bias': '0', 'ram': '16E'}", true,
        "parameter 'ram' expects a size below 16 EiB, not '16E'");
}

static void test_keyval_rejects_a_bad_size(void)
{
    assert_machine_error(
        "{'name': 'a', 'cores': '1', 'bias': '0', 'ram': '12Q'}", true,
        "parameter 'ram' expects a size (a number with an optional "
        "k/M/G/T/P/E suffix), not '12Q'");
}

static void test_keyval_applies_the_range_check(void)
{
    assert_machine_error(
        "{'name': 'a', 'cores': '300'}", true,
        "parameter 'cores' expects a value between 0 and 255");
}

/* Keyval text has no numbers: a JSON number where a string belongs is a
 * type error like any other. */
static void test_keyval_rejects_a_scalar_that_is_not_a_string(void)
{
    assert_machine_error("{'name': 'a', 'cores': 4}", true,
                         "parameter 'cores' expects an unsigned integer");
}

static void test_keyval_reads_number_and_null(void)
{
    g_autoptr(QObject) obj = json("{'w': '1.25', 'n': ''}");
    g_autoptr(Visitor) v = qobject_input_visitor_new_keyval(obj);
    g_autoptr(QNull) n = NULL;
    double w = 0;

    g_assert_true(visit_start_struct(v, NULL, NULL, 0, &error_abort));
    g_assert_true(visit_type_number(v, "w", &w, &error_abort));
    g_assert_true(visit_type_null(v, "n", &n, &error_abort));
    g_assert_true(visit_check_struct(v, &error_abort));
    visit_end_struct(v, NULL);
    g_assert_cmpfloat(w, ==, 1.25);
    g_assert_nonnull(n);
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);

    g_test_add_func("/qobject-input-visitor/struct/builds-every-member",
                    test_struct_builds_every_member);
    g_test_add_func("/qobject-input-visitor/optional/absent-member-stays-unset",
                    test_optional_absent_member_stays_unset);
    g_test_add_func("/qobject-input-visitor/uint64/reads-the-maximum",
                    test_uint64_reads_the_maximum);
    g_test_add_func("/qobject-input-visitor/uint64/rejects-a-negative-number",
                    test_uint64_rejects_a_negative_number);
    g_test_add_func("/qobject-input-visitor/int64/rejects-a-number-above-its-range",
                    test_int64_rejects_a_number_above_its_range);
    g_test_add_func("/qobject-input-visitor/int/rejects-a-fraction",
                    test_int_rejects_a_fraction);
    g_test_add_func("/qobject-input-visitor/int8/rejects-overflow-naming-the-range",
                    test_int8_rejects_overflow_naming_the_range);
    g_test_add_func("/qobject-input-visitor/uint32/range-error-names-the-list-path",
                    test_uint32_range_error_names_the_list_path);
    g_test_add_func("/qobject-input-visitor/struct/rejects-an-unknown-member",
                    test_struct_rejects_an_unknown_member);
    g_test_add_func("/qobject-input-visitor/struct/rejects-an-unknown-nested-member",
                    test_struct_rejects_an_unknown_nested_member);
    g_test_add_func("/qobject-input-visitor/struct/reports-a-missing-member-by-path",
                    test_struct_reports_a_missing_member_by_path);
    g_test_add_func("/qobject-input-visitor/struct/reports-a-wrong-type-by-full-path",
                    test_struct_reports_a_wrong_type_by_full_path);
    g_test_add_func("/qobject-input-visitor/struct/at-the-top-must-be-an-object",
                    test_struct_at_the_top_must_be_an_object);
    g_test_add_func("/qobject-input-visitor/list/member-must-be-an-array",
                    test_list_member_must_be_an_array);
    g_test_add_func("/qobject-input-visitor/list/refuses-elements-nothing-read",
                    test_list_refuses_elements_nothing_read);
    g_test_add_func("/qobject-input-visitor/enum/rejects-an-unknown-name-listing-the-valid-ones",
                    test_enum_rejects_an_unknown_name_listing_the_valid_ones);
    g_test_add_func("/qobject-input-visitor/alternate/picks-the-branch-by-type",
                    test_alternate_picks_the_branch_by_type);
    g_test_add_func("/qobject-input-visitor/alternate/rejects-a-type-no-branch-takes",
                    test_alternate_rejects_a_type_no_branch_takes);
    g_test_add_func("/qobject-input-visitor/failed-visit/leaves-a-partial-value-dealloc-frees",
                    test_failed_visit_leaves_a_partial_value_dealloc_frees);
    g_test_add_func("/qobject-input-visitor/any/takes-a-reference-to-the-value",
                    test_any_takes_a_reference_to_the_value);
    g_test_add_func("/qobject-input-visitor/null/accepts-only-null",
                    test_null_accepts_only_null);
    g_test_add_func("/qobject-input-visitor/visitor/keeps-its-own-reference",
                    test_visitor_keeps_its_own_reference);
    g_test_add_func("/qobject-input-visitor/keyval/parses-every-scalar-from-strings",
                    test_keyval_parses_every_scalar_from_strings);
    g_test_add_func("/qobject-input-visitor/keyval/names-type-and-text-of-a-bad-integer",
                    test_keyval_names_type_and_text_of_a_bad_integer);
    g_test_add_func("/qobject-input-visitor/keyval/rejects-a-bad-bool",
                    test_keyval_rejects_a_bad_bool);
    g_test_add_func("/qobject-input-visitor/keyval/rejects-a-size-overflow",
                    test_keyval_rejects_a_size_overflow);
    g_test_add_func("/qobject-input-visitor/keyval/rejects-a-bad-size",
                    test_keyval_rejects_a_bad_size);
    g_test_add_func("/qobject-input-visitor/keyval/applies-the-range-check",
                    test_keyval_applies_the_range_check);
    g_test_add_func("/qobject-input-visitor/keyval/rejects-a-scalar-that-is-not-a-string",
                    test_keyval_rejects_a_scalar_that_is_not_a_string);
    g_test_add_func("/qobject-input-visitor/keyval/reads-number-and-null",
                    test_keyval_reads_number_and_null);

    return g_test_run();
}

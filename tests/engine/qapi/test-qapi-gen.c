/* The generated code for tests/engine/qapi/schema/qapi-schema-test.json,
 * used as the engine will use it: JSON in, C values, JSON out; commands
 * dispatched through QMP; events sent. */
#include "qjson.h"
#include "qlist.h"
#include "qobject-input-visitor.h"
#include "qobject-output-visitor.h"
#include "keyval.h"
#include "clone-visitor.h"
#include "test-qapi-commands.h"
#include "test-qapi-events.h"
#include "test-qapi-visit.h"

/* One type's whole round trip, JSON -> C -> JSON, through its generated
 * visit function. */
typedef bool VisitFn(Visitor *v, const char *name, void **obj, Error **errp);

static void *input(VisitFn *visit, const char *json, Error **errp)
{
    g_autoptr(QObject) in = qobject_from_json(json, &error_abort);
    g_autoptr(Visitor) v = qobject_input_visitor_new(in);
    void *value = NULL;

    if (!visit(v, NULL, &value, errp)) {
        g_assert_null(value);   /* a failed input visit frees its value */
        return NULL;
    }
    return value;
}

static QObject *output(VisitFn *visit, void *value)
{
    QObject *out = NULL;
    g_autoptr(Visitor) v = qobject_output_visitor_new(&out);

    g_assert_true(visit(v, NULL, &value, &error_abort));
    visit_complete(v, &out);
    return out;
}

static void assert_round_trip(VisitFn *visit, void (*free_fn)(void *),
                              const char *json)
{
    g_autoptr(QObject) expected = qobject_from_json(json, &error_abort);
    void *value = input(visit, json, &error_abort);
    g_autoptr(QObject) back = output(visit, value);

    if (!qobject_is_equal(expected, back)) {
        g_autofree char *text = qobject_to_json(back);
        g_error("round trip of %s gave %s", json, text);
    }
    free_fn(value);
}

#define ROUND_TRIP(Type, json) \
    assert_round_trip((VisitFn *)visit_type_##Type, \
                      (void (*)(void *))qapi_free_##Type, json)

static void test_struct_round_trips(void)
{
    ROUND_TRIP(TestStruct, "{\"integer\": -5, \"boolean\": true, "
               "\"string\": \"h\\u00e9llo\"}");
    /* Base members flattened; an optional member absent and present. */
    ROUND_TRIP(UserDefOne, "{\"integer\": 1, \"string\": \"s\", \"a-b\": 2, "
               "\"default\": 3}");
    ROUND_TRIP(UserDefOne, "{\"integer\": 1, \"string\": \"s\", "
               "\"enum1\": \"4k\", \"a-b\": 2, \"default\": 3}");
    ROUND_TRIP(LegacyStruct, "{\"Legacy_Member\": 9}");
    ROUND_TRIP(__org_qemu_x_Base,
               "{\"__org.qemu_x-member1\": \"__org.qemu_x-value\"}");
}

/* Every built-in type at its edges, lists, any and null. */
static void test_every_builtin_round_trips(void)
{
    ROUND_TRIP(UserDefTwo,
        "{\"list\": [{\"integer\": 0, \"string\": \"\", \"a-b\": 0, "
        "            \"default\": 0}],"
        " \"ints\": [1, -2, 9223372036854775807],"
        " \"sub\": {\"integer\": -9223372036854775808},"
        " \"any\": {\"nested\": [1, \"two\", null, 3.5, {}]},"
        " \"nul\": null, \"qtype\": \"qdict\", \"sz\": 18446744073709551615,"
        " \"num\": 0.1, \"i8\": -128, \"i16\": 32767, \"i32\": -2147483648,"
        " \"i64\": -1, \"u8\": 255, \"u16\": 65535, \"u32\": 4294967295,"
        " \"u64\": 18446744073709551615, \"b\": false,"
        " \"subs\": [\"sub2\", \"sub1\"]}");
    ROUND_TRIP(UserDefTwo, "{\"list\": [], \"ints\": [], "
               "\"sub\": {\"integer\": 0}}");
}

static void test_unions_round_trip(void)
{
    ROUND_TRIP(UserDefFlatUnion, "{\"string\": \"x\", \"kind\": \"value-b\", "
               "\"intb\": 7}");
    /* A branch the schema left out carries no members of its own. */
    ROUND_TRIP(UserDefFlatUnion, "{\"string\": \"x\", \"kind\": \"value-c\", "
               "\"integer\": 3}");
    ROUND_TRIP(UserDefFlatUnion2, "{\"kind\": \"value-c\", \"shared\": \"s\", "
               "\"inner\": \"x\", \"intb\": 1}");
    ROUND_TRIP(UserDefFlatUnion2, "{\"kind\": \"value-a\", \"shared\": \"s\", "
               "\"boolean\": true, \"a-b\": 4}");
}

static void test_alternates_round_trip(void)
{
    ROUND_TRIP(AltStrObj, "\"just a string\"");
    ROUND_TRIP(AltStrObj, "{\"integer\": 1, \"boolean\": false, "
               "\"string\": \"o\"}");
    ROUND_TRIP(AltEnumNum, "\"value2\"");
    ROUND_TRIP(AltEnumNum, "2.5");
    ROUND_TRIP(AltMixed, "12");
    ROUND_TRIP(AltMixed, "true");
    ROUND_TRIP(AltMixed, "null");
    ROUND_TRIP(AltMixed, "[1, 2, 3]");
    ROUND_TRIP(AltMixed, "{\"string\": \"u\", \"kind\": \"value-b\", "
               "\"intb\": 0}");
    ROUND_TRIP(AltCond, "{\"integer\": 1, \"boolean\": true, "
               "\"string\": \"c\"}");
}

/* AltCond's string branch depends on TEST_IF_ALT, which this build leaves
 * undefined: a string is then no branch at all. */
static void test_conditional_branch_compiled_out(void)
{
    g_autoptr(QObject) in = qobject_from_json("\"s\"", &error_abort);
    g_autoptr(Visitor) v = qobject_input_visitor_new(in);
    g_autoptr(AltCond) alt = NULL;
    g_autoptr(Error) err = NULL;

    g_assert_false(visit_type_AltCond(v, "alt", &alt, &err));
    g_assert_cmpstr(error_get_pretty(err), ==,
                    "parameter 'alt' expects an object");
}

static void assert_input_error(VisitFn *visit, const char *json,
                               const char *message)
{
    g_autoptr(Error) err = NULL;

    g_assert_null(input(visit, json, &err));
    g_assert_nonnull(err);
    g_assert_cmpstr(error_get_pretty(err), ==, message);
}

/* Wrong input names the member by its full path; nothing leaks. */
static void test_input_errors_name_the_member(void)
{
    assert_input_error((VisitFn *)visit_type_UserDefTwo,
        "{\"list\": [{\"integer\": 0, \"string\": \"\", \"a-b\": 0, "
        "\"default\": \"zero\"}], \"ints\": [], \"sub\": {\"integer\": 0}}",
        "parameter 'list[0].default' expects an integer");
    assert_input_error((VisitFn *)visit_type_UserDefTwo,
        "{\"list\": [], \"ints\": [], \"sub\": {\"integer\": 0}, \"u8\": 256}",
        "parameter 'u8' expects a value between 0 and 255");
    /* A negative number for a narrow unsigned member: no uint64 range. */
    assert_input_error((VisitFn *)visit_type_UserDefTwo,
        "{\"list\": [], \"ints\": [], \"sub\": {\"integer\": 0}, \"u8\": -1}",
        "parameter 'u8' expects a non-negative integer");
    assert_input_error((VisitFn *)visit_type_TestStruct,
        "{\"integer\": 1, \"boolean\": true}",
        "parameter 'string' is missing");
    assert_input_error((VisitFn *)visit_type_TestStruct,
        "{\"integer\": 1, \"boolean\": true, \"string\": \"\", \"extra\": 1}",
        "parameter 'extra' is unexpected");
    assert_input_error((VisitFn *)visit_type_UserDefFlatUnion,
        "{\"string\": \"x\", \"kind\": \"value-z\"}",
        "parameter 'kind' expects value-a, value-b or value-c, not 'value-z'");
    assert_input_error((VisitFn *)visit_type_AltMixed, "\"str\"",
        "expected a number, a boolean, null, an array or an object");
}

/* The same struct from command-line text: keyval strings typed by schema. */
static void test_keyval_input_is_typed_by_schema(void)
{
    g_autoptr(QDict) args = keyval_parse("integer=-3,boolean=on,string=a,,b",
                                         NULL, NULL, &error_abort);
    g_autoptr(Visitor) v = qobject_input_visitor_new_keyval(QOBJECT(args));
    g_autoptr(TestStruct) s = NULL;

    g_assert_true(visit_type_TestStruct(v, NULL, &s, &error_abort));
    g_assert_cmpint(s->integer, ==, -3);
    g_assert_true(s->boolean);
    g_assert_cmpstr(s->string, ==, "a,b");
}

/* What -device foo,sz=256M,b=on would give: a uint64 and a bool, and a
 * bad size names the key and what it wanted. */
static void test_keyval_sizes_and_bools(void)
{
    static const char mandatory[] =
        "list.0.integer=0,list.0.string=,list.0.a-b=0,list.0.default=0,"
        "ints.0=1,sub.integer=0";
    g_autofree char *good = g_strconcat(mandatory, ",sz=256M,b=on,u8=0x10",
                                        NULL);
    g_autoptr(QDict) args = keyval_parse(good, NULL, NULL, &error_abort);
    g_autoptr(Visitor) v = qobject_input_visitor_new_keyval(QOBJECT(args));
    g_autoptr(UserDefTwo) two = NULL;

    g_assert_true(visit_type_UserDefTwo(v, NULL, &two, &error_abort));
    g_assert_true(two->has_sz && two->sz == 256 * 1024 * 1024);
    g_assert_true(two->has_b && two->b);
    g_assert_cmpuint(two->u8, ==, 16);

    g_autofree char *bad = g_strconcat(mandatory, ",sz=lots", NULL);
    g_autoptr(QDict) bad_args = keyval_parse(bad, NULL, NULL, &error_abort);
    g_autoptr(Visitor) bad_v =
        qobject_input_visitor_new_keyval(QOBJECT(bad_args));
    g_autoptr(UserDefTwo) none = NULL;
    g_autoptr(Error) err = NULL;
    g_assert_false(visit_type_UserDefTwo(bad_v, NULL, &none, &err));
    g_assert_null(none);
    g_assert_cmpstr(error_get_pretty(err), ==,
                    "parameter 'sz' expects a size (a number with an "
                    "optional k/M/G/T/P/E suffix), not 'lots'");
}

static void test_clone_is_deep(void)
{
    g_autoptr(UserDefFlatUnion) u = input(
        (VisitFn *)visit_type_UserDefFlatUnion,
        "{\"string\": \"x\", \"kind\": \"value-b\", \"intb\": 7}",
        &error_abort);
    g_autoptr(UserDefFlatUnion) copy = QAPI_CLONE(UserDefFlatUnion, u);

    g_assert_true(copy != u && copy->string != u->string);
    g_free(u->string);
    u->string = g_strdup("changed");
    g_assert_cmpstr(copy->string, ==, "x");
    g_assert_cmpint(copy->u.value_b.intb, ==, 7);
}

static QDict *dispatch(const char *json)
{
    g_autoptr(QmpCommandList) cmds = qmp_command_list_new();
    g_autoptr(QObject) request = qobject_from_json(json, &error_abort);

    test_qmp_init_marshal(cmds);
    return qmp_dispatch(cmds, request, NULL);
}

static void assert_reply(const char *request, const char *reply)
{
    g_autoptr(QDict) got = dispatch(request);
    g_autoptr(QObject) want = qobject_from_json(reply, &error_abort);

    if (!qobject_is_equal(QOBJECT(got), want)) {
        g_autofree char *text = qobject_to_json(QOBJECT(got));
        g_error("%s answered %s, expected %s", request, text, reply);
    }
}

static void test_commands_answer(void)
{
    assert_reply("{\"execute\": \"user-def-cmd\", \"id\": 1}",
                 "{\"return\": {}, \"id\": 1}");
    assert_reply("{\"execute\": \"guest-get-time\", \"arguments\": {\"a\": 40, "
                 "\"b\": 2}}", "{\"return\": 42}");
    assert_reply("{\"execute\": \"guest-get-time\", \"arguments\": {\"a\": 40}}",
                 "{\"return\": 40}");
    assert_reply("{\"execute\": \"cmd-returns-list\"}", "{\"return\": []}");
    assert_reply("{\"execute\": \"user-def-cmd1\", \"arguments\": {\"ud1a\": "
                 "{\"integer\": 21, \"string\": \"s\", \"a-b\": 0, "
                 "\"default\": 1}}}",
                 "{\"return\": {\"list\": [{\"integer\": 21, \"string\": \"s\", "
                 "\"a-b\": 0, \"default\": 1}], \"ints\": [], "
                 "\"sub\": {\"integer\": 42}, \"u64\": 18446744073709551615}}");
    assert_reply("{\"execute\": \"boxed-union\", \"arguments\": {\"string\": "
                 "\"x\", \"kind\": \"value-b\", \"intb\": 1}}",
                 "{\"return\": {}}");
}

static void test_command_argument_errors(void)
{
    assert_reply("{\"execute\": \"guest-get-time\", \"arguments\": {}}",
                 "{\"error\": {\"class\": \"GenericError\", "
                 "\"desc\": \"parameter 'a' is missing\"}}");
    assert_reply("{\"execute\": \"guest-get-time\", \"arguments\": "
                 "{\"a\": \"x\"}}",
                 "{\"error\": {\"class\": \"GenericError\", "
                 "\"desc\": \"parameter 'a' expects an integer\"}}");
    assert_reply("{\"execute\": \"guest-get-time\", \"arguments\": "
                 "{\"a\": 1, \"c\": 2}}",
                 "{\"error\": {\"class\": \"GenericError\", "
                 "\"desc\": \"parameter 'c' is unexpected\"}}");
    assert_reply("{\"execute\": \"user-def-cmd\", \"arguments\": {\"x\": 1}}",
                 "{\"error\": {\"class\": \"GenericError\", "
                 "\"desc\": \"parameter 'x' is unexpected\"}}");
    /* Any int64 reaches a handler: these overflowed (undefined behaviour)
     * before the handlers checked. */
    assert_reply("{\"execute\": \"guest-get-time\", \"arguments\": "
                 "{\"a\": 9223372036854775807, \"b\": 1}}",
                 "{\"error\": {\"class\": \"GenericError\", "
                 "\"desc\": \"parameters 'a' and 'b' add up to more than an "
                 "int64 holds\"}}");
    assert_reply("{\"execute\": \"user-def-cmd1\", \"arguments\": {\"ud1a\": "
                 "{\"integer\": 4611686018427387904, \"string\": \"s\", "
                 "\"a-b\": 0, \"default\": 1}}}",
                 "{\"error\": {\"class\": \"GenericError\", "
                 "\"desc\": \"parameter 'ud1a.integer' is too large to "
                 "double\"}}");
    /* The handler's own error, after its arguments were freed. */
    assert_reply("{\"execute\": \"guest-get-time\", \"arguments\": "
                 "{\"a\": -1}}",
                 "{\"error\": {\"class\": \"GenericError\", "
                 "\"desc\": \"parameter 'a' must not be negative\"}}");
}

static void test_command_flags_registered(void)
{
    g_autoptr(QmpCommandList) cmds = qmp_command_list_new();

    test_qmp_init_marshal(cmds);
    const QmpCommand *flags = qmp_find_command(cmds, "cmd-flags");
    g_assert_nonnull(flags);
    g_assert_cmpint(qmp_command_options(flags), ==,
                    QCO_NO_SUCCESS_RESP | QCO_ALLOW_OOB | QCO_ALLOW_PRECONFIG);
    g_assert_cmpuint(qmp_command_special_features(
                         qmp_find_command(cmds, "cmd-features")), ==,
                     QAPI_FEATURE_MASK_DEPRECATED);
    /* Its condition does not hold in this build. */
    g_assert_null(qmp_find_command(cmds, "cmd-if"));
}

/* Events: the last one sent, as the monitor would get it. */
static QDict *last_event;
static test_QAPIEvent last_event_kind;

void test_qapi_event_emit(test_QAPIEvent kind, QDict *event)
{
    qobject_unref(last_event);
    last_event = qobject_ref(event);
    last_event_kind = kind;
}

static void test_events_carry_data_and_timestamp(void)
{
    qapi_event_send_event_b(7, NULL);
    g_assert_cmpint(last_event_kind, ==, TEST_QAPI_EVENT_EVENT_B);
    g_assert_cmpstr(qdict_get_try_str(last_event, "event"), ==, "EVENT_B");
    QDict *data = qdict_get_qdict(last_event, "data");
    g_assert_cmpint(qdict_get_try_int(data, "a", 0), ==, 7);
    g_assert_false(qdict_haskey(data, "b"));
    QDict *stamp = qdict_get_qdict(last_event, "timestamp");
    g_assert_cmpint(qdict_get_try_int(stamp, "seconds", 0), >, 1600000000);
    g_assert_cmpint(qdict_get_try_int(stamp, "microseconds", -1), >=, 0);

    qapi_event_send_event_a();
    g_assert_false(qdict_haskey(last_event, "data"));
    g_clear_pointer(&last_event, qobject_unref_any);
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/qapi-gen/round-trip/structs", test_struct_round_trips);
    g_test_add_func("/qapi-gen/round-trip/every-builtin",
                    test_every_builtin_round_trips);
    g_test_add_func("/qapi-gen/round-trip/unions", test_unions_round_trip);
    g_test_add_func("/qapi-gen/round-trip/alternates",
                    test_alternates_round_trip);
    g_test_add_func("/qapi-gen/round-trip/conditional-branch-compiled-out",
                    test_conditional_branch_compiled_out);
    g_test_add_func("/qapi-gen/input/errors-name-the-member",
                    test_input_errors_name_the_member);
    g_test_add_func("/qapi-gen/input/keyval-typed-by-schema",
                    test_keyval_input_is_typed_by_schema);
    g_test_add_func("/qapi-gen/input/keyval-sizes-and-bools",
                    test_keyval_sizes_and_bools);
    g_test_add_func("/qapi-gen/clone/is-deep", test_clone_is_deep);
    g_test_add_func("/qapi-gen/commands/answer", test_commands_answer);
    g_test_add_func("/qapi-gen/commands/argument-errors",
                    test_command_argument_errors);
    g_test_add_func("/qapi-gen/commands/flags-registered",
                    test_command_flags_registered);
    g_test_add_func("/qapi-gen/events/carry-data-and-timestamp",
                    test_events_carry_data_and_timestamp);
    return g_test_run();
}

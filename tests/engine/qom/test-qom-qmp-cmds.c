/* qom-list, qom-get, qom-set, qom-list-types and qom-list-properties as a
 * QMP client sees them: JSON requests dispatched in process through the
 * engine's command list, replies compared as JSON text.
 *
 * The types come from schema/qom-qmp-test.json, plus two of C's own:
 *
 *   object
 *   +-- qmp-test-base (abstract)     label
 *   |   +-- qmp-test-gadget [qmp-test-resettable]
 *   |       |                        count, speed (runtime), limit, tags,
 *   |       |                        enabled, offset
 *   |       +-- qmp-test-ghost       haunts: in the schema only
 *   +-- qmp-test-plain               volume (C only), peer (strong link)
 *   interface
 *   +-- qmp-test-resettable
 *
 * The fixture, fresh for every test:
 *
 *   /qmp-test            container
 *     gadget0, gadget1   qmp-test-gadget
 *     plain0             qmp-test-plain, peer -> gadget0, child "leaf"
 *     box                container with a child "leaf" too, so the partial
 *                        path "leaf" is ambiguous
 */
#include <string.h>

#include "event-log.h"
#include "object-freeze.h"
#include "object-path.h"
#include "qjson.h"
#include "qlist.h"
#include "qmp-engine.h"
#include "qom-qmp-cmds.h"
#include "qomqmptest-qapi-qom.h"

#define TYPE_QMP_TEST_PLAIN "qmp-test-plain"
#define TYPE_QMP_TEST_RESETTABLE "qmp-test-resettable"

typedef struct QmpTestBase {
    Object parent_obj;
    QmpTestBaseProperties props;
} QmpTestBase;

typedef struct QmpTestGadget {
    QmpTestBase parent_obj;
    QmpTestGadgetProperties props;
} QmpTestGadget;

typedef struct QmpTestPlain {
    Object parent_obj;
    uint8_t volume;
    Object *peer;
} QmpTestPlain;

/* Every gadget ever made: introspection must make none. Test-only state. */
static unsigned gadget_instances;

static void qmp_test_base_class_init(ObjectClass *oc, const void *data)
{
    qom_qmp_test_base_class_add_properties(
        oc, QOM_PROPS_OFFSET(QmpTestBase, props, QmpTestBaseProperties));
}

static void qmp_test_gadget_class_init(ObjectClass *oc, const void *data)
{
    qom_qmp_test_gadget_class_add_properties(
        oc, QOM_PROPS_OFFSET(QmpTestGadget, props, QmpTestGadgetProperties));
}

static void qmp_test_gadget_init(Object *obj)
{
    gadget_instances++;
}

/* A type the schema does not know: qom-list-properties answers it from
 * the class alone. */
static void qmp_test_plain_class_init(ObjectClass *oc, const void *data)
{
    ObjectProperty *p;

    p = object_class_property_add_field(oc, "volume", OBJECT_FIELD_UINT8,
                                        offsetof(QmpTestPlain, volume),
                                        OBJ_PROP_FLAG_READWRITE);
    object_property_set_default_uint(p, 11);
    object_class_property_set_description(oc, "volume", "how loud it is");
    object_class_property_add_link(oc, "peer", TYPE_QMP_TEST_GADGET,
                                   offsetof(QmpTestPlain, peer),
                                   object_property_allow_set_link,
                                   OBJ_PROP_LINK_STRONG);
    object_class_property_set_description(oc, "peer", "the gadget it follows");
}

static const TypeInfo qmp_test_types[] = {
    {
        .name = TYPE_QMP_TEST_RESETTABLE,
        .parent = TYPE_INTERFACE,
    },
    {
        QOM_QMP_TEST_BASE_TYPE_INFO,
        .instance_size = sizeof(QmpTestBase),
        .class_init = qmp_test_base_class_init,
    },
    {
        QOM_QMP_TEST_GADGET_TYPE_INFO,
        .instance_size = sizeof(QmpTestGadget),
        .instance_init = qmp_test_gadget_init,
        .class_init = qmp_test_gadget_class_init,
        .interfaces = (const InterfaceInfo[]) {
            { TYPE_QMP_TEST_RESETTABLE }, { NULL },
        },
    },
    {
        .name = TYPE_QMP_TEST_PLAIN,
        .parent = TYPE_OBJECT,
        .instance_size = sizeof(QmpTestPlain),
        .class_init = qmp_test_plain_class_init,
    },
};
DEFINE_TYPES(qmp_test_types)

static void add_child(Object *parent, const char *name, const char *type)
{
    Object *child = object_new(type);

    object_property_add_child(parent, name, child);
    object_unref(child);   /* the tree holds it now */
}

static Object *fixture_new(void)
{
    Object *top = container_get(object_get_root(), "/qmp-test");
    Object *plain;
    Object *box;

    add_child(top, "gadget0", TYPE_QMP_TEST_GADGET);
    add_child(top, "gadget1", TYPE_QMP_TEST_GADGET);
    add_child(top, "plain0", TYPE_QMP_TEST_PLAIN);
    add_child(top, "box", TYPE_CONTAINER);
    plain = object_resolve_path("/qmp-test/plain0", NULL);
    box = object_resolve_path("/qmp-test/box", NULL);
    add_child(plain, "leaf", TYPE_CONTAINER);
    add_child(box, "leaf", TYPE_CONTAINER);
    object_property_set_link(plain, "peer",
                             object_resolve_path("/qmp-test/gadget0", NULL),
                             &error_abort);
    return top;
}

static void fixture_free(Object *top)
{
    object_unparent(top);
}

/* The reply to one request, as compact JSON text. */
static char *qmp(const char *request)
{
    g_autoptr(QObject) req = qobject_from_json(request, &error_abort);
    g_autoptr(QDict) reply = qmp_dispatch(qmp_engine_commands(), req, NULL);

    g_assert_nonnull(reply);
    return qobject_to_json(QOBJECT(reply));
}

/* printf-style requests, for values spelt in the test. */
static char *qmp_printf(const char *fmt, ...) G_GNUC_PRINTF(1, 2);

static char *qmp_printf(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    g_autofree char *request = g_strdup_vprintf(fmt, ap);
    va_end(ap);

    return qmp(request);
}

static void assert_reply(const char *request, const char *expected)
{
    g_autofree char *reply = qmp(request);

    g_assert_cmpstr(reply, ==, expected);
}

/* Every property, the class's in declaration order (root class first),
 * with its QOM type; the runtime one (speed) says so, the fixed ones say
 * nothing, as QEMU's qom-list. */
static void test_list_gives_every_property_in_order(void)
{
    unsigned before = gadget_instances;
    Object *top = fixture_new();

    /* The counter the introspection tests trust does count. */
    g_assert_cmpuint(gadget_instances, ==, before + 2);

    assert_reply(
        "{\"execute\": \"qom-list\", \"arguments\": "
        "{\"path\": \"/qmp-test/gadget0\"}}",
        "{\"return\":[{\"name\":\"type\",\"type\":\"str\"},"
        "{\"name\":\"label\",\"type\":\"str\"},"
        "{\"name\":\"count\",\"type\":\"uint32\"},"
        "{\"name\":\"speed\",\"type\":\"uint32\",\"runtime\":true},"
        "{\"name\":\"limit\",\"type\":\"uint64\"},"
        "{\"name\":\"tags\",\"type\":\"[str]\"},"
        "{\"name\":\"enabled\",\"type\":\"bool\"},"
        "{\"name\":\"offset\",\"type\":\"int64\"}]}");
    fixture_free(top);
}

/* Links and children show their target type; instance properties (the
 * child) come after the class's. */
static void test_list_shows_links_and_children(void)
{
    Object *top = fixture_new();

    assert_reply(
        "{\"execute\": \"qom-list\", \"arguments\": {\"path\": \"plain0\"}}",
        "{\"return\":[{\"name\":\"type\",\"type\":\"str\"},"
        "{\"name\":\"volume\",\"type\":\"uint8\"},"
        "{\"name\":\"peer\",\"type\":\"link<qmp-test-gadget>\"},"
        "{\"name\":\"leaf\",\"type\":\"child<container>\"}]}");
    fixture_free(top);
}

/* A new object reads its schema defaults, uint64 max exactly. */
static void test_get_reads_schema_defaults(void)
{
    static const struct {
        const char *property;
        const char *reply;
    } cases[] = {
        { "type", "{\"return\":\"qmp-test-gadget\"}" },
        { "label", "{\"return\":\"unnamed\"}" },
        { "count", "{\"return\":7}" },
        { "limit", "{\"return\":18446744073709551615}" },
        { "tags", "{\"return\":[\"a\",\"b\"]}" },
        { "offset", "{\"return\":-1}" },
    };
    Object *top = fixture_new();

    for (size_t i = 0; i < G_N_ELEMENTS(cases); i++) {
        g_autofree char *reply = qmp_printf(
            "{\"execute\": \"qom-get\", \"arguments\": "
            "{\"path\": \"/qmp-test/gadget0\", \"property\": \"%s\"}}",
            cases[i].property);
        g_assert_cmpstr(reply, ==, cases[i].reply);
    }
    fixture_free(top);
}

/* What qom-set stores, qom-get gives back as the same JSON text: the
 * extremes of each integer type, a list, a string with escapes. */
static void test_set_then_get_round_trips(void)
{
    static const struct {
        const char *property;
        const char *value;
    } cases[] = {
        { "count", "4294967295" },
        { "count", "0" },
        { "limit", "18446744073709551615" },
        { "offset", "-9223372036854775808" },
        { "offset", "9223372036854775807" },
        { "tags", "[\"x\",\"\",\"z \\\"quoted\\\" \\u00e9\"]" },
        { "tags", "[]" },
        { "enabled", "true" },
        { "label", "\"a \\\\ b\"" },
    };
    Object *top = fixture_new();

    for (size_t i = 0; i < G_N_ELEMENTS(cases); i++) {
        g_autofree char *set = qmp_printf(
            "{\"execute\": \"qom-set\", \"arguments\": "
            "{\"path\": \"/qmp-test/gadget0\", \"property\": \"%s\", "
            "\"value\": %s}, \"id\": %zu}",
            cases[i].property, cases[i].value, i);
        g_autofree char *set_expected =
            g_strdup_printf("{\"return\":{},\"id\":%zu}", i);
        g_assert_cmpstr(set, ==, set_expected);

        g_autofree char *get = qmp_printf(
            "{\"execute\": \"qom-get\", \"arguments\": "
            "{\"path\": \"/qmp-test/gadget0\", \"property\": \"%s\"}}",
            cases[i].property);
        g_autoptr(QObject) value = qobject_from_json(cases[i].value,
                                                     &error_abort);
        g_autofree char *value_text = qobject_to_json(value);
        g_autofree char *get_expected =
            g_strdup_printf("{\"return\":%s}", value_text);
        g_assert_cmpstr(get, ==, get_expected);
    }
    fixture_free(top);
}

/* A child or link reads as the canonical path of its object; a link is
 * set by path, partial paths included. */
static void test_children_and_links_are_paths(void)
{
    Object *top = fixture_new();

    assert_reply("{\"execute\": \"qom-get\", \"arguments\": "
                 "{\"path\": \"/qmp-test\", \"property\": \"plain0\"}}",
                 "{\"return\":\"/qmp-test/plain0\"}");
    assert_reply("{\"execute\": \"qom-get\", \"arguments\": "
                 "{\"path\": \"/qmp-test/plain0\", \"property\": \"peer\"}}",
                 "{\"return\":\"/qmp-test/gadget0\"}");
    assert_reply("{\"execute\": \"qom-set\", \"arguments\": "
                 "{\"path\": \"/qmp-test/plain0\", \"property\": \"peer\", "
                 "\"value\": \"gadget1\"}}",
                 "{\"return\":{}}");
    assert_reply("{\"execute\": \"qom-get\", \"arguments\": "
                 "{\"path\": \"/qmp-test/plain0\", \"property\": \"peer\"}}",
                 "{\"return\":\"/qmp-test/gadget1\"}");
    fixture_free(top);
}

/* Strict typing, as every QMP argument: a string is no number, and the
 * error names the property (list elements by index) and what it wants. */
static void test_set_wrong_type_names_property_and_type(void)
{
    static const struct {
        const char *property;
        const char *value;
        const char *desc;
    } cases[] = {
        { "count", "\"7\"",
          "parameter 'count' expects an unsigned integer" },
        { "count", "4294967296",
          "parameter 'count' expects a value between 0 and 4294967295" },
        { "count", "-1", "parameter 'count' expects a non-negative integer" },
        { "enabled", "1", "parameter 'enabled' expects a boolean" },
        { "tags", "[\"a\", 2]", "parameter 'tags[1]' expects a string" },
        { "tags", "\"a\"", "parameter 'tags' expects an array" },
        { "label", "null", "parameter 'label' expects a string" },
    };
    Object *top = fixture_new();

    for (size_t i = 0; i < G_N_ELEMENTS(cases); i++) {
        g_autofree char *reply = qmp_printf(
            "{\"execute\": \"qom-set\", \"arguments\": "
            "{\"path\": \"/qmp-test/gadget0\", \"property\": \"%s\", "
            "\"value\": %s}}", cases[i].property, cases[i].value);
        g_autofree char *expected = g_strdup_printf(
            "{\"error\":{\"class\":\"GenericError\",\"desc\":\"%s\"}}",
            cases[i].desc);
        g_assert_cmpstr(reply, ==, expected);
    }
    /* Nothing was stored by the refused requests. */
    assert_reply("{\"execute\": \"qom-get\", \"arguments\": "
                 "{\"path\": \"/qmp-test/gadget0\", \"property\": \"tags\"}}",
                 "{\"return\":[\"a\",\"b\"]}");
    fixture_free(top);
}

/* A live change is news to every client, whoever made it; building an
 * object is not. */
static void test_live_change_event(void)
{
    Object *top = fixture_new();
    Object *gadget = object_resolve_path("/qmp-test/gadget0", NULL);
    g_autoptr(GString) log = g_string_new(NULL);

    event_log_start(log);
    object_property_set_uint(gadget, "speed", 5, &error_abort);
    g_assert_cmpstr(log->str, ==, "");
    object_freeze_properties(gadget, "while the device is realized");
    assert_reply(
        "{\"execute\": \"qom-set\", \"arguments\": {\"path\": "
        "\"/qmp-test/gadget0\", \"property\": \"speed\", \"value\": 250}}",
        "{\"return\":{}}");
    object_property_set_uint(gadget, "speed", 300, &error_abort);
    /* A refused change changes nothing and says nothing. */
    g_assert_false(object_property_set_uint(gadget, "count", 1, NULL));
    g_assert_cmpstr(log->str, ==,
        "{\"event\":\"QOM_PROPERTY_CHANGED\",\"data\":{\"path\":"
        "\"/qmp-test/gadget0\",\"property\":\"speed\",\"value\":250}}\n"
        "{\"event\":\"QOM_PROPERTY_CHANGED\",\"data\":{\"path\":"
        "\"/qmp-test/gadget0\",\"property\":\"speed\",\"value\":300}}\n");
    event_log_stop(log);
    fixture_free(top);
}

/* Once frozen (a realized device), only runtime properties change. */
static void test_set_obeys_the_freeze(void)
{
    Object *top = fixture_new();

    object_freeze_properties(object_resolve_path("/qmp-test/gadget0", NULL),
                             "while the device is realized");
    assert_reply(
        "{\"execute\": \"qom-set\", \"arguments\": {\"path\": "
        "\"/qmp-test/gadget0\", \"property\": \"count\", \"value\": 1}}",
        "{\"error\":{\"class\":\"GenericError\",\"desc\":\"property 'count' "
        "of 'qmp-test-gadget' cannot change while the device is realized "
        "(only properties marked runtime can)\"}}");
    assert_reply(
        "{\"execute\": \"qom-set\", \"arguments\": {\"path\": "
        "\"/qmp-test/gadget0\", \"property\": \"speed\", \"value\": 250}}",
        "{\"return\":{}}");
    assert_reply(
        "{\"execute\": \"qom-get\", \"arguments\": {\"path\": "
        "\"/qmp-test/gadget0\", \"property\": \"speed\"}}",
        "{\"return\":250}");
    fixture_free(top);
}

static void test_set_read_only_refused(void)
{
    Object *top = fixture_new();

    assert_reply(
        "{\"execute\": \"qom-set\", \"arguments\": {\"path\": "
        "\"/qmp-test/gadget0\", \"property\": \"type\", \"value\": \"x\"}}",
        "{\"error\":{\"class\":\"GenericError\",\"desc\":\"property 'type' "
        "on type 'qmp-test-gadget' is not writable\"}}");
    fixture_free(top);
}

/* No object at the path: QEMU's DeviceNotFound, from all three. */
static void test_unknown_path_is_device_not_found(void)
{
    static const char *const requests[] = {
        "{\"execute\": \"qom-list\", \"arguments\": {\"path\": "
        "\"/qmp-test/nope\"}}",
        "{\"execute\": \"qom-get\", \"arguments\": {\"path\": "
        "\"/qmp-test/nope\", \"property\": \"type\"}}",
        "{\"execute\": \"qom-set\", \"arguments\": {\"path\": "
        "\"/qmp-test/nope\", \"property\": \"count\", \"value\": 1}}",
    };
    Object *top = fixture_new();

    for (size_t i = 0; i < G_N_ELEMENTS(requests); i++) {
        assert_reply(requests[i],
                     "{\"error\":{\"class\":\"DeviceNotFound\",\"desc\":"
                     "\"Device '/qmp-test/nope' not found\"}}");
    }
    fixture_free(top);
}

/* A partial path reaching two objects names neither: said plainly, not
 * as "not found" (QEMU's qom-get and qom-set say "not found"). */
static void test_ambiguous_path_is_refused(void)
{
    static const char *const requests[] = {
        "{\"execute\": \"qom-list\", \"arguments\": {\"path\": \"leaf\"}}",
        "{\"execute\": \"qom-get\", \"arguments\": {\"path\": \"leaf\", "
        "\"property\": \"type\"}}",
        "{\"execute\": \"qom-set\", \"arguments\": {\"path\": \"leaf\", "
        "\"property\": \"type\", \"value\": \"x\"}}",
    };
    Object *top = fixture_new();

    for (size_t i = 0; i < G_N_ELEMENTS(requests); i++) {
        assert_reply(requests[i],
                     "{\"error\":{\"class\":\"GenericError\",\"desc\":"
                     "\"Path 'leaf' is ambiguous\"}}");
    }
    /* One level more makes it unique. */
    assert_reply("{\"execute\": \"qom-get\", \"arguments\": {\"path\": "
                 "\"box/leaf\", \"property\": \"type\"}}",
                 "{\"return\":\"container\"}");
    fixture_free(top);
}

static void test_unknown_property_is_refused(void)
{
    Object *top = fixture_new();

    assert_reply(
        "{\"execute\": \"qom-get\", \"arguments\": {\"path\": "
        "\"/qmp-test/gadget0\", \"property\": \"nope\"}}",
        "{\"error\":{\"class\":\"GenericError\",\"desc\":\"property 'nope' "
        "not found on type 'qmp-test-gadget'\"}}");
    assert_reply(
        "{\"execute\": \"qom-set\", \"arguments\": {\"path\": "
        "\"/qmp-test/gadget0\", \"property\": \"nope\", \"value\": 1}}",
        "{\"error\":{\"class\":\"GenericError\",\"desc\":\"property 'nope' "
        "not found on type 'qmp-test-gadget'\"}}");
    fixture_free(top);
}

/* The marshaller checks the arguments before the handler runs. */
static void test_missing_argument_is_refused(void)
{
    assert_reply("{\"execute\": \"qom-get\", \"arguments\": "
                 "{\"path\": \"/qmp-test\"}}",
                 "{\"error\":{\"class\":\"GenericError\",\"desc\":"
                 "\"parameter 'property' is missing\"}}");
}

/* Sorted by name; abstract types only on request, then marked; the root
 * has no parent. */
static void test_list_types_filters(void)
{
    unsigned before = gadget_instances;

    assert_reply("{\"execute\": \"qom-list-types\", \"arguments\": "
                 "{\"implements\": \"qmp-test-base\", \"abstract\": true}}",
                 "{\"return\":[{\"name\":\"qmp-test-base\",\"abstract\":true,"
                 "\"parent\":\"object\"},{\"name\":\"qmp-test-gadget\","
                 "\"parent\":\"qmp-test-base\"}]}");
    assert_reply("{\"execute\": \"qom-list-types\", \"arguments\": "
                 "{\"implements\": \"qmp-test-base\"}}",
                 "{\"return\":[{\"name\":\"qmp-test-gadget\","
                 "\"parent\":\"qmp-test-base\"}]}");
    /* An interface the type implements counts as well. */
    assert_reply("{\"execute\": \"qom-list-types\", \"arguments\": "
                 "{\"implements\": \"qmp-test-resettable\"}}",
                 "{\"return\":[{\"name\":\"qmp-test-gadget\","
                 "\"parent\":\"qmp-test-base\"}]}");
    /* Every concrete type the program has (the engine's own too), so only
     * the test's are checked, and that nothing abstract slipped in. */
    g_autofree char *concrete = qmp(
        "{\"execute\": \"qom-list-types\", \"arguments\": "
        "{\"implements\": \"object\", \"abstract\": false}}");
    const char *gadget = strstr(concrete, "{\"name\":\"qmp-test-gadget\","
                                          "\"parent\":\"qmp-test-base\"}");
    const char *plain = strstr(concrete, "{\"name\":\"qmp-test-plain\","
                                         "\"parent\":\"object\"}");

    g_assert_nonnull(strstr(concrete, "{\"name\":\"container\","
                                      "\"parent\":\"object\"}"));
    g_assert_true(gadget && plain && gadget < plain);
    g_assert_null(strstr(concrete, "abstract"));
    /* A name that is no type matches nothing, as in QEMU. */
    assert_reply("{\"execute\": \"qom-list-types\", \"arguments\": "
                 "{\"implements\": \"nope\"}}",
                 "{\"return\":[]}");
    g_assert_cmpuint(gadget_instances, ==, before);
}

/* Without a filter: every type, the two roots without a parent. */
static void test_list_types_everything(void)
{
    g_autofree char *reply = qmp("{\"execute\": \"qom-list-types\", "
                                 "\"arguments\": {\"abstract\": true}}");
    g_autoptr(QDict) dict = qdict_from_json(reply, &error_abort);
    QList *types = qdict_get_qlist(dict, "return");
    const char *previous = "";
    unsigned roots = 0;

    g_assert_nonnull(types);
    for (size_t i = 0; i < qlist_size(types); i++) {
        QDict *t = qobject_to(QDict, qlist_entry(types, i));
        const char *name = qdict_get_try_str(t, "name");

        g_assert_cmpstr(previous, <, name);
        previous = name;
        if (!qdict_haskey(t, "parent")) {
            g_assert_true(g_str_equal(name, "object") ||
                          g_str_equal(name, "interface"));
            g_assert_true(qdict_get_try_bool(t, "abstract", false));
            roots++;
        }
    }
    g_assert_cmpuint(roots, ==, 2);
}

/* The seam this closes: a schema-declared type's properties, types,
 * one-line docs and defaults, before any object of it exists, and without
 * making one. */
static void test_list_properties_of_schema_type_makes_no_object(void)
{
    unsigned before = gadget_instances;

    assert_reply(
        "{\"execute\": \"qom-list-properties\", \"arguments\": "
        "{\"typename\": \"qmp-test-gadget\"}}",
        "{\"return\":["
        "{\"name\":\"type\",\"type\":\"str\","
        "\"description\":\"the object's QOM type\"},"
        "{\"name\":\"label\",\"type\":\"str\","
        "\"description\":\"What messages call the gadget\","
        "\"default-value\":\"unnamed\"},"
        "{\"name\":\"count\",\"type\":\"uint32\","
        "\"description\":\"How many things it counts\",\"default-value\":7},"
        "{\"name\":\"speed\",\"type\":\"uint32\","
        "\"description\":\"Ticks per second\",\"default-value\":100,"
        "\"runtime\":true},"
        "{\"name\":\"limit\",\"type\":\"uint64\","
        "\"description\":\"The most ticks it will ever make\","
        "\"default-value\":18446744073709551615},"
        "{\"name\":\"tags\",\"type\":\"[str]\","
        "\"description\":\"Free-form tags\",\"default-value\":[\"a\",\"b\"]},"
        "{\"name\":\"enabled\",\"type\":\"bool\","
        "\"description\":\"Whether it ticks at all\"},"
        "{\"name\":\"offset\",\"type\":\"int64\","
        "\"description\":\"A signed adjustment\",\"default-value\":-1}]}");
    g_assert_cmpuint(gadget_instances, ==, before);
    /* main() runs this first: no gadget has existed in this process. */
    g_assert_cmpuint(gadget_instances, ==, 0);
}

/* An abstract type answers too: nothing could be instantiated anyway. */
static void test_list_properties_of_abstract_type(void)
{
    assert_reply(
        "{\"execute\": \"qom-list-properties\", \"arguments\": "
        "{\"typename\": \"qmp-test-base\"}}",
        "{\"return\":["
        "{\"name\":\"type\",\"type\":\"str\","
        "\"description\":\"the object's QOM type\"},"
        "{\"name\":\"label\",\"type\":\"str\","
        "\"description\":\"What messages call the gadget\","
        "\"default-value\":\"unnamed\"}]}");
}

/* A type only C knows: the class's own descriptions and defaults. */
static void test_list_properties_of_c_type(void)
{
    assert_reply(
        "{\"execute\": \"qom-list-properties\", \"arguments\": "
        "{\"typename\": \"qmp-test-plain\"}}",
        "{\"return\":["
        "{\"name\":\"type\",\"type\":\"str\","
        "\"description\":\"the object's QOM type\"},"
        "{\"name\":\"volume\",\"type\":\"uint8\","
        "\"description\":\"how loud it is\",\"default-value\":11},"
        "{\"name\":\"peer\",\"type\":\"link<qmp-test-gadget>\","
        "\"description\":\"the gadget it follows\"}]}");
}

/* A type no C code registers: its registered ancestor's class, then what
 * the schema adds. */
static void test_list_properties_of_schema_only_type(void)
{
    unsigned before = gadget_instances;
    g_autofree char *reply = qmp(
        "{\"execute\": \"qom-list-properties\", \"arguments\": "
        "{\"typename\": \"qmp-test-ghost\"}}");
    g_autofree char *gadget = qmp(
        "{\"execute\": \"qom-list-properties\", \"arguments\": "
        "{\"typename\": \"qmp-test-gadget\"}}");
    /* The gadget's list with the ghost's one property added at its end. */
    g_autofree char *expected = g_strdup_printf(
        "%.*s,{\"name\":\"haunts\",\"type\":\"str\","
        "\"description\":\"Where it appears\","
        "\"default-value\":\"attic\"}]}",
        (int)strlen(gadget) - 2, gadget);

    g_assert_cmpstr(reply, ==, expected);
    g_assert_cmpuint(gadget_instances, ==, before);
}

static void test_list_properties_of_unknown_type(void)
{
    assert_reply("{\"execute\": \"qom-list-properties\", \"arguments\": "
                 "{\"typename\": \"nope\"}}",
                 "{\"error\":{\"class\":\"GenericError\",\"desc\":"
                 "\"unknown type 'nope'\"}}");
}

/* The C entry point gives the same errors the commands do. */
static void test_resolve_path_errors(void)
{
    Object *top = fixture_new();
    Error *err = NULL;

    g_assert_true(qom_qmp_cmds_resolve_path("gadget1", &error_abort) ==
                  object_resolve_path("/qmp-test/gadget1", NULL));
    g_assert_null(qom_qmp_cmds_resolve_path("/nowhere", &err));
    g_assert_cmpint(error_get_class(err), ==, ERROR_CLASS_DEVICE_NOT_FOUND);
    g_assert_cmpstr(error_get_pretty(err), ==, "Device '/nowhere' not found");
    error_free_or_abort(&err);
    fixture_free(top);
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    /* First, while no gadget has ever existed. */
    g_test_add_func("/qom-qmp/list-properties/schema-type-makes-no-object",
                    test_list_properties_of_schema_type_makes_no_object);
    g_test_add_func("/qom-qmp/list-properties/abstract-type",
                    test_list_properties_of_abstract_type);
    g_test_add_func("/qom-qmp/list-properties/c-type-from-its-class",
                    test_list_properties_of_c_type);
    g_test_add_func("/qom-qmp/list-properties/schema-only-type-from-schema",
                    test_list_properties_of_schema_only_type);
    g_test_add_func("/qom-qmp/list-properties/unknown-type-is-refused",
                    test_list_properties_of_unknown_type);
    g_test_add_func("/qom-qmp/list-types/filters-by-implements-and-abstract",
                    test_list_types_filters);
    g_test_add_func("/qom-qmp/list-types/everything-sorted-two-roots",
                    test_list_types_everything);
    g_test_add_func("/qom-qmp/list/every-property-in-declaration-order",
                    test_list_gives_every_property_in_order);
    g_test_add_func("/qom-qmp/list/links-and-children-with-target-type",
                    test_list_shows_links_and_children);
    g_test_add_func("/qom-qmp/get/reads-schema-defaults",
                    test_get_reads_schema_defaults);
    g_test_add_func("/qom-qmp/set-get/round-trips-exactly",
                    test_set_then_get_round_trips);
    g_test_add_func("/qom-qmp/get-set/children-and-links-are-paths",
                    test_children_and_links_are_paths);
    g_test_add_func("/qom-qmp/set/wrong-type-names-property-and-type",
                    test_set_wrong_type_names_property_and_type);
    g_test_add_func("/qom-qmp/set/frozen-object-takes-only-runtime",
                    test_set_obeys_the_freeze);
    g_test_add_func("/qom-qmp/set/live-change-event",
                    test_live_change_event);
    g_test_add_func("/qom-qmp/set/read-only-property-is-refused",
                    test_set_read_only_refused);
    g_test_add_func("/qom-qmp/errors/unknown-path-is-device-not-found",
                    test_unknown_path_is_device_not_found);
    g_test_add_func("/qom-qmp/errors/ambiguous-path-is-refused",
                    test_ambiguous_path_is_refused);
    g_test_add_func("/qom-qmp/errors/unknown-property-is-refused",
                    test_unknown_property_is_refused);
    g_test_add_func("/qom-qmp/errors/missing-argument-is-refused",
                    test_missing_argument_is_refused);
    g_test_add_func("/qom-qmp/resolve-path/gives-the-commands-errors",
                    test_resolve_path_errors);
    return g_test_run();
}

/* The qom backend end to end: C types registered on the code qapi-gen wrote
 * from qom-test.json, checked through QOM.
 *
 *   object
 *   +-- test-base (abstract)       label
 *       +-- test-rng [user-creatable]   backend, max-bytes, period
 *       |                          (runtime), buffer, enabled, mode, tags,
 *       |                          offset, ratio, limit, debug (compiled out)
 *       +-- test-probe             samples, start (alternate), meta (any)
 *
 * The C side is what a device author writes: a state struct embedding the
 * generated property struct, a class_init that calls the generated
 * registration, a TypeInfo that starts with the generated fields. */
#include <math.h>

#include "object-interfaces.h"
#include "qjson.h"
#include "qomtest-qapi-qom.h"

OBJECT_DECLARE_SIMPLE_TYPE(TestBase, TEST_BASE)
OBJECT_DECLARE_SIMPLE_TYPE(TestRng, TEST_RNG)
OBJECT_DECLARE_SIMPLE_TYPE(TestProbe, TEST_PROBE)

struct TestBase {
    Object parent_obj;
    TestBaseProperties props;
};

struct TestRng {
    TestBase parent_obj;
    TestRngProperties props;
    bool completed;
};

struct TestProbe {
    TestBase parent_obj;
    TestProbeProps props;
};

/* How many test-rng objects were ever made: the introspection test proves
 * it needs none. Test-only state. */
static unsigned test_rng_instances;

static void test_base_class_init(ObjectClass *oc, const void *data)
{
    qom_test_base_class_add_properties(
        oc, QOM_PROPS_OFFSET(TestBase, props, TestBaseProperties));
}

static void test_rng_init(Object *obj)
{
    test_rng_instances++;
}

/* The schema says backend is mandatory; complete() is where a back-end
 * checks what it was given. */
static bool test_rng_complete(UserCreatable *uc, Error **errp)
{
    TestRng *s = TEST_RNG(uc);

    if (!s->props.backend) {
        error_setg(errp, "test-rng needs a backend");
        return false;
    }
    s->completed = true;
    return true;
}

static void test_rng_class_init(ObjectClass *oc, const void *data)
{
    UserCreatableClass *ucc = USER_CREATABLE_CLASS(oc);

    qom_test_rng_class_add_properties(
        oc, QOM_PROPS_OFFSET(TestRng, props, TestRngProperties));
    ucc->complete = test_rng_complete;
}

static void test_probe_class_init(ObjectClass *oc, const void *data)
{
    qom_test_probe_class_add_properties(
        oc, QOM_PROPS_OFFSET(TestProbe, props, TestProbeProps));
}

static const TypeInfo test_types[] = {
    {
        QOM_TEST_BASE_TYPE_INFO,
        .instance_size = sizeof(TestBase),
        .class_init = test_base_class_init,
    },
    {
        QOM_TEST_RNG_TYPE_INFO,
        .instance_size = sizeof(TestRng),
        .instance_init = test_rng_init,
        .class_init = test_rng_class_init,
        .interfaces = (const InterfaceInfo[]) {
            { TYPE_USER_CREATABLE },
            { NULL },
        },
    },
    {
        QOM_TEST_PROBE_TYPE_INFO,
        .instance_size = sizeof(TestProbe),
        .class_init = test_probe_class_init,
    },
};

DEFINE_TYPES(test_types)

static char *default_json(const ObjectProperty *prop)
{
    QObject *def = object_property_get_default(prop);

    return def ? qobject_to_json(def) : NULL;
}

static char *get_json(Object *obj, const char *name)
{
    g_autoptr(QObject) value = object_property_get_qobject(obj, name,
                                                           &error_abort);

    return qobject_to_json(value);
}

static void set_json(Object *obj, const char *name, const char *json,
                     Error **errp)
{
    g_autoptr(QObject) value = qobject_from_json(json, &error_abort);

    object_property_set_qobject(obj, name, value, errp);
}

/* Checks the error's message and frees it, ready for the next one. */
static void assert_error(Error **err, const char *expected)
{
    g_assert_nonnull(*err);
    g_assert_cmpstr(error_get_pretty(*err), ==, expected);
    g_clear_pointer(err, error_free);
}

/* Introspection */

/* Everything `-device test-rng,help` shows comes from the class, and the
 * class from the schema: no object is made. Inherited ones come first. */
static void test_class_lists_schema_properties(void)
{
    static const struct {
        const char *name, *type, *description, *default_json;
    } expected[] = {
        { "type", "str", "the object's QOM type", NULL },
        { "label", "str", "What messages call the source", "\"unnamed\"" },
        { "backend", "str", "The backend's id; it must be set", NULL },
        { "max-bytes", "uint32", "Bytes allowed per period", "1024" },
        { "period", "uint32", "Milliseconds between refills", "65536" },
        { "buffer", "size", "Size of the refill buffer", "4096" },
        { "enabled", "bool", "Whether read returns anything", NULL },
        { "mode", "TestMode", "How it works", "\"fast\"" },
        { "tags", "[str]", "Free-form tags", "[\"a\",\"b\"]" },
        { "offset", "int8", "A signed adjustment", "-128" },
        { "ratio", "number", "How many bytes to mix into each one kept",
          "2.0" },
        { "limit", "uint64", "The most bytes it will ever give",
          "18446744073709551615" },
    };
    ObjectClass *oc = object_class_by_name(TYPE_TEST_RNG);
    ObjectPropertyIterator iter;
    size_t i = 0;

    g_assert_nonnull(oc);
    object_class_property_iter_init(&iter, oc);
    for (ObjectProperty *prop; (prop = object_property_iter_next(&iter));
         i++) {
        g_autofree char *def = default_json(prop);

        g_assert_cmpuint(i, <, G_N_ELEMENTS(expected));
        g_assert_cmpstr(prop->name, ==, expected[i].name);
        g_assert_cmpstr(prop->type, ==, expected[i].type);
        g_assert_cmpstr(prop->description, ==, expected[i].description);
        g_assert_cmpstr(def, ==, expected[i].default_json);
    }
    g_assert_cmpuint(i, ==, G_N_ELEMENTS(expected));
    g_assert_cmpuint(test_rng_instances, ==, 0);
}

/* A property the schema puts under 'if' is not there when the condition
 * is false: not registered, not listed. */
static void test_conditional_property_compiled_out(void)
{
    ObjectClass *oc = object_class_by_name(TYPE_TEST_RNG);

    g_assert_null(object_class_property_find(oc, "debug"));
    g_assert_null(qom_schema_find_property(TYPE_TEST_RNG, "debug"));
}

/* The table answers what QOM cannot: the parent, the flags, runtime. */
static void test_table_describes_types(void)
{
    const QomSchemaType *rng = qom_schema_find_type(TYPE_TEST_RNG);
    const QomSchemaType *base = qom_schema_find_type(TYPE_TEST_BASE);
    const QomSchemaType *root = qom_schema_find_type(TYPE_OBJECT);

    g_assert_nonnull(rng);
    g_assert_cmpstr(rng->parent, ==, "test-base");
    g_assert_false(rng->abstract);
    g_assert_true(rng->user_creatable);
    g_assert_cmpstr(rng->description, ==,
                    "A test entropy source, e.g. for the schema tests");
    g_assert_cmpuint(rng->n_properties, ==, 10);
    g_assert_true(qom_schema_type_get_parent(rng) == base);

    g_assert_true(base->abstract);
    g_assert_false(base->user_creatable);
    g_assert_cmpstr(base->description, ==, "What every test source has");
    g_assert_null(root->parent);
    g_assert_null(qom_schema_type_get_parent(root));
    g_assert_null(qom_schema_find_type("no-such-type"));
    g_assert_cmpuint(qomtest_qom_schema_types_len, ==, 4);
}

static void test_table_describes_properties(void)
{
    const QomSchemaProperty *backend =
        qom_schema_find_property(TYPE_TEST_RNG, "backend");
    const QomSchemaProperty *period =
        qom_schema_find_property(TYPE_TEST_RNG, "period");
    const QomSchemaProperty *max_bytes =
        qom_schema_find_property(TYPE_TEST_RNG, "max-bytes");
    const QomSchemaProperty *label =
        qom_schema_find_property(TYPE_TEST_RNG, "label");
    const QomSchemaProperty *samples =
        qom_schema_find_property(TYPE_TEST_PROBE, "samples");

    g_assert_true(backend->mandatory);
    g_assert_null(backend->default_json);
    g_assert_true(period->runtime);
    g_assert_false(period->mandatory);
    g_assert_false(max_bytes->runtime);
    g_assert_cmpstr(max_bytes->type, ==, "uint32");
    g_assert_cmpstr(max_bytes->default_json, ==, "1024");
    /* Inherited: found through the parent. */
    g_assert_cmpstr(label->default_json, ==, "\"unnamed\"");
    g_assert_true(label == qom_schema_find_property(TYPE_TEST_BASE, "label"));
    g_assert_cmpstr(samples->type, ==, "[uint32]");
    g_assert_cmpstr(samples->default_json, ==, "[1,2,3]");
    g_assert_null(qom_schema_find_property(TYPE_TEST_RNG, "nope"));
    g_assert_null(qom_schema_find_property("no-such-type", "label"));
}

/* The check a program runs once: every schema type registered in C, with
 * the schema's parent, flags and properties. */
static void test_classes_agree_with_schema(void)
{
    g_assert_true(qom_schema_check_classes(true, &error_abort));
}

/* The check's failures, each in a subprocess: they add to the process's
 * registries for good. */

static void forgetful_class_init(ObjectClass *oc, const void *data)
{
    /* Should call a generated registration; does not. */
}

static bool extra_get(Object *obj)
{
    return true;
}

static void sneaky_class_init(ObjectClass *oc, const void *data)
{
    object_class_property_add_bool(oc, "secret", extra_get, NULL);
}

static const QomSchemaProperty forgetful_props[] = {
    { .name = "speed", .type = "uint32" },
};

static const QomSchemaType bad_schema[] = {
    { .name = "test-forgetful", .parent = "test-base",
      .properties = forgetful_props, .n_properties = 1 },
    { .name = "test-sneaky", .parent = "test-base" },
    { .name = "test-orphan", .parent = "test-base" },
    { .name = "test-adopted", .parent = "test-base" },
};

static void register_bad_type(const char *name, const char *parent,
                              void (*class_init)(ObjectClass *, const void *))
{
    TypeInfo info = {
        .name = name,
        .parent = parent,
        .instance_size = sizeof(TestBase),
        .class_init = class_init,
    };

    type_register(&info);
}

static void assert_check_fails(const char *expected)
{
    Error *err = NULL;

    g_assert_false(qom_schema_check_classes(false, &err));
    assert_error(&err, expected);
}

static void test_check_finds_missing_registration(void)
{
    if (g_test_subprocess()) {
        qom_schema_register(bad_schema, 1);
        register_bad_type("test-forgetful", TYPE_TEST_BASE,
                          forgetful_class_init);
        assert_check_fails("QOM type 'test-forgetful' does not register its "
                           "schema property 'speed' (its class_init must "
                           "call the generated registration)");
        return;
    }
    g_test_trap_subprocess(NULL, 0, G_TEST_SUBPROCESS_DEFAULT);
    g_test_trap_assert_passed();
}

static void test_check_finds_undeclared_property(void)
{
    if (g_test_subprocess()) {
        qom_schema_register(&bad_schema[1], 1);
        register_bad_type("test-sneaky", TYPE_TEST_BASE, sneaky_class_init);
        assert_check_fails("property 'secret' of QOM type 'test-sneaky' is "
                           "not in the schema");
        return;
    }
    g_test_trap_subprocess(NULL, 0, G_TEST_SUBPROCESS_DEFAULT);
    g_test_trap_assert_passed();
}

static void test_check_finds_wrong_parent(void)
{
    if (g_test_subprocess()) {
        Error *err = NULL;

        qom_schema_register(&bad_schema[2], 2);
        register_bad_type("test-adopted", TYPE_OBJECT, NULL);
        assert_check_fails("QOM type 'test-adopted' has parent 'object', "
                           "but the schema says 'test-base'");
        /* test-orphan has no C type at all: fine unless all are needed. */
        g_assert_false(qom_schema_check_classes(true, &err));
        assert_error(&err, "qom-type 'test-orphan' is in the schema, but no "
                     "C code registers it");
        return;
    }
    g_test_trap_subprocess(NULL, 0, G_TEST_SUBPROCESS_DEFAULT);
    g_test_trap_assert_passed();
}

/* A second table may repeat the root every schema declares, nothing else. */
static void test_registry_refuses_second_declaration(void)
{
    static const QomSchemaType again[] = {
        { .name = "object", .abstract = true },
        { .name = "test-base", .parent = "object" },
    };

    if (g_test_subprocess()) {
        qom_schema_register(again, 1);
        g_assert_true(qom_schema_find_type("object") ==
                      &qomtest_qom_schema_types[0]);
        qom_schema_register(&again[1], 1);      /* aborts */
        return;
    }
    g_test_trap_subprocess(NULL, 0, G_TEST_SUBPROCESS_DEFAULT);
    g_test_trap_assert_failed();
    g_test_trap_assert_stderr("*qom-type 'test-base' is declared by two "
                              "schemas*");
}

/* The offset macro is offsetof, checked at compile time. */
static void test_props_offset_is_offsetof(void)
{
    g_assert_cmpuint(QOM_PROPS_OFFSET(TestRng, props, TestRngProperties), ==,
                     offsetof(TestRng, props));
}

/* Instances */

/* Defaults land in the struct, with has_ set; the rest stays zero. */
static void test_new_object_has_defaults(void)
{
    g_autoptr(Object) obj = object_new(TYPE_TEST_RNG);
    TestRng *s = TEST_RNG(obj);
    TestRngProperties *p = &s->props;

    g_assert_cmpstr(TEST_BASE(obj)->props.label, ==, "unnamed");
    g_assert_null(p->backend);
    g_assert_true(p->has_max_bytes);
    g_assert_cmpuint(p->max_bytes, ==, 1024);
    g_assert_cmpuint(p->period, ==, 65536);
    g_assert_cmpuint(p->buffer, ==, 4096);
    g_assert_false(p->has_enabled);
    g_assert_false(p->enabled);
    g_assert_cmpint(p->mode, ==, TEST_MODE_FAST);
    g_assert_nonnull(p->tags);
    g_assert_cmpstr(p->tags->value, ==, "a");
    g_assert_cmpstr(p->tags->next->value, ==, "b");
    g_assert_null(p->tags->next->next);
    g_assert_cmpint(p->offset, ==, -128);
    g_assert_cmpfloat(p->ratio, ==, 2.0);
    g_assert_cmpuint(p->limit, ==, UINT64_MAX);
}

/* An alternate's default picks its branch; a list of numbers too. */
static void test_new_object_has_structured_defaults(void)
{
    g_autoptr(Object) obj = object_new(TYPE_TEST_PROBE);
    TestProbeProps *p = &TEST_PROBE(obj)->props;

    g_assert_cmpint(p->start->type, ==, QTYPE_QSTRING);
    g_assert_cmpstr(p->start->u.name, ==, "dawn");
    g_assert_cmpuint(p->samples->value, ==, 1);
    g_assert_cmpuint(p->samples->next->next->value, ==, 3);
    g_assert_null(p->meta);
}

static void test_scalars_set_and_get(void)
{
    g_autoptr(Object) obj = object_new(TYPE_TEST_RNG);
    TestRngProperties *p = &TEST_RNG(obj)->props;
    uint64_t u;
    int64_t i;
    bool b;

    object_property_set_uint(obj, "max-bytes", 4096, &error_abort);
    object_property_get_uint(obj, "max-bytes", &u, &error_abort);
    g_assert_cmpuint(u, ==, 4096);
    g_assert_cmpuint(p->max_bytes, ==, 4096);

    object_property_set_bool(obj, "enabled", true, &error_abort);
    object_property_get_bool(obj, "enabled", &b, &error_abort);
    g_assert_true(b);
    g_assert_true(p->has_enabled);

    object_property_set_int(obj, "offset", -5, &error_abort);
    object_property_get_int(obj, "offset", &i, &error_abort);
    g_assert_cmpint(i, ==, -5);

    object_property_set_uint(obj, "limit", UINT64_MAX - 1, &error_abort);
    g_assert_cmpuint(p->limit, ==, UINT64_MAX - 1);

    set_json(obj, "ratio", "0.25", &error_abort);
    g_assert_cmpfloat(p->ratio, ==, 0.25);
    g_autofree char *ratio = get_json(obj, "ratio");
    g_assert_cmpstr(ratio, ==, "0.25");
}

/* Text goes through the string visitor: a size takes a suffix. */
static void test_size_parses_suffix(void)
{
    g_autoptr(Object) obj = object_new(TYPE_TEST_RNG);

    object_property_parse(obj, "buffer", "64K", &error_abort);
    g_assert_cmpuint(TEST_RNG(obj)->props.buffer, ==, 65536);
    g_autofree char *text = object_property_print(obj, "buffer", false,
                                                  &error_abort);
    g_assert_cmpstr(text, ==, "65536");
}

static void test_string_replaces_old_value(void)
{
    g_autoptr(Object) obj = object_new(TYPE_TEST_RNG);

    object_property_set_str(obj, "backend", "rng0", &error_abort);
    object_property_set_str(obj, "backend", "rng1", &error_abort);
    g_assert_cmpstr(TEST_RNG(obj)->props.backend, ==, "rng1");
    g_autofree char *value = object_property_get_str(obj, "backend",
                                                     &error_abort);
    g_assert_cmpstr(value, ==, "rng1");
}

static void test_enum_set_and_get(void)
{
    g_autoptr(Object) obj = object_new(TYPE_TEST_RNG);
    int mode;

    object_property_set_str(obj, "mode", "careful", &error_abort);
    g_assert_cmpint(TEST_RNG(obj)->props.mode, ==, TEST_MODE_CAREFUL);
    object_property_get_enum(obj, "mode", &TestMode_lookup, &mode,
                             &error_abort);
    g_assert_cmpint(mode, ==, TEST_MODE_CAREFUL);
}

static void test_list_set_and_get(void)
{
    g_autoptr(Object) obj = object_new(TYPE_TEST_RNG);

    set_json(obj, "tags", "[\"x\", \"y\", \"z\"]", &error_abort);
    g_autofree char *tags = get_json(obj, "tags");
    g_assert_cmpstr(tags, ==, "[\"x\",\"y\",\"z\"]");
    g_assert_cmpstr(TEST_RNG(obj)->props.tags->next->next->value, ==, "z");
}

static void test_alternate_set_and_get(void)
{
    g_autoptr(Object) obj = object_new(TYPE_TEST_PROBE);
    TestProbeProps *p = &TEST_PROBE(obj)->props;

    set_json(obj, "start", "{\"seconds\": 5}", &error_abort);
    g_assert_cmpint(p->start->type, ==, QTYPE_QDICT);
    g_assert_cmpuint(p->start->u.delay->seconds, ==, 5);
    g_autofree char *start = get_json(obj, "start");
    g_assert_cmpstr(start, ==, "{\"seconds\":5}");
}

static void test_any_set_and_get(void)
{
    g_autoptr(Object) obj = object_new(TYPE_TEST_PROBE);

    set_json(obj, "meta", "{\"k\": [1, null]}", &error_abort);
    g_autofree char *meta = get_json(obj, "meta");
    g_assert_cmpstr(meta, ==, "{\"k\":[1,null]}");
}

/* Reading an optional `any` nobody set has nothing to show. */
static void test_unset_any_cannot_be_read(void)
{
    g_autoptr(Object) obj = object_new(TYPE_TEST_PROBE);
    Error *err = NULL;

    g_assert_null(object_property_get_qobject(obj, "meta", &err));
    assert_error(&err, "property 'meta' of 'test-probe' is not set");
}

/* Refusals name the property and what it takes, and change nothing. */

static void test_uint32_refuses_out_of_range(void)
{
    g_autoptr(Object) obj = object_new(TYPE_TEST_RNG);
    Error *err = NULL;

    object_property_set_uint(obj, "max-bytes", UINT64_C(1) << 32, &err);
    assert_error(&err, "parameter 'max-bytes' expects a value between 0 and "
                 "4294967295");
    g_assert_cmpuint(TEST_RNG(obj)->props.max_bytes, ==, 1024);
}

static void test_int8_refuses_out_of_range(void)
{
    g_autoptr(Object) obj = object_new(TYPE_TEST_RNG);
    Error *err = NULL;

    object_property_set_int(obj, "offset", -129, &err);
    assert_error(&err, "parameter 'offset' expects a value between -128 and "
                 "127");
    g_assert_cmpint(TEST_RNG(obj)->props.offset, ==, -128);
}

static void test_enum_refuses_unknown_name(void)
{
    g_autoptr(Object) obj = object_new(TYPE_TEST_RNG);
    Error *err = NULL;

    object_property_set_str(obj, "mode", "turbo", &err);
    assert_error(&err, "parameter 'mode' expects fast, slow or careful, not "
                 "'turbo'");
    g_assert_cmpint(TEST_RNG(obj)->props.mode, ==, TEST_MODE_FAST);
}

/* A list with one bad element is refused whole; the old list stays. */
static void test_list_refusal_keeps_old_list(void)
{
    g_autoptr(Object) obj = object_new(TYPE_TEST_RNG);
    Error *err = NULL;

    set_json(obj, "tags", "[\"ok\", 7]", &err);
    assert_error(&err, "parameter 'tags[1]' expects a string");
    g_autofree char *tags = get_json(obj, "tags");
    g_assert_cmpstr(tags, ==, "[\"a\",\"b\"]");
}

/* Freezing */

/* What qdev will do at realize: fixed properties refuse, with the message
 * users see; runtime ones and reads go on; unrealize thaws. */
static void test_frozen_object_refuses_fixed_property(void)
{
    g_autoptr(Object) obj = object_new(TYPE_TEST_RNG);
    TestRngProperties *p = &TEST_RNG(obj)->props;
    Error *err = NULL;
    uint64_t u;

    object_freeze_properties(obj, "while the device is realized");
    object_property_set_uint(obj, "max-bytes", 1, &err);
    assert_error(&err, "property 'max-bytes' of 'test-rng' cannot change "
                 "while the device is realized (only properties marked "
                 "runtime can)");
    g_assert_cmpuint(p->max_bytes, ==, 1024);

    object_property_set_uint(obj, "period", 10, &error_abort);
    g_assert_cmpuint(p->period, ==, 10);
    object_property_get_uint(obj, "max-bytes", &u, &error_abort);
    g_assert_cmpuint(u, ==, 1024);

    object_thaw_properties(obj);
    object_property_set_uint(obj, "max-bytes", 1, &error_abort);
    g_assert_cmpuint(p->max_bytes, ==, 1);
}

/* Every fixed kind refuses, inherited ones and allocated ones too, before
 * looking at the value. */
static void test_frozen_object_refuses_every_fixed_kind(void)
{
    static const char *const props[] = {
        "label", "backend", "buffer", "enabled", "mode", "tags", "offset",
        "ratio", "limit",
    };
    g_autoptr(Object) obj = object_new(TYPE_TEST_RNG);
    g_autoptr(QObject) junk = QOBJECT(qstring_from_str("junk"));

    object_freeze_properties(obj, "while the device is realized");
    for (size_t i = 0; i < G_N_ELEMENTS(props); i++) {
        Error *err = NULL;
        g_autofree char *expected = g_strdup_printf(
            "property '%s' of 'test-rng' cannot change while the device is "
            "realized (only properties marked runtime can)", props[i]);

        g_assert_false(object_property_set_qobject(obj, props[i], junk,
                                                   &err));
        assert_error(&err, expected);
    }
}

/* object-add: complete() accepts the configuration, which then freezes. */
static void test_complete_freezes_user_object(void)
{
    g_autoptr(QDict) props = qdict_from_json("{\"backend\": \"hw\"}",
                                             &error_abort);
    Error *err = NULL;

    Object *obj = user_creatable_add_type(TYPE_TEST_RNG, "rng0", props, NULL,
                                          &error_abort);
    g_assert_true(TEST_RNG(obj)->completed);
    g_assert_true(object_properties_frozen(obj));

    object_property_set_str(obj, "backend", "other", &err);
    assert_error(&err, "property 'backend' of 'test-rng' cannot change once "
                 "the object is complete (only properties marked runtime "
                 "can)");
    object_property_set_uint(obj, "period", 5, &error_abort);
    g_assert_cmpuint(TEST_RNG(obj)->props.period, ==, 5);

    user_creatable_del("rng0", &error_abort);
}

/* A mandatory property left out: complete() refuses and nothing stays. */
static void test_complete_refuses_missing_mandatory(void)
{
    Error *err = NULL;

    g_assert_null(user_creatable_add_type(TYPE_TEST_RNG, "rng1", NULL, NULL,
                                          &err));
    assert_error(&err, "test-rng needs a backend");
    g_assert_null(object_resolve_path("/objects/rng1", NULL));
}

/* Strings, lists, alternates and anys set over and over are freed, the
 * last ones with the object (the sanitizer build fails on a leak). */
static void test_values_freed_with_object(void)
{
    g_autoptr(Object) rng = object_new(TYPE_TEST_RNG);
    g_autoptr(Object) probe = object_new(TYPE_TEST_PROBE);

    for (int i = 0; i < 3; i++) {
        object_property_set_str(rng, "backend", "b", &error_abort);
        object_property_set_str(rng, "label", "l", &error_abort);
        set_json(rng, "tags", "[\"t\"]", &error_abort);
        set_json(probe, "start", "{\"seconds\": 1}", &error_abort);
        set_json(probe, "meta", "[1]", &error_abort);
        set_json(probe, "samples", "[4, 5]", &error_abort);
    }
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);

    /* First: it checks that no test-rng was ever made. */
    g_test_add_func("/qom-schema/class/lists-schema-properties-without-"
                    "an-instance", test_class_lists_schema_properties);
    g_test_add_func("/qom-schema/class/conditional-property-compiled-out",
                    test_conditional_property_compiled_out);
    g_test_add_func("/qom-schema/table/describes-types",
                    test_table_describes_types);
    g_test_add_func("/qom-schema/table/describes-properties",
                    test_table_describes_properties);
    g_test_add_func("/qom-schema/table/props-offset-is-offsetof",
                    test_props_offset_is_offsetof);
    g_test_add_func("/qom-schema/check/classes-agree-with-schema",
                    test_classes_agree_with_schema);
    g_test_add_func("/qom-schema/check/finds-missing-registration",
                    test_check_finds_missing_registration);
    g_test_add_func("/qom-schema/check/finds-undeclared-property",
                    test_check_finds_undeclared_property);
    g_test_add_func("/qom-schema/check/finds-wrong-parent",
                    test_check_finds_wrong_parent);
    g_test_add_func("/qom-schema/registry/refuses-second-declaration",
                    test_registry_refuses_second_declaration);
    g_test_add_func("/qom-schema/instance/has-defaults",
                    test_new_object_has_defaults);
    g_test_add_func("/qom-schema/instance/has-structured-defaults",
                    test_new_object_has_structured_defaults);
    g_test_add_func("/qom-schema/set/scalars", test_scalars_set_and_get);
    g_test_add_func("/qom-schema/set/size-parses-suffix",
                    test_size_parses_suffix);
    g_test_add_func("/qom-schema/set/string-replaces-old-value",
                    test_string_replaces_old_value);
    g_test_add_func("/qom-schema/set/enum", test_enum_set_and_get);
    g_test_add_func("/qom-schema/set/list", test_list_set_and_get);
    g_test_add_func("/qom-schema/set/alternate", test_alternate_set_and_get);
    g_test_add_func("/qom-schema/set/any", test_any_set_and_get);
    g_test_add_func("/qom-schema/get/unset-any-cannot-be-read",
                    test_unset_any_cannot_be_read);
    g_test_add_func("/qom-schema/refuse/uint32-out-of-range",
                    test_uint32_refuses_out_of_range);
    g_test_add_func("/qom-schema/refuse/int8-out-of-range",
                    test_int8_refuses_out_of_range);
    g_test_add_func("/qom-schema/refuse/enum-unknown-name",
                    test_enum_refuses_unknown_name);
    g_test_add_func("/qom-schema/refuse/list-keeps-old-list",
                    test_list_refusal_keeps_old_list);
    g_test_add_func("/qom-schema/freeze/fixed-refuses-runtime-changes",
                    test_frozen_object_refuses_fixed_property);
    g_test_add_func("/qom-schema/freeze/every-fixed-kind-refuses",
                    test_frozen_object_refuses_every_fixed_kind);
    g_test_add_func("/qom-schema/freeze/complete-freezes-user-object",
                    test_complete_freezes_user_object);
    g_test_add_func("/qom-schema/freeze/complete-refuses-missing-mandatory",
                    test_complete_refuses_missing_mandatory);
    g_test_add_func("/qom-schema/instance/values-freed-with-object",
                    test_values_freed_with_object);
    return g_test_run();
}

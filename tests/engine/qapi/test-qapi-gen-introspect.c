/* The introspect backend's answer, qapi_gen_introspection(): what a
 * query-qmp-schema client sees of a small schema held in memory, checked
 * against the JSON QEMU's introspection gives for the same definitions.
 * Expected JSON is written with single quotes, to spare the escapes; no
 * name in these schemas contains a quote. */
#include "qapi-gen.h"
#include "qdict.h"
#include "qjson.h"
#include "qlist.h"

#include <string.h>

static QapiSchema *load(const char *text)
{
    g_autoptr(GHashTable) files =
        g_hash_table_new_full(g_str_hash, g_str_equal, g_free,
                              (GDestroyNotify)g_bytes_unref);

    g_hash_table_insert(files, g_strdup("main.json"),
                        g_bytes_new(text, strlen(text)));
    return qapi_schema_load_memory("main.json", files, &error_abort);
}

static QObject *json(const char *single_quoted)
{
    g_autofree char *text = g_strdelimit(g_strdup(single_quoted), "'", '"');

    return qobject_from_json(text, &error_abort);
}

static QList *introspect(const char *schema_text, bool unmask)
{
    g_autoptr(QapiSchema) schema = load(schema_text);
    QObject *answer = qapi_gen_introspection(schema, unmask);

    g_assert_nonnull(qobject_to(QList, answer));
    return qobject_to(QList, answer);
}

static void assert_json(const QObject *actual, const char *expected_text)
{
    g_autoptr(QObject) expected = json(expected_text);

    if (!qobject_is_equal(actual, expected)) {
        g_autofree char *a = qobject_to_json(actual);
        g_autofree char *e = qobject_to_json(expected);
        g_error("introspection differs:\n  got:      %s\n  expected: %s", a,
                e);
    }
}

/* The SchemaInfo called name; fails the test when there is none. */
static const QObject *info_named(const QList *answer, const char *name)
{
    QLIST_FOREACH_ENTRY(info, answer) {
        const char *n = qdict_get_try_str(qobject_to(QDict, info), "name");

        if (g_strcmp0(n, name) == 0) {
            return info;
        }
    }
    g_error("no SchemaInfo named '%s'", name);
}

static bool has_info(const QList *answer, const char *name)
{
    QLIST_FOREACH_ENTRY(info, answer) {
        const char *n = qdict_get_try_str(qobject_to(QDict, info), "name");

        if (g_strcmp0(n, name) == 0) {
            return true;
        }
    }
    return false;
}

/* Masked: commands and events first, then each type as first used; a
 * type's number is given when its name is first needed, so the struct
 * used by the first command is "0" and the empty object next. */
static void test_masks_in_order_of_first_use(void)
{
    g_autoptr(QList) answer = introspect(
        "{ 'struct': 'Point', 'data': { 'x': 'int', 'y': 'Unit' } }\n"
        "{ 'enum': 'Unit', 'data': [ 'mm', 'in' ] }\n"
        "{ 'command': 'draw', 'data': 'Point' }\n"
        "{ 'event': 'DRAWN', 'data': { 'where': 'Point' } }\n", false);

    assert_json(QOBJECT(answer),
        "[{'name': 'draw', 'meta-type': 'command',"
        "  'arg-type': '0', 'ret-type': '1'},"
        " {'name': 'DRAWN', 'meta-type': 'event', 'arg-type': '2'},"
        " {'name': '0', 'meta-type': 'object', 'members': ["
        "    {'name': 'x', 'type': 'int'}, {'name': 'y', 'type': '3'}]},"
        " {'name': '1', 'meta-type': 'object', 'members': []},"
        " {'name': '2', 'meta-type': 'object', 'members': ["
        "    {'name': 'where', 'type': '0'}]},"
        " {'name': 'int', 'meta-type': 'builtin', 'json-type': 'int'},"
        " {'name': '3', 'meta-type': 'enum',"
        "  'members': [{'name': 'mm'}, {'name': 'in'}],"
        "  'values': ['mm', 'in']}]");
}

/* -u: the schema's own names, implicit types' included. */
static void test_unmask_keeps_names(void)
{
    g_autoptr(QList) answer = introspect(
        "{ 'command': 'go', 'data': { 'speed': 'int' } }\n", true);

    assert_json(info_named(answer, "go"),
        "{'name': 'go', 'meta-type': 'command',"
        " 'arg-type': 'q_obj_go-arg', 'ret-type': 'q_empty'}");
    assert_json(info_named(answer, "q_obj_go-arg"),
        "{'name': 'q_obj_go-arg', 'meta-type': 'object',"
        " 'members': [{'name': 'speed', 'type': 'int'}]}");
    g_assert_true(has_info(answer, "q_empty"));
}

/* Sizes and signedness are not introspected: every integer type, and
 * every array of one, is plain int. */
static void test_integers_collapse_to_int(void)
{
    g_autoptr(QList) answer = introspect(
        "{ 'command': 'set', 'data': { 'a': 'int8', 'b': 'uint64',"
        "  'c': 'size', 'd': [ 'uint16' ], 'e': [ 'int' ] } }\n", true);

    assert_json(info_named(answer, "q_obj_set-arg"),
        "{'name': 'q_obj_set-arg', 'meta-type': 'object', 'members': ["
        "  {'name': 'a', 'type': 'int'}, {'name': 'b', 'type': 'int'},"
        "  {'name': 'c', 'type': 'int'}, {'name': 'd', 'type': '[int]'},"
        "  {'name': 'e', 'type': '[int]'}]}");
    assert_json(info_named(answer, "[int]"),
        "{'name': '[int]', 'meta-type': 'array', 'element-type': 'int'}");
    g_assert_false(has_info(answer, "int8"));
    g_assert_false(has_info(answer, "uint64"));
    g_assert_false(has_info(answer, "size"));
}

/* "default": null marks exactly the optional members. */
static void test_optional_member_has_default_null(void)
{
    g_autoptr(QList) answer = introspect(
        "{ 'command': 'open', 'data': { 'path': 'str', '*mode': 'str',"
        "  '*flags': { 'type': 'bool' } } }\n", true);

    assert_json(info_named(answer, "q_obj_open-arg"),
        "{'name': 'q_obj_open-arg', 'meta-type': 'object', 'members': ["
        "  {'name': 'path', 'type': 'str'},"
        "  {'name': 'mode', 'type': 'str', 'default': null},"
        "  {'name': 'flags', 'type': 'bool', 'default': null}]}");
}

/* A union: its base's members flattened in, its tag, and a variant for
 * every tag value, those the schema leaves out naming the empty object. */
static void test_union_has_tag_and_variants(void)
{
    g_autoptr(QList) answer = introspect(
        "{ 'enum': 'Shape', 'data': [ 'circle', 'square', 'dot' ] }\n"
        "{ 'struct': 'Circle', 'data': { 'radius': 'number' } }\n"
        "{ 'struct': 'Square', 'data': { 'side': 'number' } }\n"
        "{ 'union': 'Figure', 'base': { 'kind': 'Shape', '*label': 'str' },"
        "  'discriminator': 'kind',"
        "  'data': { 'circle': 'Circle', 'square': 'Square' } }\n"
        "{ 'command': 'add', 'data': { 'figure': 'Figure' } }\n", true);

    assert_json(info_named(answer, "Figure"),
        "{'name': 'Figure', 'meta-type': 'object', 'members': ["
        "  {'name': 'kind', 'type': 'Shape'},"
        "  {'name': 'label', 'type': 'str', 'default': null}],"
        " 'tag': 'kind', 'variants': ["
        "  {'case': 'circle', 'type': 'Circle'},"
        "  {'case': 'square', 'type': 'Square'},"
        "  {'case': 'dot', 'type': 'q_empty'}]}");
    assert_json(info_named(answer, "Circle"),
        "{'name': 'Circle', 'meta-type': 'object',"
        " 'members': [{'name': 'radius', 'type': 'number'}]}");
    /* The implicit base is not a type clients see. */
    g_assert_false(has_info(answer, "q_obj_Figure-base"));
}

/* A struct's base is not named; its members come first in the struct. */
static void test_struct_base_is_flattened(void)
{
    g_autoptr(QList) answer = introspect(
        "{ 'struct': 'Base', 'data': { 'id': 'str' } }\n"
        "{ 'struct': 'Disk', 'base': 'Base', 'data': { 'size': 'int' } }\n"
        "{ 'command': 'query-disk', 'returns': 'Disk' }\n", true);

    assert_json(info_named(answer, "Disk"),
        "{'name': 'Disk', 'meta-type': 'object', 'members': ["
        "  {'name': 'id', 'type': 'str'}, {'name': 'size', 'type': 'int'}]}");
    g_assert_false(has_info(answer, "Base"));
}

/* An alternate lists its branch types, nothing else. */
static void test_alternate_members_are_types(void)
{
    g_autoptr(QList) answer = introspect(
        "{ 'struct': 'Ref', 'data': { 'node': 'str' } }\n"
        "{ 'alternate': 'RefOrName', 'data': { 'ref': 'Ref', 'name': 'str',"
        "  'off': 'null' } }\n"
        "{ 'command': 'use', 'data': { 'what': 'RefOrName' } }\n", true);

    assert_json(info_named(answer, "RefOrName"),
        "{'name': 'RefOrName', 'meta-type': 'alternate', 'members': ["
        "  {'type': 'Ref'}, {'type': 'str'}, {'type': 'null'}]}");
    assert_json(info_named(answer, "null"),
        "{'name': 'null', 'meta-type': 'builtin', 'json-type': 'null'}");
}

/* An array is named after its element, masked or not, and is described
 * before its element when it is used first. */
static void test_arrays_are_named_after_their_element(void)
{
    g_autoptr(QList) masked = introspect(
        "{ 'struct': 'Item', 'data': { 'n': 'str' } }\n"
        "{ 'command': 'list', 'returns': [ 'Item' ] }\n", false);
    g_autoptr(QList) unmasked = introspect(
        "{ 'struct': 'Item', 'data': { 'n': 'str' } }\n"
        "{ 'command': 'list', 'returns': [ 'Item' ] }\n", true);

    assert_json(QOBJECT(masked),
        "[{'name': 'list', 'meta-type': 'command',"
        "  'arg-type': '0', 'ret-type': '[1]'},"
        " {'name': '0', 'meta-type': 'object', 'members': []},"
        " {'name': '[1]', 'meta-type': 'array', 'element-type': '1'},"
        " {'name': '1', 'meta-type': 'object',"
        "  'members': [{'name': 'n', 'type': 'str'}]},"
        " {'name': 'str', 'meta-type': 'builtin', 'json-type': 'string'}]");
    assert_json(info_named(unmasked, "[Item]"),
        "{'name': '[Item]', 'meta-type': 'array', 'element-type': 'Item'}");
}

/* Features wherever the schema has them: definitions, members, enum
 * values; and no "features" key where there are none. */
static void test_features_are_listed(void)
{
    g_autoptr(QList) answer = introspect(
        "{ 'enum': 'Mode', 'data': [ 'fast',"
        "  { 'name': 'slow', 'features': [ 'deprecated' ] } ] }\n"
        "{ 'command': 'run', 'features': [ 'unstable', 'fancy' ],"
        "  'data': { 'mode': { 'type': 'Mode',"
        "                      'features': [ 'deprecated' ] },"
        "            'n': 'int' } }\n"
        "{ 'event': 'RAN', 'features': [ 'deprecated' ] }\n", true);

    assert_json(info_named(answer, "run"),
        "{'name': 'run', 'meta-type': 'command', 'arg-type': 'q_obj_run-arg',"
        " 'ret-type': 'q_empty', 'features': ['unstable', 'fancy']}");
    assert_json(info_named(answer, "q_obj_run-arg"),
        "{'name': 'q_obj_run-arg', 'meta-type': 'object', 'members': ["
        "  {'name': 'mode', 'type': 'Mode', 'features': ['deprecated']},"
        "  {'name': 'n', 'type': 'int'}]}");
    assert_json(info_named(answer, "Mode"),
        "{'name': 'Mode', 'meta-type': 'enum', 'members': ["
        "  {'name': 'fast'}, {'name': 'slow', 'features': ['deprecated']}],"
        " 'values': ['fast', 'slow']}");
    assert_json(info_named(answer, "RAN"),
        "{'name': 'RAN', 'meta-type': 'event', 'arg-type': 'q_empty',"
        " 'features': ['deprecated']}");
}

/* No data and no returns both mean the empty object; allow-oob appears
 * only when true; the other command flags are not introspected. */
static void test_command_without_args_or_returns(void)
{
    g_autoptr(QList) answer = introspect(
        "{ 'command': 'ping', 'allow-oob': true }\n"
        "{ 'command': 'quit', 'allow-preconfig': true,"
        "  'success-response': false }\n", true);

    assert_json(info_named(answer, "ping"),
        "{'name': 'ping', 'meta-type': 'command', 'arg-type': 'q_empty',"
        " 'ret-type': 'q_empty', 'allow-oob': true}");
    assert_json(info_named(answer, "quit"),
        "{'name': 'quit', 'meta-type': 'command', 'arg-type': 'q_empty',"
        " 'ret-type': 'q_empty'}");
    assert_json(info_named(answer, "q_empty"),
        "{'name': 'q_empty', 'meta-type': 'object', 'members': []}");
}

/* Only what commands and events reach: not unused types, not the built-in
 * types nobody uses, not QOM types or their property structs. */
static void test_only_reachable_types(void)
{
    g_autoptr(QList) answer = introspect(
        "{ 'struct': 'Unused', 'data': { 'x': 'number' } }\n"
        "{ 'enum': 'Used', 'data': [ 'a' ] }\n"
        "{ 'struct': 'Deep', 'data': { 'e': 'Used' } }\n"
        "{ 'qom-type': 'object' }\n"
        "{ 'qom-type': 'gadget', 'parent': 'object',"
        "  'properties': { '*level': 'uint8' } }\n"
        "{ 'event': 'HAPPENED', 'data': { 'deep': ['Deep'] } }\n", true);
    static const char *const expected[] = {
        "HAPPENED", "q_obj_HAPPENED-arg", "[Deep]", "Deep", "Used",
    };

    g_assert_cmpuint(qlist_size(answer), ==, G_N_ELEMENTS(expected));
    for (size_t i = 0; i < G_N_ELEMENTS(expected); i++) {
        const QDict *info = qobject_to(QDict, qlist_entry(answer, i));

        g_assert_cmpstr(qdict_get_try_str(info, "name"), ==, expected[i]);
    }
}

/* The answer cannot evaluate conditions: it holds every conditional
 * definition, member and value (the generated C decides; see
 * test-qapi-gen-introspect-c.c). */
static void test_conditional_parts_are_all_present(void)
{
    g_autoptr(QList) answer = introspect(
        "{ 'enum': 'Colour', 'data': [ { 'name': 'red', 'if': 'COND_A' },"
        "  'blue' ] }\n"
        "{ 'struct': 'Paint', 'data': {"
        "  'colour': 'Colour', '*coats': { 'type': 'int', 'if': 'COND_A' }"
        "} }\n"
        "{ 'command': 'paint', 'if': 'COND_B', 'data': 'Paint',"
        "  'boxed': true }\n", true);

    assert_json(info_named(answer, "paint"),
        "{'name': 'paint', 'meta-type': 'command', 'arg-type': 'Paint',"
        " 'ret-type': 'q_empty'}");
    assert_json(info_named(answer, "Paint"),
        "{'name': 'Paint', 'meta-type': 'object', 'members': ["
        "  {'name': 'colour', 'type': 'Colour'},"
        "  {'name': 'coats', 'type': 'int', 'default': null}]}");
    assert_json(info_named(answer, "Colour"),
        "{'name': 'Colour', 'meta-type': 'enum',"
        " 'members': [{'name': 'red'}, {'name': 'blue'}],"
        " 'values': ['red', 'blue']}");
}

/* Types reached by several paths are described once. */
static void test_each_type_described_once(void)
{
    g_autoptr(QList) answer = introspect(
        "{ 'struct': 'Node', 'data': { 'name': 'str',"
        "  '*children': [ 'Node' ] } }\n"
        "{ 'command': 'tree', 'returns': 'Node' }\n"
        "{ 'command': 'forest', 'returns': [ 'Node' ] }\n", false);
    g_autoptr(GHashTable) seen = g_hash_table_new(g_str_hash, g_str_equal);

    QLIST_FOREACH_ENTRY(info, answer) {
        const char *name = qdict_get_try_str(qobject_to(QDict, info), "name");

        g_assert_true(g_hash_table_add(seen, (gpointer)name));
    }
    assert_json(info_named(answer, "1"),
        "{'name': '1', 'meta-type': 'object', 'members': ["
        "  {'name': 'name', 'type': 'str'},"
        "  {'name': 'children', 'type': '[1]', 'default': null}]}");
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/qapi-gen/introspect/masks-in-order-of-first-use",
                    test_masks_in_order_of_first_use);
    g_test_add_func("/qapi-gen/introspect/unmask-keeps-names",
                    test_unmask_keeps_names);
    g_test_add_func("/qapi-gen/introspect/integers-collapse-to-int",
                    test_integers_collapse_to_int);
    g_test_add_func("/qapi-gen/introspect/optional-member-has-default-null",
                    test_optional_member_has_default_null);
    g_test_add_func("/qapi-gen/introspect/union-has-tag-and-variants",
                    test_union_has_tag_and_variants);
    g_test_add_func("/qapi-gen/introspect/struct-base-is-flattened",
                    test_struct_base_is_flattened);
    g_test_add_func("/qapi-gen/introspect/alternate-members-are-types",
                    test_alternate_members_are_types);
    g_test_add_func("/qapi-gen/introspect/arrays-are-named-after-element",
                    test_arrays_are_named_after_their_element);
    g_test_add_func("/qapi-gen/introspect/features-are-listed",
                    test_features_are_listed);
    g_test_add_func("/qapi-gen/introspect/command-without-args-or-returns",
                    test_command_without_args_or_returns);
    g_test_add_func("/qapi-gen/introspect/only-reachable-types",
                    test_only_reachable_types);
    g_test_add_func("/qapi-gen/introspect/conditional-parts-all-present",
                    test_conditional_parts_are_all_present);
    g_test_add_func("/qapi-gen/introspect/each-type-described-once",
                    test_each_type_described_once);
    return g_test_run();
}

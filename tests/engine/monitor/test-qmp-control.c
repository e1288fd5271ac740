/* QMP's control commands as a client sees them: JSON requests dispatched
 * in process through the engine's command list, replies compared as JSON
 * text, and the command list checked against the schema's introspection. */
#include <string.h>

#include "qapi-introspect.h"
#include "qjson.h"
#include "qlist.h"
#include "qmp-control.h"
#include "qmp-engine.h"

/* The control and QOM commands, which every session may use before the
 * machine exists. */
static const char *const schema_commands[] = {
    "qmp_capabilities", "query-version", "query-commands",
    "query-qmp-schema", "qom-list", "qom-get", "qom-set", "qom-list-types",
    "qom-list-properties",
};

/* The reply to one request, as compact JSON text. */
static char *qmp(const char *request)
{
    g_autoptr(QObject) req = qobject_from_json(request, &error_abort);
    g_autoptr(QDict) reply = qmp_dispatch(qmp_engine_commands(), req, NULL);

    g_assert_nonnull(reply);
    return qobject_to_json(QOBJECT(reply));
}

static void assert_reply(const char *request, const char *expected)
{
    g_autofree char *reply = qmp(request);

    g_assert_cmpstr(reply, ==, expected);
}

/* The "return" member of a successful reply, as a new reference. */
static QObject *qmp_return(const char *request)
{
    g_autofree char *reply = qmp(request);
    g_autoptr(QDict) dict = qdict_from_json(reply, &error_abort);
    QObject *ret = qdict_get(dict, "return");

    g_assert_nonnull(ret);
    return qobject_ref(ret);
}

/* QEMU 7.2's interface, Quern's version as the package; the id echoed. */
static void test_query_version(void)
{
    assert_reply("{\"execute\": \"query-version\", \"id\": 1}",
                 "{\"return\":{\"qemu\":{\"major\":7,\"minor\":2,"
                 "\"micro\":0},\"package\":\"quern " QUERN_VERSION "\"},"
                 "\"id\":1}");
}

static void test_query_version_refuses_arguments(void)
{
    assert_reply("{\"execute\": \"query-version\", "
                 "\"arguments\": {\"verbose\": true}}",
                 "{\"error\":{\"class\":\"GenericError\",\"desc\":"
                 "\"parameter 'verbose' is unexpected\"}}");
}

/* Every command of the schema (as query-qmp-schema describes it), in
 * schema order, nothing else; the control commands first. */
static void test_query_commands_lists_the_schema(void)
{
    g_autoptr(GString) expected = g_string_new("{\"return\":[");
    g_autoptr(QObject) schema = qmp_return(
        "{\"execute\": \"query-qmp-schema\"}");
    QList *entities = qobject_to(QList, schema);
    size_t n = 0;

    for (size_t i = 0; i < qlist_size(entities); i++) {
        QDict *e = qobject_to(QDict, qlist_entry(entities, i));

        if (g_str_equal(qdict_get_try_str(e, "meta-type"), "command")) {
            g_string_append_printf(expected, "%s{\"name\":\"%s\"}",
                                   n ? "," : "",
                                   qdict_get_try_str(e, "name"));
            if (n < G_N_ELEMENTS(schema_commands)) {
                g_assert_cmpstr(qdict_get_try_str(e, "name"), ==,
                                schema_commands[n]);
            }
            n++;
        }
    }
    g_assert_cmpuint(n, >, G_N_ELEMENTS(schema_commands));
    g_string_append(expected, "]}");
    assert_reply("{\"execute\": \"query-commands\"}", expected->str);
}

/* The list is built once and shared. */
static void test_engine_commands_built_once(void)
{
    const QmpCommandList *cmds = qmp_engine_commands();

    g_assert_true(cmds == qmp_engine_commands());
    for (size_t i = 0; i < G_N_ELEMENTS(schema_commands); i++) {
        const QmpCommand *cmd = qmp_find_command(cmds, schema_commands[i]);

        g_assert_nonnull(cmd);
        /* The schema allows every one of them before the machine exists. */
        g_assert_true(qmp_command_options(cmd) & QCO_ALLOW_PRECONFIG);
    }
}

/* The schema entity called name with meta-type meta, or NULL. */
static QDict *schema_find(QList *schema, const char *name, const char *meta)
{
    for (size_t i = 0; i < qlist_size(schema); i++) {
        QDict *e = qobject_to(QDict, qlist_entry(schema, i));

        if (g_str_equal(qdict_get_try_str(e, "name"), name) &&
            g_str_equal(qdict_get_try_str(e, "meta-type"), meta)) {
            return e;
        }
    }
    return NULL;
}

static bool is_masked(const char *name)
{
    return *name && strspn(name, "0123456789") == strlen(name);
}

/* The answer describes each command query-commands lists (and no other),
 * with masked argument types that name object types it also describes. */
static void test_query_qmp_schema_describes_every_command(void)
{
    g_autoptr(QObject) answer =
        qmp_return("{\"execute\": \"query-qmp-schema\"}");
    g_autoptr(QObject) commands =
        qmp_return("{\"execute\": \"query-commands\"}");
    QList *schema = qobject_to(QList, answer);
    QList *cmds = qobject_to(QList, commands);
    size_t described = 0;

    g_assert_nonnull(schema);
    g_assert_nonnull(cmds);
    g_assert_cmpuint(qlist_size(schema), >, qlist_size(cmds));
    for (size_t i = 0; i < qlist_size(cmds); i++) {
        const char *name = qdict_get_try_str(
            qobject_to(QDict, qlist_entry(cmds, i)), "name");
        QDict *cmd = schema_find(schema, name, "command");
        const char *arg_type;

        g_assert_nonnull(cmd);
        arg_type = qdict_get_try_str(cmd, "arg-type");
        g_assert_true(is_masked(arg_type));
        g_assert_nonnull(schema_find(schema, arg_type, "object"));
        g_assert_nonnull(qdict_get_try_str(cmd, "ret-type"));
    }
    for (size_t i = 0; i < qlist_size(schema); i++) {
        QDict *e = qobject_to(QDict, qlist_entry(schema, i));

        if (g_str_equal(qdict_get_try_str(e, "meta-type"), "command")) {
            described++;
        }
    }
    g_assert_cmpuint(described, ==, qlist_size(cmds));
}

/* A command's arguments as introspection shows them: qom-get's two
 * strings, its `any` result under its built-in name. */
static void test_query_qmp_schema_shows_arguments(void)
{
    g_autoptr(QObject) answer =
        qmp_return("{\"execute\": \"query-qmp-schema\"}");
    QList *schema = qobject_to(QList, answer);
    QDict *cmd = schema_find(schema, "qom-get", "command");
    QDict *args;
    g_autofree char *members = NULL;

    g_assert_nonnull(cmd);
    g_assert_cmpstr(qdict_get_try_str(cmd, "ret-type"), ==, "any");
    args = schema_find(schema, qdict_get_try_str(cmd, "arg-type"), "object");
    g_assert_nonnull(args);
    members = qobject_to_json(qdict_get(args, "members"));
    g_assert_cmpstr(members, ==,
                    "[{\"name\":\"path\",\"type\":\"str\"},"
                    "{\"name\":\"property\",\"type\":\"str\"}]");
}

/* The hand-written marshaller refuses arguments as the generated ones do. */
static void test_query_qmp_schema_refuses_arguments(void)
{
    assert_reply("{\"execute\": \"query-qmp-schema\", "
                 "\"arguments\": {\"full\": true}, \"id\": \"x\"}",
                 "{\"error\":{\"class\":\"GenericError\",\"desc\":"
                 "\"parameter 'full' is unexpected\"},\"id\":\"x\"}");
}

/* Through the command-mode list, negotiation is over: QEMU's answer. */
static void test_qmp_capabilities_in_command_mode(void)
{
    static const char *const requests[] = {
        "{\"execute\": \"qmp_capabilities\"}",
        "{\"execute\": \"qmp_capabilities\", "
        "\"arguments\": {\"enable\": [\"oob\"]}}",
    };

    for (size_t i = 0; i < G_N_ELEMENTS(requests); i++) {
        assert_reply(requests[i],
                     "{\"error\":{\"class\":\"CommandNotFound\",\"desc\":"
                     "\"Capabilities negotiation is already complete, "
                     "command ignored\"}}");
    }
}

/* Its arguments are still checked first, by the generated marshaller. */
static void test_qmp_capabilities_checks_arguments(void)
{
    assert_reply("{\"execute\": \"qmp_capabilities\", "
                 "\"arguments\": {\"enable\": [\"telepathy\"]}}",
                 "{\"error\":{\"class\":\"GenericError\",\"desc\":"
                 "\"parameter 'enable[0]' expects oob, "
                 "not 'telepathy'\"}}");
}

static void test_unknown_command(void)
{
    assert_reply("{\"execute\": \"query-nothing\"}",
                 "{\"error\":{\"class\":\"CommandNotFound\",\"desc\":"
                 "\"The command query-nothing has not been found\"}}");
}

/* The greeting carries query-version's answer; the handler can be called
 * directly for it. */
static void test_query_version_handler(void)
{
    VersionInfo *info = NULL;

    g_assert_true(qmp_query_version(&info, &error_abort));
    g_assert_cmpint(info->qemu->major, ==, QMP_CONTROL_QEMU_MAJOR);
    g_assert_cmpint(info->qemu->minor, ==, QMP_CONTROL_QEMU_MINOR);
    g_assert_cmpint(info->qemu->micro, ==, QMP_CONTROL_QEMU_MICRO);
    g_assert_cmpstr(info->package, ==, "quern " QUERN_VERSION);
    qapi_free_VersionInfo(info);
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/qmp-control/query-version/qemu-7.2-and-quern-package",
                    test_query_version);
    g_test_add_func("/qmp-control/query-version/refuses-arguments",
                    test_query_version_refuses_arguments);
    g_test_add_func("/qmp-control/query-version/handler-answers-directly",
                    test_query_version_handler);
    g_test_add_func("/qmp-control/query-commands/lists-every-schema-command",
                    test_query_commands_lists_the_schema);
    g_test_add_func("/qmp-control/engine-commands/built-once-all-preconfig",
                    test_engine_commands_built_once);
    g_test_add_func("/qmp-control/query-qmp-schema/every-command-masked-args",
                    test_query_qmp_schema_describes_every_command);
    g_test_add_func("/qmp-control/query-qmp-schema/shows-arguments",
                    test_query_qmp_schema_shows_arguments);
    g_test_add_func("/qmp-control/query-qmp-schema/refuses-arguments",
                    test_query_qmp_schema_refuses_arguments);
    g_test_add_func("/qmp-control/qmp-capabilities/command-mode-refuses",
                    test_qmp_capabilities_in_command_mode);
    g_test_add_func("/qmp-control/qmp-capabilities/checks-arguments-first",
                    test_qmp_capabilities_checks_arguments);
    g_test_add_func("/qmp-control/dispatch/unknown-command",
                    test_unknown_command);
    return g_test_run();
}

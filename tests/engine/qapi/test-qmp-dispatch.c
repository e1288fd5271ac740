/* QMP dispatch: requests as a QMP client sends them, replies as it reads
 * them. The marshallers here stand in for generated ones. */
#include "qmp-dispatch.h"
#include "qlist.h"

/* echo: returns its arguments. */
static bool marshal_echo(QDict *args, QObject **ret, Error **errp)
{
    *ret = qobject_deep_copy(QOBJECT(args));
    return true;
}

/* nothing: succeeds with no return value. */
static bool marshal_nothing(QDict *args, QObject **ret, Error **errp)
{
    return true;
}

static bool marshal_fail(QDict *args, QObject **ret, Error **errp)
{
    error_set(errp, ERROR_CLASS_DEVICE_NOT_FOUND, "Device '%s' not found",
              qdict_get_try_str(args, "id") ? qdict_get_try_str(args, "id") : "");
    return false;
}

static QmpCommandList *make_commands(void)
{
    QmpCommandList *cmds = qmp_command_list_new();

    qmp_register_command(cmds, "echo", marshal_echo, QCO_ALLOW_PRECONFIG, 0);
    qmp_register_command(cmds, "nothing", marshal_nothing, QCO_NO_OPTIONS, 0);
    qmp_register_command(cmds, "device_del", marshal_fail, QCO_NO_OPTIONS, 0);
    qmp_register_command(cmds, "fire-and-forget", marshal_nothing,
                         QCO_NO_SUCCESS_RESP, 0);
    qmp_register_command(cmds, "oob-ok", marshal_nothing, QCO_ALLOW_OOB, 0);
    return cmds;
}

static QDict *request(const char *exec_key, const char *name)
{
    QDict *req = qdict_new();

    qdict_put_str(req, exec_key, name);
    return req;
}

static void assert_error(QDict *response, const char *cls, const char *desc)
{
    QDict *error = qdict_get_qdict(response, "error");

    g_assert_nonnull(error);
    g_assert_false(qdict_haskey(response, "return"));
    g_assert_cmpstr(qdict_get_try_str(error, "class"), ==, cls);
    g_assert_cmpstr(qdict_get_try_str(error, "desc"), ==, desc);
    g_assert_cmpuint(qdict_size(error), ==, 2);
}

static void test_return_carries_result_and_id(void)
{
    g_autoptr(QmpCommandList) cmds = make_commands();
    g_autoptr(QDict) req = request("execute", "echo");
    QDict *args = qdict_new();

    qdict_put_uint(args, "addr", UINT64_MAX);
    qdict_put(req, "arguments", args);
    qdict_put_str(req, "id", "req-1");
    g_autoptr(QDict) resp = qmp_dispatch(cmds, QOBJECT(req), NULL);

    QDict *ret = qdict_get_qdict(resp, "return");
    g_assert_nonnull(ret);
    g_assert_cmpuint(qdict_get_try_uint(ret, "addr", 0), ==, UINT64_MAX);
    g_assert_cmpstr(qdict_get_try_str(resp, "id"), ==, "req-1");
    g_assert_cmpuint(qdict_size(resp), ==, 2);
}

/* The id is echoed verbatim, whatever its JSON type. */
static void test_id_of_any_type_echoed(void)
{
    g_autoptr(QmpCommandList) cmds = make_commands();
    QObject *ids[] = {
        QOBJECT(qnum_from_int(-7)), QOBJECT(qnull()),
        QOBJECT(qbool_from_bool(true)), QOBJECT(qlist_new()),
    };
    QDict *dict_id = qdict_new();
    qdict_put_str(dict_id, "client", "tui");

    for (size_t i = 0; i <= G_N_ELEMENTS(ids); i++) {
        QObject *id = i < G_N_ELEMENTS(ids) ? ids[i] : QOBJECT(dict_id);
        g_autoptr(QDict) req = request("execute", "nothing");
        qdict_put_obj(req, "id", id);
        g_autoptr(QDict) resp = qmp_dispatch(cmds, QOBJECT(req), NULL);
        g_assert_true(qobject_is_equal(qdict_get(resp, "id"), id));
    }
}

static void test_no_return_value_gives_empty_object(void)
{
    g_autoptr(QmpCommandList) cmds = make_commands();
    g_autoptr(QDict) req = request("execute", "nothing");
    g_autoptr(QDict) resp = qmp_dispatch(cmds, QOBJECT(req), NULL);
    QDict *ret = qdict_get_qdict(resp, "return");

    g_assert_nonnull(ret);
    g_assert_cmpuint(qdict_size(ret), ==, 0);
    g_assert_false(qdict_haskey(resp, "id"));
}

static void test_missing_arguments_are_empty(void)
{
    g_autoptr(QmpCommandList) cmds = make_commands();
    g_autoptr(QDict) req = request("execute", "echo");
    g_autoptr(QDict) resp = qmp_dispatch(cmds, QOBJECT(req), NULL);

    g_assert_cmpuint(qdict_size(qdict_get_qdict(resp, "return")), ==, 0);
}

static void test_handler_error_keeps_class_and_id(void)
{
    g_autoptr(QmpCommandList) cmds = make_commands();
    g_autoptr(QDict) req = request("execute", "device_del");
    QDict *args = qdict_new();

    qdict_put_str(args, "id", "disk9");
    qdict_put(req, "arguments", args);
    qdict_put_int(req, "id", 3);
    g_autoptr(QDict) resp = qmp_dispatch(cmds, QOBJECT(req), NULL);
    assert_error(resp, "DeviceNotFound", "Device 'disk9' not found");
    g_assert_cmpint(qdict_get_try_int(resp, "id", 0), ==, 3);
}

static void test_non_object_request(void)
{
    g_autoptr(QmpCommandList) cmds = make_commands();
    g_autoptr(QList) list = qlist_new();
    g_autoptr(QDict) resp = qmp_dispatch(cmds, QOBJECT(list), NULL);

    assert_error(resp, "GenericError", "QMP input must be a JSON object");
    g_assert_false(qdict_haskey(resp, "id"));
}

static void test_malformed_requests(void)
{
    g_autoptr(QmpCommandList) cmds = make_commands();
    struct {
        const char *what;
        QDict *req;
        const char *desc;
    } cases[] = {
        { "execute not a string", qdict_new(),
          "QMP input member 'execute' must be a string" },
        { "arguments not an object", request("execute", "echo"),
          "QMP input member 'arguments' must be an object" },
        { "unknown member", request("execute", "echo"),
          "QMP input member 'argument' is unexpected" },
        { "no execute", qdict_new(), "QMP input lacks member 'execute'" },
        { "exec-oob without the capability", request("exec-oob", "oob-ok"),
          "QMP input member 'exec-oob' is unexpected" },
    };
    qdict_put_int(cases[0].req, "execute", 1);
    qdict_put_str(cases[1].req, "arguments", "x");
    qdict_put(cases[2].req, "argument", qdict_new());
    qdict_put_str(cases[3].req, "id", "lonely");

    for (size_t i = 0; i < G_N_ELEMENTS(cases); i++) {
        g_test_message("%s", cases[i].what);
        g_autoptr(QDict) resp = qmp_dispatch(cmds, QOBJECT(cases[i].req), NULL);
        assert_error(resp, "GenericError", cases[i].desc);
        qobject_unref(cases[i].req);
    }
}

/* Even a request that fails its checks gets its id back. */
static void test_malformed_request_still_echoes_id(void)
{
    g_autoptr(QmpCommandList) cmds = make_commands();
    g_autoptr(QDict) req = qdict_new();

    qdict_put_str(req, "id", "lonely");
    g_autoptr(QDict) resp = qmp_dispatch(cmds, QOBJECT(req), NULL);
    g_assert_cmpstr(qdict_get_try_str(resp, "id"), ==, "lonely");
}

static void test_unknown_command(void)
{
    g_autoptr(QmpCommandList) cmds = make_commands();
    g_autoptr(QDict) req = request("execute", "frobnicate");
    g_autoptr(QDict) resp = qmp_dispatch(cmds, QOBJECT(req), NULL);

    assert_error(resp, "CommandNotFound",
                 "The command frobnicate has not been found");
}

static void test_disabled_command_gives_reason(void)
{
    g_autoptr(QmpCommandList) cmds = make_commands();
    g_autoptr(QDict) req = request("execute", "nothing");

    qmp_disable_command(cmds, "nothing", "not in this build");
    g_autoptr(QDict) off = qmp_dispatch(cmds, QOBJECT(req), NULL);
    assert_error(off, "CommandNotFound",
                 "Command nothing has been disabled: not in this build");
    qmp_enable_command(cmds, "nothing");
    g_autoptr(QDict) on = qmp_dispatch(cmds, QOBJECT(req), NULL);
    g_assert_true(qdict_haskey(on, "return"));
}

static void test_oob(void)
{
    g_autoptr(QmpCommandList) cmds = make_commands();
    QmpDispatchContext oob = { .allow_oob = true };
    g_autoptr(QDict) ok = request("exec-oob", "oob-ok");
    g_autoptr(QDict) refused = request("exec-oob", "nothing");
    g_autoptr(QDict) clash = request("execute", "nothing");

    qdict_put_str(clash, "exec-oob", "oob-ok");
    g_assert_true(qmp_is_oob(ok));
    g_assert_false(qmp_is_oob(clash));

    g_autoptr(QDict) r1 = qmp_dispatch(cmds, QOBJECT(ok), &oob);
    g_assert_true(qdict_haskey(r1, "return"));
    g_autoptr(QDict) r2 = qmp_dispatch(cmds, QOBJECT(refused), &oob);
    assert_error(r2, "GenericError", "The command nothing does not support OOB");
    g_autoptr(QDict) r3 = qmp_dispatch(cmds, QOBJECT(clash), &oob);
    assert_error(r3, "GenericError",
                 "QMP input member 'exec-oob' clashes with 'execute'");
}

static void test_preconfig_allows_only_marked_commands(void)
{
    g_autoptr(QmpCommandList) cmds = make_commands();
    QmpDispatchContext pre = { .preconfig = true };
    g_autoptr(QDict) allowed = request("execute", "echo");
    g_autoptr(QDict) refused = request("execute", "nothing");

    g_autoptr(QDict) r1 = qmp_dispatch(cmds, QOBJECT(allowed), &pre);
    g_assert_true(qdict_haskey(r1, "return"));
    g_autoptr(QDict) r2 = qmp_dispatch(cmds, QOBJECT(refused), &pre);
    assert_error(r2, "GenericError", "The command 'nothing' is permitted only "
                 "after machine initialization has completed");
}

static void test_no_success_response(void)
{
    g_autoptr(QmpCommandList) cmds = make_commands();
    g_autoptr(QDict) req = request("execute", "fire-and-forget");

    g_assert_null(qmp_dispatch(cmds, QOBJECT(req), NULL));
}

static void count_command(const QmpCommand *cmd, void *opaque)
{
    GString *names = opaque;

    g_string_append_printf(names, "%s%s", names->len ? " " : "",
                           qmp_command_name(cmd));
}

static void test_listing_in_registration_order(void)
{
    g_autoptr(QmpCommandList) cmds = make_commands();
    g_autoptr(GString) names = g_string_new(NULL);

    qmp_unregister_command(cmds, "nothing");
    qmp_for_each_command(cmds, count_command, names);
    g_assert_cmpstr(names->str, ==,
                    "echo device_del fire-and-forget oob-ok");
    g_assert_null(qmp_find_command(cmds, "nothing"));
    g_assert_true(qmp_command_options(qmp_find_command(cmds, "oob-ok")) &
                  QCO_ALLOW_OOB);
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/qmp-dispatch/return/carries-result-and-id",
                    test_return_carries_result_and_id);
    g_test_add_func("/qmp-dispatch/return/id-of-any-type-echoed",
                    test_id_of_any_type_echoed);
    g_test_add_func("/qmp-dispatch/return/no-value-gives-empty-object",
                    test_no_return_value_gives_empty_object);
    g_test_add_func("/qmp-dispatch/request/missing-arguments-are-empty",
                    test_missing_arguments_are_empty);
    g_test_add_func("/qmp-dispatch/error/handler-error-keeps-class-and-id",
                    test_handler_error_keeps_class_and_id);
    g_test_add_func("/qmp-dispatch/error/non-object-request",
                    test_non_object_request);
    g_test_add_func("/qmp-dispatch/error/malformed-requests",
                    test_malformed_requests);
    g_test_add_func("/qmp-dispatch/error/malformed-request-still-echoes-id",
                    test_malformed_request_still_echoes_id);
    g_test_add_func("/qmp-dispatch/error/unknown-command", test_unknown_command);
    g_test_add_func("/qmp-dispatch/error/disabled-command-gives-reason",
                    test_disabled_command_gives_reason);
    g_test_add_func("/qmp-dispatch/oob/only-for-oob-commands", test_oob);
    g_test_add_func("/qmp-dispatch/preconfig/allows-only-marked-commands",
                    test_preconfig_allows_only_marked_commands);
    g_test_add_func("/qmp-dispatch/return/none-without-success-response",
                    test_no_success_response);
    g_test_add_func("/qmp-dispatch/list/in-registration-order",
                    test_listing_in_registration_order);
    return g_test_run();
}

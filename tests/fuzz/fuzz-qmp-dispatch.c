/* Fuzz target for QMP dispatch (qmp-dispatch.c) and the generated
 * marshallers behind it: the test schema's commands
 * (tests/engine/qapi/schema/qapi-schema-test.json), with the handlers
 * test-qapi-gen uses (tests/engine/qapi/qapi-test-handlers.c). Anything a
 * QMP client sends reaches this code.
 *
 * Input: one control byte, then the request's JSON text.
 *   byte 0: bit 0 the client negotiated OOB; bit 1 the machine is in
 *           preconfig
 * Checks, beyond "no crash, no leak, no undefined behaviour":
 *   - every reply is an object with exactly one of "return" and "error",
 *     and nothing else but "id"; an error is {"class", "desc"} with a known
 *     class and a description;
 *   - "id" is echoed verbatim exactly when the request was an object with
 *     one;
 *   - there is no reply only for a well-formed request of cmd-flags, the
 *     success-response: false command, and such a request always gets none;
 *   - a reply prints as JSON that parses back equal, a returned value is an
 *     instance of its command's return type (the generated visitor reads it
 *     and writes it back equal), and a command without one returns {};
 *   - dispatch leaves the request it was lent as it was, and the same
 *     request gets the same reply again.
 */
#include "qjson.h"
#include "qobject-input-visitor.h"
#include "qobject-output-visitor.h"
#include "test-qapi-commands.h"
#include "test-qapi-visit.h"

#include <stdint.h>
#include <string.h>

/* Registered once: registration is not under test, and its cost would
 * dominate every run. */
static QmpCommandList *fuzz_commands;

/* The command a request names, when it is an object that names one by a
 * key this context allows. */
static const char *fuzz_command_name(const QDict *request,
                                     const QmpDispatchContext *ctx)
{
    const char *name = qdict_get_try_str(request, "execute");

    if (!name && ctx->allow_oob) {
        name = qdict_get_try_str(request, "exec-oob");
    }
    return name;
}

/* Whether request has only the members QMP allows, each of its type, so
 * the command it names runs. */
static bool fuzz_request_is_well_formed(const QDict *request,
                                        const QmpDispatchContext *ctx)
{
    size_t execs = 0;

    QDICT_FOREACH(e, request) {
        const char *key = qdict_entry_key(e);
        const QObject *value = qdict_entry_value(e);

        if (g_str_equal(key, "execute") ||
            (g_str_equal(key, "exec-oob") && ctx->allow_oob)) {
            if (!qobject_to(QString, value)) {
                return false;
            }
            execs++;
        } else if (g_str_equal(key, "arguments")) {
            if (!qobject_to(QDict, value)) {
                return false;
            }
        } else if (!g_str_equal(key, "id")) {
            return false;
        }
    }
    return execs == 1;
}

static void fuzz_check_error(const QDict *error)
{
    static const char *const classes[] = {
        "GenericError", "CommandNotFound", "DeviceNotActive",
        "DeviceNotFound", "KVMMissingCap",
    };
    const char *cls = qdict_get_try_str(error, "class");
    const char *desc = qdict_get_try_str(error, "desc");
    bool known = false;

    g_assert_nonnull(cls);
    g_assert_nonnull(desc);
    g_assert_cmpuint(qdict_size(error), ==, 2);
    g_assert_cmpstr(desc, !=, "");
    for (size_t i = 0; i < G_N_ELEMENTS(classes); i++) {
        known |= g_str_equal(cls, classes[i]);
    }
    g_assert_true(known);
}

/* Visits a QObject as one of the schema's types. */
typedef bool FuzzVisitFn(Visitor *v, const char *name, void **obj,
                         Error **errp);

/* ret read as its type and written back is ret. */
static void fuzz_check_instance(FuzzVisitFn *visit, void (*free_fn)(void *),
                                QObject *ret)
{
    g_autoptr(Visitor) in = qobject_input_visitor_new(ret);
    g_autoptr(QObject) back = NULL;
    void *value = NULL;

    g_assert_true(visit(in, NULL, &value, &error_abort));
    g_autoptr(Visitor) out = qobject_output_visitor_new(&back);
    g_assert_true(visit(out, NULL, &value, &error_abort));
    visit_complete(out, &back);
    free_fn(value);
    g_assert_true(qobject_is_equal(ret, back));
}

/* What a successful command returned, against its schema. */
static void fuzz_check_return(const char *name, QObject *ret)
{
    int64_t time = 0;

    if (g_str_equal(name, "user-def-cmd1")) {
        fuzz_check_instance((FuzzVisitFn *)visit_type_UserDefTwo,
                            (void (*)(void *))qapi_free_UserDefTwo, ret);
    } else if (g_str_equal(name, "cmd-returns-list")) {
        fuzz_check_instance((FuzzVisitFn *)visit_type_UserDefTwoList,
                            (void (*)(void *))qapi_free_UserDefTwoList, ret);
    } else if (g_str_equal(name, "guest-get-time")) {
        g_assert_nonnull(qobject_to(QNum, ret));
        g_assert_true(qnum_get_try_int(qobject_to(QNum, ret), &time));
    } else {
        g_assert_nonnull(qobject_to(QDict, ret));
        g_assert_cmpuint(qdict_size(qobject_to(QDict, ret)), ==, 0);
    }
}

static void fuzz_check_reply(const QDict *reply, QObject *request,
                             const QmpDispatchContext *ctx)
{
    const QDict *dict = qobject_to(QDict, request);
    QObject *ret = qdict_get(reply, "return");
    const QDict *error = qdict_get_qdict(reply, "error");
    QObject *id = qdict_get(reply, "id");

    g_assert_true((ret != NULL) != (qdict_get(reply, "error") != NULL));
    g_assert_cmpuint(qdict_size(reply), ==, 1 + (id != NULL));
    if (error) {
        fuzz_check_error(error);
    }
    if (!dict) {
        g_assert_nonnull(error);
        g_assert_null(id);
        return;
    }
    g_assert_true(qobject_is_equal(id, qdict_get(dict, "id")));
    if (ret) {
        g_assert_true(fuzz_request_is_well_formed(dict, ctx));
        fuzz_check_return(fuzz_command_name(dict, ctx), ret);
    }

    g_autofree char *json = qobject_to_json(QOBJECT(reply));
    g_autoptr(QObject) back = qobject_from_json(json, &error_abort);
    g_assert_true(qobject_is_equal(back, QOBJECT(reply)));
}

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    /* A GLib critical or warning is a bug the fuzzer should stop on. */
    g_log_set_always_fatal(G_LOG_LEVEL_CRITICAL | G_LOG_LEVEL_WARNING);
    fuzz_commands = qmp_command_list_new();
    test_qmp_init_marshal(fuzz_commands);
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1) {
        return 0;
    }
    const QmpDispatchContext ctx = {
        .allow_oob = data[0] & 1,
        .preconfig = data[0] & 2,
    };
    /* Bad JSON never reaches dispatch; fuzz-json-stream covers it. */
    g_autoptr(QObject) request = qobject_from_json_ext(
        (const char *)data + 1, size - 1, QJSON_MAX_DEPTH, NULL);
    if (!request) {
        return 0;
    }
    g_autoptr(QObject) before = qobject_deep_copy(request);
    g_autoptr(QDict) reply = qmp_dispatch(fuzz_commands, request, &ctx);
    const QDict *dict = qobject_to(QDict, request);
    const char *name = dict ? fuzz_command_name(dict, &ctx) : NULL;
    bool silent = name && g_str_equal(name, "cmd-flags") &&
                  fuzz_request_is_well_formed(dict, &ctx);

    g_assert_true(qobject_is_equal(request, before));
    if (silent) {
        g_assert_null(reply);
        return 0;
    }
    g_assert_nonnull(reply);
    fuzz_check_reply(reply, request, &ctx);

    g_autoptr(QDict) again = qmp_dispatch(fuzz_commands, request, &ctx);
    g_assert_true(qobject_is_equal(QOBJECT(again), QOBJECT(reply)));
    return 0;
}

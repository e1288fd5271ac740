/* QMP dispatch: see qmp-dispatch.h. */
#include "qmp-dispatch.h"

struct QmpCommand {
    char *name;
    QmpMarshalFunc fn;
    QmpCommandOptions options;
    unsigned special_features;
    bool enabled;
    char *disable_reason;
};

struct QmpCommandList {
    GPtrArray *order;       /* QmpCommand *, registration order, owned */
    GHashTable *by_name;    /* name -> QmpCommand *, borrowed */
};

static void qmp_command_free(QmpCommand *cmd)
{
    g_free(cmd->name);
    g_free(cmd->disable_reason);
    g_free(cmd);
}

QmpCommandList *qmp_command_list_new(void)
{
    QmpCommandList *cmds = g_new(QmpCommandList, 1);

    cmds->order = g_ptr_array_new_with_free_func(
        (GDestroyNotify)qmp_command_free);
    cmds->by_name = g_hash_table_new(g_str_hash, g_str_equal);
    return cmds;
}

void qmp_command_list_free(QmpCommandList *cmds)
{
    if (cmds) {
        g_hash_table_destroy(cmds->by_name);
        g_ptr_array_free(cmds->order, TRUE);
        g_free(cmds);
    }
}

void qmp_register_command(QmpCommandList *cmds, const char *name,
                          QmpMarshalFunc fn, QmpCommandOptions options,
                          unsigned special_features)
{
    g_assert(!g_hash_table_contains(cmds->by_name, name));
    /* QEMU's rule: OOB commands run outside the main loop, which a
     * coroutine command cannot. */
    g_assert(!((options & QCO_COROUTINE) && (options & QCO_ALLOW_OOB)));

    QmpCommand *cmd = g_new0(QmpCommand, 1);
    cmd->name = g_strdup(name);
    cmd->fn = fn;
    cmd->options = options;
    cmd->special_features = special_features;
    cmd->enabled = true;
    g_ptr_array_add(cmds->order, cmd);
    g_hash_table_insert(cmds->by_name, cmd->name, cmd);
}

void qmp_unregister_command(QmpCommandList *cmds, const char *name)
{
    QmpCommand *cmd = g_hash_table_lookup(cmds->by_name, name);

    if (cmd) {
        g_hash_table_remove(cmds->by_name, name);
        g_ptr_array_remove(cmds->order, cmd);
    }
}

void qmp_disable_command(QmpCommandList *cmds, const char *name,
                         const char *reason)
{
    QmpCommand *cmd = g_hash_table_lookup(cmds->by_name, name);

    if (cmd) {
        cmd->enabled = false;
        g_free(cmd->disable_reason);
        cmd->disable_reason = g_strdup(reason);
    }
}

void qmp_enable_command(QmpCommandList *cmds, const char *name)
{
    QmpCommand *cmd = g_hash_table_lookup(cmds->by_name, name);

    if (cmd) {
        cmd->enabled = true;
        g_clear_pointer(&cmd->disable_reason, g_free);
    }
}

const QmpCommand *qmp_find_command(const QmpCommandList *cmds,
                                   const char *name)
{
    return g_hash_table_lookup(cmds->by_name, name);
}

const char *qmp_command_name(const QmpCommand *cmd)
{
    return cmd->name;
}

bool qmp_command_is_enabled(const QmpCommand *cmd)
{
    return cmd->enabled;
}

QmpCommandOptions qmp_command_options(const QmpCommand *cmd)
{
    return cmd->options;
}

unsigned qmp_command_special_features(const QmpCommand *cmd)
{
    return cmd->special_features;
}

void qmp_for_each_command(const QmpCommandList *cmds, QmpCommandFunc fn,
                          void *opaque)
{
    for (guint i = 0; i < cmds->order->len; i++) {
        fn(g_ptr_array_index(cmds->order, i), opaque);
    }
}

bool qmp_is_oob(const QDict *request)
{
    return qdict_haskey(request, "exec-oob") &&
           !qdict_haskey(request, "execute");
}

QDict *qmp_error_response(Error *err)
{
    QDict *error = qdict_new();
    QDict *response = qdict_new();

    qdict_put_str(error, "class", error_class_name(error_get_class(err)));
    qdict_put_str(error, "desc", error_get_pretty(err));
    qdict_put(response, "error", error);
    error_free(err);
    return response;
}

/* The command a well-formed request names, with its arguments; an error in
 * QEMU's words for anything else. */
static const QmpCommand *qmp_check_request(const QmpCommandList *cmds,
                                           const QDict *request,
                                           const QmpDispatchContext *ctx,
                                           QDict **args, Error **errp)
{
    const char *exec_key = NULL;

    QDICT_FOREACH(e, request) {
        const char *key = qdict_entry_key(e);
        QObject *value = qdict_entry_value(e);

        if (g_str_equal(key, "execute") ||
            (g_str_equal(key, "exec-oob") && ctx->allow_oob)) {
            if (exec_key) {
                error_setg(errp, "QMP input member '%s' clashes with '%s'",
                           key, exec_key);
                return NULL;
            }
            if (!qobject_to(QString, value)) {
                error_setg(errp, "QMP input member '%s' must be a string", key);
                return NULL;
            }
            exec_key = key;
        } else if (g_str_equal(key, "arguments")) {
            if (!qobject_to(QDict, value)) {
                error_setg(errp, "QMP input member 'arguments' must be an "
                           "object");
                return NULL;
            }
        } else if (!g_str_equal(key, "id")) {
            error_setg(errp, "QMP input member '%s' is unexpected", key);
            return NULL;
        }
    }
    if (!exec_key) {
        error_setg(errp, "QMP input lacks member 'execute'");
        return NULL;
    }

    const char *name = qdict_get_try_str(request, exec_key);
    const QmpCommand *cmd = qmp_find_command(cmds, name);
    bool oob = g_str_equal(exec_key, "exec-oob");

    if (!cmd) {
        error_set(errp, ERROR_CLASS_COMMAND_NOT_FOUND,
                  "The command %s has not been found", name);
        return NULL;
    }
    if (!cmd->enabled) {
        error_set(errp, ERROR_CLASS_COMMAND_NOT_FOUND,
                  "Command %s has been disabled%s%s", name,
                  cmd->disable_reason ? ": " : "",
                  cmd->disable_reason ? cmd->disable_reason : "");
        return NULL;
    }
    if (oob && !(cmd->options & QCO_ALLOW_OOB)) {
        error_setg(errp, "The command %s does not support OOB", name);
        return NULL;
    }
    if (ctx->preconfig && !(cmd->options & QCO_ALLOW_PRECONFIG)) {
        error_setg(errp, "The command '%s' is permitted only after machine "
                   "initialization has completed", name);
        return NULL;
    }

    QDict *given = qdict_get_qdict(request, "arguments");
    *args = given ? qobject_ref(given) : qdict_new();
    return cmd;
}

QDict *qmp_dispatch(const QmpCommandList *cmds, QObject *request,
                    const QmpDispatchContext *ctx)
{
    static const QmpDispatchContext no_context;
    const QDict *dict = qobject_to(QDict, request);
    QDict *response = NULL;
    Error *err = NULL;

    if (!ctx) {
        ctx = &no_context;
    }
    if (!dict) {
        error_setg(&err, "QMP input must be a JSON object");
        return qmp_error_response(err);
    }

    g_autoptr(QDict) args = NULL;
    const QmpCommand *cmd = qmp_check_request(cmds, dict, ctx, &args, &err);
    if (cmd) {
        QObject *ret = NULL;
        if (cmd->fn(args, &ret, &err)) {
            if (cmd->options & QCO_NO_SUCCESS_RESP) {
                g_assert(!ret);
                return NULL;
            }
            response = qdict_new();
            qdict_put_obj(response, "return",
                          ret ? ret : QOBJECT(qdict_new()));
        } else {
            g_assert(!ret);
        }
    }
    if (!response) {
        g_assert(err);
        response = qmp_error_response(err);
    }

    QObject *id = qdict_get(dict, "id");
    if (id) {
        qdict_put_obj(response, "id", qobject_ref(id));
    }
    return response;
}

QDict *qmp_event_build_dict(const char *name)
{
    QDict *event = qdict_new();
    QDict *timestamp = qdict_new();
    gint64 now = g_get_real_time();

    qdict_put_str(event, "event", name);
    qdict_put_int(timestamp, "seconds", now / G_USEC_PER_SEC);
    qdict_put_int(timestamp, "microseconds", now % G_USEC_PER_SEC);
    qdict_put(event, "timestamp", timestamp);
    return event;
}

/* The commands backend: for every command, the prototype of the handler the
 * program writes and the marshaller that connects it to QMP dispatch; and
 * PREFIXqmp_init_marshal(), which registers them all.
 *
 * Handlers follow Quern's error convention rather than QEMU's: they return
 * bool, and a command with `returns` hands its result back through an
 * out-parameter just before errp:
 *
 *     bool qmp_query_version(VersionInfo **ret, Error **errp);
 *     bool qmp_qom_get(const char *path, const char *property,
 *                      QObject **ret, Error **errp);
 *
 * Arguments come one per member (optional scalars with a has_ flag before
 * them; strings as const char *, NULL when an optional one is absent), or,
 * for a `boxed` command, as one pointer to the argument struct. The handler
 * owns neither its arguments nor, once it returns, its result. A `gen: false`
 * command has a hand-written marshaller named qmp_<command> that the
 * generated code only declares and registers. */
#include "qapi-gen.h"

#include <string.h>

/* The parameter list of a handler, without the result and errp: one per
 * member, or the whole struct when boxed. The result is q_ret, a name no
 * member can have (the schema reserves q_). */
static char *handler_prototype(const QapiCommand *cmd)
{
    g_autoptr(GString) params = g_string_new(NULL);
    const QapiEntity *ret = cmd->ret_type;

    if (cmd->arg_type && cmd->boxed) {
        g_string_append_printf(params, "%s *arg, ",
                               cmd->arg_type->entity.c_name);
    } else if (cmd->arg_type && cmd->arg_type->members->len) {
        g_autofree char *members = qapi_gen_member_params(cmd->arg_type);
        g_string_append_printf(params, "%s, ", members);
    }
    if (ret) {
        g_autofree char *decl = qapi_gen_c_decl(ret, "*q_ret", false);
        g_string_append_printf(params, "%s, ", decl);
    }
    return g_strdup_printf("bool qmp_%s(%sError **errp)", cmd->entity.c_name,
                           params->str);
}

/* The call of the handler, arguments taken from the struct `arg`. */
static char *handler_call(const QapiCommand *cmd)
{
    g_autoptr(GString) call = g_string_new(NULL);

    g_string_append_printf(call, "qmp_%s(", cmd->entity.c_name);
    if (cmd->arg_type && cmd->boxed) {
        g_string_append(call, "&arg, ");
    } else if (cmd->arg_type) {
        for (guint i = 0; i < cmd->arg_type->members->len; i++) {
            const QapiMember *m = g_ptr_array_index(cmd->arg_type->members, i);
            if (m->optional && !qapi_gen_type_is_pointer(m->type)) {
                g_string_append_printf(call, "arg.has_%s, ", m->c_name);
            }
            g_string_append_printf(call, "arg.%s, ", m->c_name);
        }
    }
    if (cmd->ret_type) {
        g_string_append(call, "&retval, ");
    }
    g_string_append(call, "errp)");
    return g_strdup(call->str);
}

static void emit_marshaller(QapiGenFile *c, const QapiCommand *cmd)
{
    const char *n = cmd->entity.c_name;
    const QapiEntity *ret = cmd->ret_type;
    const char *args_type = cmd->arg_type ? cmd->arg_type->entity.c_name
                                          : "q_empty";
    g_autofree char *call = handler_call(cmd);

    qapi_gen_printf(c,
        "\nbool qmp_marshal_%s(QDict *args, QObject **ret, Error **errp)\n"
        "{\n"
        "    %s arg = { 0 };\n", n, args_type);
    if (!ret) {
        qapi_gen_puts(c, "    (void)ret;   /* no 'returns': the reply is {} */\n");
    } else {
        g_autofree char *decl = qapi_gen_c_decl(ret, "retval", false);
        qapi_gen_printf(c, "    %s = %s;\n", decl,
                        qapi_gen_type_is_pointer(ret) ? "NULL" : "0");
    }
    qapi_gen_printf(c,
        "    Visitor *v = qobject_input_visitor_new(QOBJECT(args));\n"
        "    bool ok = visit_start_struct(v, NULL, NULL, 0, errp);\n"
        "\n"
        "    if (ok) {\n"
        "        ok = visit_type_%s_members(v, &arg, errp) &&\n"
        "             visit_check_struct(v, errp);\n"
        "        visit_end_struct(v, NULL);\n"
        "    }\n"
        "    visit_free(v);\n"
        "    ok = ok && %s;\n", args_type, call);
    if (ret) {
        qapi_gen_printf(c,
            "    if (ok) {\n"
            "        Visitor *out = qobject_output_visitor_new(ret);\n"
            "\n"
            "        visit_type_%s(out, NULL, &retval, &error_abort);\n"
            "        visit_complete(out, ret);\n"
            "        visit_free(out);\n"
            "    }\n", qapi_gen_visit_name(ret));
        if (qapi_gen_type_is_pointer(ret)) {
            /* The result is the handler's gift: free it by walking it. */
            qapi_gen_printf(c,
                "    v = qapi_dealloc_visitor_new();\n"
                "    visit_type_%s(v, NULL, &retval, NULL);\n"
                "    visit_free(v);\n", qapi_gen_visit_name(ret));
        }
    }
    qapi_gen_printf(c,
        "    v = qapi_dealloc_visitor_new();\n"
        "    visit_start_struct(v, NULL, NULL, 0, NULL);\n"
        "    visit_type_%s_members(v, &arg, NULL);\n"
        "    visit_end_struct(v, NULL);\n"
        "    visit_free(v);\n"
        "    return ok;\n"
        "}\n", args_type);
}

static char *command_options(const QapiCommand *cmd)
{
    g_autoptr(GString) opts = g_string_new(NULL);

    if (!cmd->success_response) {
        g_string_append(opts, " | QCO_NO_SUCCESS_RESP");
    }
    if (cmd->allow_oob) {
        g_string_append(opts, " | QCO_ALLOW_OOB");
    }
    if (cmd->allow_preconfig) {
        g_string_append(opts, " | QCO_ALLOW_PRECONFIG");
    }
    if (cmd->coroutine) {
        g_string_append(opts, " | QCO_COROUTINE");
    }
    return g_strdup(opts->len ? opts->str + 3 : "QCO_NO_OPTIONS");
}

/* The special-features mask, each feature under its own condition. */
static void emit_command_features(QapiGenFile *c, const QapiCommand *cmd)
{
    const GPtrArray *features = cmd->entity.features;

    qapi_gen_puts(c, "                         0");
    for (guint i = 0; features && i < features->len; i++) {
        const QapiFeature *f = g_ptr_array_index(features, i);
        const char *mask = f->special == QAPI_SPECIAL_FEATURE_DEPRECATED ?
            "QAPI_FEATURE_MASK_DEPRECATED" :
            f->special == QAPI_SPECIAL_FEATURE_UNSTABLE ?
            "QAPI_FEATURE_MASK_UNSTABLE" : NULL;
        if (!mask) {
            continue;
        }
        qapi_gen_puts(c, "\n");
        qapi_gen_if(c, f->ifcond);
        qapi_gen_printf(c, "                         | %s", mask);
        if (f->ifcond) {
            qapi_gen_puts(c, "\n");
        }
        qapi_gen_endif(c, f->ifcond);
    }
    qapi_gen_puts(c, ");\n");
}

bool qapi_gen_commands(const QapiGenContext *ctx, Error **errp)
{
    g_autofree char *types_h = qapi_gen_file_name(ctx, "qapi-types.h");
    g_autofree char *visit_h = qapi_gen_file_name(ctx, "qapi-visit.h");
    g_autofree char *commands_h = qapi_gen_file_name(ctx, "qapi-commands.h");
    g_autofree char *init = qapi_c_name(ctx->prefix, false);
    g_autoptr(QapiGenFile) h = qapi_gen_file_new(ctx, "qapi-commands.h",
        "QMP command handlers (written by hand) and their marshallers");
    g_autoptr(QapiGenFile) c = qapi_gen_file_new(ctx, "qapi-commands.c",
        "QMP command marshallers and their registration");
    QapiSchemaIter it;

    qapi_gen_printf(h, "#include \"%s\"\n#include \"qmp-dispatch.h\"\n\n"
                    "/* Registers every command of the schema. */\n"
                    "void %sqmp_init_marshal(QmpCommandList *cmds);\n",
                    types_h, init);
    qapi_gen_printf(c, "#include \"%s\"\n#include \"%s\"\n"
                    "#include \"dealloc-visitor.h\"\n"
                    "#include \"qobject-input-visitor.h\"\n"
                    "#include \"qobject-output-visitor.h\"\n",
                    commands_h, visit_h);

    qapi_schema_iter_init(&it, ctx->schema, QAPI_ENTITY_COMMAND);
    for (const QapiEntity *e; (e = qapi_schema_iter_next(&it)); ) {
        const QapiCommand *cmd = qapi_entity_as_command(e);
        qapi_gen_puts(h, "\n");
        qapi_gen_if(h, e->ifcond);
        if (e->doc && qapi_doc_get_body(e->doc)) {
            qapi_gen_comment(h, qapi_doc_get_body(e->doc), "");
        }
        if (cmd->gen) {
            g_autofree char *proto = handler_prototype(cmd);
            qapi_gen_printf(h, "%s;\n", proto);
        }
        qapi_gen_printf(h, "bool qmp_%s%s(QDict *args, QObject **ret, "
                        "Error **errp);\n", cmd->gen ? "marshal_" : "",
                        e->c_name);
        qapi_gen_endif(h, e->ifcond);
        if (cmd->gen) {
            qapi_gen_if(c, e->ifcond);
            emit_marshaller(c, cmd);
            qapi_gen_endif(c, e->ifcond);
        }
    }

    qapi_gen_printf(c, "\nvoid %sqmp_init_marshal(QmpCommandList *cmds)\n{\n",
                    init);
    qapi_schema_iter_init(&it, ctx->schema, QAPI_ENTITY_COMMAND);
    for (const QapiEntity *e; (e = qapi_schema_iter_next(&it)); ) {
        const QapiCommand *cmd = qapi_entity_as_command(e);
        g_autofree char *name = qapi_gen_c_string(e->name);
        g_autofree char *opts = command_options(cmd);
        qapi_gen_if(c, e->ifcond);
        qapi_gen_printf(c, "    qmp_register_command(cmds, %s, qmp_%s%s,\n"
                        "                         %s,\n", name,
                        cmd->gen ? "marshal_" : "", e->c_name, opts);
        emit_command_features(c, cmd);
        qapi_gen_endif(c, e->ifcond);
    }
    qapi_gen_puts(c, "}\n");
    return qapi_gen_file_write(h, errp) && qapi_gen_file_write(c, errp);
}

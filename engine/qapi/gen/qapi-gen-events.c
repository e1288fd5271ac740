/* The events backend: for every event, qapi_event_send_<name>() builds the
 * event message ({"event", "data", "timestamp"}) and hands it to
 * PREFIXqapi_event_emit(), which the program implements (the monitor sends
 * it to every client in command mode). Also the PREFIXQAPIEvent enum with
 * its lookup table, so the emitter can tell events apart (rate limits).
 *
 * Sending cannot fail: the data comes from C values the output visitor
 * always accepts. Arguments are passed like command arguments (see
 * qapi-gen-commands.c); a `boxed` event takes a pointer to its data struct.
 * The sender keeps ownership of everything it passes. */
#include "qapi-gen.h"

/* The sender's parameters: the data's members, or the whole struct when
 * boxed. Its locals all start with q_, which no member may. */
static char *event_params(const QapiEvent *ev)
{
    if (!ev->arg_type) {
        return g_strdup("void");
    }
    if (ev->boxed) {
        return g_strdup_printf("const %s *arg", ev->arg_type->entity.c_name);
    }
    g_autofree char *params = qapi_gen_member_params(ev->arg_type);
    return g_strdup(*params ? params : "void");
}

static void emit_send(QapiGenFile *c, const QapiEvent *ev,
                      const char *enum_const, const char *emit_fn)
{
    const QapiEntity *e = &ev->entity;
    g_autofree char *params = event_params(ev);
    g_autofree char *name = qapi_gen_c_string(e->name);
    g_autofree char *lower = g_ascii_strdown(e->c_name, -1);

    qapi_gen_printf(c, "\nvoid qapi_event_send_%s(%s)\n{\n"
                    "    QDict *q_event = qmp_event_build_dict(%s);\n",
                    lower, params, name);
    if (ev->arg_type) {
        const char *type = ev->arg_type->entity.c_name;
        qapi_gen_puts(c, "    QObject *q_data = NULL;\n"
                      "    Visitor *q_v = qobject_output_visitor_new(&q_data);\n");
        if (ev->boxed) {
            qapi_gen_printf(c, "    /* The output visitor only reads. */\n"
                            "    %s *q_param = (%s *)arg;\n", type, type);
        } else {
            qapi_gen_printf(c, "    %s q_param_struct = {\n", type);
            for (guint i = 0; i < ev->arg_type->members->len; i++) {
                const QapiMember *m = g_ptr_array_index(ev->arg_type->members,
                                                        i);
                if (m->optional && !qapi_gen_type_is_pointer(m->type)) {
                    qapi_gen_printf(c, "        .has_%s = has_%s,\n",
                                    m->c_name, m->c_name);
                }
                /* Strings arrive const; the output visitor only reads. */
                qapi_gen_printf(c, "        .%s = %s%s,\n", m->c_name,
                                g_str_equal(m->type->c_type, "char *") ?
                                "(char *)" : "", m->c_name);
            }
            qapi_gen_printf(c, "    };\n    %s *q_param = &q_param_struct;\n",
                            type);
        }
        qapi_gen_printf(c,
            "\n"
            "    visit_start_struct(q_v, NULL, NULL, 0, &error_abort);\n"
            "    visit_type_%s_members(q_v, q_param, &error_abort);\n"
            "    visit_check_struct(q_v, &error_abort);\n"
            "    visit_end_struct(q_v, NULL);\n"
            "    visit_complete(q_v, &q_data);\n"
            "    visit_free(q_v);\n"
            "    qdict_put_obj(q_event, \"data\", q_data);\n", type);
    }
    qapi_gen_printf(c, "    %s(%s, q_event);\n    qobject_unref(q_event);\n}\n",
                    emit_fn, enum_const);
}

bool qapi_gen_events(const QapiGenContext *ctx, Error **errp)
{
    g_autofree char *types_h = qapi_gen_file_name(ctx, "qapi-types.h");
    g_autofree char *visit_h = qapi_gen_file_name(ctx, "qapi-visit.h");
    g_autofree char *events_h = qapi_gen_file_name(ctx, "qapi-events.h");
    g_autofree char *prefix = qapi_c_name(ctx->prefix, false);
    g_autofree char *enum_name = g_strconcat(prefix, "QAPIEvent", NULL);
    g_autofree char *upper_prefix = g_ascii_strup(prefix, -1);
    g_autofree char *emit_fn = g_strconcat(prefix, "qapi_event_emit", NULL);
    g_autoptr(QapiGenFile) h = qapi_gen_file_new(ctx, "qapi-events.h",
        "QMP events: one send function per event");
    g_autoptr(QapiGenFile) c = qapi_gen_file_new(ctx, "qapi-events.c",
        "QMP events: building each event message");
    QapiSchemaIter it;

    qapi_gen_printf(h, "#include \"%s\"\n#include \"qdict.h\"\n\n"
                    "typedef enum %s {\n", types_h, enum_name);
    qapi_gen_printf(c, "#include \"%s\"\n#include \"%s\"\n"
                    "#include \"qmp-dispatch.h\"\n"
                    "#include \"qobject-output-visitor.h\"\n\n"
                    "const QEnumLookup %s_lookup = {\n"
                    "    .array = (const char *const[]) {\n",
                    events_h, visit_h, enum_name);
    qapi_schema_iter_init(&it, ctx->schema, QAPI_ENTITY_EVENT);
    for (const QapiEntity *e; (e = qapi_schema_iter_next(&it)); ) {
        g_autofree char *upper = g_ascii_strup(e->c_name, -1);
        /* QEMU's spelling: qapi_event_send_shutdown() for SHUTDOWN. */
        g_autofree char *lower = g_ascii_strdown(e->c_name, -1);
        g_autofree char *literal = qapi_gen_c_string(e->name);
        qapi_gen_if(h, e->ifcond);
        qapi_gen_printf(h, "    %sQAPI_EVENT_%s,\n", upper_prefix, upper);
        qapi_gen_endif(h, e->ifcond);
        qapi_gen_if(c, e->ifcond);
        qapi_gen_printf(c, "        [%sQAPI_EVENT_%s] = %s,\n", upper_prefix,
                        upper, literal);
        qapi_gen_endif(c, e->ifcond);
    }
    qapi_gen_printf(h, "    %sQAPI_EVENT__MAX\n} %s;\n\n"
                    "extern const QEnumLookup %s_lookup;\n\n"
                    "/* Delivers a finished event message; the program "
                    "implements it.\n * event is lent for the call. */\n"
                    "void %s(%s name, QDict *event);\n",
                    upper_prefix, enum_name, enum_name, emit_fn, enum_name);
    /* A schema without events still needs a valid initializer. */
    qapi_gen_printf(c, "        NULL,\n    },\n    .size = %sQAPI_EVENT__MAX,\n"
                    "};\n", upper_prefix);

    qapi_schema_iter_init(&it, ctx->schema, QAPI_ENTITY_EVENT);
    for (const QapiEntity *e; (e = qapi_schema_iter_next(&it)); ) {
        const QapiEvent *ev = qapi_entity_as_event(e);
        g_autofree char *params = event_params(ev);
        g_autofree char *upper = g_ascii_strup(e->c_name, -1);
        /* QEMU's spelling: qapi_event_send_shutdown() for SHUTDOWN. */
        g_autofree char *lower = g_ascii_strdown(e->c_name, -1);
        g_autofree char *enum_const = g_strdup_printf("%sQAPI_EVENT_%s",
                                                      upper_prefix, upper);
        qapi_gen_puts(h, "\n");
        qapi_gen_if(h, e->ifcond);
        if (e->doc && qapi_doc_get_body(e->doc)) {
            qapi_gen_comment(h, qapi_doc_get_body(e->doc), "");
        }
        qapi_gen_printf(h, "void qapi_event_send_%s(%s);\n", lower, params);
        qapi_gen_endif(h, e->ifcond);
        qapi_gen_if(c, e->ifcond);
        emit_send(c, ev, enum_const, emit_fn);
        qapi_gen_endif(c, e->ifcond);
    }
    return qapi_gen_file_write(h, errp) && qapi_gen_file_write(c, errp);
}

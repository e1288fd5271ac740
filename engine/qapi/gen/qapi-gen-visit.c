/* The visit backend: one visit function per type, so every visitor (QObject
 * in and out, keyval, strings, clone, dealloc) can walk every type.
 *
 * For an object type Foo: visit_type_Foo_members() visits the members of an
 * existing struct (command marshallers and unions use it), visit_type_Foo()
 * the whole struct. An input visit that fails frees what it built and leaves
 * NULL, so callers never see a half-built value. Built-in entities go to
 * qapi-builtin-visit.{h,c}, the rest to PREFIXqapi-visit.{h,c}. */
#include "qapi-gen.h"

static bool entity_in(const QapiEntity *e, bool builtin)
{
    return e->module->builtin == builtin;
}

static void emit_enum(QapiGenFile *h, QapiGenFile *c, const QapiEntity *e)
{
    qapi_gen_if(h, e->ifcond);
    qapi_gen_printf(h, "bool visit_type_%s(Visitor *v, const char *name, "
                    "%s *obj, Error **errp);\n", e->c_name, e->c_name);
    qapi_gen_endif(h, e->ifcond);

    qapi_gen_puts(c, "\n");
    qapi_gen_if(c, e->ifcond);
    qapi_gen_printf(c,
        "bool visit_type_%s(Visitor *v, const char *name, %s *obj, "
        "Error **errp)\n"
        "{\n"
        "    int value = *obj;\n"
        "\n"
        "    if (!visit_type_enum(v, name, &value, &%s_lookup, errp)) {\n"
        "        return false;\n"
        "    }\n"
        "    *obj = value;\n"
        "    return true;\n"
        "}\n", e->c_name, e->c_name, e->c_name);
    qapi_gen_endif(c, e->ifcond);
}

/* "if (!visit_type_T(v, "name", &obj->x, errp)) { return false; }" with the
 * optional-member dance around it. */
static void emit_member_visit(QapiGenFile *c, const QapiMember *m)
{
    g_autofree char *name = qapi_gen_c_string(m->name);
    const char *indent = m->optional ? "        " : "    ";

    qapi_gen_if(c, m->ifcond);
    if (m->optional) {
        if (qapi_gen_type_is_pointer(m->type)) {
            qapi_gen_printf(c, "    bool has_%s = !!obj->%s;\n\n",
                            m->c_name, m->c_name);
            qapi_gen_printf(c, "    if (visit_optional(v, %s, &has_%s)) {\n",
                            name, m->c_name);
        } else {
            qapi_gen_printf(c, "    if (visit_optional(v, %s, &obj->has_%s)) "
                            "{\n", name, m->c_name);
        }
    }
    qapi_gen_printf(c, "%sif (!visit_type_%s(v, %s, &obj->%s, errp)) {\n"
                    "%s    return false;\n%s}\n", indent,
                    qapi_gen_visit_name(m->type),
                    name, m->c_name, indent, indent);
    if (m->optional) {
        qapi_gen_puts(c, "    }\n");
    }
    qapi_gen_endif(c, m->ifcond);
}

static void emit_variants_visit(QapiGenFile *c, const QapiObjectType *obj)
{
    qapi_gen_printf(c, "    switch (obj->%s) {\n", obj->tag_member->c_name);
    const QapiEnumType *tag = qapi_entity_as_enum(obj->tag_member->type);
    for (guint i = 0; i < obj->variants->len; i++) {
        const QapiVariant *var = g_ptr_array_index(obj->variants, i);
        const QapiEnumValue *value = NULL;
        for (guint j = 0; j < tag->values->len; j++) {
            const QapiEnumValue *ev = g_ptr_array_index(tag->values, j);
            if (g_str_equal(ev->name, var->name)) {
                value = ev;
            }
        }
        g_assert(value);
        /* The case exists only where both the branch and its tag value
         * do. */
        qapi_gen_if_both(c, var->ifcond, value->ifcond);
        if (var->implicit) {
            qapi_gen_printf(c, "    case %s:\n        break;\n", value->c_const);
        } else {
            qapi_gen_printf(c, "    case %s:\n        return visit_type_%s_"
                            "members(v, &obj->u.%s, errp);\n",
                            value->c_const, var->type->c_name, var->c_name);
        }
        qapi_gen_endif_both(c, var->ifcond, value->ifcond);
    }
    /* A tag whose branch a condition compiled out has no members here. */
    qapi_gen_puts(c, "    default:\n        break;\n    }\n");
}

/* The end every visit_type_T() shares: close the walk, and when an input
 * walk failed, free what it built so the caller never sees half a value. */
static void emit_visit_end(QapiGenFile *c, const char *end_fn,
                           const char *type)
{
    qapi_gen_printf(c,
        "out:\n"
        "    %s(v, (void **)obj);\n"
        "    if (!ok && visit_is_input(v)) {\n"
        "        qapi_free_%s(*obj);\n"
        "        *obj = NULL;\n"
        "    }\n"
        "    return ok;\n"
        "}\n", end_fn, type);
}

/* A dealloc walk of a partially built value may meet a NULL struct or
 * alternate: nothing to free below it. */
static void emit_null_is_partial(QapiGenFile *c)
{
    qapi_gen_puts(c,
        "    if (!*obj) {\n"
        "        /* Only a dealloc walk of a partial value meets NULL. */\n"
        "        g_assert(visit_is_dealloc(v));\n"
        "        ok = true;\n"
        "        goto out;\n"
        "    }\n");
}

static void emit_object(QapiGenFile *h, QapiGenFile *c,
                        const QapiObjectType *obj)
{
    const QapiEntity *e = &obj->entity;
    const char *n = e->c_name;

    qapi_gen_if(h, e->ifcond);
    qapi_gen_printf(h, "bool visit_type_%s_members(Visitor *v, %s *obj, "
                    "Error **errp);\n", n, n);
    qapi_gen_printf(h, "bool visit_type_%s(Visitor *v, const char *name, "
                    "%s **obj, Error **errp);\n", n, n);
    qapi_gen_endif(h, e->ifcond);

    qapi_gen_puts(c, "\n");
    qapi_gen_if(c, e->ifcond);
    qapi_gen_printf(c, "bool visit_type_%s_members(Visitor *v, %s *obj, "
                    "Error **errp)\n{\n", n, n);
    if (obj->members->len == 0 && !obj->variants) {
        qapi_gen_puts(c, "    /* No members: nothing to visit. */\n"
                      "    (void)v;\n    (void)obj;\n    (void)errp;\n");
    }
    for (guint i = 0; i < obj->members->len; i++) {
        emit_member_visit(c, g_ptr_array_index(obj->members, i));
    }
    if (obj->variants) {
        emit_variants_visit(c, obj);
    }
    qapi_gen_puts(c, "    return true;\n}\n\n");

    qapi_gen_printf(c,
        "bool visit_type_%s(Visitor *v, const char *name, %s **obj, "
        "Error **errp)\n"
        "{\n"
        "    bool ok = false;\n"
        "\n"
        "    if (!visit_start_struct(v, name, (void **)obj, sizeof(%s), "
        "errp)) {\n"
        "        return false;\n"
        "    }\n", n, n, n);
    emit_null_is_partial(c);
    qapi_gen_printf(c,
        "    ok = visit_type_%s_members(v, *obj, errp) &&\n"
        "         visit_check_struct(v, errp);\n", n);
    emit_visit_end(c, "visit_end_struct", n);
    qapi_gen_endif(c, e->ifcond);
}

/* The prototype of visit_type_T() in the header, and the opening of its
 * definition (down to `bool ok = false;`) in the C file. */
static void emit_visit_open(QapiGenFile *h, QapiGenFile *c,
                            const QapiEntity *e)
{
    const char *n = e->c_name;

    qapi_gen_if(h, e->ifcond);
    qapi_gen_printf(h, "bool visit_type_%s(Visitor *v, const char *name, "
                    "%s **obj, Error **errp);\n", n, n);
    qapi_gen_endif(h, e->ifcond);

    qapi_gen_puts(c, "\n");
    qapi_gen_if(c, e->ifcond);
    qapi_gen_printf(c,
        "bool visit_type_%s(Visitor *v, const char *name, %s **obj, "
        "Error **errp)\n"
        "{\n"
        "    bool ok = false;\n", n, n);
}

static void emit_list(QapiGenFile *h, QapiGenFile *c,
                      const QapiArrayType *arr)
{
    const QapiEntity *e = &arr->entity;
    const char *n = e->c_name;

    emit_visit_open(h, c, e);
    qapi_gen_printf(c,
        "    %s *tail;\n"
        "\n"
        "    if (!visit_start_list(v, name, (GenericList **)obj, "
        "sizeof(%s), errp)) {\n"
        "        return false;\n"
        "    }\n"
        "    for (tail = *obj; tail;\n"
        "         tail = (%s *)visit_next_list(v, (GenericList *)tail, "
        "sizeof(%s))) {\n"
        "        if (!visit_type_%s(v, NULL, &tail->value, errp)) {\n"
        "            goto out;\n"
        "        }\n"
        "    }\n"
        "    ok = visit_check_list(v, errp);\n",
        n, n, n, n, qapi_gen_visit_name(arr->element_type));
    emit_visit_end(c, "visit_end_list", n);
    qapi_gen_endif(c, e->ifcond);
}

static void emit_alternate(QapiGenFile *h, QapiGenFile *c,
                           const QapiAlternateType *alt)
{
    const QapiEntity *e = &alt->entity;
    const char *n = e->c_name;

    emit_visit_open(h, c, e);
    qapi_gen_puts(c,
        "\n"
        "    if (!visit_start_alternate(v, name, (GenericAlternate **)obj, "
        "sizeof(**obj), errp)) {\n"
        "        return false;\n"
        "    }\n");
    emit_null_is_partial(c);
    qapi_gen_puts(c, "    switch ((*obj)->type) {\n");
    for (guint i = 0; i < alt->variants->len; i++) {
        const QapiVariant *var = g_ptr_array_index(alt->variants, i);
        g_autofree char *qtype = g_ascii_strup(
            qtype_name(qapi_type_alternate_qtype(var->type)), -1);
        qapi_gen_if(c, var->ifcond);
        qapi_gen_printf(c, "    case QTYPE_%s:\n        ok = visit_type_%s(v, "
                        "name, &(*obj)->u.%s, errp);\n        break;\n",
                        qtype, qapi_gen_visit_name(var->type), var->c_name);
        qapi_gen_endif(c, var->ifcond);
    }
    qapi_gen_puts(c,
        "    case QTYPE_NONE:\n"
        "        g_assert_not_reached();\n"
        "    default:\n"
        "        if (visit_is_input(v)) {\n"
        "            /* What the branches compiled in accept. */\n"
        "            static const char *const accepted[] = {\n");
    for (guint i = 0; i < alt->variants->len; i++) {
        const QapiVariant *var = g_ptr_array_index(alt->variants, i);
        g_autofree char *what = qapi_gen_c_string(
            qtype_describe(qapi_type_alternate_qtype(var->type)));
        qapi_gen_if(c, var->ifcond);
        qapi_gen_printf(c, "                %s,\n", what);
        qapi_gen_endif(c, var->ifcond);
    }
    qapi_gen_puts(c,
        "                NULL,\n"
        "            };\n"
        "            visit_alternate_error(v, name, accepted, errp);\n"
        "        } else {\n"
        "            ok = true;\n"
        "        }\n"
        "        break;\n"
        "    }\n");
    emit_visit_end(c, "visit_end_alternate", n);
    qapi_gen_endif(c, e->ifcond);
}

static bool gen_visit_module_set(const QapiGenContext *ctx, bool builtin,
                                 Error **errp)
{
    QapiGenContext plain = *ctx;
    plain.prefix = builtin ? "" : ctx->prefix;
    g_autofree char *types_h = qapi_gen_file_name(&plain, builtin ?
        "qapi-builtin-types.h" : "qapi-types.h");
    g_autofree char *visit_h = qapi_gen_file_name(&plain, builtin ?
        "qapi-builtin-visit.h" : "qapi-visit.h");
    g_autoptr(QapiGenFile) h = qapi_gen_file_new(&plain,
        builtin ? "qapi-builtin-visit.h" : "qapi-visit.h",
        "Visit functions: one walk per type for every visitor");
    g_autoptr(QapiGenFile) c = qapi_gen_file_new(&plain,
        builtin ? "qapi-builtin-visit.c" : "qapi-visit.c",
        "Visit functions: one walk per type for every visitor");
    QapiSchemaIter it;

    qapi_gen_printf(h, "#include \"%s\"\n", types_h);
    if (!builtin) {
        qapi_gen_puts(h, "#include \"qapi-builtin-visit.h\"\n");
    }
    qapi_gen_puts(h, "\n");
    qapi_gen_printf(c, "#include \"%s\"\n", visit_h);

    qapi_schema_iter_init(&it, ctx->schema, QAPI_SCHEMA_ITER_ALL);
    for (const QapiEntity *e; (e = qapi_schema_iter_next(&it)); ) {
        if (!entity_in(e, builtin)) {
            continue;
        }
        switch (e->kind) {
        case QAPI_ENTITY_ENUM:
            emit_enum(h, c, e);
            break;
        case QAPI_ENTITY_ARRAY:
            emit_list(h, c, qapi_entity_as_array(e));
            break;
        case QAPI_ENTITY_OBJECT:
            emit_object(h, c, qapi_entity_as_object(e));
            break;
        case QAPI_ENTITY_ALTERNATE:
            emit_alternate(h, c, qapi_entity_as_alternate(e));
            break;
        default:
            break;
        }
    }
    return qapi_gen_file_write(h, errp) && qapi_gen_file_write(c, errp);
}

bool qapi_gen_visit(const QapiGenContext *ctx, Error **errp)
{
    return gen_visit_module_set(ctx, true, errp) &&
           gen_visit_module_set(ctx, false, errp);
}

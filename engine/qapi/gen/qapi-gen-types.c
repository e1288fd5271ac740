/* The types backend: C types for every QAPI type, with their free
 * functions and enum lookup tables.
 *
 * Built-in entities (the lists of built-in types, QType's lookup table)
 * go to qapi-builtin-types.{h,c}, every other one to
 * PREFIXqapi-types.{h,c}. A program that links the output of two schemas
 * compiles the built-in files once.
 *
 * Layout rules (see qapi-gen.h): structs keep the schema's member order,
 * base members first; a union's branches are embedded by value in `u`, so
 * a branch type is defined before the union; an alternate holds its
 * object branches as pointers. */
#include "qapi-gen.h"

#include <string.h>

typedef struct TypesOutput {
    QapiGenFile *h, *c;
    GHashTable *defined;    /* object entities whose struct is emitted */
} TypesOutput;

static bool entity_in(const QapiEntity *e, bool builtin)
{
    return e->module->builtin == builtin;
}

/* "char *name" or "int64_t name": c_type ends in '*' when a pointer. */
static char *c_decl(const char *c_type, const char *name)
{
    return g_strdup_printf("%s%s%s", c_type,
                           g_str_has_suffix(c_type, "*") ? "" : " ", name);
}

static void emit_doc(QapiGenFile *f, const char *text, const char *indent)
{
    if (text && *text) {
        qapi_gen_comment(f, text, indent);
    }
}

static void emit_forward(QapiGenFile *h, const QapiEntity *e)
{
    qapi_gen_if(h, e->ifcond);
    qapi_gen_printf(h, "typedef struct %s %s;\n", e->c_name, e->c_name);
    qapi_gen_endif(h, e->ifcond);
}

static void emit_enum(TypesOutput *out, const QapiEnumType *en)
{
    const QapiEntity *e = &en->entity;
    QapiGenFile *h = out->h, *c = out->c;
    /* qobject.h defines QType itself; only its lookup table is ours. */
    bool predefined = g_str_equal(e->name, "QType");

    qapi_gen_puts(h, "\n");
    qapi_gen_if(h, e->ifcond);
    if (!predefined) {
        emit_doc(h, e->doc ? qapi_doc_get_body(e->doc) : NULL, "");
        qapi_gen_printf(h, "typedef enum %s {\n", e->c_name);
        for (guint i = 0; i < en->values->len; i++) {
            const QapiEnumValue *v = g_ptr_array_index(en->values, i);
            qapi_gen_if(h, v->ifcond);
            qapi_gen_printf(h, "    %s,\n", v->c_const);
            qapi_gen_endif(h, v->ifcond);
        }
        qapi_gen_printf(h, "    %s__MAX,\n} %s;\n", en->c_prefix, e->c_name);
    }
    qapi_gen_printf(h, "extern const QEnumLookup %s_lookup;\n", e->c_name);
    qapi_gen_endif(h, e->ifcond);

    qapi_gen_puts(c, "\n");
    qapi_gen_if(c, e->ifcond);
    qapi_gen_printf(c, "const QEnumLookup %s_lookup = {\n"
                    "    .array = (const char *const[]) {\n", e->c_name);
    for (guint i = 0; i < en->values->len; i++) {
        const QapiEnumValue *v = g_ptr_array_index(en->values, i);
        g_autofree char *literal = qapi_gen_c_string(v->name);
        qapi_gen_if(c, v->ifcond);
        qapi_gen_printf(c, "        [%s] = %s,\n", v->c_const, literal);
        qapi_gen_endif(c, v->ifcond);
    }
    qapi_gen_printf(c, "    },\n    .size = %s__MAX,\n};\n", en->c_prefix);
    qapi_gen_endif(c, e->ifcond);
}

static void emit_list(TypesOutput *out, const QapiArrayType *arr)
{
    const QapiEntity *e = &arr->entity;
    g_autofree char *value = c_decl(arr->element_type->c_type, "value");

    qapi_gen_puts(out->h, "\n");
    qapi_gen_if(out->h, e->ifcond);
    qapi_gen_printf(out->h, "struct %s {\n    %s *next;\n    %s;\n};\n",
                    e->c_name, e->c_name, value);
    qapi_gen_endif(out->h, e->ifcond);
}

static void emit_member(QapiGenFile *h, const QapiMember *m)
{
    g_autofree char *decl = c_decl(m->type->c_type, m->c_name);

    qapi_gen_if(h, m->ifcond);
    emit_doc(h, m->doc ? m->doc->text : NULL, "    ");
    if (m->optional && !qapi_gen_type_is_pointer(m->type)) {
        qapi_gen_printf(h, "    bool has_%s;\n", m->c_name);
    }
    qapi_gen_printf(h, "    %s;\n", decl);
    qapi_gen_endif(h, m->ifcond);
}

static void emit_object(TypesOutput *out, const QapiObjectType *obj);

/* Union branches are embedded by value: their structs come first. */
static void emit_object_deps(TypesOutput *out, const QapiObjectType *obj)
{
    for (guint i = 0; obj->variants && i < obj->variants->len; i++) {
        const QapiVariant *var = g_ptr_array_index(obj->variants, i);
        const QapiObjectType *branch = qapi_entity_as_object(var->type);
        if (branch && !var->implicit) {
            emit_object(out, branch);
        }
    }
}

static void emit_object(TypesOutput *out, const QapiObjectType *obj)
{
    const QapiEntity *e = &obj->entity;
    QapiGenFile *h = out->h;

    if (g_hash_table_contains(out->defined, e)) {
        return;
    }
    g_hash_table_add(out->defined, (gpointer)e);
    emit_object_deps(out, obj);

    qapi_gen_puts(h, "\n");
    qapi_gen_if(h, e->ifcond);
    if (!e->implicit) {
        emit_doc(h, e->doc ? qapi_doc_get_body(e->doc) : NULL, "");
    }
    qapi_gen_printf(h, "struct %s {\n", e->c_name);
    if (obj->members->len == 0 && !obj->variants) {
        /* C has no empty structs; the member is never touched. */
        qapi_gen_puts(h, "    char qapi_dummy_for_empty_struct;\n");
    }
    for (guint i = 0; i < obj->members->len; i++) {
        emit_member(h, g_ptr_array_index(obj->members, i));
    }
    if (obj->variants) {
        bool any = false;
        for (guint i = 0; i < obj->variants->len; i++) {
            const QapiVariant *var = g_ptr_array_index(obj->variants, i);
            any |= !var->implicit;
        }
        if (any) {
            qapi_gen_printf(h, "    union { /* the branch @%s selects */\n",
                            obj->tag_member->name);
            for (guint i = 0; i < obj->variants->len; i++) {
                const QapiVariant *var = g_ptr_array_index(obj->variants, i);
                if (var->implicit) {
                    continue;
                }
                qapi_gen_if(h, var->ifcond);
                qapi_gen_printf(h, "        %s %s;\n", var->type->c_name,
                                var->c_name);
                qapi_gen_endif(h, var->ifcond);
            }
            qapi_gen_puts(h, "    } u;\n");
        }
    }
    qapi_gen_puts(h, "};\n");
    qapi_gen_endif(h, e->ifcond);
}

static void emit_alternate(TypesOutput *out, const QapiAlternateType *alt)
{
    const QapiEntity *e = &alt->entity;
    QapiGenFile *h = out->h;

    qapi_gen_puts(h, "\n");
    qapi_gen_if(h, e->ifcond);
    emit_doc(h, e->doc ? qapi_doc_get_body(e->doc) : NULL, "");
    qapi_gen_printf(h, "struct %s {\n    QType type;   /* picks the branch "
                    "in u */\n    union {\n", e->c_name);
    for (guint i = 0; i < alt->variants->len; i++) {
        const QapiVariant *var = g_ptr_array_index(alt->variants, i);
        g_autofree char *decl = c_decl(var->type->c_type, var->c_name);
        qapi_gen_if(h, var->ifcond);
        qapi_gen_printf(h, "        %s;   /* %s */\n", decl,
                        qtype_name(qapi_type_alternate_qtype(var->type)));
        qapi_gen_endif(h, var->ifcond);
    }
    qapi_gen_puts(h, "    } u;\n};\n");
    qapi_gen_endif(h, e->ifcond);
}

/* Objects, lists and alternates are freed by a dealloc walk. */
static bool entity_has_free(const QapiEntity *e)
{
    return e->kind == QAPI_ENTITY_OBJECT || e->kind == QAPI_ENTITY_ARRAY ||
           e->kind == QAPI_ENTITY_ALTERNATE;
}

static void emit_free(TypesOutput *out, const QapiEntity *e)
{
    qapi_gen_if(out->h, e->ifcond);
    qapi_gen_printf(out->h, "void qapi_free_%s(%s *obj);\n"
                    "G_DEFINE_AUTOPTR_CLEANUP_FUNC(%s, qapi_free_%s)\n",
                    e->c_name, e->c_name, e->c_name, e->c_name);
    qapi_gen_endif(out->h, e->ifcond);

    qapi_gen_puts(out->c, "\n");
    qapi_gen_if(out->c, e->ifcond);
    qapi_gen_printf(out->c,
                    "void qapi_free_%s(%s *obj)\n"
                    "{\n"
                    "    if (obj) {\n"
                    "        Visitor *v = qapi_dealloc_visitor_new();\n"
                    "        visit_type_%s(v, NULL, &obj, NULL);\n"
                    "        visit_free(v);\n"
                    "    }\n"
                    "}\n", e->c_name, e->c_name, e->c_name);
    qapi_gen_endif(out->c, e->ifcond);
}

static bool gen_types_module_set(const QapiGenContext *ctx, bool builtin,
                                 Error **errp)
{
    g_autofree char *h_name = builtin ? g_strdup("qapi-builtin-types.h")
                                      : qapi_gen_file_name(ctx, "qapi-types.h");
    g_autofree char *visit_h = builtin ? g_strdup("qapi-builtin-visit.h")
                                       : qapi_gen_file_name(ctx, "qapi-visit.h");
    QapiGenContext plain = *ctx;
    plain.prefix = builtin ? "" : ctx->prefix;
    g_autoptr(QapiGenFile) h = qapi_gen_file_new(&plain,
        builtin ? "qapi-builtin-types.h" : "qapi-types.h",
        builtin ? "C types of the lists of built-in QAPI types"
                : "C types of the schema's types");
    g_autoptr(QapiGenFile) c = qapi_gen_file_new(&plain,
        builtin ? "qapi-builtin-types.c" : "qapi-types.c",
        builtin ? "Free functions and lookup tables of the built-in types"
                : "Free functions and enum lookup tables");
    g_autoptr(GHashTable) defined = g_hash_table_new(NULL, NULL);
    TypesOutput out = { h, c, defined };
    QapiSchemaIter it;

    qapi_gen_puts(h, "#include \"qobject.h\"\n#include \"visitor.h\"\n");
    if (!builtin) {
        qapi_gen_puts(h, "#include \"qapi-builtin-types.h\"\n");
    }
    qapi_gen_printf(c, "#include \"%s\"\n#include \"%s\"\n"
                    "#include \"dealloc-visitor.h\"\n", h_name, visit_h);

    qapi_gen_puts(h, "\n");
    qapi_schema_iter_init(&it, ctx->schema, QAPI_SCHEMA_ITER_ALL);
    for (const QapiEntity *e; (e = qapi_schema_iter_next(&it)); ) {
        if (entity_in(e, builtin) && entity_has_free(e)) {
            emit_forward(h, e);
        }
    }
    qapi_schema_iter_init(&it, ctx->schema, QAPI_ENTITY_ENUM);
    for (const QapiEntity *e; (e = qapi_schema_iter_next(&it)); ) {
        if (entity_in(e, builtin)) {
            emit_enum(&out, qapi_entity_as_enum(e));
        }
    }
    qapi_schema_iter_init(&it, ctx->schema, QAPI_SCHEMA_ITER_ALL);
    for (const QapiEntity *e; (e = qapi_schema_iter_next(&it)); ) {
        if (!entity_in(e, builtin)) {
            continue;
        }
        switch (e->kind) {
        case QAPI_ENTITY_ARRAY:
            emit_list(&out, qapi_entity_as_array(e));
            break;
        case QAPI_ENTITY_OBJECT:
            emit_object(&out, qapi_entity_as_object(e));
            break;
        case QAPI_ENTITY_ALTERNATE:
            emit_alternate(&out, qapi_entity_as_alternate(e));
            break;
        default:
            break;
        }
    }
    qapi_gen_puts(h, "\n");
    qapi_schema_iter_init(&it, ctx->schema, QAPI_SCHEMA_ITER_ALL);
    for (const QapiEntity *e; (e = qapi_schema_iter_next(&it)); ) {
        if (entity_in(e, builtin) && entity_has_free(e)) {
            emit_free(&out, e);
        }
    }
    return qapi_gen_file_write(h, errp) && qapi_gen_file_write(c, errp);
}

bool qapi_gen_types(const QapiGenContext *ctx, Error **errp)
{
    return gen_types_module_set(ctx, true, errp) &&
           gen_types_module_set(ctx, false, errp);
}

/* The qom backend: QOM types and their properties, from the schema's
 * qom-type definitions, into PREFIXqapi-qom.{h,c}.
 *
 * For each qom-type the header gets a comment that reads like a data sheet
 * (parent, flags, every property with its type, default and doc line),
 * TYPE_<NAME>, QOM_<NAME>_TYPE_INFO (the TypeInfo fields the schema
 * decides: name, parent, abstract) and, when the type adds properties,
 * qom_<name>_class_add_properties(), which its class_init calls. The .c
 * file holds, per property, a getter and a setter that visit the field of
 * the type's property struct in place with the generated visit_type_T(),
 * a release for allocated values, and the registration; then the
 * QomSchemaType table (qom-schema.h) and a constructor that registers it.
 *
 * Everything here is generated from the checked schema, which owns all the
 * strings; the backend owns only its output files. Failure: only writing a
 * file can fail.
 */
#include "qapi-gen.h"
#include "qjson.h"
#include "qlist.h"

#include <inttypes.h>
#include <string.h>

/* Names */

/* A QOM name as a C identifier part: "virtio-rng-device" ->
 * "virtio_rng_device". Never protected: it always follows a prefix. */
static char *qom_c_name(const char *name)
{
    return qapi_c_name(name, false);
}

static char *qom_type_macro(const char *name)
{
    g_autofree char *c = qom_c_name(name);
    g_autofree char *upper = g_ascii_strup(c, -1);

    return g_strconcat("TYPE_", upper, NULL);
}

static char *qom_info_macro(const char *name)
{
    g_autofree char *c = qom_c_name(name);
    g_autofree char *upper = g_ascii_strup(c, -1);

    return g_strdup_printf("QOM_%s_TYPE_INFO", upper);
}

/* The property type QOM shows: the QAPI type name; a list as "[elem]", the
 * way introspection and the schema itself write it. */
static char *property_type_name(const QapiEntity *type)
{
    const QapiArrayType *arr = qapi_entity_as_array(type);

    if (arr) {
        return g_strdup_printf("[%s]", arr->element_type->name);
    }
    return g_strdup(type->name);
}

/* Doc lines */

/* Abbreviations whose full stop does not end a sentence. */
static bool ends_abbreviation(const GString *s)
{
    static const char *const abbrevs[] = { "e.g", "i.e", "etc", "cf", "vs" };

    for (size_t i = 0; i < G_N_ELEMENTS(abbrevs); i++) {
        size_t n = strlen(abbrevs[i]);
        if (s->len >= n && strcmp(s->str + s->len - n, abbrevs[i]) == 0 &&
            (s->len == n || s->str[s->len - n - 1] == ' ')) {
            return true;
        }
    }
    return false;
}

/* The first sentence of a doc text as one plain line: the first paragraph
 * only, lines joined, "@name" and `code` markup dropped, the final full stop
 * removed. NULL for no text. */
static char *doc_one_line(const char *text)
{
    g_autoptr(GString) out = g_string_new(NULL);

    if (!text) {
        return NULL;
    }
    for (const char *p = text; *p; p++) {
        if (*p == '\n') {
            if (p[1] == '\n') {
                break;              /* end of the first paragraph */
            }
            if (out->len && out->str[out->len - 1] != ' ') {
                g_string_append_c(out, ' ');
            }
            continue;
        }
        if (*p == '`' ||
            (*p == '@' && (g_ascii_isalpha(p[1]) || p[1] == '_'))) {
            continue;
        }
        if (*p == '.' && (p[1] == ' ' || p[1] == '\n') &&
            !ends_abbreviation(out)) {
            break;
        }
        if (*p == ' ' && out->len && out->str[out->len - 1] == ' ') {
            continue;
        }
        g_string_append_c(out, *p);
    }
    while (out->len && (out->str[out->len - 1] == '.' ||
                        out->str[out->len - 1] == ' ')) {
        g_string_truncate(out, out->len - 1);
    }
    if (!out->len) {
        return NULL;
    }
    return g_string_free(g_steal_pointer(&out), FALSE);
}

static char *qom_type_description(const QapiQomType *q)
{
    return doc_one_line(q->entity.doc ? qapi_doc_get_body(q->entity.doc)
                                      : NULL);
}

static char *member_description(const QapiMember *m)
{
    return doc_one_line(m->doc ? m->doc->text : NULL);
}

static bool has_feature(const GPtrArray *features, QapiSpecialFeature which)
{
    for (guint i = 0; features && i < features->len; i++) {
        const QapiFeature *f = g_ptr_array_index(features, i);
        if (f->special == which) {
            return true;
        }
    }
    return false;
}

static bool member_is_runtime(const QapiMember *m)
{
    return has_feature(m->features, QAPI_SPECIAL_FEATURE_RUNTIME);
}

/* C literal for a string, or NULL spelled out. */
static char *c_string_or_null(const char *text)
{
    return text ? qapi_gen_c_string(text) : g_strdup("NULL");
}

/* Defaults */

/* A number as C source: exact, and without the warnings a bare
 * 18446744073709551615 or -9223372036854775808 would draw. */
static char *c_int(int64_t v)
{
    return v == INT64_MIN ? g_strdup("INT64_MIN")
                          : g_strdup_printf("%" PRId64, v);
}

static char *c_uint(uint64_t v)
{
    if (v == UINT64_MAX) {
        return g_strdup("UINT64_MAX");
    }
    return g_strdup_printf("%" PRIu64 "%s", v, v > INT64_MAX ? "u" : "");
}

/* A scalar default as the name of its kind in QOM's and QList's setter
 * families ("bool", "str", "int", "uint", "double") and a C literal. */
static const char *scalar_literal(const QObject *value, char **literal)
{
    const QNum *qn;
    int64_t i;
    uint64_t u;

    switch (qobject_type(value)) {
    case QTYPE_QBOOL:
        *literal = g_strdup(qbool_get_bool(qobject_to(QBool, value)) ?
                            "true" : "false");
        return "bool";
    case QTYPE_QSTRING:
        *literal = qapi_gen_c_string(qstring_get_str(qobject_to(QString,
                                                                value)));
        return "str";
    case QTYPE_QNUM:
        qn = qobject_to(QNum, value);
        if (qnum_kind(qn) == QNUM_I64 && qnum_get_try_int(qn, &i)) {
            *literal = c_int(i);
            return "int";
        }
        if (qnum_kind(qn) == QNUM_U64 && qnum_get_try_uint(qn, &u)) {
            *literal = c_uint(u);
            return "uint";
        }
        /* Reads back exactly, and as a double ("1.0", not "1"). */
        *literal = qnum_to_string(qn);
        return "double";
    default:
        g_assert_not_reached();     /* the schema checker allows no more */
    }
}

/* The statements that store default `value` on `prop`: a scalar, or a
 * list of scalars, which is all a schema default can be. */
static void emit_default(QapiGenFile *c, const QObject *value)
{
    g_autofree char *lit = NULL;
    const QList *list = qobject_to(QList, value);

    if (!list) {
        const char *kind = scalar_literal(value, &lit);
        if (g_str_equal(kind, "double")) {
            qapi_gen_printf(c, "    object_property_set_default(prop, "
                            "QOBJECT(qnum_from_double(%s)));\n", lit);
        } else {
            qapi_gen_printf(c, "    object_property_set_default_%s(prop, "
                            "%s);\n", kind, lit);
        }
        return;
    }
    qapi_gen_puts(c, "    {\n        QList *list = qlist_new();\n\n");
    for (size_t i = 0; i < qlist_size(list); i++) {
        g_autofree char *elt = NULL;
        const char *kind = scalar_literal(qlist_entry(list, i), &elt);
        qapi_gen_printf(c, "        qlist_append_%s(list, %s);\n", kind, elt);
    }
    qapi_gen_puts(c, "        object_property_set_default(prop, "
                  "QOBJECT(list));\n    }\n");
}

/* How the generated code holds and frees a member's value. */
typedef struct MemberKind {
    bool pointer;           /* allocated, freed by free_fn */
    bool get_needs_value;   /* NULL cannot be shown (struct, alternate, any) */
    char *free_fn;          /* pointer only: "g_free", "qapi_free_strList" */
    char *local;            /* the setter's local: "g_autofree char *value" */
} MemberKind;

static void member_kind_clear(MemberKind *k)
{
    g_free(k->free_fn);
    g_free(k->local);
}
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC(MemberKind, member_kind_clear)

static void member_kind_init(MemberKind *k, const QapiMember *m)
{
    const QapiEntity *t = m->type;
    const char *c_type = t->c_type;

    k->pointer = qapi_gen_type_is_pointer(t);
    if (!k->pointer) {
        k->local = g_strdup_printf("%s value", c_type);
        return;
    }
    if (g_str_equal(t->name, "str")) {
        k->free_fn = g_strdup("g_free");
        k->local = g_strdup("g_autofree char *value");
        return;
    }
    /* "QObject *" -> "QObject": every pointer type has an autoptr cleanup
     * (qobject.h for any and null, the types backend for the rest). */
    g_autofree char *base = g_strndup(c_type, strlen(c_type) - 2);
    k->local = g_strdup_printf("g_autoptr(%s) value", base);
    if (t->kind == QAPI_ENTITY_BUILTIN) {
        k->free_fn = g_strdup("qobject_unref_any");     /* any, null */
        k->get_needs_value = true;
    } else {
        k->free_fn = g_strdup_printf("qapi_free_%s", t->c_name);
        /* An absent list reads as an empty one; other values need one. */
        k->get_needs_value = t->kind != QAPI_ENTITY_ARRAY;
    }
}

typedef struct QomOutput {
    const QapiGenContext *ctx;
    QapiGenFile *h, *c;
    char *table;            /* PREFIXqom_schema_types */
} QomOutput;

/* "head(arg, arg, ...)tail" with the arguments filled into lines of at
 * most 79 columns, continuation lines aligned after the parenthesis, the
 * way the rest of the tree wraps a long call or declaration. `head` ends in
 * '(' and starts at column `indent`. */
static void emit_wrapped(QapiGenFile *f, const char *indent, const char *head,
                         const char *const *args, size_t n_args,
                         const char *tail)
{
    size_t align = strlen(indent) + strlen(head);
    size_t col;

    /* An argument too long to sit after the parenthesis (a long doc line)
     * moves them all to the next line, indented one step. */
    for (size_t i = 0; i < n_args; i++) {
        if (align + strlen(args[i]) + 2 > 79) {
            align = strlen(indent) + 4;
            qapi_gen_printf(f, "%s%s\n%*s", indent, head, (int)align, "");
            head = NULL;
            break;
        }
    }
    if (head) {
        qapi_gen_printf(f, "%s%s", indent, head);
    }
    col = align;
    for (size_t i = 0; i < n_args; i++) {
        const char *sep = i + 1 < n_args ? "," : tail;
        size_t need = strlen(args[i]) + strlen(sep);

        if (i > 0 && col + 1 + need > 79) {
            qapi_gen_printf(f, "\n%*s", (int)align, "");
            col = align;
        } else if (i > 0) {
            qapi_gen_puts(f, " ");
            col++;
        }
        qapi_gen_printf(f, "%s%s", args[i], sep);
        col += need;
    }
    qapi_gen_puts(f, "\n");
}

static void emit_accessor_head(QapiGenFile *c, const char *fn)
{
    g_autofree char *head = g_strdup_printf("static bool %s(", fn);
    static const char *const params[] = {
        "Object *obj", "Visitor *v", "const char *name", "void *opaque",
        "Error **errp",
    };

    qapi_gen_puts(c, "\n");
    emit_wrapped(c, "", head, params, G_N_ELEMENTS(params), ")");
    qapi_gen_puts(c, "{\n");
}

/* The header */

static void emit_header_intro(QomOutput *out)
{
    g_autofree char *types_h = qapi_gen_file_name(out->ctx, "qapi-types.h");

    qapi_gen_printf(out->h,
        "#include \"qom-schema.h\"\n"
        "#include \"%s\"\n"
        "\n"
        "/*\n"
        " * How a C type uses what follows. Its instance struct embeds the\n"
        " * property struct of its qom-type (the parent's properties live in\n"
        " * the parent's part), its TypeInfo starts with the fields the schema\n"
        " * decides, and its class_init registers the properties:\n"
        " *\n"
        " *     struct MyDevice {\n"
        " *         DeviceState parent_obj;\n"
        " *         MyDeviceProperties props;\n"
        " *         ... state ...\n"
        " *     };\n"
        " *\n"
        " *     static void my_device_class_init(ObjectClass *oc,\n"
        " *                                      const void *data)\n"
        " *     {\n"
        " *         qom_my_device_class_add_properties(oc,\n"
        " *             QOM_PROPS_OFFSET(MyDevice, props, MyDeviceProperties));\n"
        " *     }\n"
        " *\n"
        " *     static const TypeInfo my_device_info = {\n"
        " *         QOM_MY_DEVICE_TYPE_INFO,\n"
        " *         .instance_size = sizeof(MyDevice),\n"
        " *         .class_init = my_device_class_init,\n"
        " *     };\n"
        " *\n"
        " * Registration adds one class property per schema property: the\n"
        " * QAPI type as its type, the first sentence of its doc as its\n"
        " * description, the schema's default (shown by introspection and set\n"
        " * on every new object before instance_init), and accessors that\n"
        " * visit the field in place, so what a user may write is what the\n"
        " * schema's type accepts. A property without the runtime feature is\n"
        " * fixed: its setter refuses once the object's properties are frozen\n"
        " * (object-freeze.h: realize, or complete for user-created objects).\n"
        " * An optional scalar's has_ flag says whether anything (default\n"
        " * included) set it. Strings, lists and other allocated values in the\n"
        " * struct belong to it and are freed with the object, before its\n"
        " * instance_finalize runs. A mandatory property (no '*' in the\n"
        " * schema) has no default: realize or complete checks that it was\n"
        " * set. An optional struct, alternate or `any` nobody set cannot be\n"
        " * read (\"property 'x' of 'y' is not set\"). A runtime property's\n"
        " * setter only stores the value: code that must react reads the\n"
        " * field when it acts. A type that adds no properties has no\n"
        " * registration function.\n"
        " */\n"
        "\n"
        "/* Every qom-type of the schema; registered before main. */\n"
        "extern const QomSchemaType %s[];\n"
        "extern const size_t %s_len;\n",
        types_h, out->table, out->table);
}

static void emit_header_property_doc(GString *doc, const QapiMember *m,
                                     int width)
{
    g_autofree char *type = property_type_name(m->type);
    g_autofree char *desc = member_description(m);
    g_autoptr(GString) notes = g_string_new(type);

    if (m->default_value) {
        g_autofree char *json = qobject_to_json(m->default_value);
        g_string_append_printf(notes, ", default %s", json);
    } else if (!m->optional) {
        g_string_append(notes, ", mandatory");
    }
    if (member_is_runtime(m)) {
        g_string_append(notes, ", runtime");
    }
    if (m->ifcond) {
        g_autofree char *cond = qapi_if_cond_to_doc(m->ifcond);
        g_string_append_printf(notes, ", only with %s", cond);
    }
    g_string_append_printf(doc, "\n  %-*s %s", width, m->name, notes->str);
    if (desc) {
        g_string_append_printf(doc, "\n  %-*s %s", width, "", desc);
    }
}

static void emit_header_type(QomOutput *out, const QapiQomType *q)
{
    const QapiEntity *e = &q->entity;
    QapiGenFile *h = out->h;
    g_autofree char *c_name = qom_c_name(e->name);
    g_autofree char *macro = qom_type_macro(e->name);
    g_autofree char *info = qom_info_macro(e->name);
    g_autofree char *name_lit = qapi_gen_c_string(e->name);
    g_autofree char *desc = qom_type_description(q);
    g_autoptr(GString) doc = g_string_new(NULL);

    g_string_append_printf(doc, "%s%s%s", e->name, desc ? ": " : "",
                           desc ? desc : "");
    if (q->parent) {
        g_string_append_printf(doc, "\nParent: %s.", q->parent->entity.name);
    } else {
        g_string_append(doc, "\nThe root of the type hierarchy.");
    }
    if (q->abstract) {
        g_string_append(doc, " Abstract.");
    }
    if (q->user_creatable) {
        g_string_append(doc, " User-creatable.");
    }
    if (has_feature(e->features, QAPI_SPECIAL_FEATURE_DEPRECATED)) {
        g_string_append(doc, " Deprecated.");
    }
    if (has_feature(e->features, QAPI_SPECIAL_FEATURE_UNSTABLE)) {
        g_string_append(doc, " Unstable.");
    }
    if (q->props) {
        int width = 0;
        for (guint i = 0; i < q->props->members->len; i++) {
            const QapiMember *m = g_ptr_array_index(q->props->members, i);
            width = MAX(width, (int)strlen(m->name));
        }
        g_string_append_printf(doc, "\nProperties, in %s:",
                               q->props->entity.c_name);
        for (guint i = 0; i < q->props->members->len; i++) {
            emit_header_property_doc(doc, g_ptr_array_index(q->props->members,
                                                           i), width);
        }
    } else {
        g_string_append(doc, "\nAdds no properties.");
    }

    qapi_gen_puts(h, "\n");
    qapi_gen_if(h, e->ifcond);
    qapi_gen_comment(h, doc->str, "");
    qapi_gen_printf(h, "#define %s %s\n", macro, name_lit);
    if (q->parent) {
        g_autofree char *parent = qom_type_macro(q->parent->entity.name);
        g_autofree char *fields = g_strdup_printf(
            ".name = %s, .parent = %s, .abstract = %s", macro, parent,
            q->abstract ? "true" : "false");

        if (strlen(fields) + 4 > 79) {
            g_auto(GStrv) parts = g_strsplit(fields, ", ", -1);
            g_autofree char *split = g_strjoinv(", \\\n    ", parts);
            g_free(fields);
            fields = g_steal_pointer(&split);
        }
        qapi_gen_printf(h, "#define %s \\\n    %s\n", info, fields);
    }
    if (q->props) {
        g_autofree char *head = g_strdup_printf(
            "void qom_%s_class_add_properties(", c_name);
        static const char *const params[] = {
            "ObjectClass *oc", "size_t props_offset",
        };
        emit_wrapped(h, "", head, params, G_N_ELEMENTS(params), ");");
    }
    qapi_gen_endif(h, e->ifcond);
}

/* The accessors */

static void emit_getter(QomOutput *out, const char *fn, const char *props_type,
                        const QapiMember *m, const MemberKind *k)
{
    QapiGenFile *c = out->c;
    g_autofree char *name_lit = qapi_gen_c_string(m->name);

    emit_accessor_head(c, fn);
    qapi_gen_printf(c, "    %s *props = qom_schema_props(obj, opaque);\n\n",
                    props_type);
    if (k->get_needs_value) {
        qapi_gen_printf(c, "    if (!props->%s) {\n"
                        "        return qom_schema_error_unset(obj, %s, "
                        "errp);\n    }\n", m->c_name, name_lit);
    }
    qapi_gen_printf(c, "    return visit_type_%s(v, name, &props->%s, errp);"
                    "\n}\n", qapi_gen_visit_name(m->type), m->c_name);
}

static void emit_setter(QomOutput *out, const char *fn, const char *props_type,
                        const QapiMember *m, const MemberKind *k)
{
    QapiGenFile *c = out->c;
    g_autofree char *name_lit = qapi_gen_c_string(m->name);
    const char *cn = m->c_name;

    emit_accessor_head(c, fn);
    qapi_gen_printf(c, "    %s *props = qom_schema_props(obj, opaque);\n",
                    props_type);
    /* The value goes to a local and only one that passed is stored: a
     * refused value leaves the property as it was. */
    if (k->pointer) {
        qapi_gen_printf(c, "    %s = NULL;\n\n", k->local);
    } else {
        qapi_gen_printf(c, "    %s = props->%s;\n\n", k->local, cn);
    }
    if (member_is_runtime(m)) {
        qapi_gen_printf(c, "    if (!visit_type_%s(v, name, &value, errp)) {\n",
                        qapi_gen_visit_name(m->type));
    } else {
        qapi_gen_printf(c, "    if (!object_property_check_fixed(obj, %s, "
                        "errp) ||\n        !visit_type_%s(v, name, &value, "
                        "errp)) {\n", name_lit, qapi_gen_visit_name(m->type));
    }
    qapi_gen_puts(c, "        return false;\n    }\n");
    if (k->pointer) {
        qapi_gen_printf(c, "    %s(props->%s);\n"
                        "    props->%s = g_steal_pointer(&value);\n",
                        k->free_fn, cn, cn);
    } else {
        qapi_gen_printf(c, "    props->%s = value;\n", cn);
        if (m->optional) {
            qapi_gen_printf(c, "    props->has_%s = true;\n", cn);
        }
    }
    qapi_gen_puts(c, "    return true;\n}\n");
}

static void emit_release(QomOutput *out, const char *fn,
                         const char *props_type, const QapiMember *m,
                         const MemberKind *k)
{
    g_autofree char *head = g_strdup_printf("static void %s(", fn);
    static const char *const params[] = {
        "Object *obj", "const char *name", "void *opaque",
    };

    qapi_gen_puts(out->c, "\n");
    emit_wrapped(out->c, "", head, params, G_N_ELEMENTS(params), ")");
    qapi_gen_printf(out->c, "{\n"
                    "    %s *props = qom_schema_props(obj, opaque);\n\n"
                    "    g_clear_pointer(&props->%s, %s);\n}\n",
                    props_type, m->c_name, k->free_fn);
}

/* Accessor names: qom_<type>_get_<property> and so on. */
static char *accessor_name(const char *type_c, const char *what,
                           const QapiMember *m)
{
    g_autofree char *member = qapi_c_name(m->name, false);

    return g_strdup_printf("qom_%s_%s_%s", type_c, what, member);
}

static void emit_accessors(QomOutput *out, const QapiQomType *q,
                           const char *type_c)
{
    const char *props_type = q->props->entity.c_name;

    for (guint i = 0; i < q->props->members->len; i++) {
        const QapiMember *m = g_ptr_array_index(q->props->members, i);
        g_autofree char *get = accessor_name(type_c, "get", m);
        g_autofree char *set = accessor_name(type_c, "set", m);
        g_autofree char *release = accessor_name(type_c, "release", m);
        g_auto(MemberKind) k = { 0 };

        member_kind_init(&k, m);
        qapi_gen_if(out->c, m->ifcond);
        emit_getter(out, get, props_type, m, &k);
        emit_setter(out, set, props_type, m, &k);
        if (k.pointer) {
            emit_release(out, release, props_type, m, &k);
        }
        qapi_gen_endif(out->c, m->ifcond);
    }
}

/* Registration */

static void emit_registration(QomOutput *out, const QapiQomType *q,
                              const char *type_c)
{
    QapiGenFile *c = out->c;
    bool any_default = false, any_plain_default = false;

    for (guint i = 0; i < q->props->members->len; i++) {
        const QapiMember *m = g_ptr_array_index(q->props->members, i);
        any_default |= m->default_value != NULL;
        any_plain_default |= m->default_value && !m->ifcond;
    }

    g_autofree char *head = g_strdup_printf("void qom_%s_class_add_properties(",
                                            type_c);
    static const char *const params[] = {
        "ObjectClass *oc", "size_t props_offset",
    };

    qapi_gen_puts(c, "\n");
    emit_wrapped(c, "", head, params, G_N_ELEMENTS(params), ")");
    qapi_gen_puts(c, "{\n    void *opaque = GSIZE_TO_POINTER(props_offset);\n");
    if (any_default) {
        /* Only conditional properties may use it: it may go unused. */
        qapi_gen_printf(c, "    ObjectProperty *prop%s;\n",
                        any_plain_default ? "" : " G_GNUC_UNUSED");
    }
    for (guint i = 0; i < q->props->members->len; i++) {
        const QapiMember *m = g_ptr_array_index(q->props->members, i);
        g_autofree char *get = accessor_name(type_c, "get", m);
        g_autofree char *set = accessor_name(type_c, "set", m);
        g_autofree char *release = accessor_name(type_c, "release", m);
        g_autofree char *name_lit = qapi_gen_c_string(m->name);
        g_autofree char *type = property_type_name(m->type);
        g_autofree char *type_lit = qapi_gen_c_string(type);
        g_autofree char *desc = member_description(m);
        g_autofree char *desc_lit = c_string_or_null(desc);
        g_auto(MemberKind) k = { 0 };

        member_kind_init(&k, m);
        qapi_gen_puts(c, "\n");
        qapi_gen_if(c, m->ifcond);
        g_autofree char *add = g_strdup_printf(
            "%sobject_class_property_add(", m->default_value ? "prop = " : "");
        g_autofree char *first = g_strdup_printf("oc, %s, %s", name_lit,
                                                 type_lit);
        const char *add_args[] = {
            first, get, set, k.pointer ? release : "NULL", "opaque",
        };
        const char *desc_args[] = { "oc", name_lit, desc_lit };

        emit_wrapped(c, "    ", add, add_args, G_N_ELEMENTS(add_args), ");");
        emit_wrapped(c, "    ", "object_class_property_set_description(",
                     desc_args, G_N_ELEMENTS(desc_args), ");");
        if (m->default_value) {
            emit_default(c, m->default_value);
        }
        qapi_gen_endif(c, m->ifcond);
    }
    qapi_gen_puts(c, "}\n");
}

/* The table */

static void emit_property_table(QomOutput *out, const QapiQomType *q,
                                const char *type_c)
{
    QapiGenFile *c = out->c;

    qapi_gen_printf(c, "\nstatic const QomSchemaProperty qom_%s_properties[] "
                    "= {\n", type_c);
    for (guint i = 0; i < q->props->members->len; i++) {
        const QapiMember *m = g_ptr_array_index(q->props->members, i);
        g_autofree char *name_lit = qapi_gen_c_string(m->name);
        g_autofree char *type = property_type_name(m->type);
        g_autofree char *type_lit = qapi_gen_c_string(type);
        g_autofree char *desc = member_description(m);

        qapi_gen_if(c, m->ifcond);
        qapi_gen_printf(c, "    {\n        .name = %s,\n        .type = %s,\n",
                        name_lit, type_lit);
        if (m->default_value) {
            g_autofree char *json = qobject_to_json(m->default_value);
            g_autofree char *json_lit = qapi_gen_c_string(json);
            qapi_gen_printf(c, "        .default_json = %s,\n", json_lit);
        }
        if (desc) {
            g_autofree char *desc_lit = qapi_gen_c_string(desc);
            qapi_gen_printf(c, "        .description = %s,\n", desc_lit);
        }
        if (!m->optional) {
            qapi_gen_puts(c, "        .mandatory = true,\n");
        }
        if (member_is_runtime(m)) {
            qapi_gen_puts(c, "        .runtime = true,\n");
        }
        if (has_feature(m->features, QAPI_SPECIAL_FEATURE_DEPRECATED)) {
            qapi_gen_puts(c, "        .deprecated = true,\n");
        }
        if (has_feature(m->features, QAPI_SPECIAL_FEATURE_UNSTABLE)) {
            qapi_gen_puts(c, "        .unstable = true,\n");
        }
        qapi_gen_puts(c, "    },\n");
        qapi_gen_endif(c, m->ifcond);
    }
    qapi_gen_puts(c, "};\n");
}

static void emit_type_entry(QomOutput *out, const QapiQomType *q)
{
    QapiGenFile *c = out->c;
    const QapiEntity *e = &q->entity;
    g_autofree char *type_c = qom_c_name(e->name);
    g_autofree char *macro = qom_type_macro(e->name);
    g_autofree char *desc = qom_type_description(q);

    qapi_gen_if(c, e->ifcond);
    qapi_gen_printf(c, "    {\n        .name = %s,\n", macro);
    if (q->parent) {
        g_autofree char *parent = qom_type_macro(q->parent->entity.name);
        qapi_gen_printf(c, "        .parent = %s,\n", parent);
    }
    if (q->abstract) {
        qapi_gen_puts(c, "        .abstract = true,\n");
    }
    if (q->user_creatable) {
        qapi_gen_puts(c, "        .user_creatable = true,\n");
    }
    if (has_feature(e->features, QAPI_SPECIAL_FEATURE_DEPRECATED)) {
        qapi_gen_puts(c, "        .deprecated = true,\n");
    }
    if (has_feature(e->features, QAPI_SPECIAL_FEATURE_UNSTABLE)) {
        qapi_gen_puts(c, "        .unstable = true,\n");
    }
    if (desc) {
        g_autofree char *desc_lit = qapi_gen_c_string(desc);
        qapi_gen_printf(c, "        .description = %s,\n", desc_lit);
    }
    if (q->props) {
        qapi_gen_printf(c, "        .properties = qom_%s_properties,\n"
                        "        .n_properties = "
                        "G_N_ELEMENTS(qom_%s_properties),\n", type_c, type_c);
    }
    qapi_gen_puts(c, "    },\n");
    qapi_gen_endif(c, e->ifcond);
}

static void emit_table(QomOutput *out)
{
    QapiGenFile *c = out->c;
    g_autofree char *c_prefix = qapi_c_name(out->ctx->prefix, false);
    QapiSchemaIter it;

    qapi_gen_printf(c, "\nconst QomSchemaType %s[] = {\n", out->table);
    qapi_schema_iter_init(&it, out->ctx->schema, QAPI_ENTITY_QOM_TYPE);
    for (const QapiEntity *e; (e = qapi_schema_iter_next(&it)); ) {
        emit_type_entry(out, qapi_entity_as_qom_type(e));
    }
    qapi_gen_printf(c, "};\n\nconst size_t %s_len =\n"
                    "    G_N_ELEMENTS(%s);\n", out->table, out->table);
    /* Linked in with the first class_init that registers properties, or
     * the first use of the table, so the constructor always comes along. */
    qapi_gen_printf(c, "\nstatic void %sqom_schema_register_types(void)\n{\n"
                    "    qom_schema_register(%s,\n"
                    "                        %s_len);\n}\n\n"
                    "type_init(%sqom_schema_register_types)\n",
                    c_prefix, out->table, out->table, c_prefix);
}

bool qapi_gen_qom(const QapiGenContext *ctx, Error **errp)
{
    g_autofree char *c_prefix = qapi_c_name(ctx->prefix, false);
    g_autofree char *qom_h = qapi_gen_file_name(ctx, "qapi-qom.h");
    g_autofree char *visit_h = qapi_gen_file_name(ctx, "qapi-visit.h");
    g_autoptr(QapiGenFile) h = qapi_gen_file_new(
        ctx, "qapi-qom.h", "QOM types and properties: names, TypeInfo "
        "fields, property registration");
    g_autoptr(QapiGenFile) c = qapi_gen_file_new(
        ctx, "qapi-qom.c", "QOM property accessors and registration, and "
        "the schema's table of QOM types");
    g_autofree char *table = g_strconcat(c_prefix, "qom_schema_types", NULL);
    QomOutput out = { ctx, h, c, table };
    QapiSchemaIter it;

    emit_header_intro(&out);
    qapi_gen_printf(c, "#include \"%s\"\n#include \"%s\"\n#include "
                    "\"qlist.h\"\n", qom_h, visit_h);

    qapi_schema_iter_init(&it, ctx->schema, QAPI_ENTITY_QOM_TYPE);
    for (const QapiEntity *e; (e = qapi_schema_iter_next(&it)); ) {
        const QapiQomType *q = qapi_entity_as_qom_type(e);
        g_autofree char *type_c = qom_c_name(e->name);

        emit_header_type(&out, q);
        if (!q->props) {
            continue;
        }
        qapi_gen_puts(c, "\n");
        qapi_gen_if(c, e->ifcond);
        qapi_gen_printf(c, "/* %s */\n", e->name);
        emit_accessors(&out, q, type_c);
        emit_registration(&out, q, type_c);
        emit_property_table(&out, q, type_c);
        qapi_gen_endif(c, e->ifcond);
    }
    emit_table(&out);
    return qapi_gen_file_write(h, errp) && qapi_gen_file_write(c, errp);
}

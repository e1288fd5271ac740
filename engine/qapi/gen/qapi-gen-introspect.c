/* The introspect backend: the query-qmp-schema answer, as a value and as
 * generated C.
 *
 * The answer is a list of SchemaInfo (introspect.json): one for every
 * command and event, module by module, then one for every type they
 * reach, in order of first use. QOM types are not part of it. The shape
 * follows QEMU's so that QMP clients written for QEMU read ours:
 *
 *   - a command's arg-type and ret-type, an event's arg-type, name the
 *     empty object type when the schema gives no data or returns;
 *     allow-oob is present only when true;
 *   - an object lists every member, its base's flattened in; an optional
 *     member has "default": null; a union adds its tag and variants, the
 *     branches the schema left out included (they name the empty object);
 *   - an enum has "members" ({name, features}) and the older "values";
 *   - "features" appears only where there are some.
 *
 * Type names are masked: clients must look at commands and events, not
 * at type names, which are no ABI. A non-built-in type is called "0",
 * "1", ... in the order its name is first needed, an array "[ELEM]" after
 * its element, every integer type is "int" (and their arrays "[int]").
 * `unmask` keeps the schema's names, for debugging.
 *
 * Conditions: qapi_gen_introspection() cannot evaluate an 'if', so its
 * answer holds everything. The generated C holds the answer as JSON text
 * in pieces, cut around every conditional entity, member, branch, enum
 * value and feature, each cut wrapped in the condition's #if; the
 * preprocessor keeps what the build configures, and the generated code
 * puts the commas between the surviving pieces back before parsing.
 *
 * Ownership: qapi_gen_introspection() returns a new reference. Failure:
 * only writing the output files can fail.
 */
#include "qapi-gen.h"
#include "qdict.h"
#include "qjson.h"
#include "qlist.h"

#include <string.h>

/* What the C output needs to know about an element of a list in the
 * answer, besides its value. */
typedef struct IntroNote {
    const QapiIfCond *cond;     /* NULL: unconditional */
    const QapiEntity *entity;   /* a SchemaInfo: the entity it describes */
} IntroNote;

typedef struct Introspector {
    const QapiSchema *schema;
    bool unmask;
    GPtrArray *used;            /* const QapiEntity *: types to describe,
                                 * in order of first use (grows while
                                 * they are described) */
    GHashTable *used_set;       /* the same, for lookups */
    GHashTable *masked;         /* type name -> its number, owned */
    GHashTable *notes;          /* const QObject * -> IntroNote *, owned */
    QList *infos;               /* the answer */
} Introspector;

static void intro_init(Introspector *in, const QapiSchema *schema,
                       bool unmask)
{
    in->schema = schema;
    in->unmask = unmask;
    in->used = g_ptr_array_new();
    in->used_set = g_hash_table_new(NULL, NULL);
    in->masked = g_hash_table_new_full(g_str_hash, g_str_equal, NULL,
                                       g_free);
    in->notes = g_hash_table_new_full(NULL, NULL, NULL, g_free);
    in->infos = qlist_new();
}

static void intro_clear(Introspector *in)
{
    g_clear_pointer(&in->used, g_ptr_array_unref);
    g_clear_pointer(&in->used_set, g_hash_table_unref);
    g_clear_pointer(&in->masked, g_hash_table_unref);
    g_clear_pointer(&in->notes, g_hash_table_unref);
    qobject_unref(in->infos);
    in->infos = NULL;
}
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC(Introspector, intro_clear)

/* Remembers obj's condition (and for a SchemaInfo its entity). obj is
 * in the answer, which keeps it alive as long as the note. */
static void intro_note(Introspector *in, const QObject *obj,
                       const QapiIfCond *cond, const QapiEntity *entity)
{
    IntroNote *note;

    if (!cond && !entity) {
        return;
    }
    note = g_new0(IntroNote, 1);
    note->cond = cond;
    note->entity = entity;
    g_hash_table_insert(in->notes, (gpointer)obj, note);
}

static const IntroNote *intro_get_note(const Introspector *in,
                                       const QObject *obj)
{
    return g_hash_table_lookup(in->notes, obj);
}

static const QapiEntity *intro_lookup(const Introspector *in,
                                      const char *name)
{
    const QapiEntity *type = qapi_schema_lookup_type(in->schema, name);

    /* Every schema has the built-ins and the empty object. */
    g_assert(type);
    return type;
}

/* A non-built-in type's name as the answer spells it. */
static const char *intro_mask(Introspector *in, const QapiEntity *type)
{
    char *number;

    if (in->unmask) {
        return type->name;
    }
    number = g_hash_table_lookup(in->masked, type->name);
    if (!number) {
        number = g_strdup_printf("%u", g_hash_table_size(in->masked));
        g_hash_table_insert(in->masked, type->name, number);
    }
    return number;
}

/* Marks type as needing a SchemaInfo and returns the name the answer
 * refers to it by. */
static char *intro_use_type(Introspector *in, const QapiEntity *type)
{
    const QapiArrayType *array = qapi_entity_as_array(type);

    /* The integer types differ only in range, which introspection does
     * not tell: they all show as int. */
    if (g_str_equal(type->json_type, "int")) {
        type = intro_lookup(in, "int");
    } else if (array && g_str_equal(array->element_type->json_type, "int")) {
        type = intro_lookup(in, "intList");
        array = qapi_entity_as_array(type);
    }
    if (g_hash_table_add(in->used_set, (gpointer)type)) {
        g_ptr_array_add(in->used, (gpointer)type);
    }
    if (type->kind == QAPI_ENTITY_BUILTIN) {
        return g_strdup(type->name);
    }
    if (array) {
        g_autofree char *element = intro_use_type(in, array->element_type);
        return g_strdup_printf("[%s]", element);
    }
    return g_strdup(intro_mask(in, type));
}

/* Appends elem to list, which takes it, remembering its condition. */
static void intro_append(Introspector *in, QList *list, QObject *elem,
                         const QapiIfCond *cond)
{
    intro_note(in, elem, cond, NULL);
    qlist_append_obj(list, elem);
}

/* Puts "features": [...] into dict, each feature with its condition;
 * nothing when there are none. */
static void intro_put_features(Introspector *in, QDict *dict,
                               const GPtrArray *features)
{
    g_autoptr(QList) list = NULL;

    if (!features || !features->len) {
        return;
    }
    list = qlist_new();
    for (guint i = 0; i < features->len; i++) {
        const QapiFeature *f = g_ptr_array_index(features, i);

        intro_append(in, list, QOBJECT(qstring_from_str(f->name)),
                     f->ifcond);
    }
    qdict_put(dict, "features", g_steal_pointer(&list));
}

/* Whether masking gives e a number: commands, events and built-ins keep
 * their names, arrays are named after their element. */
static bool intro_has_number(const QapiEntity *e)
{
    return e->kind != QAPI_ENTITY_COMMAND && e->kind != QAPI_ENTITY_EVENT &&
           e->kind != QAPI_ENTITY_BUILTIN && e->kind != QAPI_ENTITY_ARRAY;
}

/* A SchemaInfo's common head: name and meta-type. */
static QDict *intro_info_new(Introspector *in, const QapiEntity *e)
{
    g_autoptr(QDict) info = qdict_new();
    g_autofree char *name = NULL;

    if (e->kind == QAPI_ENTITY_COMMAND || e->kind == QAPI_ENTITY_EVENT) {
        name = g_strdup(e->name);
    } else {
        name = intro_use_type(in, e);
    }
    qdict_put_str(info, "name", name);
    qdict_put_str(info, "meta-type", qapi_entity_kind_name(e->kind));
    return g_steal_pointer(&info);
}

/* Adds the features and the finished SchemaInfo to the answer, which
 * takes info. */
static void intro_info_add(Introspector *in, const QapiEntity *e,
                           QDict *info)
{
    intro_put_features(in, info, e->features);
    intro_note(in, QOBJECT(info), e->ifcond, e);
    qlist_append(in->infos, info);
}

static void intro_put_type(Introspector *in, QDict *dict, const char *key,
                           const QapiEntity *type)
{
    g_autofree char *name = intro_use_type(in, type);

    qdict_put_str(dict, key, name);
}

static void intro_command(Introspector *in, const QapiCommand *cmd)
{
    const QapiEntity *empty = intro_lookup(in, "q_empty");
    g_autoptr(QDict) info = intro_info_new(in, QAPI_ENTITY(cmd));

    intro_put_type(in, info, "arg-type",
                   cmd->arg_type ? QAPI_ENTITY(cmd->arg_type) : empty);
    intro_put_type(in, info, "ret-type", cmd->ret_type ?: empty);
    if (cmd->allow_oob) {
        qdict_put_bool(info, "allow-oob", true);
    }
    intro_info_add(in, QAPI_ENTITY(cmd), g_steal_pointer(&info));
}

static void intro_event(Introspector *in, const QapiEvent *ev)
{
    const QapiEntity *empty = intro_lookup(in, "q_empty");
    g_autoptr(QDict) info = intro_info_new(in, QAPI_ENTITY(ev));

    intro_put_type(in, info, "arg-type",
                   ev->arg_type ? QAPI_ENTITY(ev->arg_type) : empty);
    intro_info_add(in, QAPI_ENTITY(ev), g_steal_pointer(&info));
}

static void intro_enum(Introspector *in, const QapiEnumType *en, QDict *info)
{
    g_autoptr(QList) members = qlist_new();
    g_autoptr(QList) values = qlist_new();

    for (guint i = 0; i < en->values->len; i++) {
        const QapiEnumValue *v = g_ptr_array_index(en->values, i);
        g_autoptr(QDict) member = qdict_new();

        qdict_put_str(member, "name", v->name);
        intro_put_features(in, member, v->features);
        intro_append(in, members, QOBJECT(g_steal_pointer(&member)),
                     v->ifcond);
        intro_append(in, values, QOBJECT(qstring_from_str(v->name)),
                     v->ifcond);
    }
    qdict_put(info, "members", g_steal_pointer(&members));
    qdict_put(info, "values", g_steal_pointer(&values));
}

static void intro_object(Introspector *in, const QapiObjectType *obj,
                         QDict *info)
{
    g_autoptr(QList) members = qlist_new();

    for (guint i = 0; i < obj->members->len; i++) {
        const QapiMember *m = g_ptr_array_index(obj->members, i);
        g_autoptr(QDict) member = qdict_new();

        qdict_put_str(member, "name", m->name);
        intro_put_type(in, member, "type", m->type);
        if (m->optional) {
            qdict_put_null(member, "default");
        }
        intro_put_features(in, member, m->features);
        intro_append(in, members, QOBJECT(g_steal_pointer(&member)),
                     m->ifcond);
    }
    qdict_put(info, "members", g_steal_pointer(&members));
    if (qapi_object_is_union(obj)) {
        g_autoptr(QList) variants = qlist_new();

        for (guint i = 0; i < obj->variants->len; i++) {
            const QapiVariant *v = g_ptr_array_index(obj->variants, i);
            g_autoptr(QDict) variant = qdict_new();

            qdict_put_str(variant, "case", v->name);
            intro_put_type(in, variant, "type", v->type);
            intro_append(in, variants, QOBJECT(g_steal_pointer(&variant)),
                         v->ifcond);
        }
        qdict_put_str(info, "tag", obj->tag_member->name);
        qdict_put(info, "variants", g_steal_pointer(&variants));
    }
}

static void intro_alternate(Introspector *in, const QapiAlternateType *alt,
                            QDict *info)
{
    g_autoptr(QList) members = qlist_new();

    for (guint i = 0; i < alt->variants->len; i++) {
        const QapiVariant *v = g_ptr_array_index(alt->variants, i);
        g_autoptr(QDict) member = qdict_new();

        intro_put_type(in, member, "type", v->type);
        intro_append(in, members, QOBJECT(g_steal_pointer(&member)),
                     v->ifcond);
    }
    qdict_put(info, "members", g_steal_pointer(&members));
}

static void intro_type(Introspector *in, const QapiEntity *type)
{
    g_autoptr(QDict) info = intro_info_new(in, type);

    switch (type->kind) {
    case QAPI_ENTITY_BUILTIN:
        qdict_put_str(info, "json-type", type->json_type);
        break;
    case QAPI_ENTITY_ENUM:
        intro_enum(in, qapi_entity_as_enum(type), info);
        break;
    case QAPI_ENTITY_ARRAY:
        intro_put_type(in, info, "element-type",
                       qapi_entity_as_array(type)->element_type);
        break;
    case QAPI_ENTITY_OBJECT:
        intro_object(in, qapi_entity_as_object(type), info);
        break;
    case QAPI_ENTITY_ALTERNATE:
        intro_alternate(in, qapi_entity_as_alternate(type), info);
        break;
    default:
        g_assert_not_reached();
    }
    intro_info_add(in, type, g_steal_pointer(&info));
}

/* Fills in->infos. Commands and events go module by module, as QEMU
 * visits them, so that a schema's masked names match what QEMU's own
 * generator gives it: the modules in order of first inclusion, each
 * module's definitions in order. */
static void intro_build(Introspector *in)
{
    const GPtrArray *modules = qapi_schema_get_modules(in->schema);

    for (guint i = 0; i < modules->len; i++) {
        QapiSchemaIter it;

        qapi_module_iter_init(&it, g_ptr_array_index(modules, i),
                              QAPI_SCHEMA_ITER_ALL);
        for (const QapiEntity *e; (e = qapi_schema_iter_next(&it)); ) {
            if (e->kind == QAPI_ENTITY_COMMAND) {
                intro_command(in, qapi_entity_as_command(e));
            } else if (e->kind == QAPI_ENTITY_EVENT) {
                intro_event(in, qapi_entity_as_event(e));
            }
        }
    }
    /* Describing a type may use more types; they join the end of used. */
    for (guint i = 0; i < in->used->len; i++) {
        intro_type(in, g_ptr_array_index(in->used, i));
    }
}

QObject *qapi_gen_introspection(const QapiSchema *schema, bool unmask)
{
    g_auto(Introspector) in = { 0 };

    intro_init(&in, schema, unmask);
    intro_build(&in);
    return QOBJECT(g_steal_pointer(&in.infos));
}

/* The C output */

/* Widest JSON text on one line of a string literal, so that the line,
 * indented, quoted and escaped, stays within 79 columns when it can. */
#define INTRO_TEXT_WIDTH 72

typedef struct IntroWriter {
    const Introspector *in;
    QapiGenFile *c;
    GString *piece;     /* JSON text of the piece being built */
} IntroWriter;

static size_t escaped_length(const char *text, size_t len)
{
    size_t n = len;

    for (size_t i = 0; i < len; i++) {
        n += text[i] == '"' || text[i] == '\\';
    }
    return n;
}

/* Writes the piece as one array element: string literals of at most
 * INTRO_TEXT_WIDTH escaped characters, broken after ", " or "[" where
 * possible (the C compiler joins adjacent literals). */
static void intro_flush(IntroWriter *w)
{
    const char *text = w->piece->str;
    size_t len = w->piece->len;
    size_t start = 0;

    while (start < len) {
        size_t end = len;

        if (escaped_length(text + start, len - start) > INTRO_TEXT_WIDTH) {
            size_t best = 0;
            for (size_t i = start + 1; i < len; i++) {
                bool brk = text[i - 1] == '[' ||
                           (i >= 2 && text[i - 1] == ' ' &&
                            text[i - 2] == ',');
                if (!brk) {
                    continue;
                }
                if (escaped_length(text + start, i - start) >
                    INTRO_TEXT_WIDTH && best) {
                    break;
                }
                best = i;
            }
            end = best ? best : len;
        }

        g_autofree char *line = g_strndup(text + start, end - start);
        g_autofree char *literal = qapi_gen_c_string(line);
        qapi_gen_printf(w->c, "    %s%s\n", literal, end == len ? "," : "");
        start = end;
    }
    g_string_truncate(w->piece, 0);
}

static void intro_write_value(IntroWriter *w, const QObject *value);

/* A list whose conditional elements become pieces of their own. With
 * split, every element does (the answer itself: one piece per SchemaInfo
 * reads best). */
static void intro_write_list(IntroWriter *w, const QList *list, bool split)
{
    for (size_t i = 0; i < qlist_size(list); i++) {
        const QObject *elem = qlist_entry(list, i);
        const IntroNote *note = intro_get_note(w->in, elem);
        const QapiIfCond *cond = note ? note->cond : NULL;

        if (cond || split) {
            intro_flush(w);
            if (note && note->entity && !w->in->unmask &&
                intro_has_number(note->entity)) {
                const char *name = qdict_get_try_str(qobject_to(QDict, elem),
                                                     "name");
                qapi_gen_printf(w->c, "    /* \"%s\" = %s */\n", name,
                                note->entity->name);
            }
            qapi_gen_if(w->c, cond);
            intro_write_value(w, elem);
            intro_flush(w);
            qapi_gen_endif(w->c, cond);
            continue;
        }
        /* Inside a piece the comma is written here; after a cut the
         * generated code adds it, for only then is it known whether the
         * element before survived the preprocessor. */
        if (i > 0 && w->piece->len) {
            g_string_append(w->piece, ", ");
        }
        intro_write_value(w, elem);
    }
}

static void intro_write_value(IntroWriter *w, const QObject *value)
{
    switch (qobject_type(value)) {
    case QTYPE_QDICT: {
        const QDict *dict = qobject_to(QDict, value);
        bool first = true;

        g_string_append_c(w->piece, '{');
        QDICT_FOREACH(e, dict) {
            g_autoptr(QString) key = qstring_from_str(qdict_entry_key(e));
            g_autofree char *key_json = qobject_to_json(QOBJECT(key));

            g_string_append_printf(w->piece, "%s%s: ", first ? "" : ", ",
                                   key_json);
            intro_write_value(w, qdict_entry_value(e));
            first = false;
        }
        g_string_append_c(w->piece, '}');
        break;
    }
    case QTYPE_QLIST:
        g_string_append_c(w->piece, '[');
        intro_write_list(w, qobject_to(QList, value), false);
        g_string_append_c(w->piece, ']');
        break;
    default: {
        g_autofree char *json = qobject_to_json(value);
        g_string_append(w->piece, json);
    }
    }
}

bool qapi_gen_introspect(const QapiGenContext *ctx, Error **errp)
{
    g_auto(Introspector) in = { 0 };
    g_autoptr(QapiGenFile) h = NULL;
    g_autoptr(QapiGenFile) c = NULL;
    g_autofree char *func = NULL;
    g_autofree char *header = qapi_gen_file_name(ctx, "qapi-introspect.h");
    g_autofree char *c_prefix = qapi_c_name(ctx->prefix, false);
    g_autoptr(GString) piece = g_string_new(NULL);
    IntroWriter w = { .in = &in, .piece = piece };

    intro_init(&in, ctx->schema, ctx->unmask);
    intro_build(&in);
    func = g_strconcat(c_prefix, "qmp_schema_info", NULL);

    h = qapi_gen_file_new(ctx, "qapi-introspect.h",
                          "The query-qmp-schema answer for this schema.");
    qapi_gen_printf(h,
        "#include \"qobject.h\"\n"
        "\n"
        "/* What query-qmp-schema answers: a new reference to a list of\n"
        " * SchemaInfo (see introspect.json) describing every command and\n"
        " * event this build has, and the types they use. Built afresh on\n"
        " * each call, as a client asks once per connection; never fails. */\n"
        "QObject *%s(void);\n", func);

    c = qapi_gen_file_new(ctx, "qapi-introspect.c",
                          "The query-qmp-schema answer for this schema.");
    qapi_gen_printf(c,
        "#include \"%s\"\n"
        "\n"
        "#include <glib.h>\n"
        "\n"
        "#include \"qjson.h\"\n"
        "\n"
        "/* The answer as JSON text in pieces, NULL-terminated: one per\n"
        " * SchemaInfo, cut again around whatever has a condition, so that\n"
        " * the preprocessor keeps exactly what this build configures.%s */\n"
        "static const char *const qmp_schema_pieces[] = {\n",
        header, in.unmask ? "" :
        "\n * Type names are masked; a comment tells each one's schema name.");
    w.c = c;
    intro_write_list(&w, in.infos, true);
    qapi_gen_printf(c,
        "    NULL,\n"
        "};\n"
        "\n"
        "/* The pieces joined into one JSON array. A cut is always next to\n"
        " * an element of an array, so a comma goes exactly where one piece\n"
        " * ends an element and the next one starts another. */\n"
        "static char *qmp_schema_join(void)\n"
        "{\n"
        "    g_autoptr(GString) text = g_string_new(\"[\");\n"
        "\n"
        "    for (const char *const *p = qmp_schema_pieces; *p; p++) {\n"
        "        char last = text->str[text->len - 1];\n"
        "\n"
        "        if ((last == '}' || last == '\"') &&\n"
        "            (**p == '{' || **p == '\"')) {\n"
        "            g_string_append_c(text, ',');\n"
        "        }\n"
        "        g_string_append(text, *p);\n"
        "    }\n"
        "    g_string_append_c(text, ']');\n"
        "    return g_string_free(g_steal_pointer(&text), FALSE);\n"
        "}\n"
        "\n"
        "QObject *%s(void)\n"
        "{\n"
        "    g_autofree char *text = qmp_schema_join();\n"
        "\n"
        "    /* Generated, so valid by construction: an error is a bug. */\n"
        "    return qobject_from_json(text, &error_abort);\n"
        "}\n", func);

    return qapi_gen_file_write(h, errp) && qapi_gen_file_write(c, errp);
}

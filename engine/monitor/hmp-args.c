/* Typing HMP's key=value text for QMP: see hmp-args.h. */
#include "hmp-args.h"

#include <string.h>

#include "qapi-util.h"
#include "qlist.h"

/* Nesting deeper than this is no schema's: a guard against a cycle. */
enum { HMP_ARGS_MAX_DEPTH = 32 };

/* The typed value text reads as for a builtin type, or NULL. */
static QObject *type_scalar(const char *builtin, const char *json_type,
                            const char *text)
{
    bool b;
    int64_t i64;
    uint64_t u64;
    double d;

    if (!strcmp(json_type, "boolean")) {
        return qapi_bool_parse(NULL, text, &b, NULL)
               ? QOBJECT(qbool_from_bool(b)) : NULL;
    }
    if (!strcmp(json_type, "number")) {
        return qapi_number_parse(NULL, text, &d, NULL)
               ? QOBJECT(qnum_from_double(d)) : NULL;
    }
    if (strcmp(json_type, "int")) {
        return NULL;
    }
    if (!strcmp(builtin, "size")) {
        return qapi_size_parse(NULL, text, &u64, NULL)
               ? QOBJECT(qnum_from_uint(u64)) : NULL;
    }
    if (g_str_has_prefix(builtin, "uint")) {
        return qapi_uint64_parse(NULL, text, &u64, NULL)
               ? QOBJECT(qnum_from_uint(u64)) : NULL;
    }
    return qapi_int64_parse(NULL, text, &i64, NULL)
           ? QOBJECT(qnum_from_int(i64)) : NULL;
}

static QObject *type_value(GHashTable *schema, const char *type,
                           QObject *value, unsigned depth);

/* An object's members, then the members of the variant its tag picks
 * (a flat union keeps both in one dict). */
static void type_object(GHashTable *schema, const QDict *entity, QDict *dict,
                        unsigned depth)
{
    QList *members = qdict_get_qlist(entity, "members");
    QList *variants = qdict_get_qlist(entity, "variants");
    const char *tag = qdict_get_try_str(entity, "tag");
    const char *tag_value = tag ? qdict_get_try_str(dict, tag) : NULL;

    for (size_t i = 0; members && i < qlist_size(members); i++) {
        QDict *m = qobject_to(QDict, qlist_entry(members, i));
        const char *name = m ? qdict_get_try_str(m, "name") : NULL;
        const char *type = m ? qdict_get_try_str(m, "type") : NULL;
        QObject *value = name ? qdict_get(dict, name) : NULL;
        QObject *typed;

        if (!value || !type) {
            continue;
        }
        typed = type_value(schema, type, value, depth + 1);
        if (typed) {
            qdict_put_obj(dict, name, typed);
        }
    }
    for (size_t i = 0; tag_value && variants && i < qlist_size(variants);
         i++) {
        QDict *v = qobject_to(QDict, qlist_entry(variants, i));
        const char *type = v ? qdict_get_try_str(v, "type") : NULL;
        QDict *variant = type ? g_hash_table_lookup(schema, type) : NULL;

        if (variant && !g_strcmp0(qdict_get_try_str(v, "case"), tag_value)) {
            type_object(schema, variant, dict, depth + 1);
            break;
        }
    }
}

/* The typed replacement for value, or NULL to keep it (a dict is typed in
 * place). */
static QObject *type_value(GHashTable *schema, const char *type,
                           QObject *value, unsigned depth)
{
    QDict *entity = g_hash_table_lookup(schema, type);
    const char *meta = entity ? qdict_get_try_str(entity, "meta-type") : NULL;
    QString *text = qobject_to(QString, value);

    if (!meta || depth > HMP_ARGS_MAX_DEPTH) {
        return NULL;
    }
    if (!strcmp(meta, "builtin")) {
        const char *json_type = qdict_get_try_str(entity, "json-type");

        return text && json_type
               ? type_scalar(type, json_type, qstring_get_str(text)) : NULL;
    }
    if (!strcmp(meta, "object")) {
        if (qobject_to(QDict, value)) {
            type_object(schema, entity, qobject_to(QDict, value), depth);
        }
        return NULL;
    }
    if (!strcmp(meta, "array")) {
        QList *in = qobject_to(QList, value);
        const char *elem = qdict_get_try_str(entity, "element-type");
        QList *out;

        if (!in || !elem) {
            return NULL;
        }
        out = qlist_new();
        for (size_t i = 0; i < qlist_size(in); i++) {
            QObject *e = qlist_entry(in, i);
            QObject *typed = type_value(schema, elem, e, depth + 1);

            qlist_append_obj(out, typed ? typed : qobject_ref(e));
        }
        return QOBJECT(out);
    }
    if (!strcmp(meta, "alternate") && text) {
        QList *members = qdict_get_qlist(entity, "members");

        /* The first branch the text reads as; a string branch keeps it. */
        for (size_t i = 0; members && i < qlist_size(members); i++) {
            QDict *m = qobject_to(QDict, qlist_entry(members, i));
            const char *mtype = m ? qdict_get_try_str(m, "type") : NULL;
            QObject *typed = mtype
                             ? type_value(schema, mtype, value, depth + 1)
                             : NULL;

            if (typed) {
                return typed;
            }
        }
    }
    return NULL;
}

void hmp_args_type_by_schema(Hmp *hmp, const char *command, QDict *args)
{
    g_autoptr(QObject) ret = NULL;
    g_autoptr(GHashTable) schema = NULL;
    QList *entities;
    QDict *cmd;
    const char *arg_type;
    QDict *arg_entity;

    if (!hmp_call_quiet(hmp, "query-qmp-schema", NULL, &ret)) {
        return;
    }
    entities = qobject_to(QList, ret);
    schema = g_hash_table_new(g_str_hash, g_str_equal);
    cmd = NULL;
    for (size_t i = 0; entities && i < qlist_size(entities); i++) {
        QDict *e = qobject_to(QDict, qlist_entry(entities, i));
        const char *name = e ? qdict_get_try_str(e, "name") : NULL;
        const char *meta = e ? qdict_get_try_str(e, "meta-type") : NULL;

        if (!name || !meta) {
            continue;
        }
        /* Commands and events share the namespace with nothing typed. */
        if (!strcmp(meta, "command")) {
            if (!strcmp(name, command)) {
                cmd = e;
            }
        } else if (strcmp(meta, "event")) {
            g_hash_table_insert(schema, (gpointer)name, e);
        }
    }
    arg_type = cmd ? qdict_get_try_str(cmd, "arg-type") : NULL;
    arg_entity = arg_type ? g_hash_table_lookup(schema, arg_type) : NULL;
    if (arg_entity) {
        type_object(schema, arg_entity, args, 0);
    }
}

void hmp_args_type_by_qom_type(Hmp *hmp, const char *typename, QDict *props)
{
    g_autoptr(QDict) args = qdict_new();
    g_autoptr(QObject) ret = NULL;
    QList *list;

    qdict_put_str(args, "typename", typename);
    if (!hmp_call_quiet(hmp, "qom-list-properties", g_steal_pointer(&args),
                        &ret)) {
        return;
    }
    list = qobject_to(QList, ret);
    for (size_t i = 0; list && i < qlist_size(list); i++) {
        QDict *prop = qobject_to(QDict, qlist_entry(list, i));
        const char *name = prop ? qdict_get_try_str(prop, "name") : NULL;
        const char *type = prop ? qdict_get_try_str(prop, "type") : NULL;
        const char *text = name ? qdict_get_try_str(props, name) : NULL;
        QObject *typed = NULL;

        if (!text || !type) {
            continue;
        }
        /* QOM's type names: bool, intN/uintN ("int" too), size, number. */
        if (!strcmp(type, "bool")) {
            typed = type_scalar(type, "boolean", text);
        } else if (!strcmp(type, "number")) {
            typed = type_scalar(type, "number", text);
        } else if (!strcmp(type, "size") || g_str_has_prefix(type, "int") ||
                   g_str_has_prefix(type, "uint")) {
            typed = type_scalar(type, "int", text);
        }
        if (typed) {
            qdict_put_obj(props, name, typed);
        }
    }
}

/* QOM over QMP: see qom-qmp-cmds.h. */
#include "qom-qmp-cmds.h"

#include "object-interfaces.h"
#include "object-path.h"
#include "qapi-commands.h"
#include "qapi-events.h"
#include "qjson.h"
#include "qom-schema.h"

Object *qom_qmp_cmds_resolve_path(const char *path, Error **errp)
{
    bool ambiguous = false;
    Object *obj = object_resolve_path(path, &ambiguous);

    if (!obj) {
        if (ambiguous) {
            error_setg(errp, "Path '%s' is ambiguous", path);
        } else {
            error_set(errp, ERROR_CLASS_DEVICE_NOT_FOUND,
                      "Device '%s' not found", path);
        }
    }
    return obj;
}

/* Appends info at *tail and moves the tail past it: lists come out in the
 * order they are built, without a reversal. */
static void property_list_append(ObjectPropertyInfoList ***tail,
                                 ObjectPropertyInfo *info)
{
    ObjectPropertyInfoList *node = g_new0(ObjectPropertyInfoList, 1);

    node->value = info;
    **tail = node;
    *tail = &node->next;
}

/* description and default_value may be NULL (absent); default_value is
 * taken. */
static ObjectPropertyInfo *property_info_new(const char *name,
                                             const char *type,
                                             const char *description,
                                             QObject *default_value)
{
    ObjectPropertyInfo *info = g_new0(ObjectPropertyInfo, 1);

    info->name = g_strdup(name);
    info->type = g_strdup(type);
    info->description = g_strdup(description);
    info->default_value = default_value;
    return info;
}

/* @runtime (a Quern extension) is sent only when true, so what a client
 * written for QEMU sees of a fixed property is what QEMU sends. */
static void property_info_set_runtime(ObjectPropertyInfo *info,
                                      const QomSchemaProperty *sp)
{
    info->has_runtime = info->runtime = sp && sp->runtime;
}

/* A schema property as QMP shows it. The default is JSON that qapi-gen
 * wrote from a checked schema, so it always parses. */
static ObjectPropertyInfo *property_info_from_schema(
    const QomSchemaProperty *sp)
{
    QObject *defval = sp->default_json
        ? qobject_from_json(sp->default_json, &error_abort) : NULL;
    ObjectPropertyInfo *info = property_info_new(sp->name, sp->type,
                                                 sp->description, defval);

    property_info_set_runtime(info, sp);
    return info;
}

/* The schema's declaration of obj's property `name`, from the nearest
 * type in obj's class chain that a schema declares; NULL for what no
 * schema declares (children, links, QOM's own "type"). */
static const QomSchemaProperty *object_schema_property(Object *obj,
                                                       const char *name)
{
    for (ObjectClass *k = object_get_class(obj); k;
         k = object_class_get_parent(k)) {
        const QomSchemaType *t =
            qom_schema_find_type(object_class_get_name(k));

        if (t) {
            return qom_schema_type_find_property(t, name);
        }
    }
    return NULL;
}

bool qmp_qom_list(const char *path, ObjectPropertyInfoList **ret,
                  Error **errp)
{
    Object *obj = qom_qmp_cmds_resolve_path(path, errp);
    ObjectPropertyInfoList *list = NULL;
    ObjectPropertyInfoList **tail = &list;
    ObjectPropertyIterator iter;
    ObjectProperty *prop;

    if (!obj) {
        return false;
    }
    /* Name and type, as QEMU answers, and whether it may change now that
     * the object is in use; qom-list-properties has the documentation. */
    object_property_iter_init(&iter, obj);
    while ((prop = object_property_iter_next(&iter))) {
        ObjectPropertyInfo *info = property_info_new(prop->name, prop->type,
                                                     NULL, NULL);

        property_info_set_runtime(info,
                                  object_schema_property(obj, prop->name));
        property_list_append(&tail, info);
    }
    *ret = list;
    return true;
}

bool qmp_qom_get(const char *path, const char *property, QObject **ret,
                 Error **errp)
{
    Object *obj = qom_qmp_cmds_resolve_path(path, errp);
    QObject *value;

    if (!obj) {
        return false;
    }
    value = object_property_get_qobject(obj, property, errp);
    if (!value) {
        return false;
    }
    *ret = value;
    return true;
}

bool qmp_qom_set(const char *path, const char *property, QObject *value,
                 Error **errp)
{
    Object *obj = qom_qmp_cmds_resolve_path(path, errp);

    /* The strict QObject input visitor: a JSON string is no number, as in
     * every other QMP argument. The setter applies the freeze rules. */
    return obj && object_property_set_qobject(obj, property, value, errp);
}

typedef struct TypeListBuilder {
    ObjectTypeInfoList *list;
    ObjectTypeInfoList **tail;
} TypeListBuilder;

static void type_list_add(ObjectClass *klass, void *opaque)
{
    TypeListBuilder *b = opaque;
    ObjectTypeInfo *info = g_new0(ObjectTypeInfo, 1);
    ObjectTypeInfoList *node = g_new0(ObjectTypeInfoList, 1);
    ObjectClass *parent = object_class_get_parent(klass);

    info->name = g_strdup(object_class_get_name(klass));
    /* Present only when true, as the schema documents and QEMU answers. */
    info->has_abstract = info->abstract = object_class_is_abstract(klass);
    info->parent = parent ? g_strdup(object_class_get_name(parent)) : NULL;
    node->value = info;
    *b->tail = node;
    b->tail = &node->next;
}

bool qmp_qom_list_types(const char *implements, bool has_abstract,
                        bool abstract, ObjectTypeInfoList **ret, Error **errp)
{
    TypeListBuilder b = { .list = NULL, .tail = &b.list };

    /* An implements that names no type matches nothing: an empty list, as
     * QEMU answers, not an error. object_class_foreach() sorts by name. */
    object_class_foreach(type_list_add, implements, has_abstract && abstract,
                         &b);
    *ret = b.list;
    return true;
}

bool qmp_qom_list_properties(const char *q_typename,
                             ObjectPropertyInfoList **ret, Error **errp)
{
    const QomSchemaType *stype = qom_schema_find_type(q_typename);
    /* Building a class runs class_init, never instance_init: no object. */
    ObjectClass *klass = object_class_by_name(q_typename);
    /* Schema types this program does not register, leaf first: their
     * properties come from the schema alone. */
    g_autoptr(GPtrArray) schema_only = g_ptr_array_new();
    g_autoptr(ObjectPropertyInfoList) list = NULL;
    ObjectPropertyInfoList **tail = &list;

    if (!klass && !stype) {
        error_setg(errp, "unknown type '%s'", q_typename);
        return false;
    }
    for (const QomSchemaType *t = stype; !klass && t;
         t = qom_schema_type_get_parent(t)) {
        klass = object_class_by_name(t->name);
        if (!klass) {
            g_ptr_array_add(schema_only, (gpointer)t);
        }
    }

    if (klass) {
        ObjectPropertyIterator iter;
        ObjectProperty *prop;

        object_class_property_iter_init(&iter, klass);
        while ((prop = object_property_iter_next(&iter))) {
            /* Where the schema declares the property, its declaration is
             * the answer (generated registration copied it to the class,
             * so the two agree); links, children and QOM's own "type"
             * are the class's. */
            const QomSchemaProperty *sp =
                stype ? qom_schema_type_find_property(stype, prop->name)
                      : NULL;
            QObject *defval = object_property_get_default(prop);

            property_list_append(&tail, sp ? property_info_from_schema(sp)
                : property_info_new(prop->name, prop->type, prop->description,
                                    defval ? qobject_ref(defval) : NULL));
        }
    }
    for (guint i = schema_only->len; i-- > 0;) {
        const QomSchemaType *t = g_ptr_array_index(schema_only, i);

        for (size_t p = 0; p < t->n_properties; p++) {
            property_list_append(&tail,
                                 property_info_from_schema(&t->properties[p]));
        }
    }
    *ret = g_steal_pointer(&list);
    return true;
}

/* object-add's marshaller: its arguments are open-ended (gen: false). The
 * values are typed JSON, checked strictly. */
bool qmp_object_add(QDict *args, QObject **ret, Error **errp)
{
    g_autoptr(QDict) props = qobject_to(QDict,
                                        qobject_deep_copy(QOBJECT(args)));
    g_autofree char *type = g_strdup(qdict_get_try_str(props, "qom-type"));
    g_autofree char *id = g_strdup(qdict_get_try_str(props, "id"));

    if (!type) {
        error_setg(errp, "Parameter 'qom-type' is missing");
        return false;
    }
    if (!id) {
        error_setg(errp, "Parameter 'id' is missing");
        return false;
    }
    qdict_del(props, "qom-type");
    qdict_del(props, "id");
    return user_creatable_add_type(type, id, props, NULL, errp) != NULL;
}

bool qmp_object_del(const char *id, Error **errp)
{
    return user_creatable_del(id, errp);
}

/* QOM_PROPERTY_CHANGED for every live change, whoever made it. */
static void qom_property_changed(Object *obj, const char *name)
{
    g_autofree char *path = object_get_canonical_path(obj);
    g_autoptr(QObject) value = object_property_get_qobject(obj, name, NULL);

    /* An object outside the tree (being built, or going) has no path a
     * client could use. */
    if (path && value) {
        qapi_event_send_qom_property_changed(path, name, value);
    }
}

static void __attribute__((constructor)) qom_qmp_cmds_init(void)
{
    object_property_set_change_notifier(qom_property_changed);
}

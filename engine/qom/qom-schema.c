/* The registry of schema-declared QOM types, and the check that the C
 * classes match it: see qom-schema.h. */
#include "qom-schema.h"

#include <stdlib.h>
#include <string.h>

/* name -> const QomSchemaType *, and the same in registration order. The
 * documented process global of qom-schema.h: filled before main. */
static GHashTable *schema_by_name;
static GPtrArray *schema_types;

static bool str_equal0(const char *a, const char *b)
{
    return g_strcmp0(a, b) == 0;
}

static void registry_init(void)
{
    if (!schema_by_name) {
        schema_by_name = g_hash_table_new(g_str_hash, g_str_equal);
        schema_types = g_ptr_array_new();
    }
}

void qom_schema_register(const QomSchemaType *types, size_t n_types)
{
    registry_init();
    for (size_t i = 0; i < n_types; i++) {
        const QomSchemaType *t = &types[i];
        const QomSchemaType *old = g_hash_table_lookup(schema_by_name,
                                                       t->name);

        if (old) {
            /* Every schema must declare the root; two declarations of
             * anything else mean two schemas in one program disagree. */
            if (!t->parent && !old->parent && !t->n_properties &&
                !old->n_properties) {
                continue;
            }
            error_report("qom-type '%s' is declared by two schemas",
                         t->name);
            abort();
        }
        g_hash_table_insert(schema_by_name, (gpointer)t->name, (gpointer)t);
        g_ptr_array_add(schema_types, (gpointer)t);
    }
}

const QomSchemaType *qom_schema_find_type(const char *name)
{
    return schema_by_name && name ? g_hash_table_lookup(schema_by_name, name)
                                  : NULL;
}

const QomSchemaType *qom_schema_type_get_parent(const QomSchemaType *type)
{
    return qom_schema_find_type(type->parent);
}

static const QomSchemaProperty *find_own_property(const QomSchemaType *type,
                                                  const char *name)
{
    for (size_t i = 0; i < type->n_properties; i++) {
        if (strcmp(type->properties[i].name, name) == 0) {
            return &type->properties[i];
        }
    }
    return NULL;
}

const QomSchemaProperty *qom_schema_type_find_property(
    const QomSchemaType *type, const char *name)
{
    /* The schema checker bounds the depth and refuses cycles. */
    for (const QomSchemaType *t = type; t; t = qom_schema_type_get_parent(t)) {
        const QomSchemaProperty *prop = find_own_property(t, name);
        if (prop) {
            return prop;
        }
    }
    return NULL;
}

const QomSchemaProperty *qom_schema_find_property(const char *type_name,
                                                  const char *name)
{
    const QomSchemaType *type = qom_schema_find_type(type_name);

    return type ? qom_schema_type_find_property(type, name) : NULL;
}

const GPtrArray *qom_schema_get_types(void)
{
    registry_init();    /* a program may link no schema at all */
    return schema_types;
}

bool qom_schema_error_unset(Object *obj, const char *name, Error **errp)
{
    error_setg(errp, "property '%s' of '%s' is not set", name,
               object_get_typename(obj));
    return false;
}

/* Checking the C classes against the schema. */

static bool check_class_shape(const QomSchemaType *t, ObjectClass *klass,
                              Error **errp)
{
    ObjectClass *parent = object_class_get_parent(klass);
    const char *parent_name = parent ? object_class_get_name(parent) : NULL;

    if (!str_equal0(parent_name, t->parent)) {
        error_setg(errp, "QOM type '%s' has parent '%s', but the schema "
                   "says '%s'", t->name, parent_name ? parent_name : "",
                   t->parent ? t->parent : "");
        return false;
    }
    if (object_class_is_abstract(klass) != t->abstract) {
        error_setg(errp, "QOM type '%s' is %sabstract, but the schema says "
                   "it is %s", t->name, t->abstract ? "not " : "",
                   t->abstract ? "abstract" : "not");
        return false;
    }
    return true;
}

static bool check_class_properties(const QomSchemaType *t,
                                   ObjectClass *klass, Error **errp)
{
    for (size_t i = 0; i < t->n_properties; i++) {
        const QomSchemaProperty *sp = &t->properties[i];
        ObjectProperty *prop = object_class_property_find(klass, sp->name);

        if (!prop) {
            error_setg(errp, "QOM type '%s' does not register its schema "
                       "property '%s' (its class_init must call the "
                       "generated registration)", t->name, sp->name);
            return false;
        }
        if (strcmp(prop->type, sp->type) != 0) {
            error_setg(errp, "property '%s' of QOM type '%s' has type '%s', "
                       "but the schema says '%s'", sp->name, t->name,
                       prop->type, sp->type);
            return false;
        }
    }

    /* Value properties the class adds (what its parent lacks) must all
     * come from the schema. */
    ObjectClass *parent = object_class_get_parent(klass);
    ObjectPropertyIterator iter;
    object_class_property_iter_init(&iter, klass);
    for (ObjectProperty *prop; (prop = object_property_iter_next(&iter)); ) {
        if (!parent || object_class_property_find(parent, prop->name) ||
            g_str_has_prefix(prop->type, "link<") ||
            g_str_has_prefix(prop->type, "child<") ||
            find_own_property(t, prop->name)) {
            continue;
        }
        error_setg(errp, "property '%s' of QOM type '%s' is not in the "
                   "schema", prop->name, t->name);
        return false;
    }
    return true;
}

bool qom_schema_check_classes(bool require_all, Error **errp)
{
    const GPtrArray *types = qom_schema_get_types();

    for (guint i = 0; i < types->len; i++) {
        const QomSchemaType *t = g_ptr_array_index(types, i);
        ObjectClass *klass = object_class_by_name(t->name);

        if (!klass) {
            if (require_all) {
                error_setg(errp, "qom-type '%s' is in the schema, but no C "
                           "code registers it", t->name);
                return false;
            }
            continue;
        }
        if (!check_class_shape(t, klass, errp) ||
            !check_class_properties(t, klass, errp)) {
            return false;
        }
    }
    return true;
}

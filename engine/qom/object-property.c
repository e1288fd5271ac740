/* QOM properties: the tables, lookup and iteration, access through
 * visitors, defaults, and the typed property kinds. */
#include "object-property.h"
#include "object-freeze.h"

#include <string.h>

#include "object-internal.h"
#include "qobject-input-visitor.h"
#include "qobject-output-visitor.h"
#include "string-input-visitor.h"
#include "string-output-visitor.h"

/* A class's properties. `own` is what the class declared, in order; the
 * rest is a flattened view of the class and its ancestors, so that a lookup
 * is one hash lookup and iteration needs no walk. */
struct ClassPropertyTable {
    GPtrArray *own;
    GHashTable *by_name;
    GPtrArray *order;                   /* root class's first */
    unsigned generation;
};

/* Bumped whenever any class gains a property: a flattened view built at an
 * older generation may miss an ancestor's new property. Properties are
 * added while classes are initialized, so after start-up this stays put.
 * Part of the type table's global state (object.h). */
static unsigned class_props_generation = 1;

ClassPropertyTable *class_property_table_new(void)
{
    ClassPropertyTable *t = g_new0(ClassPropertyTable, 1);

    t->own = g_ptr_array_new();
    return t;
}

static ClassPropertyTable *class_props(ObjectClass *klass)
{
    ClassPropertyTable *t = klass->properties;

    if (t->generation == class_props_generation) {
        return t;
    }
    if (!t->by_name) {
        t->by_name = g_hash_table_new(g_str_hash, g_str_equal);
        t->order = g_ptr_array_new();
    }
    g_hash_table_remove_all(t->by_name);
    g_ptr_array_set_size(t->order, 0);

    g_autoptr(GPtrArray) chain = g_ptr_array_new();
    for (ObjectClass *c = klass; c; c = object_class_get_parent(c)) {
        g_ptr_array_add(chain, c);
    }
    for (guint i = chain->len; i-- > 0;) {
        ObjectClass *c = chain->pdata[i];
        GPtrArray *own = c->properties->own;
        for (guint j = 0; j < own->len; j++) {
            ObjectProperty *prop = own->pdata[j];
            g_ptr_array_add(t->order, prop);
            g_hash_table_insert(t->by_name, prop->name, prop);
        }
    }
    t->generation = class_props_generation;
    return t;
}

static ObjectProperty *property_new(const char *name, const char *type,
                                    ObjectPropertyAccessor *get,
                                    ObjectPropertyAccessor *set,
                                    ObjectPropertyRelease *release,
                                    void *opaque)
{
    ObjectProperty *prop = g_new0(ObjectProperty, 1);

    prop->name = g_strdup(name);
    /* Types repeat ("child<container>" once per container): intern them. */
    prop->type = g_intern_string(type);
    prop->get = get;
    prop->set = set;
    prop->release = release;
    prop->opaque = opaque;
    return prop;
}

static void property_free(ObjectProperty *prop)
{
    g_free(prop->name);
    g_free(prop->description);
    qobject_unref(prop->defval);
    g_free(prop);
}

/* Lookup. */

ObjectProperty *object_class_property_find(ObjectClass *klass,
                                           const char *name)
{
    return g_hash_table_lookup(class_props(klass)->by_name, name);
}

ObjectProperty *object_class_property_find_err(ObjectClass *klass,
                                               const char *name,
                                               Error **errp)
{
    ObjectProperty *prop = object_class_property_find(klass, name);

    if (!prop) {
        error_setg(errp, "property '%s' not found on type '%s'", name,
                   object_class_get_name(klass));
    }
    return prop;
}

ObjectProperty *object_property_find(Object *obj, const char *name)
{
    ObjectProperty *prop = object_class_property_find(obj->class, name);

    if (prop || !obj->properties) {
        return prop;
    }
    return g_hash_table_lookup(obj->properties, name);
}

ObjectProperty *object_property_find_err(Object *obj, const char *name,
                                         Error **errp)
{
    ObjectProperty *prop = object_property_find(obj, name);

    if (!prop) {
        error_setg(errp, "property '%s' not found on type '%s'", name,
                   object_get_typename(obj));
    }
    return prop;
}

/* Adding and deleting. */

ObjectProperty *object_property_try_add_resolvable(
    Object *obj, const char *name, const char *type,
    ObjectPropertyAccessor *get, ObjectPropertyAccessor *set,
    ObjectPropertyResolve *resolve, ObjectPropertyRelease *release,
    void *opaque, Error **errp)
{
    size_t len = strlen(name);

    if (len >= 3 && !strcmp(name + len - 3, "[*]")) {
        g_autofree char *base = g_strndup(name, len - 3);
        for (int i = 0; i < INT16_MAX; i++) {
            g_autofree char *numbered = g_strdup_printf("%s[%d]", base, i);
            if (!object_property_find(obj, numbered)) {
                return object_property_try_add_resolvable(
                    obj, numbered, type, get, set, resolve, release, opaque,
                    errp);
            }
        }
        error_setg(errp, "no free index for property '%s' on type '%s'",
                   name, object_get_typename(obj));
        return NULL;
    }
    if (object_property_find(obj, name)) {
        error_setg(errp, "duplicate property '%s' on type '%s'", name,
                   object_get_typename(obj));
        return NULL;
    }

    ObjectProperty *prop = property_new(name, type, get, set, release,
                                        opaque);
    prop->resolve = resolve;
    if (!obj->properties) {
        obj->properties = g_hash_table_new(g_str_hash, g_str_equal);
    }
    g_hash_table_insert(obj->properties, prop->name, prop);
    prop->prev = obj->prop_last;
    if (obj->prop_last) {
        obj->prop_last->next = prop;
    } else {
        obj->prop_first = prop;
    }
    obj->prop_last = prop;
    if (resolve) {
        object_path_index_add(obj, prop->name);
    }
    return prop;
}

ObjectProperty *object_property_try_add(Object *obj, const char *name,
                                        const char *type,
                                        ObjectPropertyAccessor *get,
                                        ObjectPropertyAccessor *set,
                                        ObjectPropertyRelease *release,
                                        void *opaque, Error **errp)
{
    return object_property_try_add_resolvable(obj, name, type, get, set,
                                              NULL, release, opaque, errp);
}

ObjectProperty *object_property_add(Object *obj, const char *name,
                                    const char *type,
                                    ObjectPropertyAccessor *get,
                                    ObjectPropertyAccessor *set,
                                    ObjectPropertyRelease *release,
                                    void *opaque)
{
    return object_property_try_add(obj, name, type, get, set, release,
                                   opaque, &error_abort);
}

ObjectProperty *object_class_property_add(ObjectClass *klass,
                                          const char *name, const char *type,
                                          ObjectPropertyAccessor *get,
                                          ObjectPropertyAccessor *set,
                                          ObjectPropertyRelease *release,
                                          void *opaque)
{
    if (object_class_property_find(klass, name)) {
        error_setg(&error_abort, "duplicate property '%s' on type '%s'",
                   name, object_class_get_name(klass));
    }
    ObjectProperty *prop = property_new(name, type, get, set, release,
                                        opaque);
    g_ptr_array_add(klass->properties->own, prop);
    class_props_generation++;
    return prop;
}

void object_class_property_set_resolve(ObjectProperty *prop,
                                       ObjectPropertyResolve *resolve)
{
    prop->resolve = resolve;
    object_path_note_class_resolvable(prop->name);
}

void object_property_set_description(Object *obj, const char *name,
                                     const char *description)
{
    ObjectProperty *prop = object_property_find_err(obj, name, &error_abort);

    g_free(prop->description);
    prop->description = g_strdup(description);
}

void object_class_property_set_description(ObjectClass *klass,
                                           const char *name,
                                           const char *description)
{
    ObjectProperty *prop = object_class_property_find_err(klass, name,
                                                          &error_abort);

    g_free(prop->description);
    prop->description = g_strdup(description);
}

/* Unlinks prop first, so that its release hook (a child's unparent hook may
 * run arbitrary code) can neither find it by name nor delete it twice. */
static void property_delete(Object *obj, ObjectProperty *prop)
{
    g_hash_table_remove(obj->properties, prop->name);
    if (prop->prev) {
        prop->prev->next = prop->next;
    } else {
        obj->prop_first = prop->next;
    }
    if (prop->next) {
        prop->next->prev = prop->prev;
    } else {
        obj->prop_last = prop->prev;
    }
    if (prop->resolve) {
        object_path_index_remove(obj, prop->name);
    }
    if (prop->release) {
        prop->release(obj, prop->name, prop->opaque);
    }
    property_free(prop);
}

bool object_property_del(Object *obj, const char *name)
{
    ObjectProperty *prop =
        obj->properties ? g_hash_table_lookup(obj->properties, name) : NULL;

    if (!prop) {
        return false;
    }
    property_delete(obj, prop);
    return true;
}

void object_property_del_all(Object *obj)
{
    while (obj->prop_last) {
        property_delete(obj, obj->prop_last);
    }
    GPtrArray *order = class_props(obj->class)->order;
    for (guint i = order->len; i-- > 0;) {
        ObjectProperty *prop = order->pdata[i];
        if (prop->release) {
            prop->release(obj, prop->name, prop->opaque);
        }
    }
    if (obj->properties) {
        g_hash_table_destroy(obj->properties);
        obj->properties = NULL;
    }
}

/* Iteration. */

void object_property_iter_init(ObjectPropertyIterator *iter, Object *obj)
{
    iter->class_props = class_props(obj->class)->order;
    iter->class_index = 0;
    iter->next_instance = obj->prop_first;
}

void object_class_property_iter_init(ObjectPropertyIterator *iter,
                                     ObjectClass *klass)
{
    iter->class_props = class_props(klass)->order;
    iter->class_index = 0;
    iter->next_instance = NULL;
}

ObjectProperty *object_property_iter_next(ObjectPropertyIterator *iter)
{
    if (iter->class_index < iter->class_props->len) {
        return iter->class_props->pdata[iter->class_index++];
    }
    ObjectProperty *prop = iter->next_instance;
    if (prop) {
        iter->next_instance = prop->next;
    }
    return prop;
}

/* Defaults. */

static void property_init_defval(Object *obj, ObjectProperty *prop)
{
    g_autoptr(Visitor) v = qobject_input_visitor_new(prop->defval);

    /* A default the property's own setter refuses is a bug in the class. */
    prop->set(obj, v, prop->name, prop->opaque, &error_abort);
}

void object_property_set_default(ObjectProperty *prop, QObject *value)
{
    qobject_unref(prop->defval);
    prop->defval = value;
    /* A read-only property's default is only reported. */
    prop->init = prop->set ? property_init_defval : NULL;
}

void object_property_set_default_bool(ObjectProperty *prop, bool value)
{
    object_property_set_default(prop, QOBJECT(qbool_from_bool(value)));
}

void object_property_set_default_str(ObjectProperty *prop, const char *value)
{
    object_property_set_default(prop, QOBJECT(qstring_from_str(value)));
}

void object_property_set_default_int(ObjectProperty *prop, int64_t value)
{
    object_property_set_default(prop, QOBJECT(qnum_from_int(value)));
}

void object_property_set_default_uint(ObjectProperty *prop, uint64_t value)
{
    object_property_set_default(prop, QOBJECT(qnum_from_uint(value)));
}

QObject *object_property_get_default(const ObjectProperty *prop)
{
    return prop->defval;
}

void object_property_init_class_defaults(Object *obj)
{
    GPtrArray *order = class_props(obj->class)->order;

    for (guint i = 0; i < order->len; i++) {
        ObjectProperty *prop = order->pdata[i];
        if (prop->init) {
            prop->init(obj, prop);
        }
    }
}

/* Access. */

bool object_property_get_as(Object *obj, ObjectProperty *prop,
                            const char *name, Visitor *v, Error **errp)
{
    if (!prop->get) {
        error_setg(errp, "property '%s' on type '%s' is not readable",
                   prop->name, object_get_typename(obj));
        return false;
    }
    return prop->get(obj, v, name, prop->opaque, errp);
}

/* Who hears about live changes (see the header): one process-wide
 * listener, the monitor's. */
static ObjectPropertyChanged *property_changed_fn;

void object_property_set_change_notifier(ObjectPropertyChanged *fn)
{
    property_changed_fn = fn;
}

bool object_property_set_as(Object *obj, ObjectProperty *prop,
                            const char *name, Visitor *v, Error **errp)
{
    if (!prop->set) {
        error_setg(errp, "property '%s' on type '%s' is not writable",
                   prop->name, object_get_typename(obj));
        return false;
    }
    if (!prop->set(obj, v, name, prop->opaque, errp)) {
        return false;
    }
    /* Only a frozen object's changes are news: before that, setting
     * properties is how the object is being built. */
    if (property_changed_fn && object_properties_frozen(obj)) {
        property_changed_fn(obj, prop->name);
    }
    return true;
}

bool object_property_get(Object *obj, const char *name, Visitor *v,
                         Error **errp)
{
    ObjectProperty *prop = object_property_find_err(obj, name, errp);

    return prop && object_property_get_as(obj, prop, name, v, errp);
}

bool object_property_set(Object *obj, const char *name, Visitor *v,
                         Error **errp)
{
    ObjectProperty *prop = object_property_find_err(obj, name, errp);

    return prop && object_property_set_as(obj, prop, name, v, errp);
}

bool object_property_set_qobject(Object *obj, const char *name,
                                 QObject *value, Error **errp)
{
    ObjectProperty *prop = object_property_find_err(obj, name, errp);

    if (!prop) {
        return false;
    }
    g_autoptr(Visitor) v = qobject_input_visitor_new(value);
    return object_property_set_as(obj, prop, name, v, errp);
}

QObject *object_property_get_qobject(Object *obj, const char *name,
                                     Error **errp)
{
    ObjectProperty *prop = object_property_find_err(obj, name, errp);

    if (!prop) {
        return NULL;
    }
    QObject *ret = NULL;
    g_autoptr(Visitor) v = qobject_output_visitor_new(&ret);
    if (!object_property_get_as(obj, prop, name, v, errp)) {
        return NULL;
    }
    visit_complete(v, &ret);
    return ret;
}

bool object_property_set_str(Object *obj, const char *name, const char *value,
                             Error **errp)
{
    g_autoptr(QString) qs = qstring_from_str(value);

    return object_property_set_qobject(obj, name, QOBJECT(qs), errp);
}

bool object_property_set_bool(Object *obj, const char *name, bool value,
                              Error **errp)
{
    g_autoptr(QBool) qb = qbool_from_bool(value);

    return object_property_set_qobject(obj, name, QOBJECT(qb), errp);
}

bool object_property_set_int(Object *obj, const char *name, int64_t value,
                             Error **errp)
{
    g_autoptr(QNum) qn = qnum_from_int(value);

    return object_property_set_qobject(obj, name, QOBJECT(qn), errp);
}

bool object_property_set_uint(Object *obj, const char *name, uint64_t value,
                              Error **errp)
{
    g_autoptr(QNum) qn = qnum_from_uint(value);

    return object_property_set_qobject(obj, name, QOBJECT(qn), errp);
}

/* The value of a property that must be of one QObject kind. */
static QObject *property_get_typed(Object *obj, const char *name, QType type,
                                   const char *what, Error **errp)
{
    g_autoptr(QObject) value = object_property_get_qobject(obj, name, errp);

    if (!value) {
        return NULL;
    }
    if (qobject_type(value) != type) {
        error_setg(errp, "property '%s' on type '%s' is not %s", name,
                   object_get_typename(obj), what);
        return NULL;
    }
    return g_steal_pointer(&value);
}

char *object_property_get_str(Object *obj, const char *name, Error **errp)
{
    g_autoptr(QObject) value =
        property_get_typed(obj, name, QTYPE_QSTRING, "a string", errp);

    return value ? g_strdup(qstring_get_str(qobject_to(QString, value)))
                 : NULL;
}

bool object_property_get_bool(Object *obj, const char *name, bool *value,
                              Error **errp)
{
    g_autoptr(QObject) qobj =
        property_get_typed(obj, name, QTYPE_QBOOL, "a boolean", errp);

    if (!qobj) {
        return false;
    }
    *value = qbool_get_bool(qobject_to(QBool, qobj));
    return true;
}

bool object_property_get_int(Object *obj, const char *name, int64_t *value,
                             Error **errp)
{
    g_autoptr(QObject) qobj =
        property_get_typed(obj, name, QTYPE_QNUM, "an integer", errp);

    if (!qobj) {
        return false;
    }
    if (!qnum_get_try_int(qobject_to(QNum, qobj), value)) {
        error_setg(errp, "property '%s' on type '%s' is not an integer "
                   "that fits in int64", name, object_get_typename(obj));
        return false;
    }
    return true;
}

bool object_property_get_uint(Object *obj, const char *name, uint64_t *value,
                              Error **errp)
{
    g_autoptr(QObject) qobj =
        property_get_typed(obj, name, QTYPE_QNUM, "an integer", errp);

    if (!qobj) {
        return false;
    }
    if (!qnum_get_try_uint(qobject_to(QNum, qobj), value)) {
        error_setg(errp, "property '%s' on type '%s' is not an integer "
                   "that fits in uint64", name, object_get_typename(obj));
        return false;
    }
    return true;
}

bool object_property_get_enum(Object *obj, const char *name,
                              const QEnumLookup *lookup, int *value,
                              Error **errp)
{
    g_autofree char *str = object_property_get_str(obj, name, errp);

    if (!str) {
        return false;
    }
    return qapi_enum_parse(lookup, str, value, errp);
}

bool object_property_parse(Object *obj, const char *name, const char *string,
                           Error **errp)
{
    ObjectProperty *prop = object_property_find_err(obj, name, errp);

    if (!prop) {
        return false;
    }
    g_autoptr(Visitor) v = string_input_visitor_new(string);
    return object_property_set_as(obj, prop, name, v, errp);
}

char *object_property_print(Object *obj, const char *name, bool human,
                            Error **errp)
{
    ObjectProperty *prop = object_property_find_err(obj, name, errp);

    if (!prop) {
        return NULL;
    }
    char *str = NULL;
    g_autoptr(Visitor) v = string_output_visitor_new(human, &str);
    if (!object_property_get_as(obj, prop, name, v, errp)) {
        return NULL;
    }
    visit_complete(v, &str);
    return str;
}

/* Callback-backed properties. Each adder keeps its callbacks in a small
 * opaque struct; an instance property frees it on release, a class
 * property keeps it for the class's (endless) lifetime. */

static void property_release_opaque(Object *obj, const char *name,
                                    void *opaque)
{
    g_free(opaque);
}

typedef struct StrProperty {
    ObjectPropertyStrGet *get;
    ObjectPropertyStrSet *set;
} StrProperty;

static bool property_get_str(Object *obj, Visitor *v, const char *name,
                             void *opaque, Error **errp)
{
    StrProperty *sp = opaque;
    g_autofree char *value = sp->get(obj);

    return visit_type_str(v, name, &value, errp);
}

static bool property_set_str(Object *obj, Visitor *v, const char *name,
                             void *opaque, Error **errp)
{
    StrProperty *sp = opaque;
    g_autofree char *value = NULL;

    if (!visit_type_str(v, name, &value, errp)) {
        return false;
    }
    return sp->set(obj, value, errp);
}

static StrProperty *str_property_new(ObjectPropertyStrGet *get,
                                     ObjectPropertyStrSet *set)
{
    StrProperty *sp = g_new0(StrProperty, 1);

    sp->get = get;
    sp->set = set;
    return sp;
}

ObjectProperty *object_property_add_str(Object *obj, const char *name,
                                        ObjectPropertyStrGet *get,
                                        ObjectPropertyStrSet *set)
{
    return object_property_add(obj, name, "str",
                               get ? property_get_str : NULL,
                               set ? property_set_str : NULL,
                               property_release_opaque,
                               str_property_new(get, set));
}

ObjectProperty *object_class_property_add_str(ObjectClass *klass,
                                              const char *name,
                                              ObjectPropertyStrGet *get,
                                              ObjectPropertyStrSet *set)
{
    return object_class_property_add(klass, name, "str",
                                     get ? property_get_str : NULL,
                                     set ? property_set_str : NULL,
                                     NULL, str_property_new(get, set));
}

typedef struct BoolProperty {
    ObjectPropertyBoolGet *get;
    ObjectPropertyBoolSet *set;
} BoolProperty;

static bool property_get_bool(Object *obj, Visitor *v, const char *name,
                              void *opaque, Error **errp)
{
    BoolProperty *bp = opaque;
    bool value = bp->get(obj);

    return visit_type_bool(v, name, &value, errp);
}

static bool property_set_bool(Object *obj, Visitor *v, const char *name,
                              void *opaque, Error **errp)
{
    BoolProperty *bp = opaque;
    bool value = false;

    if (!visit_type_bool(v, name, &value, errp)) {
        return false;
    }
    return bp->set(obj, value, errp);
}

static BoolProperty *bool_property_new(ObjectPropertyBoolGet *get,
                                       ObjectPropertyBoolSet *set)
{
    BoolProperty *bp = g_new0(BoolProperty, 1);

    bp->get = get;
    bp->set = set;
    return bp;
}

ObjectProperty *object_property_add_bool(Object *obj, const char *name,
                                         ObjectPropertyBoolGet *get,
                                         ObjectPropertyBoolSet *set)
{
    return object_property_add(obj, name, "bool",
                               get ? property_get_bool : NULL,
                               set ? property_set_bool : NULL,
                               property_release_opaque,
                               bool_property_new(get, set));
}

ObjectProperty *object_class_property_add_bool(ObjectClass *klass,
                                               const char *name,
                                               ObjectPropertyBoolGet *get,
                                               ObjectPropertyBoolSet *set)
{
    return object_class_property_add(klass, name, "bool",
                                     get ? property_get_bool : NULL,
                                     set ? property_set_bool : NULL,
                                     NULL, bool_property_new(get, set));
}

typedef struct EnumProperty {
    const QEnumLookup *lookup;
    ObjectPropertyEnumGet *get;
    ObjectPropertyEnumSet *set;
} EnumProperty;

static bool property_get_enum(Object *obj, Visitor *v, const char *name,
                              void *opaque, Error **errp)
{
    EnumProperty *ep = opaque;
    int value = ep->get(obj);

    return visit_type_enum(v, name, &value, ep->lookup, errp);
}

static bool property_set_enum(Object *obj, Visitor *v, const char *name,
                              void *opaque, Error **errp)
{
    EnumProperty *ep = opaque;
    int value = 0;

    if (!visit_type_enum(v, name, &value, ep->lookup, errp)) {
        return false;
    }
    return ep->set(obj, value, errp);
}

static EnumProperty *enum_property_new(const QEnumLookup *lookup,
                                       ObjectPropertyEnumGet *get,
                                       ObjectPropertyEnumSet *set)
{
    EnumProperty *ep = g_new0(EnumProperty, 1);

    ep->lookup = lookup;
    ep->get = get;
    ep->set = set;
    return ep;
}

ObjectProperty *object_property_add_enum(Object *obj, const char *name,
                                         const char *typename,
                                         const QEnumLookup *lookup,
                                         ObjectPropertyEnumGet *get,
                                         ObjectPropertyEnumSet *set)
{
    return object_property_add(obj, name, typename,
                               get ? property_get_enum : NULL,
                               set ? property_set_enum : NULL,
                               property_release_opaque,
                               enum_property_new(lookup, get, set));
}

ObjectProperty *object_class_property_add_enum(ObjectClass *klass,
                                               const char *name,
                                               const char *typename,
                                               const QEnumLookup *lookup,
                                               ObjectPropertyEnumGet *get,
                                               ObjectPropertyEnumSet *set)
{
    return object_class_property_add(klass, name, typename,
                                     get ? property_get_enum : NULL,
                                     set ? property_set_enum : NULL,
                                     NULL,
                                     enum_property_new(lookup, get, set));
}

/* Field-backed properties: a pointer for an instance property, an offset
 * into the instance for a class property. */

typedef struct FieldProperty {
    ObjectFieldKind kind;
    bool is_offset;
    void *ptr;
    size_t offset;
} FieldProperty;

static const char *const field_kind_type[] = {
    [OBJECT_FIELD_UINT8] = "uint8",
    [OBJECT_FIELD_UINT16] = "uint16",
    [OBJECT_FIELD_UINT32] = "uint32",
    [OBJECT_FIELD_UINT64] = "uint64",
    [OBJECT_FIELD_INT64] = "int",
    [OBJECT_FIELD_SIZE] = "size",
    [OBJECT_FIELD_BOOL] = "bool",
};

static void *field_ptr(Object *obj, const FieldProperty *fp)
{
    return fp->is_offset ? (char *)obj + fp->offset : fp->ptr;
}

static bool property_get_field(Object *obj, Visitor *v, const char *name,
                               void *opaque, Error **errp)
{
    FieldProperty *fp = opaque;
    void *p = field_ptr(obj, fp);

    /* Output visitors only read: the field itself can be visited. */
    switch (fp->kind) {
    case OBJECT_FIELD_UINT8:
        return visit_type_uint8(v, name, p, errp);
    case OBJECT_FIELD_UINT16:
        return visit_type_uint16(v, name, p, errp);
    case OBJECT_FIELD_UINT32:
        return visit_type_uint32(v, name, p, errp);
    case OBJECT_FIELD_UINT64:
        return visit_type_uint64(v, name, p, errp);
    case OBJECT_FIELD_INT64:
        return visit_type_int64(v, name, p, errp);
    case OBJECT_FIELD_SIZE:
        return visit_type_size(v, name, p, errp);
    case OBJECT_FIELD_BOOL:
        return visit_type_bool(v, name, p, errp);
    }
    g_assert_not_reached();
}

/* Visit into a temporary and store only on success: a refused value must
 * leave the field as it was. */
#define FIELD_SET(ctype, visit)                                  \
    do {                                                         \
        ctype tmp = *(ctype *)p;                                 \
        if (!visit(v, name, &tmp, errp)) {                       \
            return false;                                        \
        }                                                        \
        *(ctype *)p = tmp;                                       \
        return true;                                             \
    } while (0)

static bool property_set_field(Object *obj, Visitor *v, const char *name,
                               void *opaque, Error **errp)
{
    FieldProperty *fp = opaque;
    void *p = field_ptr(obj, fp);

    switch (fp->kind) {
    case OBJECT_FIELD_UINT8:
        FIELD_SET(uint8_t, visit_type_uint8);
    case OBJECT_FIELD_UINT16:
        FIELD_SET(uint16_t, visit_type_uint16);
    case OBJECT_FIELD_UINT32:
        FIELD_SET(uint32_t, visit_type_uint32);
    case OBJECT_FIELD_UINT64:
        FIELD_SET(uint64_t, visit_type_uint64);
    case OBJECT_FIELD_INT64:
        FIELD_SET(int64_t, visit_type_int64);
    case OBJECT_FIELD_SIZE:
        FIELD_SET(uint64_t, visit_type_size);
    case OBJECT_FIELD_BOOL:
        FIELD_SET(bool, visit_type_bool);
    }
    g_assert_not_reached();
}
#undef FIELD_SET

static ObjectProperty *field_property_add(Object *obj, const char *name,
                                          ObjectFieldKind kind, void *ptr,
                                          ObjectPropertyFlags flags)
{
    FieldProperty *fp = g_new0(FieldProperty, 1);

    fp->kind = kind;
    fp->ptr = ptr;
    return object_property_add(obj, name, field_kind_type[kind],
                               flags & OBJ_PROP_FLAG_READ ?
                               property_get_field : NULL,
                               flags & OBJ_PROP_FLAG_WRITE ?
                               property_set_field : NULL,
                               property_release_opaque, fp);
}

ObjectProperty *object_property_add_uint8_ptr(Object *obj, const char *name,
                                              uint8_t *v,
                                              ObjectPropertyFlags flags)
{
    return field_property_add(obj, name, OBJECT_FIELD_UINT8, v, flags);
}

ObjectProperty *object_property_add_uint16_ptr(Object *obj, const char *name,
                                               uint16_t *v,
                                               ObjectPropertyFlags flags)
{
    return field_property_add(obj, name, OBJECT_FIELD_UINT16, v, flags);
}

ObjectProperty *object_property_add_uint32_ptr(Object *obj, const char *name,
                                               uint32_t *v,
                                               ObjectPropertyFlags flags)
{
    return field_property_add(obj, name, OBJECT_FIELD_UINT32, v, flags);
}

ObjectProperty *object_property_add_uint64_ptr(Object *obj, const char *name,
                                               uint64_t *v,
                                               ObjectPropertyFlags flags)
{
    return field_property_add(obj, name, OBJECT_FIELD_UINT64, v, flags);
}

ObjectProperty *object_property_add_int64_ptr(Object *obj, const char *name,
                                              int64_t *v,
                                              ObjectPropertyFlags flags)
{
    return field_property_add(obj, name, OBJECT_FIELD_INT64, v, flags);
}

ObjectProperty *object_property_add_size_ptr(Object *obj, const char *name,
                                             uint64_t *v,
                                             ObjectPropertyFlags flags)
{
    return field_property_add(obj, name, OBJECT_FIELD_SIZE, v, flags);
}

ObjectProperty *object_property_add_bool_ptr(Object *obj, const char *name,
                                             bool *v,
                                             ObjectPropertyFlags flags)
{
    return field_property_add(obj, name, OBJECT_FIELD_BOOL, v, flags);
}

ObjectProperty *object_class_property_add_field(ObjectClass *klass,
                                                const char *name,
                                                ObjectFieldKind kind,
                                                size_t offset,
                                                ObjectPropertyFlags flags)
{
    FieldProperty *fp = g_new0(FieldProperty, 1);

    fp->kind = kind;
    fp->is_offset = true;
    fp->offset = offset;
    return object_class_property_add(klass, name, field_kind_type[kind],
                                     flags & OBJ_PROP_FLAG_READ ?
                                     property_get_field : NULL,
                                     flags & OBJ_PROP_FLAG_WRITE ?
                                     property_set_field : NULL,
                                     NULL, fp);
}

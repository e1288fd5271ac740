/* QOM properties: named, typed, documented values on objects and classes.
 *
 * A property has a name, a type name ("int", "uint64", "size", "bool", "str",
 * an enum's name, "link<T>", "child<T>"), a one-line description, and
 * accessors that move its value through a visitor (visitor.h), so one
 * property serves QMP (QObject visitors), the command line and -global
 * (string visitors) and introspection alike. A property added to a class
 * exists on every instance of that class and its subclasses; one added to an
 * instance exists on that instance only. Names are unique per object, across
 * class and instance properties. Lookup by name is a hash lookup.
 *
 * Order: object_property_iter_*() gives class properties first, the root
 * class's first and each class's in declaration order, then the instance's
 * in the order they were added. Every object starts with the class property
 * "type".
 *
 * Defaults: object_property_set_default_*() records a default on a property
 * (a QObject, shown by introspection); on a class property it is also
 * applied, through the setter, to every new instance before instance_init.
 *
 * Ownership: a property is owned by its object or class; the strings given to
 * the add functions are copied. `opaque` belongs to the property's author;
 * `release` (instance properties, and per instance for class properties)
 * frees what the property holds when the property or its object goes.
 * Getters that return strings return new ones (g_free them).
 *
 * Failures: every get/set/parse/print reports one line: "property 'x' not
 * found on type 'y'", "property 'x' on type 'y' is not writable", or the
 * visitor's or setter's own message (an out-of-range number, an enum name
 * that is not one of the listed ones). Adding a duplicate name is a bug and
 * aborts unless the _try_ variant is used.
 */
#pragma once

#include "object.h"
#include "qobject.h"
#include "visitor.h"

/* Moves the value between obj and v. `name` is the name to visit it under
 * (the property's own, or an alias's): use it for the visit_type_*() call and
 * for nothing else. Returns false with an error when it fails. */
typedef bool ObjectPropertyAccessor(Object *obj, Visitor *v, const char *name,
                                    void *opaque, Error **errp);
/* For properties that name another object (child, link, alias): that object
 * or NULL. `part` is the path component being resolved. */
typedef Object *ObjectPropertyResolve(Object *obj, void *opaque,
                                      const char *part);
/* Frees what the property holds; called when an instance property is
 * deleted, and for class properties once per instance being finalized. */
typedef void ObjectPropertyRelease(Object *obj, const char *name,
                                   void *opaque);
/* Sets a new instance's initial value (class properties, before
 * instance_init). */
typedef void ObjectPropertyInit(Object *obj, ObjectProperty *prop);

struct ObjectProperty {
    char *name;
    const char *type;           /* interned */
    char *description;
    ObjectPropertyAccessor *get;        /* NULL: write-only */
    ObjectPropertyAccessor *set;        /* NULL: read-only */
    ObjectPropertyResolve *resolve;
    ObjectPropertyRelease *release;
    ObjectPropertyInit *init;
    void *opaque;
    QObject *defval;
    /* Private: the instance list (object.h, Object.prop_first). */
    ObjectProperty *prev, *next;
};

/* Adding. These return the new property, owned by obj or klass. */
ObjectProperty *object_property_add(Object *obj, const char *name,
                                    const char *type,
                                    ObjectPropertyAccessor *get,
                                    ObjectPropertyAccessor *set,
                                    ObjectPropertyRelease *release,
                                    void *opaque);
/* The same; "duplicate property 'x' on type 'y'" instead of an abort. A name
 * ending in "[*]" takes the first free "name[N]" (a linear probe: meant for
 * a handful of numbered children, not thousands). */
ObjectProperty *object_property_try_add(Object *obj, const char *name,
                                        const char *type,
                                        ObjectPropertyAccessor *get,
                                        ObjectPropertyAccessor *set,
                                        ObjectPropertyRelease *release,
                                        void *opaque, Error **errp);
ObjectProperty *object_class_property_add(ObjectClass *klass,
                                          const char *name, const char *type,
                                          ObjectPropertyAccessor *get,
                                          ObjectPropertyAccessor *set,
                                          ObjectPropertyRelease *release,
                                          void *opaque);
void object_property_set_description(Object *obj, const char *name,
                                     const char *description);
void object_class_property_set_description(ObjectClass *klass,
                                           const char *name,
                                           const char *description);

/* Deletes an instance property (its release runs). Class properties cannot
 * be deleted. Returns false when obj has no such instance property. */
bool object_property_del(Object *obj, const char *name);

/* Looking up. NULL when missing; the _err variants say so in an error. */
ObjectProperty *object_property_find(Object *obj, const char *name);
ObjectProperty *object_property_find_err(Object *obj, const char *name,
                                         Error **errp);
ObjectProperty *object_class_property_find(ObjectClass *klass,
                                           const char *name);
ObjectProperty *object_class_property_find_err(ObjectClass *klass,
                                               const char *name,
                                               Error **errp);

/* Iterating, in the order described at the top. The tables must not change
 * while an iteration is under way. The struct is public so it can live on
 * the stack; its fields are private. */
typedef struct ObjectPropertyIterator {
    GPtrArray *class_props;
    guint class_index;
    ObjectProperty *next_instance;
} ObjectPropertyIterator;

void object_property_iter_init(ObjectPropertyIterator *iter, Object *obj);
void object_class_property_iter_init(ObjectPropertyIterator *iter,
                                     ObjectClass *klass);
/* The next property, NULL at the end. */
ObjectProperty *object_property_iter_next(ObjectPropertyIterator *iter);

/* Defaults: store value as the default (replacing any) and, for a class
 * property, apply it to each new instance. */
void object_property_set_default_bool(ObjectProperty *prop, bool value);
void object_property_set_default_str(ObjectProperty *prop, const char *value);
void object_property_set_default_int(ObjectProperty *prop, int64_t value);
void object_property_set_default_uint(ObjectProperty *prop, uint64_t value);
/* Takes the caller's reference to value. */
void object_property_set_default(ObjectProperty *prop, QObject *value);
/* The default, lent; NULL when there is none. */
QObject *object_property_get_default(const ObjectProperty *prop);

/* Reading and writing through a visitor. */
bool object_property_get(Object *obj, const char *name, Visitor *v,
                         Error **errp);
/* Called after every successful set of a property on an object whose
 * properties are frozen (realized or completed: only runtime properties
 * can change then), from whatever path set it -- QMP, HMP, a front-end,
 * the engine. The monitor uses it to tell every client. NULL: nobody. */
typedef void ObjectPropertyChanged(Object *obj, const char *name);
void object_property_set_change_notifier(ObjectPropertyChanged *fn);

bool object_property_set(Object *obj, const char *name, Visitor *v,
                         Error **errp);

/* Typed access, through QObject visitors: strictly typed, as QMP is (a
 * string property wants a string; an "int" wants a number that fits). */
bool object_property_set_qobject(Object *obj, const char *name,
                                 QObject *value, Error **errp);
/* A new reference to the value. */
QObject *object_property_get_qobject(Object *obj, const char *name,
                                     Error **errp);
bool object_property_set_str(Object *obj, const char *name, const char *value,
                             Error **errp);
/* A new string (never NULL on success: an unset string reads as ""). */
char *object_property_get_str(Object *obj, const char *name, Error **errp);
bool object_property_set_bool(Object *obj, const char *name, bool value,
                              Error **errp);
bool object_property_get_bool(Object *obj, const char *name, bool *value,
                              Error **errp);
bool object_property_set_int(Object *obj, const char *name, int64_t value,
                             Error **errp);
bool object_property_get_int(Object *obj, const char *name, int64_t *value,
                             Error **errp);
bool object_property_set_uint(Object *obj, const char *name, uint64_t value,
                              Error **errp);
bool object_property_get_uint(Object *obj, const char *name, uint64_t *value,
                              Error **errp);
/* An enum property's value through lookup (the enum the property uses). */
bool object_property_get_enum(Object *obj, const char *name,
                              const QEnumLookup *lookup, int *value,
                              Error **errp);

/* From and to text, through the string visitors: what -global and the
 * config files use ("on", "4K", "0x10", "a,b"). print's human form is the
 * one `info qtree` shows ("4096 (4 KiB)"). */
bool object_property_parse(Object *obj, const char *name, const char *string,
                           Error **errp);
char *object_property_print(Object *obj, const char *name, bool human,
                            Error **errp);

/* Typed properties backed by callbacks. Getters read state and cannot fail;
 * setters may refuse with an error. A NULL setter makes the property
 * read-only; a NULL getter, write-only. */
typedef char *ObjectPropertyStrGet(Object *obj);   /* new string; NULL: unset */
typedef bool ObjectPropertyStrSet(Object *obj, const char *value,
                                  Error **errp);
typedef bool ObjectPropertyBoolGet(Object *obj);
typedef bool ObjectPropertyBoolSet(Object *obj, bool value, Error **errp);
typedef int ObjectPropertyEnumGet(Object *obj);
typedef bool ObjectPropertyEnumSet(Object *obj, int value, Error **errp);

ObjectProperty *object_property_add_str(Object *obj, const char *name,
                                        ObjectPropertyStrGet *get,
                                        ObjectPropertyStrSet *set);
ObjectProperty *object_class_property_add_str(ObjectClass *klass,
                                              const char *name,
                                              ObjectPropertyStrGet *get,
                                              ObjectPropertyStrSet *set);
ObjectProperty *object_property_add_bool(Object *obj, const char *name,
                                         ObjectPropertyBoolGet *get,
                                         ObjectPropertyBoolSet *set);
ObjectProperty *object_class_property_add_bool(ObjectClass *klass,
                                               const char *name,
                                               ObjectPropertyBoolGet *get,
                                               ObjectPropertyBoolSet *set);
/* typename is the enum's name (the property's type); lookup must live as
 * long as the property. */
ObjectProperty *object_property_add_enum(Object *obj, const char *name,
                                         const char *typename,
                                         const QEnumLookup *lookup,
                                         ObjectPropertyEnumGet *get,
                                         ObjectPropertyEnumSet *set);
ObjectProperty *object_class_property_add_enum(ObjectClass *klass,
                                               const char *name,
                                               const char *typename,
                                               const QEnumLookup *lookup,
                                               ObjectPropertyEnumGet *get,
                                               ObjectPropertyEnumSet *set);

/* Properties that read and write a field directly. */
typedef enum ObjectPropertyFlags {
    OBJ_PROP_FLAG_READ = 1 << 0,
    OBJ_PROP_FLAG_WRITE = 1 << 1,
    OBJ_PROP_FLAG_READWRITE = OBJ_PROP_FLAG_READ | OBJ_PROP_FLAG_WRITE,
} ObjectPropertyFlags;

/* The field kinds and their property type names. */
typedef enum ObjectFieldKind {
    OBJECT_FIELD_UINT8,         /* "uint8"  */
    OBJECT_FIELD_UINT16,        /* "uint16" */
    OBJECT_FIELD_UINT32,        /* "uint32" */
    OBJECT_FIELD_UINT64,        /* "uint64" */
    OBJECT_FIELD_INT64,         /* "int"    */
    OBJECT_FIELD_SIZE,          /* "size": a uint64_t byte count */
    OBJECT_FIELD_BOOL,          /* "bool"   */
} ObjectFieldKind;

/* On one instance: the field at ptr (which must live as long as obj). */
ObjectProperty *object_property_add_uint8_ptr(Object *obj, const char *name,
                                              uint8_t *v,
                                              ObjectPropertyFlags flags);
ObjectProperty *object_property_add_uint16_ptr(Object *obj, const char *name,
                                               uint16_t *v,
                                               ObjectPropertyFlags flags);
ObjectProperty *object_property_add_uint32_ptr(Object *obj, const char *name,
                                               uint32_t *v,
                                               ObjectPropertyFlags flags);
ObjectProperty *object_property_add_uint64_ptr(Object *obj, const char *name,
                                               uint64_t *v,
                                               ObjectPropertyFlags flags);
ObjectProperty *object_property_add_int64_ptr(Object *obj, const char *name,
                                              int64_t *v,
                                              ObjectPropertyFlags flags);
ObjectProperty *object_property_add_size_ptr(Object *obj, const char *name,
                                             uint64_t *v,
                                             ObjectPropertyFlags flags);
ObjectProperty *object_property_add_bool_ptr(Object *obj, const char *name,
                                             bool *v,
                                             ObjectPropertyFlags flags);
/* On a class: the field at `offset` bytes into each instance
 * (offsetof(Dog, age)). */
ObjectProperty *object_class_property_add_field(ObjectClass *klass,
                                                const char *name,
                                                ObjectFieldKind kind,
                                                size_t offset,
                                                ObjectPropertyFlags flags);

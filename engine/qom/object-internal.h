/* What the QOM modules call in each other and nothing else may: the hooks
 * object.c runs while creating and finalizing instances, and the path index
 * the property code keeps up to date. Only the .c files of engine/qom
 * include this. */
#pragma once

#include "object-property.h"

/* object.c */
typedef struct TypeImpl TypeImpl;
/* The base types object.c registers with the type table itself, so linking
 * object.o is enough to have them (a constructor in a static library's
 * object file only runs when something else pulls that file in). */
extern const TypeInfo container_type_info;        /* object-path.c */
extern const TypeInfo user_creatable_type_info;   /* object-interfaces.c */
TypeImpl *type_get_by_name(const char *name);
/* Whether klass's type is `ancestor` or derives from it (no interfaces). */
bool type_class_is_a(const ObjectClass *klass, const ObjectClass *ancestor);

/* object-property.c */
/* A class's own property table, empty; classes are never freed. */
ClassPropertyTable *class_property_table_new(void);
/* Runs the init hook of every class property that has one, root class
 * first (new instances, before instance_init). */
void object_property_init_class_defaults(Object *obj);
/* Releases every property of obj (instance ones newest first, then the
 * class ones' release hooks, leaf class first) and deletes the instance
 * ones. */
void object_property_del_all(Object *obj);
/* Adds an instance property that names other objects; indexed for partial
 * paths (object-path.c). */
ObjectProperty *object_property_try_add_resolvable(
    Object *obj, const char *name, const char *type,
    ObjectPropertyAccessor *get, ObjectPropertyAccessor *set,
    ObjectPropertyResolve *resolve, ObjectPropertyRelease *release,
    void *opaque, Error **errp);
/* Marks a class property as resolvable (class links). */
void object_class_property_set_resolve(ObjectProperty *prop,
                                       ObjectPropertyResolve *resolve);
/* Calls prop's getter/setter under visit name `name`, with the readability
 * checks; used by aliases to forward under their own name. */
bool object_property_get_as(Object *obj, ObjectProperty *prop,
                            const char *name, Visitor *v, Error **errp);
bool object_property_set_as(Object *obj, ObjectProperty *prop,
                            const char *name, Visitor *v, Error **errp);

/* object-path.c: the partial-path index, by property name, of the objects
 * that own a resolvable instance property of that name. */
void object_path_index_add(Object *owner, const char *name);
void object_path_index_remove(Object *owner, const char *name);
/* A class gained a resolvable class property: partial paths starting with
 * that name cannot use the index. */
void object_path_note_class_resolvable(const char *name);

/* object-global.c: object_apply_global_props() that warns about each
 * global that fails and goes on (object_new(), which cannot fail). */
void object_apply_global_props_warn(Object *obj);

/* object-link.c: aliases unwrapped to the property they end at. */
ObjectProperty *object_property_unalias(Object **obj, ObjectProperty *prop);

/* Properties that point at objects: child (ownership), link (a reference),
 * alias (a second name for another object's property).
 *
 * child<T>: the composition tree. The parent's child property holds a
 * reference to the child and makes the parent the child's only parent; the
 * property's name is the child's path component (object-path.h). Deleting
 * the property (object_unparent(), or the parent's finalization) calls the
 * child's class->unparent hook, clears its parent and drops the reference,
 * which finalizes the child unless someone else holds one. Reading a child
 * property gives the child's canonical path; it cannot be written.
 *
 * link<T>: a pointer to an object of type T stored in a field of the owner.
 * On the wire its value is a path ("" for none): setting resolves the path
 * (absolute, or an unambiguous partial path), checks the type, asks the
 * check hook, and stores the target. A strong link holds a reference on its
 * target (dropped when the link changes or goes); a weak link holds none,
 * so the owner must make sure the target outlives it.
 *
 * alias: get, set and resolve are forwarded to target_name on target_obj; the
 * alias has the target's type (a child<T> shows as link<T>), default and
 * description. The alias holds no reference: target_obj must outlive it
 * (normally it is obj's child).
 *
 * Failures: adding a child that already has a parent, or that is an
 * ancestor of the parent (a cycle), or under a name already taken, aborts;
 * object_property_try_add_child() reports it instead. Setting a link:
 * "path 'x' is ambiguous", "no object at 'x'" (class DeviceNotFound),
 * "object at 'x' is of type 'y', not 'T'", or the check hook's error.
 */
#pragma once

#include "object-property.h"

/* Children. `name` must not contain '/'; "name[*]" picks the first free
 * "name[N]". The returned property belongs to obj. */
ObjectProperty *object_property_add_child(Object *obj, const char *name,
                                          Object *child);
ObjectProperty *object_property_try_add_child(Object *obj, const char *name,
                                              Object *child, Error **errp);
/* Removes obj from its parent (no-op without one): see the top. */
void object_unparent(Object *obj);
/* Initializes an object embedded in parent's struct (see object_initialize())
 * and adds it as child `name`; the parent's reference is its only one. */
void object_initialize_child(Object *parent, const char *name, void *child,
                             size_t size, const char *typename);

/* Links. */
typedef enum ObjectPropertyLinkFlags {
    OBJ_PROP_LINK_STRONG = 1 << 0,
} ObjectPropertyLinkFlags;

/* Asked before a link changes to val (which may be NULL); false with an
 * error refuses. NULL as the hook makes the link read-only. */
typedef bool ObjectPropertyLinkCheck(const Object *obj, const char *name,
                                     Object *val, Error **errp);
/* A check that allows every change. */
bool object_property_allow_set_link(const Object *obj, const char *name,
                                    Object *val, Error **errp);

/* A link of type "link<type>" stored at *targetp (which must live as long as
 * obj; it usually is a field of obj and starts NULL). */
ObjectProperty *object_property_add_link(Object *obj, const char *name,
                                         const char *type, Object **targetp,
                                         ObjectPropertyLinkCheck *check,
                                         ObjectPropertyLinkFlags flags);
/* The same on a class: the Object * field at `offset` in each instance. */
ObjectProperty *object_class_property_add_link(ObjectClass *klass,
                                               const char *name,
                                               const char *type,
                                               size_t offset,
                                               ObjectPropertyLinkCheck *check,
                                               ObjectPropertyLinkFlags flags);
/* A read-only link to target (weak: target must outlive obj). */
ObjectProperty *object_property_add_const_link(Object *obj, const char *name,
                                               Object *target);

/* Sets a link (or an alias of one) to target directly, without a path, so
 * target need not be in the tree; NULL clears it. Other properties get
 * target's canonical path. */
bool object_property_set_link(Object *obj, const char *name, Object *target,
                              Error **errp);
/* The object a child, link or alias property names (lent; NULL when the
 * link is unset). */
bool object_property_get_link(Object *obj, const char *name, Object **target,
                              Error **errp);

/* Whether prop is a child property, or a link property (not an alias). */
bool object_property_is_child(const ObjectProperty *prop);
bool object_property_is_link(const ObjectProperty *prop);

/* Aliases. Aborts when target_obj has no property target_name. */
ObjectProperty *object_property_add_alias(Object *obj, const char *name,
                                          Object *target_obj,
                                          const char *target_name);

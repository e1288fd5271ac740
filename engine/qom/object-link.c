/* Properties that point at objects: child, link and alias. */
#include "object-link.h"

#include <string.h>

#include "object-internal.h"
#include "object-path.h"

/* Children. The property's opaque is the child. */

static bool child_get(Object *obj, Visitor *v, const char *name,
                      void *opaque, Error **errp)
{
    g_autofree char *path = object_get_canonical_path(opaque);

    return visit_type_str(v, name, &path, errp);
}

static Object *child_resolve(Object *obj, void *opaque, const char *part)
{
    return opaque;
}

static void child_release(Object *obj, const char *name, void *opaque)
{
    Object *child = opaque;

    /* The hook runs while the child still knows its parent and name, so it
     * can report its canonical path (devices send DEVICE_DELETED). */
    if (child->class->unparent) {
        child->class->unparent(child);
    }
    child->parent = NULL;
    child->parent_prop = NULL;
    object_unref(child);
}

bool object_property_is_child(const ObjectProperty *prop)
{
    return prop->resolve == child_resolve;
}

ObjectProperty *object_property_try_add_child(Object *obj, const char *name,
                                              Object *child, Error **errp)
{
    if (strchr(name, '/') || !*name) {
        error_setg(errp, "invalid child name '%s' on type '%s': names are "
                   "non-empty and contain no '/'", name,
                   object_get_typename(obj));
        return NULL;
    }
    if (child->parent) {
        error_setg(errp, "cannot add child '%s' to a '%s': the child "
                   "already has a parent", name, object_get_typename(obj));
        return NULL;
    }
    for (Object *o = obj; o; o = o->parent) {
        if (o == child) {
            error_setg(errp, "cannot add child '%s' to a '%s': the child "
                       "is the object or one of its ancestors", name,
                       object_get_typename(obj));
            return NULL;
        }
    }

    g_autofree char *type =
        g_strdup_printf("child<%s>", object_get_typename(child));
    ObjectProperty *prop = object_property_try_add_resolvable(
        obj, name, type, child_get, NULL, child_resolve, child_release,
        child, errp);
    if (!prop) {
        return NULL;
    }
    object_ref(child);          /* the parent's reference */
    child->parent = obj;
    child->parent_prop = prop;
    return prop;
}

ObjectProperty *object_property_add_child(Object *obj, const char *name,
                                          Object *child)
{
    return object_property_try_add_child(obj, name, child, &error_abort);
}

void object_unparent(Object *obj)
{
    if (obj->parent) {
        object_property_del(obj->parent, obj->parent_prop->name);
    }
}

void object_initialize_child(Object *parent, const char *name, void *child,
                             size_t size, const char *typename)
{
    object_initialize(child, size, typename);
    object_property_add_child(parent, name, child);
    object_unref(child);        /* the parent's is now the only one */
}

/* Links. */

typedef struct LinkProperty {
    const char *target_type;            /* interned */
    ObjectPropertyLinkCheck *check;
    ObjectPropertyLinkFlags flags;
    bool is_class;
    Object **targetp;                   /* instance links */
    size_t offset;                      /* class links */
    Object *const_target;               /* const links: targetp points here */
} LinkProperty;

static Object **link_slot(Object *obj, const LinkProperty *lp)
{
    return lp->is_class ? (Object **)((char *)obj + lp->offset) : lp->targetp;
}

static bool link_get(Object *obj, Visitor *v, const char *name, void *opaque,
                     Error **errp)
{
    Object *target = *link_slot(obj, opaque);
    g_autofree char *path = target ? object_get_canonical_path(target) : NULL;

    /* An unset link, or one to an object outside the tree, reads as "". */
    return visit_type_str(v, name, &path, errp);
}

/* Type check, check hook, then the store (with references for strong
 * links: the new one is taken before the old one is dropped, in case they
 * are the same object). */
static bool link_store(Object *obj, const char *name, LinkProperty *lp,
                       Object *target, Error **errp)
{
    if (target && !object_dynamic_cast(target, lp->target_type)) {
        error_setg(errp, "link '%s' on type '%s' needs a '%s', not a '%s'",
                   name, object_get_typename(obj), lp->target_type,
                   object_get_typename(target));
        return false;
    }
    if (!lp->check(obj, name, target, errp)) {
        return false;
    }
    Object **slot = link_slot(obj, lp);
    Object *old = *slot;
    if (lp->flags & OBJ_PROP_LINK_STRONG) {
        object_ref(target);
    }
    *slot = target;
    if (lp->flags & OBJ_PROP_LINK_STRONG) {
        object_unref(old);
    }
    return true;
}

static bool link_set(Object *obj, Visitor *v, const char *name, void *opaque,
                     Error **errp)
{
    LinkProperty *lp = opaque;
    g_autofree char *path = NULL;

    if (!visit_type_str(v, name, &path, errp)) {
        return false;
    }
    Object *target = NULL;
    if (*path) {
        target = object_resolve_path_checked(path, lp->target_type, errp);
        if (!target) {
            return false;
        }
    }
    return link_store(obj, name, lp, target, errp);
}

static Object *link_resolve(Object *obj, void *opaque, const char *part)
{
    return *link_slot(obj, opaque);
}

static void link_release(Object *obj, const char *name, void *opaque)
{
    LinkProperty *lp = opaque;

    if (lp->flags & OBJ_PROP_LINK_STRONG) {
        Object **slot = link_slot(obj, lp);
        object_unref(*slot);
        *slot = NULL;
    }
    if (!lp->is_class) {
        g_free(lp);
    }
}

bool object_property_is_link(const ObjectProperty *prop)
{
    return prop->resolve == link_resolve;
}

bool object_property_allow_set_link(const Object *obj, const char *name,
                                    Object *val, Error **errp)
{
    return true;
}

static LinkProperty *link_property_new(const char *type,
                                       ObjectPropertyLinkCheck *check,
                                       ObjectPropertyLinkFlags flags)
{
    LinkProperty *lp = g_new0(LinkProperty, 1);

    lp->target_type = g_intern_string(type);
    lp->check = check;
    lp->flags = flags;
    return lp;
}

ObjectProperty *object_property_add_link(Object *obj, const char *name,
                                         const char *type, Object **targetp,
                                         ObjectPropertyLinkCheck *check,
                                         ObjectPropertyLinkFlags flags)
{
    LinkProperty *lp = link_property_new(type, check, flags);
    g_autofree char *link_type = g_strdup_printf("link<%s>", type);

    lp->targetp = targetp;
    return object_property_try_add_resolvable(
        obj, name, link_type, link_get, check ? link_set : NULL,
        link_resolve, link_release, lp, &error_abort);
}

ObjectProperty *object_class_property_add_link(ObjectClass *klass,
                                               const char *name,
                                               const char *type,
                                               size_t offset,
                                               ObjectPropertyLinkCheck *check,
                                               ObjectPropertyLinkFlags flags)
{
    LinkProperty *lp = link_property_new(type, check, flags);
    g_autofree char *link_type = g_strdup_printf("link<%s>", type);

    lp->is_class = true;
    lp->offset = offset;
    ObjectProperty *prop = object_class_property_add(
        klass, name, link_type, link_get, check ? link_set : NULL,
        link_release, lp);
    object_class_property_set_resolve(prop, link_resolve);
    return prop;
}

ObjectProperty *object_property_add_const_link(Object *obj, const char *name,
                                               Object *target)
{
    LinkProperty *lp = link_property_new(object_get_typename(target), NULL,
                                         0);
    g_autofree char *link_type =
        g_strdup_printf("link<%s>", object_get_typename(target));

    lp->const_target = target;
    lp->targetp = &lp->const_target;
    return object_property_try_add_resolvable(
        obj, name, link_type, link_get, NULL, link_resolve, link_release, lp,
        &error_abort);
}

bool object_property_set_link(Object *obj, const char *name, Object *target,
                              Error **errp)
{
    ObjectProperty *prop = object_property_find_err(obj, name, errp);

    if (!prop) {
        return false;
    }
    Object *owner = obj;
    ObjectProperty *real = object_property_unalias(&owner, prop);
    if (real && real->set == link_set) {
        return link_store(owner, real->name, real->opaque, target, errp);
    }

    g_autofree char *path = NULL;
    if (target) {
        path = object_get_canonical_path(target);
        if (!path) {
            error_setg(errp, "cannot set property '%s' on type '%s' to a "
                       "'%s' that is not in the composition tree", name,
                       object_get_typename(obj), object_get_typename(target));
            return false;
        }
    }
    return object_property_set_str(obj, name, path ? path : "", errp);
}

bool object_property_get_link(Object *obj, const char *name, Object **target,
                              Error **errp)
{
    ObjectProperty *prop = object_property_find_err(obj, name, errp);

    if (!prop) {
        return false;
    }
    if (!prop->resolve) {
        error_setg(errp, "property '%s' on type '%s' is not a child or a "
                   "link", name, object_get_typename(obj));
        return false;
    }
    *target = prop->resolve(obj, prop->opaque, name);
    return true;
}

/* Aliases. The target is looked up on each use, not remembered, so an
 * alias never points at a deleted property. */

typedef struct AliasProperty {
    Object *target_obj;
    char *target_name;
} AliasProperty;

static ObjectProperty *alias_target(AliasProperty *ap, Error **errp)
{
    return object_property_find_err(ap->target_obj, ap->target_name, errp);
}

/* Forwarded under the alias's own name, so a visitor walking a struct of
 * the aliasing object finds its member. */
static bool alias_get(Object *obj, Visitor *v, const char *name,
                      void *opaque, Error **errp)
{
    AliasProperty *ap = opaque;
    ObjectProperty *target = alias_target(ap, errp);

    return target &&
           object_property_get_as(ap->target_obj, target, name, v, errp);
}

static bool alias_set(Object *obj, Visitor *v, const char *name,
                      void *opaque, Error **errp)
{
    AliasProperty *ap = opaque;
    ObjectProperty *target = alias_target(ap, errp);

    return target &&
           object_property_set_as(ap->target_obj, target, name, v, errp);
}

static Object *alias_resolve(Object *obj, void *opaque, const char *part)
{
    AliasProperty *ap = opaque;
    ObjectProperty *target = alias_target(ap, NULL);

    if (!target || !target->resolve) {
        return NULL;
    }
    return target->resolve(ap->target_obj, target->opaque, part);
}

static void alias_release(Object *obj, const char *name, void *opaque)
{
    AliasProperty *ap = opaque;

    g_free(ap->target_name);
    g_free(ap);
}

ObjectProperty *object_property_unalias(Object **obj, ObjectProperty *prop)
{
    while (prop && prop->release == alias_release) {
        AliasProperty *ap = prop->opaque;
        *obj = ap->target_obj;
        prop = object_property_find(ap->target_obj, ap->target_name);
    }
    return prop;
}

ObjectProperty *object_property_add_alias(Object *obj, const char *name,
                                          Object *target_obj,
                                          const char *target_name)
{
    ObjectProperty *target = object_property_find(target_obj, target_name);

    if (!target) {
        error_setg(&error_abort, "alias '%s' on type '%s': property '%s' "
                   "not found on type '%s'", name, object_get_typename(obj),
                   target_name, object_get_typename(target_obj));
    }
    /* The alias does not own what it names: a child seen through it is a
     * link. */
    g_autofree char *type = g_str_has_prefix(target->type, "child<")
        ? g_strconcat("link<", target->type + strlen("child<"), NULL)
        : g_strdup(target->type);

    AliasProperty *ap = g_new0(AliasProperty, 1);
    ap->target_obj = target_obj;
    ap->target_name = g_strdup(target_name);
    ObjectProperty *prop = object_property_try_add_resolvable(
        obj, name, type, target->get ? alias_get : NULL,
        target->set ? alias_set : NULL,
        target->resolve ? alias_resolve : NULL, alias_release, ap,
        &error_abort);
    prop->description = g_strdup(target->description);
    if (target->defval) {
        prop->defval = qobject_ref(target->defval);
    }
    return prop;
}

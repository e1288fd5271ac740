/* User-creatable objects: the interface, and creating and deleting them. */
#include "object-interfaces.h"

#include "object-freeze.h"
#include "object-internal.h"
#include "qobject-input-visitor.h"

const TypeInfo user_creatable_type_info = {
    .name = TYPE_USER_CREATABLE,
    .parent = TYPE_INTERFACE,
    .class_size = sizeof(UserCreatableClass),
};

static UserCreatableClass *user_creatable_class(Object *obj)
{
    return (UserCreatableClass *)object_class_dynamic_cast(
        object_get_class(obj), TYPE_USER_CREATABLE);
}

bool user_creatable_complete(UserCreatable *uc, Error **errp)
{
    UserCreatableClass *ucc = user_creatable_class(OBJECT(uc));

    if (!ucc) {
        return true;
    }
    if (ucc->complete && !ucc->complete(uc, errp)) {
        return false;
    }
    /* complete() accepted the configuration and may have acted on it
     * (opened a file, sized a buffer): from here only runtime properties
     * may change. */
    object_freeze_properties(OBJECT(uc), "once the object is complete");
    return true;
}

bool user_creatable_can_be_deleted(UserCreatable *uc)
{
    UserCreatableClass *ucc = user_creatable_class(OBJECT(uc));

    if (!ucc || !ucc->can_be_deleted) {
        return true;
    }
    return ucc->can_be_deleted(uc);
}

bool object_id_is_valid(const char *id)
{
    if (!id || !g_ascii_isalpha(id[0])) {
        return false;
    }
    for (const char *p = id; *p; p++) {
        if (!g_ascii_isalnum(*p) && *p != '-' && *p != '.' && *p != '_') {
            return false;
        }
    }
    return true;
}

Object *object_get_objects_root(void)
{
    return container_get(object_get_root(), "objects");
}

bool object_set_props(Object *obj, const QDict *props, Visitor *v,
                      Error **errp)
{
    g_autoptr(Visitor) own = NULL;

    if (!props) {
        return true;
    }
    if (!v) {
        /* The visitor only reads props; its API takes a mutable pointer. */
        v = own = qobject_input_visitor_new(QOBJECT((QDict *)props));
    }
    if (!visit_start_struct(v, NULL, NULL, 0, errp)) {
        return false;
    }
    bool ok = true;
    QDICT_FOREACH(e, props) {
        if (!object_property_set(obj, qdict_entry_key(e), v, errp)) {
            ok = false;
            break;
        }
    }
    ok = ok && visit_check_struct(v, errp);
    visit_end_struct(v, NULL);
    return ok;
}

Object *object_new_with_props(const char *typename, Object *parent,
                              const char *id, const QDict *props,
                              Visitor *v, Error **errp)
{
    g_autoptr(Object) obj = object_new_checked(typename, errp);

    if (!obj || !object_set_props(obj, props, v, errp) ||
        !object_property_try_add_child(parent, id, obj, errp)) {
        return NULL;
    }
    if (!user_creatable_complete((UserCreatable *)obj, errp)) {
        object_unparent(obj);
        return NULL;
    }
    /* Our reference goes with obj's cleanup; the parent's keeps it alive,
     * which is why the result is lent. */
    return obj;
}

Object *user_creatable_add_type(const char *typename, const char *id,
                                const QDict *props, Visitor *v, Error **errp)
{
    if (!object_id_is_valid(id)) {
        error_setg(errp, "invalid object id '%s': ids start with a letter "
                   "and contain only letters, digits, '-', '.' and '_'",
                   id ? id : "");
        return NULL;
    }
    ObjectClass *klass = object_class_by_name(typename);
    if (!klass) {
        error_setg(errp, "unknown type '%s'", typename);
        return NULL;
    }
    if (!object_class_dynamic_cast(klass, TYPE_USER_CREATABLE)) {
        error_setg(errp, "type '%s' is not user-creatable", typename);
        return NULL;
    }
    if (object_class_is_abstract(klass)) {
        error_setg(errp, "type '%s' is abstract", typename);
        return NULL;
    }
    Object *container = object_get_objects_root();
    if (object_property_find(container, id)) {
        error_setg(errp, "an object with id '%s' already exists", id);
        return NULL;
    }
    return object_new_with_props(typename, container, id, props, v, errp);
}

bool user_creatable_del(const char *id, Error **errp)
{
    Object *container = object_get_objects_root();
    Object *obj = object_resolve_path_component(container, id);

    if (!obj || obj->parent != container) {
        error_set(errp, ERROR_CLASS_DEVICE_NOT_FOUND, "object '%s' not found",
                  id);
        return false;
    }
    if (!user_creatable_can_be_deleted((UserCreatable *)obj)) {
        error_setg(errp, "object '%s' is in use and cannot be deleted", id);
        return false;
    }
    object_unparent(obj);
    return true;
}

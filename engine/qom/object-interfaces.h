/* User-creatable objects: the interface every type a user may create with
 * -object / object-add implements, and the functions that create them.
 *
 * A user-creatable type's `complete` runs after all of its properties are
 * set (it is to a back-end what realize is to a device: the place to check
 * the combination of properties and acquire resources); `can_be_deleted`
 * says whether object-del may remove it now.
 *
 * Ownership: object_new_with_props() and user_creatable_add_type() put the
 * new object in the tree as a child of its parent (for user objects
 * "/objects/<id>") and return it lent: the tree owns it.
 * user_creatable_del() unparents it again.
 *
 * Failures, checked in this order, each one line: "invalid object id '1x':
 * ..." (ids start with a letter and contain letters, digits, '-', '.', '_'),
 * "unknown type 'x'", "type 'x' is not user-creatable", "type 'x' is
 * abstract", "an object with id 'x' already exists", a property's
 * error, then complete's error. On any failure nothing is left in the
 * tree (object_new_with_props() checks only the type, the properties, the
 * name and complete).
 */
#pragma once

#include "object-path.h"
#include "qdict.h"

#define TYPE_USER_CREATABLE "user-creatable"

/* Incomplete on purpose: an object seen through the interface. */
typedef struct UserCreatable UserCreatable;

typedef struct UserCreatableClass {
    InterfaceClass parent_class;
    /* After the properties are set. NULL: nothing to do. */
    bool (*complete)(UserCreatable *uc, Error **errp);
    /* NULL: always. */
    bool (*can_be_deleted)(UserCreatable *uc);
} UserCreatableClass;

#define USER_CREATABLE(obj) \
    INTERFACE_CHECK(UserCreatable, (obj), TYPE_USER_CREATABLE)
#define USER_CREATABLE_GET_CLASS(obj) \
    OBJECT_GET_CLASS(UserCreatableClass, (obj), TYPE_USER_CREATABLE)
#define USER_CREATABLE_CLASS(klass) \
    OBJECT_CLASS_CHECK(UserCreatableClass, (klass), TYPE_USER_CREATABLE)

/* Runs complete when obj is user-creatable and has one; true otherwise.
 * When a user-creatable object completes, its fixed properties freeze
 * (object-freeze.h): only runtime ones may change from then on. */
bool user_creatable_complete(UserCreatable *uc, Error **errp);
bool user_creatable_can_be_deleted(UserCreatable *uc);

/* Whether id is a well-formed object id (see the top). */
bool object_id_is_valid(const char *id);

/* "/objects", created on first use. */
Object *object_get_objects_root(void);

/* Sets each property named in props from v, a visitor started on props (an
 * input visitor: strict QObject for QMP, keyval for text from a command
 * line); v NULL means a strict QObject input visitor on props. */
bool object_set_props(Object *obj, const QDict *props, Visitor *v,
                      Error **errp);

/* Creates an instance of typename, sets props (as object_set_props()), adds
 * it as child `id` of parent, and completes it when it is user-creatable.
 * props and v may be NULL. Lent, see the top. */
Object *object_new_with_props(const char *typename, Object *parent,
                              const char *id, const QDict *props,
                              Visitor *v, Error **errp);

/* object-add: the same under /objects, for user-creatable types only, with
 * the id checked first. */
Object *user_creatable_add_type(const char *typename, const char *id,
                                const QDict *props, Visitor *v, Error **errp);
/* object-del: "object 'x' not found", "object 'x' is in use and cannot be
 * deleted". */
bool user_creatable_del(const char *id, Error **errp);

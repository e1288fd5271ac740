/* QOM core: types, classes, instances, casts and reference counts.
 *
 * A *type* is registered once from a static TypeInfo (name, parent, sizes,
 * hooks, interfaces), normally before main through type_init(). Its *class*
 * (one struct per type holding the "virtual methods" and class data) is built
 * lazily on first use, parent first: the parent's class struct is copied into
 * the new one, so a subclass starts with every method its parent set and
 * overrides a method by saving the parent's pointer and storing its own.
 * Then every ancestor's class_base_init runs (direct parent first), then the
 * type's own class_init. An *instance* (an Object) is created by object_new():
 * class-property defaults are applied, then instance_init runs from the root
 * type down to the leaf, instance_post_init from the leaf up, and finally the
 * global properties (object-global.h) are applied. The last object_unref()
 * finalizes: properties are released (children unparented, strong links
 * dropped) newest first, then instance_finalize runs from the leaf up.
 *
 * Interfaces are abstract types derived from TYPE_INTERFACE with a class and no
 * instance. A type lists the interfaces it implements; each implementing type
 * gets its own copy of the interface class (named "<type>::<interface>"),
 * which its class_init fills in through the interface's CLASS macro.
 *
 * Ownership: object_new() returns a reference the caller owns. object_ref()
 * adds one; object_unref() drops one (NULL is fine). A child property
 * (object-link.h) holds the parent's reference to its child, so the usual
 * idiom is new, add as child, unref: the tree owns it from then on.
 * Type names passed to the checked casts must live forever (the TYPE_*
 * string literals): the cast cache remembers them by address.
 *
 * Process globals, by nature: the type table (filled before main, read-only
 * afterwards except for lazily built classes) and the root of the composition
 * tree (object-path.h). Classes are never freed. Threads: object_ref() and
 * an object_unref() that is not the last may run on any thread (the count
 * is atomic); everything else -- registration, class creation, casts (which
 * may create a class), property access, and the last unref (which finalizes
 * and edits the path index) -- belongs to the main thread.
 *
 * Failures: programming errors (registering a type twice, an unknown parent,
 * object_new() of an unknown or abstract type, a checked cast of the wrong
 * object) print one line naming what was wrong and abort. Anything a user can
 * get wrong has an Error **errp variant: object_new_checked().
 */
#pragma once

#include <glib.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "error.h"

typedef struct TypeImpl *Type;
typedef struct TypeInfo TypeInfo;
typedef struct InterfaceInfo InterfaceInfo;
typedef struct Object Object;
typedef struct ObjectClass ObjectClass;
typedef struct InterfaceClass InterfaceClass;
typedef struct ObjectProperty ObjectProperty;
typedef struct ClassPropertyTable ClassPropertyTable;

#define TYPE_OBJECT "object"
#define TYPE_INTERFACE "interface"

/* Called on a child while it is being removed from its parent, before the
 * parent drops its reference (devices unrealize here). */
typedef void ObjectUnparent(Object *obj);
/* How to give back an instance's memory; NULL for an embedded object. */
typedef void ObjectFree(void *obj);

/* The number of recent successful casts each class remembers. */
#define OBJECT_CLASS_CAST_CACHE 4

/* The base of every class struct. Every field is private to QOM except
 * `unparent`, which a class_init may set. */
struct ObjectClass {
    Type type;
    GSList *interfaces;                 /* InterfaceClass *, declared order */
    const char *object_cast_cache[OBJECT_CLASS_CAST_CACHE];
    const char *class_cast_cache[OBJECT_CLASS_CAST_CACHE];
    ObjectUnparent *unparent;
    ClassPropertyTable *properties;     /* object-property.c */
};

/* The base of every instance struct. All fields are private: use the
 * functions below and in object-property.h / object-path.h. */
struct Object {
    ObjectClass *class;
    ObjectFree *free;
    /* Instance properties: by name (created with the first one) and in the
     * order they were added (iteration, and release in reverse). */
    GHashTable *properties;
    ObjectProperty *prop_first;
    ObjectProperty *prop_last;
    /* Our parent in the composition tree and the child<> property there that
     * owns us: a path component and an unparent in O(1). */
    Object *parent;
    ObjectProperty *parent_prop;
    uint32_t ref;
    /* Why fixed properties may not change now, NULL while they may
     * (object-freeze.h). */
    const char *frozen_state;
};

/* The base of every interface's class struct. */
struct InterfaceClass {
    ObjectClass parent_class;
    ObjectClass *concrete_class;        /* the implementing type's class */
    Type interface_type;                /* the interface itself */
};

struct InterfaceInfo {
    const char *type;
};

/* A type, as its author describes it. Only name is required; parent is
 * required for all but the two roots ("object" and "interface"). */
struct TypeInfo {
    const char *name;
    const char *parent;

    /* 0: the parent's. A type whose size resolves to 0 is abstract. */
    size_t instance_size;
    /* 0: malloc's alignment; otherwise a power of two. */
    size_t instance_align;
    /* Root first. Must not fail, must not touch anything outside the
     * instance: introspection creates throw-away instances. */
    void (*instance_init)(Object *obj);
    /* Leaf first, after every instance_init. */
    void (*instance_post_init)(Object *obj);
    /* Leaf first, after the properties were released. */
    void (*instance_finalize)(Object *obj);

    bool abstract;                      /* object_new() refuses it */
    size_t class_size;                  /* 0: the parent's */

    /* Runs for this type and, before their own class_init, for every
     * subclass: undo what the copy of the parent class must not carry. */
    void (*class_base_init)(ObjectClass *klass, const void *data);
    void (*class_init)(ObjectClass *klass, const void *data);
    const void *class_data;

    /* Terminated by an entry whose type is NULL. */
    const InterfaceInfo *interfaces;
};

/* Registration. The name must start with a letter or a digit other than '0'
 * and continue with letters, digits, '-', '_' and '.'; a bad or duplicate
 * name aborts. _static keeps pointers to info's strings (they must live
 * forever, as literals do); type_register copies them. */
Type type_register_static(const TypeInfo *info);
Type type_register(const TypeInfo *info);
void type_register_static_array(const TypeInfo *infos, size_t nr_infos);

/* Runs fn before main: the place for type_register_static() calls.
 * Note for static libraries: the linker only keeps a constructor whose object
 * file is pulled in by some other symbol; see engine/qom/CMakeLists.txt. */
#define type_init(fn)                                                    \
    static void __attribute__((constructor)) qom_type_init_##fn(void)    \
    {                                                                    \
        fn();                                                            \
    }

/* Registers a static array of TypeInfo before main. */
#define DEFINE_TYPES(type_array)                                         \
    static void qom_register_##type_array(void)                          \
    {                                                                    \
        type_register_static_array(type_array, G_N_ELEMENTS(type_array)); \
    }                                                                    \
    type_init(qom_register_##type_array)

/* Defines `void fn(void)`, which registers n TypeInfos from infos the
 * first time it is called and does nothing after. For a module that is
 * linked in by a call (a static library drops constructors nobody
 * references) and may be reached from several callers. */
#define DEFINE_TYPES_REGISTER_ONCE(fn, infos, n)                          \
    static gpointer fn##_once(gpointer unused)                           \
    {                                                                    \
        type_register_static_array((infos), (n));                        \
        return NULL;                                                     \
    }                                                                    \
    void fn(void)                                                        \
    {                                                                    \
        static GOnce once = G_ONCE_INIT;                                 \
                                                                         \
        g_once(&once, fn##_once, NULL);                                  \
    }

/* Casts. OBJECT() and OBJECT_CLASS() are unchecked up-casts. */
#define OBJECT(obj) ((Object *)(obj))
#define OBJECT_CLASS(klass) ((ObjectClass *)(klass))

/* Checked casts: abort with the file, line and both type names when obj
 * (or klass) is not of the type; NULL passes through. */
#define OBJECT_CHECK(type, obj, name)                                     \
    ((type *)object_dynamic_cast_assert(OBJECT(obj), (name), __FILE__,    \
                                        __LINE__, __func__))
#define OBJECT_CLASS_CHECK(class_type, klass, name)                       \
    ((class_type *)object_class_dynamic_cast_assert(OBJECT_CLASS(klass),  \
                                                    (name), __FILE__,     \
                                                    __LINE__, __func__))
#define OBJECT_GET_CLASS(class_type, obj, name) \
    OBJECT_CLASS_CHECK(class_type, object_get_class(OBJECT(obj)), name)
/* An object seen through an interface: the same pointer, typed as the
 * (incomplete) interface type, only for passing to interface methods. */
#define INTERFACE_CHECK(interface, obj, name)                             \
    ((interface *)object_dynamic_cast_assert(OBJECT((obj)), (name),       \
                                             __FILE__, __LINE__, __func__))

/* Boilerplate for a type's header. OBJECT_DECLARE_TYPE(Dog, DogClass, DOG)
 * needs `#define TYPE_DOG "dog"` and gives the typedefs, g_autoptr(Dog), and
 * the checked casts DOG(obj), DOG_GET_CLASS(obj) and DOG_CLASS(klass). The
 * header then defines `struct Dog` (Object or the parent first) and
 * `struct DogClass`. */
#define OBJECT_DECLARE_TYPE(InstanceType, ClassType, MODULE_OBJ_NAME)     \
    typedef struct InstanceType InstanceType;                             \
    typedef struct ClassType ClassType;                                   \
    G_DEFINE_AUTOPTR_CLEANUP_FUNC(InstanceType, object_unref)             \
    static inline G_GNUC_UNUSED InstanceType *                            \
    MODULE_OBJ_NAME(const void *obj)                                      \
    {                                                                     \
        return OBJECT_CHECK(InstanceType, obj, TYPE_##MODULE_OBJ_NAME);   \
    }                                                                     \
    static inline G_GNUC_UNUSED ClassType *                               \
    MODULE_OBJ_NAME##_GET_CLASS(const void *obj)                          \
    {                                                                     \
        return OBJECT_GET_CLASS(ClassType, obj, TYPE_##MODULE_OBJ_NAME);  \
    }                                                                     \
    static inline G_GNUC_UNUSED ClassType *                               \
    MODULE_OBJ_NAME##_CLASS(const void *klass)                            \
    {                                                                     \
        return OBJECT_CLASS_CHECK(ClassType, klass,                       \
                                  TYPE_##MODULE_OBJ_NAME);                \
    }

/* The same for a type that adds no class struct: only the instance cast. */
#define OBJECT_DECLARE_SIMPLE_TYPE(InstanceType, MODULE_OBJ_NAME)         \
    typedef struct InstanceType InstanceType;                             \
    G_DEFINE_AUTOPTR_CLEANUP_FUNC(InstanceType, object_unref)             \
    static inline G_GNUC_UNUSED InstanceType *                            \
    MODULE_OBJ_NAME(const void *obj)                                      \
    {                                                                     \
        return OBJECT_CHECK(InstanceType, obj, TYPE_##MODULE_OBJ_NAME);   \
    }

/* Boilerplate for a type's .c file: declares module_obj_name##_init,
 * _finalize and _class_init (the file defines them), and registers the
 * TypeInfo before main. ABSTRACT makes the type abstract; the interfaces
 * variant takes a braced list ending in { NULL }. */
#define OBJECT_DEFINE_TYPE_EXTENDED(ModuleObjName, module_obj_name,           \
                                    MODULE_OBJ_NAME, PARENT_MODULE_OBJ_NAME,  \
                                    ABSTRACT, ...)                            \
    static void module_obj_name##_init(Object *obj);                          \
    static void module_obj_name##_finalize(Object *obj);                      \
    static void module_obj_name##_class_init(ObjectClass *oc,                 \
                                             const void *data);               \
    static const TypeInfo module_obj_name##_info = {                          \
        .parent = TYPE_##PARENT_MODULE_OBJ_NAME,                              \
        .name = TYPE_##MODULE_OBJ_NAME,                                       \
        .instance_size = sizeof(ModuleObjName),                               \
        .instance_align = __alignof__(ModuleObjName),                         \
        .instance_init = module_obj_name##_init,                              \
        .instance_finalize = module_obj_name##_finalize,                      \
        .class_size = sizeof(ModuleObjName##Class),                           \
        .class_init = module_obj_name##_class_init,                           \
        .abstract = ABSTRACT,                                                 \
        .interfaces = (const InterfaceInfo[]) { __VA_ARGS__ },                \
    };                                                                        \
    static void module_obj_name##_register_types(void)                        \
    {                                                                         \
        type_register_static(&module_obj_name##_info);                        \
    }                                                                         \
    type_init(module_obj_name##_register_types)

#define OBJECT_DEFINE_TYPE(ModuleObjName, module_obj_name, MODULE_OBJ_NAME, \
                           PARENT_MODULE_OBJ_NAME)                          \
    OBJECT_DEFINE_TYPE_EXTENDED(ModuleObjName, module_obj_name,             \
                                MODULE_OBJ_NAME, PARENT_MODULE_OBJ_NAME,    \
                                false, { NULL })
#define OBJECT_DEFINE_TYPE_WITH_INTERFACES(ModuleObjName, module_obj_name,  \
                                           MODULE_OBJ_NAME,                 \
                                           PARENT_MODULE_OBJ_NAME, ...)     \
    OBJECT_DEFINE_TYPE_EXTENDED(ModuleObjName, module_obj_name,             \
                                MODULE_OBJ_NAME, PARENT_MODULE_OBJ_NAME,    \
                                false, __VA_ARGS__)
#define OBJECT_DEFINE_ABSTRACT_TYPE(ModuleObjName, module_obj_name,         \
                                    MODULE_OBJ_NAME, PARENT_MODULE_OBJ_NAME) \
    OBJECT_DEFINE_TYPE_EXTENDED(ModuleObjName, module_obj_name,             \
                                MODULE_OBJ_NAME, PARENT_MODULE_OBJ_NAME,    \
                                true, { NULL })

/* Instances. */

/* A new instance the caller owns. Aborts for an unknown or abstract type
 * (a bug: use object_new_checked() for a name a user typed). A global
 * property that fails to apply is reported as a warning. */
Object *object_new(const char *typename);
Object *object_new_with_class(ObjectClass *klass);
/* The same for a name that came from a user: "unknown type 'x'",
 * "type 'x' is abstract", or a global property that failed to apply. */
Object *object_new_checked(const char *typename, Error **errp);

/* Initializes an object embedded in a bigger struct (size: of the memory at
 * data). It is not freed when its last reference goes, only finalized. */
void object_initialize(void *data, size_t size, const char *typename);

/* Adds a reference; returns obj. */
void *object_ref(void *obj);
/* Drops a reference (obj may be NULL); the last one finalizes obj. */
void object_unref(void *obj);
/* The current count, for tests and assertions. */
uint32_t object_get_refcount(const Object *obj);

ObjectClass *object_get_class(const Object *obj);
const char *object_get_typename(const Object *obj);

/* Dynamic casts: obj (or klass) when it is of the type or implements the
 * interface, else NULL (also for a NULL argument or an unknown name). A class
 * cast to an interface gives that interface's class for klass's type. When
 * two of klass's interfaces derive from the asked-for interface the cast is
 * ambiguous and gives NULL. */
Object *object_dynamic_cast(Object *obj, const char *typename);
ObjectClass *object_class_dynamic_cast(ObjectClass *klass,
                                       const char *typename);
/* The checked casts behind the macros; typename must live forever. */
Object *object_dynamic_cast_assert(Object *obj, const char *typename,
                                   const char *file, int line,
                                   const char *func);
ObjectClass *object_class_dynamic_cast_assert(ObjectClass *klass,
                                              const char *typename,
                                              const char *file, int line,
                                              const char *func);

/* Classes. */

/* The class of a registered type (built on first use), NULL if unknown. */
ObjectClass *object_class_by_name(const char *typename);
ObjectClass *object_class_get_parent(ObjectClass *klass);
const char *object_class_get_name(const ObjectClass *klass);
bool object_class_is_abstract(const ObjectClass *klass);
/* Whether klass is, derives from, or implements typename. */
bool object_class_implements(ObjectClass *klass, const char *typename);
/* The instance size a type resolves to (0 for unknown or abstract-by-size). */
size_t object_type_get_instance_size(const char *typename);

/* Every registered type's class that is or implements implements_type (NULL:
 * all), abstract ones only when asked, sorted by type name. The list is the
 * caller's (g_slist_free()); the classes are not. Interface copies
 * ("<type>::<interface>") are never listed. */
GSList *object_class_get_list(const char *implements_type,
                              bool include_abstract);
/* The same walk with a callback, in the same order. */
void object_class_foreach(void (*fn)(ObjectClass *klass, void *opaque),
                          const char *implements_type, bool include_abstract,
                          void *opaque);

static inline void object_unref_cleanup(Object *obj)
{
    object_unref(obj);
}
G_DEFINE_AUTOPTR_CLEANUP_FUNC(Object, object_unref_cleanup)

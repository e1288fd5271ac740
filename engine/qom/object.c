/* QOM core: the type table, lazy class creation, instance life cycle, casts. */
#include "object.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "object-global.h"
#include "object-internal.h"

struct TypeImpl {
    const char *name;
    const char *parent_name;
    TypeImpl *parent;                   /* resolved on first use */

    size_t class_size;
    size_t instance_size;
    size_t instance_align;
    void (*class_init)(ObjectClass *klass, const void *data);
    void (*class_base_init)(ObjectClass *klass, const void *data);
    const void *class_data;
    void (*instance_init)(Object *obj);
    void (*instance_post_init)(Object *obj);
    void (*instance_finalize)(Object *obj);
    bool abstract;

    size_t num_interfaces;
    const char **interface_names;

    /* Built by type_initialize(). */
    ObjectClass *class;
    bool initializing;
    bool is_interface;                  /* derives from TYPE_INTERFACE */
    bool is_interface_copy;             /* "<type>::<interface>", unlisted */
    /* ancestry[0] is the root, ancestry[depth] the type itself: "is T an
     * ancestor of U" is one comparison, and init/finalize walk it both
     * ways without recursion. */
    TypeImpl **ancestry;
    unsigned depth;
};

/* name -> TypeImpl. A process global by nature (see object.h): filled by
 * type_init constructors before main and never emptied. */
static GHashTable *type_table;

static void G_GNUC_PRINTF(1, 2) G_GNUC_NORETURN qom_abort(const char *fmt, ...)
{
    va_list ap;

    va_start(ap, fmt);
    g_autofree char *msg = g_strdup_vprintf(fmt, ap);
    va_end(ap);
    error_report("%s", msg);
    abort();
}

/* The base types. */

static char *object_get_type_property(Object *obj)
{
    return g_strdup(object_get_typename(obj));
}

static void object_base_class_init(ObjectClass *klass, const void *data)
{
    object_class_property_add_str(klass, "type", object_get_type_property,
                                  NULL);
    object_class_property_set_description(klass, "type",
                                          "the object's QOM type");
}

static const TypeInfo object_type_info = {
    .name = TYPE_OBJECT,
    .instance_size = sizeof(Object),
    .class_size = sizeof(ObjectClass),
    .class_init = object_base_class_init,
    .abstract = true,
};

static const TypeInfo interface_type_info = {
    .name = TYPE_INTERFACE,
    .class_size = sizeof(InterfaceClass),
    .abstract = true,
};

static bool type_name_is_valid(const char *name)
{
    if (!name || !g_ascii_isalnum(name[0])) {
        return false;
    }
    for (const char *p = name; *p; p++) {
        if (!g_ascii_isalnum(*p) && !strchr("-_.", *p)) {
            return false;
        }
    }
    return true;
}

static TypeImpl *type_new(const TypeInfo *info, bool copy)
{
    TypeImpl *ti = g_new0(TypeImpl, 1);

    /* type_register() copies; _static keeps the caller's strings. */
#define TYPE_STR(s) (copy ? g_strdup(s) : (s))
    ti->name = TYPE_STR(info->name);
    ti->parent_name = TYPE_STR(info->parent);
    ti->class_size = info->class_size;
    ti->instance_size = info->instance_size;
    ti->instance_align = info->instance_align;
    ti->class_init = info->class_init;
    ti->class_base_init = info->class_base_init;
    ti->class_data = info->class_data;
    ti->instance_init = info->instance_init;
    ti->instance_post_init = info->instance_post_init;
    ti->instance_finalize = info->instance_finalize;
    ti->abstract = info->abstract;
    for (const InterfaceInfo *i = info->interfaces; i && i->type; i++) {
        ti->num_interfaces++;
    }
    ti->interface_names = g_new0(const char *, ti->num_interfaces + 1);
    for (size_t i = 0; i < ti->num_interfaces; i++) {
        ti->interface_names[i] = TYPE_STR(info->interfaces[i].type);
    }
#undef TYPE_STR
    return ti;
}

static void type_table_add(TypeImpl *ti)
{
    if (g_hash_table_contains(type_table, ti->name)) {
        qom_abort("type '%s' is registered twice", ti->name);
    }
    g_hash_table_insert(type_table, (gpointer)ti->name, ti);
}

static GHashTable *type_table_get(void)
{
    if (!type_table) {
        type_table = g_hash_table_new(g_str_hash, g_str_equal);
        type_table_add(type_new(&object_type_info, false));
        type_table_add(type_new(&interface_type_info, false));
        /* Registered from here rather than by constructors in their own
         * files, so that linking object.o is enough to have them. */
        type_table_add(type_new(&container_type_info, false));
        type_table_add(type_new(&user_creatable_type_info, false));
    }
    return type_table;
}

static Type type_register_internal(const TypeInfo *info, bool copy)
{
    if (!type_name_is_valid(info->name)) {
        qom_abort("invalid type name '%s'", info->name ? info->name : "");
    }
    type_table_get();
    TypeImpl *ti = type_new(info, copy);
    type_table_add(ti);
    return ti;
}

Type type_register_static(const TypeInfo *info)
{
    return type_register_internal(info, false);
}

Type type_register(const TypeInfo *info)
{
    return type_register_internal(info, true);
}

void type_register_static_array(const TypeInfo *infos, size_t nr_infos)
{
    for (size_t i = 0; i < nr_infos; i++) {
        type_register_static(&infos[i]);
    }
}

TypeImpl *type_get_by_name(const char *name)
{
    return name ? g_hash_table_lookup(type_table_get(), name) : NULL;
}

static TypeImpl *type_get_parent(TypeImpl *ti)
{
    if (!ti->parent && ti->parent_name) {
        ti->parent = type_get_by_name(ti->parent_name);
        if (!ti->parent) {
            qom_abort("type '%s' has unknown parent '%s'", ti->name,
                      ti->parent_name);
        }
    }
    return ti->parent;
}

/* Both initialized. */
static bool type_is_a(const TypeImpl *ti, const TypeImpl *ancestor)
{
    return ancestor->depth <= ti->depth &&
           ti->ancestry[ancestor->depth] == ancestor;
}

bool type_class_is_a(const ObjectClass *klass, const ObjectClass *ancestor)
{
    return type_is_a(klass->type, ancestor->type);
}

static void type_initialize(TypeImpl *ti);

/* Gives ti's class its own copy of an interface's class, derived from
 * `parent` (the interface itself, or the parent type's copy, so that an
 * implementation is inherited and may be overridden). */
static void type_add_interface_class(TypeImpl *ti, TypeImpl *iface,
                                     TypeImpl *parent)
{
    TypeImpl *copy = g_new0(TypeImpl, 1);

    copy->name = g_strdup_printf("%s::%s", ti->name, iface->name);
    copy->parent_name = parent->name;
    copy->parent = parent;
    copy->abstract = true;
    copy->is_interface_copy = true;
    copy->interface_names = g_new0(const char *, 1);
    type_initialize(copy);

    InterfaceClass *ic = (InterfaceClass *)copy->class;
    ic->concrete_class = ti->class;
    ic->interface_type = iface;
    ti->class->interfaces = g_slist_append(ti->class->interfaces, ic);
}

static void type_initialize_interfaces(TypeImpl *ti, TypeImpl *parent)
{
    if (parent) {
        for (GSList *e = parent->class->interfaces; e; e = e->next) {
            InterfaceClass *ic = e->data;
            type_add_interface_class(ti, ic->interface_type,
                                     OBJECT_CLASS(ic)->type);
        }
    }
    for (size_t i = 0; i < ti->num_interfaces; i++) {
        TypeImpl *iface = type_get_by_name(ti->interface_names[i]);
        if (!iface) {
            qom_abort("type '%s' implements unknown interface '%s'",
                      ti->name, ti->interface_names[i]);
        }
        type_initialize(iface);
        if (!iface->is_interface) {
            qom_abort("type '%s' lists '%s' as an interface, but it is not "
                      "one", ti->name, iface->name);
        }
        /* Already implemented through an ancestor: keep that copy, which
         * carries the ancestor's methods. */
        bool covered = false;
        for (GSList *e = ti->class->interfaces; e; e = e->next) {
            if (type_is_a(OBJECT_CLASS(e->data)->type, iface)) {
                covered = true;
                break;
            }
        }
        if (!covered) {
            type_add_interface_class(ti, iface, iface);
        }
    }
}

static void type_initialize(TypeImpl *ti)
{
    if (ti->class) {
        return;
    }
    if (ti->initializing) {
        qom_abort("type '%s' is its own ancestor", ti->name);
    }
    ti->initializing = true;

    TypeImpl *parent = type_get_parent(ti);
    if (parent) {
        type_initialize(parent);
        if (!ti->class_size) {
            ti->class_size = parent->class_size;
        }
        if (!ti->instance_size) {
            ti->instance_size = parent->instance_size;
        }
        if (!ti->instance_align) {
            ti->instance_align = parent->instance_align;
        }
        if (ti->class_size < parent->class_size) {
            qom_abort("type '%s': class_size is smaller than its parent's",
                      ti->name);
        }
        if (ti->instance_size < parent->instance_size) {
            qom_abort("type '%s': instance_size is smaller than its "
                      "parent's", ti->name);
        }
        ti->is_interface = parent->is_interface;
        ti->depth = parent->depth + 1;
    } else {
        ti->is_interface = !strcmp(ti->name, TYPE_INTERFACE);
        ti->depth = 0;
    }
    ti->ancestry = g_new(TypeImpl *, ti->depth + 1);
    if (parent) {
        memcpy(ti->ancestry, parent->ancestry,
               sizeof(TypeImpl *) * (parent->depth + 1));
    }
    ti->ancestry[ti->depth] = ti;

    if (ti->is_interface) {
        if (ti->instance_size || ti->instance_init ||
            ti->instance_post_init || ti->instance_finalize ||
            (ti->num_interfaces && !ti->is_interface_copy)) {
            qom_abort("interface '%s' has instance data or interfaces",
                      ti->name);
        }
    }
    if (!ti->instance_size) {
        ti->abstract = true;
    }
    if (ti->instance_align & (ti->instance_align - 1)) {
        qom_abort("type '%s': instance_align is not a power of two",
                  ti->name);
    }

    /* The parent's class is copied whole: methods are inherited by value
     * and a subclass overrides one by storing its own. The QOM header is
     * then reset: interfaces, caches and properties are per class. */
    ObjectClass *klass = g_malloc0(ti->class_size);
    if (parent) {
        memcpy(klass, parent->class, parent->class_size);
    }
    klass->type = ti;
    klass->interfaces = NULL;
    memset(klass->object_cast_cache, 0, sizeof(klass->object_cast_cache));
    memset(klass->class_cast_cache, 0, sizeof(klass->class_cast_cache));
    klass->properties = class_property_table_new();
    ti->class = klass;

    type_initialize_interfaces(ti, parent);

    for (TypeImpl *p = parent; p; p = p->parent) {
        if (p->class_base_init) {
            p->class_base_init(klass, ti->class_data);
        }
    }
    if (ti->class_init) {
        ti->class_init(klass, ti->class_data);
    }
    ti->initializing = false;
}

/* Instances. */

static void object_init_instance(Object *obj, TypeImpl *ti)
{
    obj->class = ti->class;
    obj->ref = 1;
    object_property_init_class_defaults(obj);
    for (unsigned i = 0; i <= ti->depth; i++) {
        if (ti->ancestry[i]->instance_init) {
            ti->ancestry[i]->instance_init(obj);
        }
    }
    for (unsigned i = ti->depth + 1; i-- > 0;) {
        if (ti->ancestry[i]->instance_post_init) {
            ti->ancestry[i]->instance_post_init(obj);
        }
    }
}

/* The type a user named, or why it cannot be instantiated. */
static TypeImpl *type_for_new(const char *typename, Error **errp)
{
    TypeImpl *ti = type_get_by_name(typename);

    if (!ti) {
        error_setg(errp, "unknown type '%s'", typename ? typename : "");
        return NULL;
    }
    type_initialize(ti);
    if (ti->abstract) {
        error_setg(errp, "type '%s' is abstract", ti->name);
        return NULL;
    }
    return ti;
}

static TypeImpl *type_for_new_or_abort(const char *typename)
{
    Error *err = NULL;
    TypeImpl *ti = type_for_new(typename, &err);

    if (!ti) {
        qom_abort("%s", error_get_pretty(err));
    }
    return ti;
}

static void object_aligned_free(void *obj)
{
    g_aligned_free(obj);
}

static Object *object_alloc_init(TypeImpl *ti)
{
    Object *obj;

    if (ti->instance_align > G_ALIGNOF(max_align_t)) {
        obj = g_aligned_alloc0(1, ti->instance_size, ti->instance_align);
        obj->free = object_aligned_free;
    } else {
        obj = g_malloc0(ti->instance_size);
        obj->free = g_free;
    }
    object_init_instance(obj, ti);
    return obj;
}

Object *object_new(const char *typename)
{
    Object *obj = object_alloc_init(type_for_new_or_abort(typename));

    /* object_new() cannot fail, and a user's bad -global must not crash
     * the engine: each global that does not apply is a warning. */
    object_apply_global_props_warn(obj);
    return obj;
}

Object *object_new_with_class(ObjectClass *klass)
{
    return object_new(object_class_get_name(klass));
}

Object *object_new_checked(const char *typename, Error **errp)
{
    TypeImpl *ti = type_for_new(typename, errp);

    if (!ti) {
        return NULL;
    }
    Object *obj = object_alloc_init(ti);
    if (!object_apply_global_props(obj, errp)) {
        object_unref(obj);
        return NULL;
    }
    return obj;
}

void object_initialize(void *data, size_t size, const char *typename)
{
    TypeImpl *ti = type_for_new_or_abort(typename);

    if (size < ti->instance_size) {
        qom_abort("object_initialize: %zu bytes are too few for type '%s' "
                  "(%zu)", size, ti->name, ti->instance_size);
    }
    memset(data, 0, size);
    Object *obj = data;
    object_init_instance(obj, ti);
    obj->free = NULL;
    object_apply_global_props_warn(obj);
}

static void object_finalize(Object *obj)
{
    TypeImpl *ti = obj->class->type;

    object_property_del_all(obj);
    for (unsigned i = ti->depth + 1; i-- > 0;) {
        if (ti->ancestry[i]->instance_finalize) {
            ti->ancestry[i]->instance_finalize(obj);
        }
    }
    g_assert(obj->ref == 0);
    g_assert(obj->parent == NULL);
    if (obj->free) {
        obj->free(obj);
    }
}

void *object_ref(void *objptr)
{
    Object *obj = objptr;

    if (obj) {
        __atomic_add_fetch(&obj->ref, 1, __ATOMIC_RELAXED);
    }
    return obj;
}

void object_unref(void *objptr)
{
    Object *obj = objptr;

    if (!obj) {
        return;
    }
    g_assert(obj->ref > 0);
    if (__atomic_sub_fetch(&obj->ref, 1, __ATOMIC_ACQ_REL) == 0) {
        object_finalize(obj);
    }
}

uint32_t object_get_refcount(const Object *obj)
{
    return __atomic_load_n(&obj->ref, __ATOMIC_RELAXED);
}

ObjectClass *object_get_class(const Object *obj)
{
    return obj->class;
}

const char *object_get_typename(const Object *obj)
{
    return obj->class->type->name;
}

/* Casts. */

ObjectClass *object_class_dynamic_cast(ObjectClass *klass,
                                       const char *typename)
{
    if (!klass || !typename) {
        return NULL;
    }
    TypeImpl *ti = klass->type;
    /* Most callers pass the same literal the type was registered with. */
    if (ti->name == typename) {
        return klass;
    }
    TypeImpl *target = type_get_by_name(typename);
    if (!target) {
        return NULL;
    }
    type_initialize(target);

    if (target->is_interface && klass->interfaces) {
        ObjectClass *found = NULL;
        for (GSList *e = klass->interfaces; e; e = e->next) {
            ObjectClass *ic = e->data;
            if (type_is_a(ic->type, target)) {
                if (found) {
                    return NULL;        /* ambiguous */
                }
                found = ic;
            }
        }
        if (found) {
            return found;
        }
    }
    return type_is_a(ti, target) ? klass : NULL;
}

Object *object_dynamic_cast(Object *obj, const char *typename)
{
    if (obj && object_class_dynamic_cast(obj->class, typename)) {
        return obj;
    }
    return NULL;
}

static bool cast_cache_hit(const char **cache, const char *typename)
{
    for (int i = 0; i < OBJECT_CLASS_CAST_CACHE; i++) {
        if (__atomic_load_n(&cache[i], __ATOMIC_RELAXED) == typename) {
            return true;
        }
    }
    return false;
}

/* Oldest out. Racing writers may lose an entry; the cache stays a set of
 * names that were valid casts, which is all a hit relies on. */
static void cast_cache_add(const char **cache, const char *typename)
{
    for (int i = 0; i < OBJECT_CLASS_CAST_CACHE - 1; i++) {
        __atomic_store_n(&cache[i],
                         __atomic_load_n(&cache[i + 1], __ATOMIC_RELAXED),
                         __ATOMIC_RELAXED);
    }
    __atomic_store_n(&cache[OBJECT_CLASS_CAST_CACHE - 1], typename,
                     __ATOMIC_RELAXED);
}

Object *object_dynamic_cast_assert(Object *obj, const char *typename,
                                   const char *file, int line,
                                   const char *func)
{
    if (!obj) {
        return NULL;
    }
    ObjectClass *klass = obj->class;
    if (cast_cache_hit(klass->object_cast_cache, typename)) {
        return obj;
    }
    if (!object_class_dynamic_cast(klass, typename)) {
        qom_abort("%s:%d:%s: cannot cast an object of type '%s' to '%s'",
                  file, line, func, object_get_typename(obj), typename);
    }
    cast_cache_add(klass->object_cast_cache, typename);
    return obj;
}

ObjectClass *object_class_dynamic_cast_assert(ObjectClass *klass,
                                              const char *typename,
                                              const char *file, int line,
                                              const char *func)
{
    if (!klass) {
        return NULL;
    }
    if (cast_cache_hit(klass->class_cast_cache, typename)) {
        return klass;
    }
    ObjectClass *ret = object_class_dynamic_cast(klass, typename);
    if (!ret) {
        qom_abort("%s:%d:%s: cannot cast class '%s' to '%s'", file, line,
                  func, object_class_get_name(klass), typename);
    }
    /* An interface cast answers with another class: only casts that
     * answer klass itself can be remembered as a bare name. */
    if (ret == klass) {
        cast_cache_add(klass->class_cast_cache, typename);
    }
    return ret;
}

/* Classes. */

ObjectClass *object_class_by_name(const char *typename)
{
    TypeImpl *ti = type_get_by_name(typename);

    if (!ti) {
        return NULL;
    }
    type_initialize(ti);
    return ti->class;
}

ObjectClass *object_class_get_parent(ObjectClass *klass)
{
    TypeImpl *parent = type_get_parent(klass->type);

    if (!parent) {
        return NULL;
    }
    type_initialize(parent);
    return parent->class;
}

const char *object_class_get_name(const ObjectClass *klass)
{
    return klass->type->name;
}

bool object_class_is_abstract(const ObjectClass *klass)
{
    return klass->type->abstract;
}

bool object_class_implements(ObjectClass *klass, const char *typename)
{
    return object_class_dynamic_cast(klass, typename) != NULL;
}

size_t object_type_get_instance_size(const char *typename)
{
    TypeImpl *ti = type_get_by_name(typename);

    if (!ti) {
        return 0;
    }
    type_initialize(ti);
    return ti->instance_size;
}

static gint type_compare_by_name(gconstpointer a, gconstpointer b)
{
    const TypeImpl *ta = *(TypeImpl *const *)a;
    const TypeImpl *tb = *(TypeImpl *const *)b;

    return strcmp(ta->name, tb->name);
}

void object_class_foreach(void (*fn)(ObjectClass *klass, void *opaque),
                          const char *implements_type, bool include_abstract,
                          void *opaque)
{
    /* A snapshot, sorted: the hash order is not stable, and a class_init
     * run below could in principle register more types. */
    g_autoptr(GPtrArray) types = g_ptr_array_new();
    GHashTableIter iter;
    gpointer value;

    g_hash_table_iter_init(&iter, type_table_get());
    while (g_hash_table_iter_next(&iter, NULL, &value)) {
        g_ptr_array_add(types, value);
    }
    g_ptr_array_sort(types, type_compare_by_name);

    for (guint i = 0; i < types->len; i++) {
        TypeImpl *ti = types->pdata[i];
        type_initialize(ti);
        if (implements_type &&
            !object_class_dynamic_cast(ti->class, implements_type)) {
            continue;
        }
        if (!include_abstract && ti->abstract) {
            continue;
        }
        fn(ti->class, opaque);
    }
}

static void class_list_prepend(ObjectClass *klass, void *opaque)
{
    GSList **list = opaque;

    *list = g_slist_prepend(*list, klass);
}

GSList *object_class_get_list(const char *implements_type,
                              bool include_abstract)
{
    GSList *list = NULL;

    object_class_foreach(class_list_prepend, implements_type,
                         include_abstract, &list);
    return g_slist_reverse(list);
}

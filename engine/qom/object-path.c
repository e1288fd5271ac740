/* The composition tree: root, containers, path resolution and its index,
 * canonical paths, walks and the qom-tree dump. */
#include "object-path.h"

#include <string.h>

#include "object-internal.h"

const TypeInfo container_type_info = {
    .name = TYPE_CONTAINER,
    .parent = TYPE_OBJECT,
    .instance_size = sizeof(Object),
};

/* The root of the tree: a process global by nature (object.h). */
static Object *root;

Object *object_get_root(void)
{
    if (!root) {
        root = object_new(TYPE_CONTAINER);
    }
    return root;
}

Object *object_get_parent(const Object *obj)
{
    return obj->parent;
}

const char *object_get_canonical_path_component(const Object *obj)
{
    return obj->parent_prop ? obj->parent_prop->name : NULL;
}

char *object_get_canonical_path(const Object *obj)
{
    Object *top = object_get_root();

    if (obj == top) {
        return g_strdup("/");
    }
    g_autoptr(GPtrArray) names = g_ptr_array_new();
    for (const Object *o = obj; o != top; o = o->parent) {
        if (!o->parent) {
            return NULL;                /* not under the root */
        }
        g_ptr_array_add(names, o->parent_prop->name);
    }
    GString *path = g_string_sized_new(64);
    for (guint i = names->len; i-- > 0;) {
        g_string_append_c(path, '/');
        g_string_append(path, names->pdata[i]);
    }
    return g_string_free(path, FALSE);
}

static bool object_is_in_tree(const Object *obj)
{
    while (obj->parent) {
        obj = obj->parent;
    }
    return obj == root;
}

/* The partial-path index. For each property name, the objects that own a
 * resolvable instance property (child, link, alias) of that name: the
 * only objects a partial path starting with that name can start from.
 * Most names have one owner, so an entry holds it directly and only grows a
 * set for the second. A process global, like the tree it indexes. */
typedef struct PathIndexEntry {
    Object *single;             /* the only owner, when `more` is NULL */
    GHashTable *more;           /* every owner, once there were two */
} PathIndexEntry;

static GHashTable *path_index;          /* char * -> PathIndexEntry * */
/* Names of resolvable class properties (class links): every instance of
 * the class owns one, so a partial path starting with such a name walks
 * the tree instead. */
static GHashTable *class_resolvable_names;

static void path_index_entry_free(gpointer data)
{
    PathIndexEntry *e = data;

    if (e->more) {
        g_hash_table_destroy(e->more);
    }
    g_free(e);
}

void object_path_index_add(Object *owner, const char *name)
{
    if (!path_index) {
        path_index = g_hash_table_new_full(g_str_hash, g_str_equal, g_free,
                                           path_index_entry_free);
    }
    PathIndexEntry *e = g_hash_table_lookup(path_index, name);
    if (!e) {
        e = g_new0(PathIndexEntry, 1);
        e->single = owner;
        g_hash_table_insert(path_index, g_strdup(name), e);
        return;
    }
    if (!e->more) {
        e->more = g_hash_table_new(NULL, NULL);
        g_hash_table_add(e->more, e->single);
        e->single = NULL;
    }
    g_hash_table_add(e->more, owner);
}

void object_path_index_remove(Object *owner, const char *name)
{
    PathIndexEntry *e = g_hash_table_lookup(path_index, name);

    g_assert(e);
    if (e->more) {
        g_hash_table_remove(e->more, owner);
        if (g_hash_table_size(e->more)) {
            return;
        }
    } else {
        g_assert(e->single == owner);
    }
    g_hash_table_remove(path_index, name);
}

void object_path_note_class_resolvable(const char *name)
{
    if (!class_resolvable_names) {
        class_resolvable_names = g_hash_table_new_full(g_str_hash,
                                                       g_str_equal, g_free,
                                                       NULL);
    }
    g_hash_table_add(class_resolvable_names, g_strdup(name));
}

/* A path split in place: components separated by NULs in buf, empty ones
 * included (skipped by the walkers). One allocation per resolution. */
typedef struct PathParts {
    char *buf;
    size_t len;
} PathParts;

static void path_parts_init(PathParts *pp, const char *path)
{
    pp->len = strlen(path);
    pp->buf = g_strdup(path);
    for (char *p = pp->buf; *p; p++) {
        if (*p == '/') {
            *p = '\0';
        }
    }
}

#define PATH_PARTS_FOREACH(c, pp)                                       \
    for (const char *c = (pp)->buf; c <= (pp)->buf + (pp)->len;         \
         c += strlen(c) + 1)

Object *object_resolve_path_component(Object *parent, const char *part)
{
    ObjectProperty *prop = object_property_find(parent, part);

    if (!prop || !prop->resolve) {
        return NULL;
    }
    return prop->resolve(parent, prop->opaque, part);
}

static Object *resolve_from(Object *start, const PathParts *pp)
{
    Object *obj = start;

    PATH_PARTS_FOREACH(c, pp) {
        if (*c) {
            obj = object_resolve_path_component(obj, c);
            if (!obj) {
                return NULL;
            }
        }
    }
    return obj;
}

/* Collects the distinct objects a partial path reaches; stops at two. */
typedef struct PartialMatch {
    const PathParts *pp;
    const char *typename;
    Object *found;
    bool ambiguous;
} PartialMatch;

static void partial_try(PartialMatch *m, Object *start)
{
    Object *obj = resolve_from(start, m->pp);

    if (!obj || (m->typename && !object_dynamic_cast(obj, m->typename))) {
        return;
    }
    if (m->found && m->found != obj) {
        m->ambiguous = true;
    }
    m->found = obj;
}

static int partial_walk(Object *obj, void *opaque)
{
    PartialMatch *m = opaque;

    partial_try(m, obj);
    return m->ambiguous;
}

static Object *resolve_partial(const PathParts *pp, const char *typename,
                               bool *ambiguous)
{
    PartialMatch m = { .pp = pp, .typename = typename };
    const char *first = NULL;

    PATH_PARTS_FOREACH(c, pp) {
        if (*c) {
            first = c;
            break;
        }
    }

    if (first && !(class_resolvable_names &&
                   g_hash_table_contains(class_resolvable_names, first))) {
        /* Only the owners of a property named like the first component
         * can start a match. */
        PathIndexEntry *e =
            path_index ? g_hash_table_lookup(path_index, first) : NULL;
        if (e && !e->more) {
            if (object_is_in_tree(e->single)) {
                partial_try(&m, e->single);
            }
        } else if (e) {
            GHashTableIter iter;
            gpointer owner;
            g_hash_table_iter_init(&iter, e->more);
            while (!m.ambiguous && g_hash_table_iter_next(&iter, &owner,
                                                          NULL)) {
                if (object_is_in_tree(owner)) {
                    partial_try(&m, owner);
                }
            }
        }
    } else {
        /* The empty path (every object matches itself), or a class link
         * name: try every object in the tree. */
        Object *top = object_get_root();
        partial_try(&m, top);
        if (!m.ambiguous) {
            object_child_foreach_recursive(top, partial_walk, &m);
        }
    }

    if (m.ambiguous) {
        if (ambiguous) {
            *ambiguous = true;
        }
        return NULL;
    }
    return m.found;
}

Object *object_resolve_path_type(const char *path, const char *typename,
                                 bool *ambiguous)
{
    PathParts pp;
    Object *obj;

    if (ambiguous) {
        *ambiguous = false;
    }
    /* TYPE_OBJECT matches everything: skip the casts. */
    if (typename && !strcmp(typename, TYPE_OBJECT)) {
        typename = NULL;
    }
    path_parts_init(&pp, path);
    if (path[0] == '/') {
        obj = resolve_from(object_get_root(), &pp);
        if (obj && typename && !object_dynamic_cast(obj, typename)) {
            obj = NULL;
        }
    } else {
        obj = resolve_partial(&pp, typename, ambiguous);
    }
    g_free(pp.buf);
    return obj;
}

Object *object_resolve_path(const char *path, bool *ambiguous)
{
    return object_resolve_path_type(path, NULL, ambiguous);
}

Object *object_resolve_path_at(Object *parent, const char *path)
{
    if (path[0] == '/') {
        return object_resolve_path(path, NULL);
    }
    PathParts pp;
    path_parts_init(&pp, path);
    Object *obj = resolve_from(parent, &pp);
    g_free(pp.buf);
    return obj;
}

Object *object_resolve_path_checked(const char *path, const char *typename,
                                    Error **errp)
{
    bool ambiguous;
    Object *obj = object_resolve_path_type(path, typename, &ambiguous);

    if (obj) {
        return obj;
    }
    if (ambiguous) {
        error_setg(errp, "path '%s' is ambiguous", path);
        return NULL;
    }
    if (typename) {
        /* Say why: the wrong kind of object, or several of other kinds. */
        Object *other = object_resolve_path_type(path, NULL, &ambiguous);
        if (other) {
            error_setg(errp, "object at '%s' is of type '%s', not '%s'",
                       path, object_get_typename(other), typename);
            return NULL;
        }
        if (ambiguous) {
            error_set(errp, ERROR_CLASS_DEVICE_NOT_FOUND,
                      "no object of type '%s' at '%s'", typename, path);
            return NULL;
        }
    }
    error_set(errp, ERROR_CLASS_DEVICE_NOT_FOUND, "no object at '%s'", path);
    return NULL;
}

Object *container_get(Object *top, const char *path)
{
    PathParts pp;
    Object *obj = top;

    path_parts_init(&pp, path);
    PATH_PARTS_FOREACH(c, &pp) {
        if (!*c) {
            continue;
        }
        Object *child = object_resolve_path_component(obj, c);
        if (!child) {
            child = object_new(TYPE_CONTAINER);
            object_property_add_child(obj, c, child);
            object_unref(child);        /* obj owns it */
        }
        obj = child;
    }
    g_free(pp.buf);
    return obj;
}

/* Walks. */

int object_child_foreach(Object *obj, int (*fn)(Object *child, void *opaque),
                         void *opaque)
{
    ObjectProperty *next;

    for (ObjectProperty *prop = obj->prop_first; prop; prop = next) {
        next = prop->next;              /* fn may unparent this child */
        if (object_property_is_child(prop)) {
            int ret = fn(prop->opaque, opaque);
            if (ret) {
                return ret;
            }
        }
    }
    return 0;
}

typedef struct RecursiveWalk {
    int (*fn)(Object *child, void *opaque);
    void *opaque;
} RecursiveWalk;

static int foreach_recursive_one(Object *child, void *opaque)
{
    RecursiveWalk *w = opaque;
    Object *parent = child->parent;

    /* Hold the child while fn runs: if fn unparents it, do not descend. */
    object_ref(child);
    int ret = w->fn(child, w->opaque);
    if (!ret && child->parent == parent) {
        ret = object_child_foreach(child, foreach_recursive_one, w);
    }
    object_unref(child);
    return ret;
}

int object_child_foreach_recursive(Object *obj,
                                   int (*fn)(Object *child, void *opaque),
                                   void *opaque)
{
    RecursiveWalk w = { .fn = fn, .opaque = opaque };

    return object_child_foreach(obj, foreach_recursive_one, &w);
}

/* The qom-tree dump. */

static gint child_prop_compare(gconstpointer a, gconstpointer b)
{
    const ObjectProperty *pa = *(ObjectProperty *const *)a;
    const ObjectProperty *pb = *(ObjectProperty *const *)b;

    return strcmp(pa->name, pb->name);
}

static void format_tree(GString *out, Object *obj, const char *name,
                        int indent)
{
    g_string_append_printf(out, "%*s/%s (%s)\n", indent, "", name,
                           object_get_typename(obj));

    g_autoptr(GPtrArray) children = g_ptr_array_new();
    for (ObjectProperty *prop = obj->prop_first; prop; prop = prop->next) {
        if (object_property_is_child(prop)) {
            g_ptr_array_add(children, prop);
        }
    }
    g_ptr_array_sort(children, child_prop_compare);
    for (guint i = 0; i < children->len; i++) {
        ObjectProperty *prop = children->pdata[i];
        format_tree(out, prop->opaque, prop->name, indent + 2);
    }
}

char *object_format_tree(Object *obj)
{
    GString *out = g_string_new(NULL);
    const char *name = obj == object_get_root()
        ? "" : object_get_canonical_path_component(obj);

    format_tree(out, obj, name ? name : "", 0);
    return g_string_free(out, FALSE);
}

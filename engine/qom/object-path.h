/* The composition tree: its root, containers, paths, walks and the
 * `info qom-tree` dump.
 *
 * Every object reachable from the root through child<> properties has a
 * canonical path: the child property names from the root down
 * ("/machine/peripheral/d0"); the root's is "/". The root is a "container"
 * (an object with nothing but children) created on first use and never
 * freed: a documented process global, like the type table. A test that
 * builds objects in the tree puts them under a container of its own and
 * unparents that container at the end, so tests do not see each other.
 *
 * Paths: an absolute path ("/a/b") is followed from the root one component at
 * a time through child, link and alias properties; empty components are
 * skipped. A partial path ("b", "a/b") is tried from every object in the
 * tree: it names the one object it reaches; when it reaches two different
 * objects it is ambiguous. A name index (updated as child, link and alias
 * properties come and go) finds the starting points, so resolving does not
 * walk the whole tree.
 *
 * Ownership: objects returned by the resolve and get functions are lent
 * (no reference added); strings returned by get_canonical_path and
 * object_format_tree are the caller's.
 *
 * Failures: object_resolve_path*() return NULL (and set *ambiguous when the
 * path was ambiguous); object_resolve_path_checked() says which in an error:
 * "path 'x' is ambiguous", "no object at 'x'" (class DeviceNotFound), or
 * "object at 'x' is of type 'y', not 'T'".
 */
#pragma once

#include "object-link.h"

#define TYPE_CONTAINER "container"

/* The root "/", created on first use. */
Object *object_get_root(void);

/* The container at path (absolute, or relative to root), creating each
 * missing component as a container. Lent. */
Object *container_get(Object *root, const char *path);

/* The object a single component names on parent (through its child, link or
 * alias property), or NULL. */
Object *object_resolve_path_component(Object *parent, const char *part);

/* Resolves path (see the top). ambiguous may be NULL; when non-NULL it is set
 * to whether the partial path matched more than one object. */
Object *object_resolve_path(const char *path, bool *ambiguous);
/* The same, counting only objects of (or implementing) typename: a type
 * narrows a partial path ("", the empty partial path, finds the one object
 * of that type in the tree). */
Object *object_resolve_path_type(const char *path, const char *typename,
                                 bool *ambiguous);
/* Relative to parent (absolute paths still start at the root). */
Object *object_resolve_path_at(Object *parent, const char *path);
/* With the reason for a failure; typename may be NULL (any type). */
Object *object_resolve_path_checked(const char *path, const char *typename,
                                    Error **errp);

/* "/a/b/c", or NULL when obj is not in the tree under the root. */
char *object_get_canonical_path(const Object *obj);
/* obj's name in its parent ("c"), NULL without a parent. Lent: valid while obj
 * stays a child of its parent. */
const char *object_get_canonical_path_component(const Object *obj);
/* obj's parent in the composition tree, or NULL. */
Object *object_get_parent(const Object *obj);

/* Calls fn on each child of obj, in the order they were added, until fn
 * returns non-zero; returns that value (0 when all were visited). fn may
 * unparent the child it was given, nothing else. */
int object_child_foreach(Object *obj, int (*fn)(Object *child, void *opaque),
                         void *opaque);
/* The same, depth first: each child, then its children. */
int object_child_foreach_recursive(Object *obj,
                                   int (*fn)(Object *child, void *opaque),
                                   void *opaque);

/* `info qom-tree` from obj: a line "/<name> (<type>)" per object, indented
 * two spaces per level, children sorted by name with strcmp (so "d10" sorts
 * before "d2"); obj itself prints its own name, the root prints "/".
 * A new string, each line ending in '\n'. */
char *object_format_tree(Object *obj);

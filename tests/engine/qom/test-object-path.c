/* The composition tree: root, containers, paths, walks, the qom-tree dump. */
#include "qom-test-types.h"

#include <string.h>

static void test_root_is_a_container_at_slash(void)
{
    Object *root = object_get_root();
    g_autofree char *path = object_get_canonical_path(root);

    g_assert_true(object_get_root() == root);
    g_assert_cmpstr(object_get_typename(root), ==, TYPE_CONTAINER);
    g_assert_cmpstr(path, ==, "/");
    g_assert_true(object_resolve_path("/", NULL) == root);
    g_assert_null(object_get_canonical_path_component(root));
}

/* container_get() creates what is missing and finds what is there. */
static void test_container_get_creates_intermediates(void)
{
    Object *box = qom_test_box_new();
    Object *peripheral = container_get(object_get_root(),
                                       "/test/machine/peripheral");

    g_assert_cmpstr(object_get_typename(peripheral), ==, TYPE_CONTAINER);
    g_assert_true(object_resolve_path("/test/machine/peripheral", NULL) ==
                  peripheral);
    g_assert_true(container_get(box, "machine/peripheral") == peripheral);
    g_assert_cmpuint(object_get_refcount(peripheral), ==, 1);

    qom_test_box_free(box);
}

/* The path QEMU users know: /machine/peripheral/<id>. */
static void test_canonical_path_of_a_peripheral(void)
{
    Object *peripheral = container_get(object_get_root(),
                                       "/machine/peripheral");
    Object *d0 = qom_test_add(peripheral, "d0", TYPE_TEST_DOG);
    g_autofree char *path = object_get_canonical_path(d0);

    g_assert_cmpstr(path, ==, "/machine/peripheral/d0");
    g_assert_cmpstr(object_get_canonical_path_component(d0), ==, "d0");
    g_assert_true(object_get_parent(d0) == peripheral);

    object_unparent(object_resolve_path("/machine", NULL));
}

/* An object outside the tree has no canonical path. */
static void test_canonical_path_outside_tree_is_null(void)
{
    g_autoptr(Object) loose = object_new(TYPE_CONTAINER);
    Object *inner = qom_test_add(loose, "inner", TYPE_TEST_DOG);

    g_assert_null(object_get_canonical_path(loose));
    g_assert_null(object_get_canonical_path(inner));
    g_assert_cmpstr(object_get_canonical_path_component(inner), ==, "inner");
    g_assert_null(object_get_canonical_path_component(loose));
}

/* Empty components are skipped; a missing one ends the walk. */
static void test_absolute_path_resolution(void)
{
    Object *box = qom_test_box_new();
    Object *rex = qom_test_add(box, "rex", TYPE_TEST_DOG);

    g_assert_true(object_resolve_path("/test/rex", NULL) == rex);
    g_assert_true(object_resolve_path("//test///rex/", NULL) == rex);
    g_assert_null(object_resolve_path("/test/rex/nothing", NULL));
    g_assert_null(object_resolve_path("/rex", NULL));
    /* A property that names no object is no path component. */
    g_assert_null(object_resolve_path("/test/rex/legs", NULL));
    g_assert_true(object_resolve_path_type("/test/rex", TYPE_TEST_ANIMAL,
                                           NULL) == rex);
    g_assert_null(object_resolve_path_type("/test/rex", TYPE_TEST_CAT, NULL));

    qom_test_box_free(box);
}

static void test_partial_path_unique_resolves(void)
{
    Object *box = qom_test_box_new();
    Object *peripheral = container_get(box, "machine/peripheral");
    Object *d0 = qom_test_add(peripheral, "d0", TYPE_TEST_DOG);
    bool ambiguous = true;

    g_assert_true(object_resolve_path("d0", &ambiguous) == d0);
    g_assert_false(ambiguous);
    g_assert_true(object_resolve_path("peripheral/d0", NULL) == d0);
    g_assert_true(object_resolve_path("machine/peripheral/d0", NULL) == d0);
    g_assert_true(object_resolve_path("test/machine", NULL) ==
                  object_get_parent(peripheral));
    g_assert_null(object_resolve_path("machine/d0", NULL));

    qom_test_box_free(box);
}

/* Two objects answer to the same partial path: an error that says so; a
 * longer path tells them apart. */
static void test_partial_path_ambiguous_is_an_error(void)
{
    Object *box = qom_test_box_new();
    Object *a = qom_test_add(box, "a", TYPE_CONTAINER);
    Object *b = qom_test_add(box, "b", TYPE_CONTAINER);
    Object *a_d0 = qom_test_add(a, "d0", TYPE_TEST_DOG);
    qom_test_add(b, "d0", TYPE_TEST_DOG);
    bool ambiguous = false;
    Error *err = NULL;

    g_assert_null(object_resolve_path("d0", &ambiguous));
    g_assert_true(ambiguous);
    g_assert_null(object_resolve_path_checked("d0", NULL, &err));
    g_assert_cmpstr(error_get_pretty(err), ==, "path 'd0' is ambiguous");
    g_clear_pointer(&err, error_free);
    g_assert_true(object_resolve_path("a/d0", &ambiguous) == a_d0);
    g_assert_false(ambiguous);

    qom_test_box_free(box);
}

/* A type narrows a partial path to the objects of that type. */
static void test_partial_path_narrowed_by_type(void)
{
    Object *box = qom_test_box_new();
    Object *a = qom_test_add(box, "a", TYPE_CONTAINER);
    Object *b = qom_test_add(box, "b", TYPE_CONTAINER);
    Object *dog = qom_test_add(a, "pet", TYPE_TEST_DOG);
    Object *cat = qom_test_add(b, "pet", TYPE_TEST_CAT);
    bool ambiguous = false;

    g_assert_true(object_resolve_path_type("pet", TYPE_TEST_DOG,
                                           &ambiguous) == dog);
    g_assert_true(object_resolve_path_type("pet", TYPE_TEST_CAT,
                                           &ambiguous) == cat);
    g_assert_null(object_resolve_path_type("pet", TYPE_TEST_ANIMAL,
                                           &ambiguous));
    g_assert_true(ambiguous);

    qom_test_box_free(box);
}

/* The empty partial path finds the one object of a type in the tree. */
static void test_empty_partial_path_finds_the_one_of_a_type(void)
{
    Object *box = qom_test_box_new();
    Object *deep = container_get(box, "x/y/z");
    Object *puppy = qom_test_add(deep, "p", TYPE_TEST_PUPPY);
    bool ambiguous = true;

    g_assert_true(object_resolve_path_type("", TYPE_TEST_PUPPY,
                                           &ambiguous) == puppy);
    g_assert_false(ambiguous);
    qom_test_add(box, "q", TYPE_TEST_PUPPY);
    g_assert_null(object_resolve_path_type("", TYPE_TEST_PUPPY,
                                           &ambiguous));
    g_assert_true(ambiguous);

    qom_test_box_free(box);
}

/* Objects outside the tree are never found, even with a matching name. */
static void test_partial_path_ignores_objects_outside_tree(void)
{
    Object *box = qom_test_box_new();
    g_autoptr(Object) loose = object_new(TYPE_CONTAINER);
    qom_test_add(loose, "only-here", TYPE_TEST_DOG);
    Object *in_tree = qom_test_add(box, "both", TYPE_TEST_DOG);
    qom_test_add(loose, "both", TYPE_TEST_DOG);
    bool ambiguous = true;

    g_assert_null(object_resolve_path("only-here", &ambiguous));
    g_assert_false(ambiguous);
    g_assert_true(object_resolve_path("both", &ambiguous) == in_tree);
    g_assert_false(ambiguous);

    qom_test_box_free(box);
}

/* Once unparented, an object is no longer found by a partial path. */
static void test_partial_path_forgets_unparented(void)
{
    Object *box = qom_test_box_new();
    Object *rex = qom_test_add(box, "rex", TYPE_TEST_DOG);

    g_assert_true(object_resolve_path("rex", NULL) == rex);
    object_unparent(rex);
    g_assert_null(object_resolve_path("rex", NULL));

    qom_test_box_free(box);
}

/* The checked resolution says which of the failures it was. */
static void test_checked_resolution_explains(void)
{
    Object *box = qom_test_box_new();
    Object *rex = qom_test_add(box, "rex", TYPE_TEST_DOG);
    Error *err = NULL;

    g_assert_true(object_resolve_path_checked("/test/rex", TYPE_TEST_DOG,
                                              &error_abort) == rex);
    g_assert_null(object_resolve_path_checked("/test/nobody", NULL, &err));
    g_assert_cmpstr(error_get_pretty(err), ==, "no object at '/test/nobody'");
    g_assert_cmpint(error_get_class(err), ==, ERROR_CLASS_DEVICE_NOT_FOUND);
    g_clear_pointer(&err, error_free);
    g_assert_null(object_resolve_path_checked("rex", TYPE_TEST_CAT, &err));
    g_assert_cmpstr(error_get_pretty(err), ==,
                    "object at 'rex' is of type 'test-dog', not 'test-cat'");
    g_clear_pointer(&err, error_free);

    qom_test_box_free(box);
}

static void test_resolve_relative_to_an_object(void)
{
    Object *box = qom_test_box_new();
    Object *peripheral = container_get(box, "machine/peripheral");
    Object *d0 = qom_test_add(peripheral, "d0", TYPE_TEST_DOG);

    g_assert_true(object_resolve_path_at(peripheral, "d0") == d0);
    g_assert_true(object_resolve_path_at(box, "machine/peripheral/d0") ==
                  d0);
    g_assert_null(object_resolve_path_at(box, "d0"));
    g_assert_true(object_resolve_path_at(box, "/test") == box);

    qom_test_box_free(box);
}

static int collect_name(Object *child, void *opaque)
{
    GString *s = opaque;

    g_string_append_printf(s, "%s%s", s->len ? " " : "",
                           object_get_canonical_path_component(child));
    return 0;
}

/* Children come in the order they were added; other properties are not
 * children. */
static void test_child_foreach_in_insertion_order(void)
{
    Object *box = qom_test_box_new();
    g_autoptr(GString) names = g_string_new(NULL);
    static bool flag;

    qom_test_add(box, "charlie", TYPE_TEST_DOG);
    qom_test_add(box, "alpha", TYPE_TEST_CAT);
    object_property_add_bool_ptr(box, "not-a-child", &flag,
                                 OBJ_PROP_FLAG_READ);
    qom_test_add(box, "bravo", TYPE_CONTAINER);
    g_assert_cmpint(object_child_foreach(box, collect_name, names), ==, 0);
    g_assert_cmpstr(names->str, ==, "charlie alpha bravo");

    qom_test_box_free(box);
}

static int stop_at_alpha(Object *child, void *opaque)
{
    collect_name(child, opaque);
    return g_str_equal(object_get_canonical_path_component(child), "alpha")
        ? 42 : 0;
}

static void test_child_foreach_stops_on_nonzero(void)
{
    Object *box = qom_test_box_new();
    g_autoptr(GString) names = g_string_new(NULL);

    qom_test_add(box, "charlie", TYPE_TEST_DOG);
    qom_test_add(box, "alpha", TYPE_TEST_CAT);
    qom_test_add(box, "bravo", TYPE_CONTAINER);
    g_assert_cmpint(object_child_foreach(box, stop_at_alpha, names), ==, 42);
    g_assert_cmpstr(names->str, ==, "charlie alpha");

    qom_test_box_free(box);
}

/* Depth first: each child, then its children. */
static void test_child_foreach_recursive_is_depth_first(void)
{
    Object *box = qom_test_box_new();
    g_autoptr(GString) names = g_string_new(NULL);

    Object *a = qom_test_add(box, "a", TYPE_CONTAINER);
    qom_test_add(a, "a1", TYPE_TEST_DOG);
    Object *a2 = qom_test_add(a, "a2", TYPE_CONTAINER);
    qom_test_add(a2, "a2x", TYPE_TEST_CAT);
    qom_test_add(box, "b", TYPE_TEST_DOG);
    object_child_foreach_recursive(box, collect_name, names);
    g_assert_cmpstr(names->str, ==, "a a1 a2 a2x b");

    qom_test_box_free(box);
}

static int unparent_each(Object *child, void *opaque)
{
    object_unparent(child);
    return 0;
}

/* A walk may unparent the child it is given. */
static void test_child_foreach_may_unparent_current(void)
{
    Object *box = qom_test_box_new();
    g_autoptr(GString) names = g_string_new(NULL);

    Object *a = qom_test_add(box, "a", TYPE_CONTAINER);
    qom_test_add(a, "deep", TYPE_TEST_DOG);
    qom_test_add(box, "b", TYPE_TEST_DOG);
    object_child_foreach_recursive(box, unparent_each, NULL);
    object_child_foreach(box, collect_name, names);
    g_assert_cmpstr(names->str, ==, "");

    qom_test_box_free(box);
}

/* The `info qom-tree` text, exactly: children sorted with strcmp, links
 * not followed, two spaces per level. */
static void test_tree_dump_matches_qom_tree(void)
{
    Object *box = qom_test_box_new();
    Object *machine = qom_test_add(box, "machine", TYPE_CONTAINER);
    Object *unattached = qom_test_add(machine, "unattached", TYPE_CONTAINER);
    Object *peripheral = qom_test_add(machine, "peripheral", TYPE_CONTAINER);
    Object *d2 = qom_test_add(peripheral, "d2", TYPE_TEST_PUPPY);
    qom_test_add(peripheral, "d10", TYPE_TEST_DOG);
    qom_test_add(unattached, "device[0]", TYPE_TEST_CAT);
    object_property_add_const_link(machine, "favourite", d2);

    g_autofree char *tree = object_format_tree(box);
    g_assert_cmpstr(tree, ==,
                    "/test (container)\n"
                    "  /machine (container)\n"
                    "    /peripheral (container)\n"
                    "      /d10 (test-dog)\n"
                    "      /d2 (test-puppy)\n"
                    "    /unattached (container)\n"
                    "      /device[0] (test-cat)\n");

    g_autofree char *sub = object_format_tree(peripheral);
    g_assert_cmpstr(sub, ==,
                    "/peripheral (container)\n"
                    "  /d10 (test-dog)\n"
                    "  /d2 (test-puppy)\n");

    qom_test_box_free(box);
}

/* The root prints as "/". */
static void test_tree_dump_of_root_starts_with_slash(void)
{
    Object *box = qom_test_box_new();
    g_autofree char *tree = object_format_tree(object_get_root());

    g_assert_true(g_str_has_prefix(tree, "/ (container)\n"));
    g_assert_nonnull(strstr(tree, "\n  /test (container)\n"));

    qom_test_box_free(box);
}

/* Many siblings: every one is found by name, before and after some go. */
static void test_many_children_resolve_by_partial_path(void)
{
    Object *box = qom_test_box_new();
    Object *bus = qom_test_add(box, "bus", TYPE_CONTAINER);
    enum { N = 2000 };

    for (int i = 0; i < N; i++) {
        g_autofree char *name = g_strdup_printf("node%d", i);
        qom_test_add(bus, name, i % 2 ? TYPE_TEST_DOG : TYPE_TEST_CAT);
    }
    for (int i = 0; i < N; i += 3) {
        g_autofree char *name = g_strdup_printf("node%d", i);
        object_unparent(object_resolve_path_component(bus, name));
    }
    for (int i = 0; i < N; i++) {
        g_autofree char *name = g_strdup_printf("node%d", i);
        g_autofree char *abs = g_strdup_printf("/test/bus/%s", name);
        Object *obj = object_resolve_path(name, NULL);
        g_assert_true(obj == object_resolve_path(abs, NULL));
        g_assert_true((obj == NULL) == (i % 3 == 0));
    }

    qom_test_box_free(box);
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);

    g_test_add_func("/qom/path/root/is-a-container-at-slash",
                    test_root_is_a_container_at_slash);
    g_test_add_func("/qom/path/container-get/creates-intermediates",
                    test_container_get_creates_intermediates);
    g_test_add_func("/qom/path/canonical/of-a-peripheral",
                    test_canonical_path_of_a_peripheral);
    g_test_add_func("/qom/path/canonical/outside-tree-is-null",
                    test_canonical_path_outside_tree_is_null);
    g_test_add_func("/qom/path/resolve/absolute",
                    test_absolute_path_resolution);
    g_test_add_func("/qom/path/resolve/partial-unique",
                    test_partial_path_unique_resolves);
    g_test_add_func("/qom/path/resolve/partial-ambiguous-is-an-error",
                    test_partial_path_ambiguous_is_an_error);
    g_test_add_func("/qom/path/resolve/partial-narrowed-by-type",
                    test_partial_path_narrowed_by_type);
    g_test_add_func("/qom/path/resolve/empty-partial-finds-one-of-a-type",
                    test_empty_partial_path_finds_the_one_of_a_type);
    g_test_add_func("/qom/path/resolve/partial-ignores-outside-tree",
                    test_partial_path_ignores_objects_outside_tree);
    g_test_add_func("/qom/path/resolve/partial-forgets-unparented",
                    test_partial_path_forgets_unparented);
    g_test_add_func("/qom/path/resolve/checked-explains",
                    test_checked_resolution_explains);
    g_test_add_func("/qom/path/resolve/relative-to-an-object",
                    test_resolve_relative_to_an_object);
    g_test_add_func("/qom/path/resolve/many-children-by-partial-path",
                    test_many_children_resolve_by_partial_path);
    g_test_add_func("/qom/path/foreach/in-insertion-order",
                    test_child_foreach_in_insertion_order);
    g_test_add_func("/qom/path/foreach/stops-on-nonzero",
                    test_child_foreach_stops_on_nonzero);
    g_test_add_func("/qom/path/foreach/recursive-is-depth-first",
                    test_child_foreach_recursive_is_depth_first);
    g_test_add_func("/qom/path/foreach/may-unparent-current",
                    test_child_foreach_may_unparent_current);
    g_test_add_func("/qom/path/tree/dump-matches-qom-tree",
                    test_tree_dump_matches_qom_tree);
    g_test_add_func("/qom/path/tree/root-starts-with-slash",
                    test_tree_dump_of_root_starts_with_slash);

    return g_test_run();
}

/* QOM child, link and alias properties. */
#include "qom-test-types.h"

#include "qdict.h"

/* A type whose unparent hook records the path it still had. */
#define TYPE_TEST_PROBE "test-probe"

static char *probe_last_path;

static void probe_unparent(Object *obj)
{
    g_free(probe_last_path);
    probe_last_path = object_get_canonical_path(obj);
}

static void probe_class_init(ObjectClass *oc, const void *data)
{
    oc->unparent = probe_unparent;
}

static const TypeInfo probe_type = {
    .name = TYPE_TEST_PROBE,
    .parent = TYPE_OBJECT,
    .instance_size = sizeof(Object),
    .class_init = probe_class_init,
};

static void register_probe(void)
{
    type_register_static(&probe_type);
}

type_init(register_probe)

/* A child property is typed child<T> and reads as the child's path. */
static void test_child_property_type_and_value(void)
{
    Object *box = qom_test_box_new();
    qom_test_add(box, "rex", TYPE_TEST_DOG);

    ObjectProperty *prop = object_property_find(box, "rex");
    g_assert_cmpstr(prop->type, ==, "child<test-dog>");
    g_assert_true(object_property_is_child(prop));
    g_autofree char *path = object_property_get_str(box, "rex", &error_abort);
    g_assert_cmpstr(path, ==, "/test/rex");

    Error *err = NULL;
    g_assert_false(object_property_set_str(box, "rex", "/test", &err));
    g_assert_cmpstr(error_get_pretty(err), ==,
                    "property 'rex' on type 'container' is not writable");
    g_clear_pointer(&err, error_free);

    qom_test_box_free(box);
}

/* A child has one parent. */
static void test_child_with_parent_is_refused(void)
{
    Object *box = qom_test_box_new();
    Object *rex = qom_test_add(box, "rex", TYPE_TEST_DOG);
    Object *other = qom_test_add(box, "other", TYPE_CONTAINER);
    Error *err = NULL;

    g_assert_null(object_property_try_add_child(other, "rex", rex, &err));
    g_assert_cmpstr(error_get_pretty(err), ==,
                    "cannot add child 'rex' to a 'container': the child "
                    "already has a parent");
    g_clear_pointer(&err, error_free);
    g_assert_true(object_get_parent(rex) == box);

    qom_test_box_free(box);
}

/* An object cannot become its own descendant. */
static void test_child_cycle_is_refused(void)
{
    g_autoptr(Object) loose = object_new(TYPE_CONTAINER);
    Object *sub = qom_test_add(loose, "sub", TYPE_CONTAINER);
    Error *err = NULL;

    g_assert_null(object_property_try_add_child(sub, "loop", loose, &err));
    g_assert_cmpstr(error_get_pretty(err), ==,
                    "cannot add child 'loop' to a 'container': the child is "
                    "the object or one of its ancestors");
    g_clear_pointer(&err, error_free);
    g_assert_null(object_property_try_add_child(loose, "me", loose, &err));
    g_assert_cmpstr(error_get_pretty(err), ==,
                    "cannot add child 'me' to a 'container': the child is "
                    "the object or one of its ancestors");
    g_clear_pointer(&err, error_free);
}

static void test_child_name_with_slash_is_refused(void)
{
    Object *box = qom_test_box_new();
    g_autoptr(Object) dog = object_new(TYPE_TEST_DOG);
    Error *err = NULL;

    g_assert_null(object_property_try_add_child(box, "a/b", dog, &err));
    g_assert_cmpstr(error_get_pretty(err), ==,
                    "invalid child name 'a/b' on type 'container': names "
                    "are non-empty and contain no '/'");
    g_clear_pointer(&err, error_free);

    qom_test_box_free(box);
}

/* The unparent hook runs while the child still has its path. */
static void test_unparent_hook_still_sees_path(void)
{
    Object *box = qom_test_box_new();
    Object *probe = qom_test_add(box, "probe", TYPE_TEST_PROBE);

    object_unparent(probe);
    g_assert_cmpstr(probe_last_path, ==, "/test/probe");
    g_free(g_steal_pointer(&probe_last_path));

    qom_test_box_free(box);
}

/* A link set by absolute path, read back as the target's path. */
static void test_link_set_by_absolute_path(void)
{
    Object *box = qom_test_box_new();
    Object *rex = qom_test_add(box, "rex", TYPE_TEST_DOG);
    Object *tom = qom_test_add(box, "tom", TYPE_TEST_CAT);

    object_property_set_str(rex, "friend", "/test/tom", &error_abort);
    g_assert_true(TEST_ANIMAL(rex)->friend == tom);
    g_autofree char *path = object_property_get_str(rex, "friend",
                                                    &error_abort);
    g_assert_cmpstr(path, ==, "/test/tom");

    qom_test_box_free(box);
}

/* ... or by an unambiguous partial path. */
static void test_link_set_by_partial_path(void)
{
    Object *box = qom_test_box_new();
    Object *rex = qom_test_add(box, "rex", TYPE_TEST_DOG);
    Object *tom = qom_test_add(box, "tom", TYPE_TEST_CAT);

    object_property_set_str(rex, "friend", "tom", &error_abort);
    g_assert_true(TEST_ANIMAL(rex)->friend == tom);

    qom_test_box_free(box);
}

/* A link is typed: a cat is not a dog. */
static void test_link_of_wrong_type_is_refused(void)
{
    Object *box = qom_test_box_new();
    Object *rex = qom_test_add(box, "rex", TYPE_TEST_DOG);
    Object *tom = qom_test_add(box, "tom", TYPE_TEST_CAT);
    Error *err = NULL;

    g_assert_false(object_property_set_str(rex, "leader", "/test/tom",
                                           &err));
    g_assert_cmpstr(error_get_pretty(err), ==,
                    "object at '/test/tom' is of type 'test-cat', not "
                    "'test-dog'");
    g_clear_pointer(&err, error_free);

    /* Directly, without a path. */
    g_assert_false(object_property_set_link(rex, "leader", tom, &err));
    g_assert_cmpstr(error_get_pretty(err), ==,
                    "link 'leader' on type 'test-dog' needs a 'test-dog', "
                    "not a 'test-cat'");
    g_clear_pointer(&err, error_free);
    g_assert_null(TEST_DOG(rex)->leader);

    qom_test_box_free(box);
}

/* The check hook has the last word. */
static void test_link_check_hook_refuses(void)
{
    Object *box = qom_test_box_new();
    Object *rex = qom_test_add(box, "rex", TYPE_TEST_DOG);
    Error *err = NULL;

    g_assert_false(object_property_set_str(rex, "friend", "/test/rex",
                                           &err));
    g_assert_cmpstr(error_get_pretty(err), ==,
                    "an animal cannot befriend itself");
    g_clear_pointer(&err, error_free);
    g_assert_null(TEST_ANIMAL(rex)->friend);

    qom_test_box_free(box);
}

static void test_link_to_missing_object_is_refused(void)
{
    Object *box = qom_test_box_new();
    Object *rex = qom_test_add(box, "rex", TYPE_TEST_DOG);
    Error *err = NULL;

    g_assert_false(object_property_set_str(rex, "friend", "/test/nobody",
                                           &err));
    g_assert_cmpstr(error_get_pretty(err), ==,
                    "no object at '/test/nobody'");
    g_assert_cmpint(error_get_class(err), ==, ERROR_CLASS_DEVICE_NOT_FOUND);
    g_clear_pointer(&err, error_free);

    qom_test_box_free(box);
}

/* A strong link holds a reference while it points at the target, and gives
 * it back when it changes or its owner goes. */
static void test_strong_link_holds_reference(void)
{
    Object *box = qom_test_box_new();
    Object *rex = qom_test_add(box, "rex", TYPE_TEST_DOG);
    Object *fido = qom_test_add(box, "fido", TYPE_TEST_DOG);

    g_assert_cmpuint(object_get_refcount(fido), ==, 1);
    object_property_set_str(rex, "leader", "/test/fido", &error_abort);
    g_assert_cmpuint(object_get_refcount(fido), ==, 2);
    object_property_set_str(rex, "leader", "", &error_abort);
    g_assert_null(TEST_DOG(rex)->leader);
    g_assert_cmpuint(object_get_refcount(fido), ==, 1);

    object_property_set_str(rex, "leader", "/test/fido", &error_abort);
    object_unparent(rex);
    g_assert_cmpuint(object_get_refcount(fido), ==, 1);

    qom_test_box_free(box);
}

/* A strong link keeps its target alive after the tree lets it go. */
static void test_strong_link_outlives_unparent(void)
{
    Object *box = qom_test_box_new();
    Object *rex = qom_test_add(box, "rex", TYPE_TEST_DOG);
    Object *fido = qom_test_add(box, "fido", TYPE_TEST_DOG);

    object_property_set_link(rex, "leader", fido, &error_abort);
    object_unparent(fido);
    g_assert_cmpuint(object_get_refcount(fido), ==, 1);
    g_assert_true(TEST_DOG(rex)->leader == fido);
    /* Out of the tree, it has no path to show. */
    g_autofree char *path = object_property_get_str(rex, "leader",
                                                    &error_abort);
    g_assert_cmpstr(path, ==, "");

    qom_test_box_free(box);
}

static void test_weak_link_holds_no_reference(void)
{
    Object *box = qom_test_box_new();
    Object *rex = qom_test_add(box, "rex", TYPE_TEST_DOG);
    Object *tom = qom_test_add(box, "tom", TYPE_TEST_CAT);

    object_property_set_link(rex, "friend", tom, &error_abort);
    g_assert_cmpuint(object_get_refcount(tom), ==, 1);
    g_assert_true(TEST_ANIMAL(rex)->friend == tom);

    qom_test_box_free(box);
}

/* get_link gives the object a child, link or alias names. */
static void test_get_link_resolves(void)
{
    Object *box = qom_test_box_new();
    Object *rex = qom_test_add(box, "rex", TYPE_TEST_DOG);
    Object *tom = qom_test_add(box, "tom", TYPE_TEST_CAT);
    Object *target = NULL;
    Error *err = NULL;

    g_assert_true(object_property_get_link(rex, "friend", &target,
                                           &error_abort));
    g_assert_null(target);
    object_property_set_link(rex, "friend", tom, &error_abort);
    g_assert_true(object_property_get_link(rex, "friend", &target,
                                           &error_abort));
    g_assert_true(target == tom);
    g_assert_true(object_property_get_link(box, "rex", &target,
                                           &error_abort));
    g_assert_true(target == rex);

    g_assert_false(object_property_get_link(rex, "name", &target, &err));
    g_assert_cmpstr(error_get_pretty(err), ==,
                    "property 'name' on type 'test-dog' is not a child or a "
                    "link");
    g_clear_pointer(&err, error_free);

    qom_test_box_free(box);
}

/* Absolute paths follow links as well as children. */
static void test_link_is_followed_by_paths(void)
{
    Object *box = qom_test_box_new();
    Object *rex = qom_test_add(box, "rex", TYPE_TEST_DOG);
    Object *tom = qom_test_add(box, "tom", TYPE_TEST_CAT);

    object_property_set_link(rex, "friend", tom, &error_abort);
    g_assert_true(object_resolve_path("/test/rex/friend", NULL) == tom);
    g_assert_true(object_resolve_path("rex/friend", NULL) == tom);

    qom_test_box_free(box);
}

static void test_const_link_is_read_only(void)
{
    Object *box = qom_test_box_new();
    Object *rex = qom_test_add(box, "rex", TYPE_TEST_DOG);
    Error *err = NULL;

    ObjectProperty *prop = object_property_add_const_link(box, "boss", rex);
    g_assert_cmpstr(prop->type, ==, "link<test-dog>");
    g_assert_true(object_property_is_link(prop));
    g_assert_true(object_resolve_path("/test/boss", NULL) == rex);
    g_assert_false(object_property_set_str(box, "boss", "", &err));
    g_assert_cmpstr(error_get_pretty(err), ==,
                    "property 'boss' on type 'container' is not writable");
    g_clear_pointer(&err, error_free);

    qom_test_box_free(box);
}

/* An alias keeps its target's type, default and description. */
static void test_alias_keeps_type_default_description(void)
{
    Object *box = qom_test_box_new();
    Object *rex = qom_test_add(box, "rex", TYPE_TEST_DOG);
    Object *kennel = qom_test_add(box, "kennel", TYPE_CONTAINER);

    ObjectProperty *alias = object_property_add_alias(kennel, "dog-legs",
                                                      rex, "legs");
    g_assert_cmpstr(alias->type, ==, "uint32");
    g_assert_cmpstr(alias->description, ==, "how many legs");
    uint64_t def = 0;
    g_assert_true(qnum_get_try_uint(
        qobject_to(QNum, object_property_get_default(alias)), &def));
    g_assert_cmpuint(def, ==, 4);

    qom_test_box_free(box);
}

static void test_alias_forwards_get_and_set(void)
{
    Object *box = qom_test_box_new();
    Object *rex = qom_test_add(box, "rex", TYPE_TEST_DOG);
    Object *kennel = qom_test_add(box, "kennel", TYPE_CONTAINER);
    uint64_t legs = 0;

    object_property_add_alias(kennel, "dog-legs", rex, "legs");
    object_property_set_uint(kennel, "dog-legs", 3, &error_abort);
    g_assert_cmpuint(TEST_ANIMAL(rex)->legs, ==, 3);
    object_property_parse(kennel, "dog-legs", "5", &error_abort);
    g_assert_true(object_property_get_uint(kennel, "dog-legs", &legs,
                                           &error_abort));
    g_assert_cmpuint(legs, ==, 5);

    qom_test_box_free(box);
}

/* A visitor walking the aliasing object's properties as a struct finds
 * each value under the alias's name. */
static void test_alias_visited_under_its_own_name(void)
{
    Object *box = qom_test_box_new();
    Object *rex = qom_test_add(box, "rex", TYPE_TEST_DOG);
    Object *kennel = qom_test_add(box, "kennel", TYPE_CONTAINER);
    g_autoptr(QDict) props = qdict_new();

    object_property_add_alias(kennel, "dog-legs", rex, "legs");
    object_property_add_alias(kennel, "dog-name", rex, "name");
    qdict_put_int(props, "dog-legs", 3);
    qdict_put_str(props, "dog-name", "Rex");
    object_set_props(kennel, props, NULL, &error_abort);
    g_assert_cmpuint(TEST_ANIMAL(rex)->legs, ==, 3);
    g_assert_cmpstr(TEST_ANIMAL(rex)->name, ==, "Rex");

    qom_test_box_free(box);
}

/* An alias of a read-only property is read-only, and says so by its own
 * name. */
static void test_alias_of_read_only_is_read_only(void)
{
    Object *box = qom_test_box_new();
    Object *rex = qom_test_add(box, "rex", TYPE_TEST_DOG);
    Object *kennel = qom_test_add(box, "kennel", TYPE_CONTAINER);
    Error *err = NULL;

    object_property_add_alias(kennel, "dog-type", rex, "type");
    g_autofree char *type = object_property_get_str(kennel, "dog-type",
                                                    &error_abort);
    g_assert_cmpstr(type, ==, "test-dog");
    g_assert_false(object_property_set_str(kennel, "dog-type", "x", &err));
    g_assert_cmpstr(error_get_pretty(err), ==,
                    "property 'dog-type' on type 'container' is not "
                    "writable");
    g_clear_pointer(&err, error_free);

    qom_test_box_free(box);
}

/* An alias of a child is a link<T> and paths go through it. */
static void test_alias_of_child_is_link_and_resolves(void)
{
    Object *box = qom_test_box_new();
    Object *rex = qom_test_add(box, "rex", TYPE_TEST_DOG);
    Object *kennel = qom_test_add(box, "kennel", TYPE_CONTAINER);

    ObjectProperty *alias = object_property_add_alias(kennel, "resident",
                                                      box, "rex");
    g_assert_cmpstr(alias->type, ==, "link<test-dog>");
    g_assert_false(object_property_is_child(alias));
    g_assert_true(object_resolve_path("/test/kennel/resident", NULL) == rex);
    g_assert_true(object_resolve_path("kennel/resident", NULL) == rex);

    qom_test_box_free(box);
}

/* set_link goes through an alias to the link it names. */
static void test_set_link_through_alias(void)
{
    Object *box = qom_test_box_new();
    Object *rex = qom_test_add(box, "rex", TYPE_TEST_DOG);
    Object *tom = qom_test_add(box, "tom", TYPE_TEST_CAT);
    Object *kennel = qom_test_add(box, "kennel", TYPE_CONTAINER);

    object_property_add_alias(kennel, "pal", rex, "friend");
    object_property_set_link(kennel, "pal", tom, &error_abort);
    g_assert_true(TEST_ANIMAL(rex)->friend == tom);
    g_assert_true(object_resolve_path("/test/kennel/pal", NULL) == tom);

    qom_test_box_free(box);
}

/* A target outside the tree can only be linked directly. */
static void test_set_link_outside_tree_needs_link_property(void)
{
    Object *box = qom_test_box_new();
    Object *rex = qom_test_add(box, "rex", TYPE_TEST_DOG);
    g_autoptr(Object) stray = object_new(TYPE_TEST_DOG);
    Error *err = NULL;

    object_property_set_link(rex, "leader", stray, &error_abort);
    g_assert_true(TEST_DOG(rex)->leader == stray);
    g_assert_false(object_property_set_link(rex, "name", stray, &err));
    g_assert_cmpstr(error_get_pretty(err), ==,
                    "cannot set property 'name' on type 'test-dog' to a "
                    "'test-dog' that is not in the composition tree");
    g_clear_pointer(&err, error_free);

    qom_test_box_free(box);
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);

    g_test_add_func("/qom/link/child/type-and-value",
                    test_child_property_type_and_value);
    g_test_add_func("/qom/link/child/with-parent-is-refused",
                    test_child_with_parent_is_refused);
    g_test_add_func("/qom/link/child/cycle-is-refused",
                    test_child_cycle_is_refused);
    g_test_add_func("/qom/link/child/name-with-slash-is-refused",
                    test_child_name_with_slash_is_refused);
    g_test_add_func("/qom/link/child/unparent-hook-still-sees-path",
                    test_unparent_hook_still_sees_path);
    g_test_add_func("/qom/link/link/set-by-absolute-path",
                    test_link_set_by_absolute_path);
    g_test_add_func("/qom/link/link/set-by-partial-path",
                    test_link_set_by_partial_path);
    g_test_add_func("/qom/link/link/wrong-type-is-refused",
                    test_link_of_wrong_type_is_refused);
    g_test_add_func("/qom/link/link/check-hook-refuses",
                    test_link_check_hook_refuses);
    g_test_add_func("/qom/link/link/missing-object-is-refused",
                    test_link_to_missing_object_is_refused);
    g_test_add_func("/qom/link/link/strong-holds-reference",
                    test_strong_link_holds_reference);
    g_test_add_func("/qom/link/link/strong-outlives-unparent",
                    test_strong_link_outlives_unparent);
    g_test_add_func("/qom/link/link/weak-holds-no-reference",
                    test_weak_link_holds_no_reference);
    g_test_add_func("/qom/link/link/get-link-resolves",
                    test_get_link_resolves);
    g_test_add_func("/qom/link/link/followed-by-paths",
                    test_link_is_followed_by_paths);
    g_test_add_func("/qom/link/link/const-is-read-only",
                    test_const_link_is_read_only);
    g_test_add_func("/qom/link/link/outside-tree-needs-link-property",
                    test_set_link_outside_tree_needs_link_property);
    g_test_add_func("/qom/link/alias/keeps-type-default-description",
                    test_alias_keeps_type_default_description);
    g_test_add_func("/qom/link/alias/forwards-get-and-set",
                    test_alias_forwards_get_and_set);
    g_test_add_func("/qom/link/alias/visited-under-its-own-name",
                    test_alias_visited_under_its_own_name);
    g_test_add_func("/qom/link/alias/of-read-only-is-read-only",
                    test_alias_of_read_only_is_read_only);
    g_test_add_func("/qom/link/alias/of-child-is-link-and-resolves",
                    test_alias_of_child_is_link_and_resolves);
    g_test_add_func("/qom/link/alias/set-link-through-alias",
                    test_set_link_through_alias);

    return g_test_run();
}

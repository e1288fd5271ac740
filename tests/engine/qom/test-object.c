/* QOM core: types, classes, instances, casts, life cycle, references. */
#include "qom-test-types.h"

#include <string.h>

/* A three-level hierarchy that records every hook into one log. */

#define TYPE_LC_BASE "test-lc-base"
#define TYPE_LC_MID "test-lc-mid"
#define TYPE_LC_LEAF "test-lc-leaf"

static GString *lc_log;

static void lc_record(const char *what, const char *type)
{
    if (!lc_log) {
        return;                 /* a test that is not listening */
    }
    if (lc_log->len) {
        g_string_append_c(lc_log, ' ');
    }
    g_string_append_printf(lc_log, "%s:%s", what, type);
}

static void lc_base_init(Object *obj) { lc_record("init", "base"); }
static void lc_mid_init(Object *obj) { lc_record("init", "mid"); }
static void lc_leaf_init(Object *obj) { lc_record("init", "leaf"); }
static void lc_base_post(Object *obj) { lc_record("post", "base"); }
static void lc_mid_post(Object *obj) { lc_record("post", "mid"); }
static void lc_leaf_post(Object *obj) { lc_record("post", "leaf"); }
static void lc_base_fini(Object *obj) { lc_record("finalize", "base"); }
static void lc_mid_fini(Object *obj) { lc_record("finalize", "mid"); }
static void lc_leaf_fini(Object *obj) { lc_record("finalize", "leaf"); }

static void lc_class_init(ObjectClass *oc, const void *data)
{
    lc_record("class_init", data);
}

static void lc_base_class_base_init(ObjectClass *oc, const void *data)
{
    lc_record("base_init", object_class_get_name(oc));
}

static const TypeInfo lc_types[] = {
    {
        .name = TYPE_LC_BASE,
        .parent = TYPE_OBJECT,
        .instance_size = sizeof(Object),
        .instance_init = lc_base_init,
        .instance_post_init = lc_base_post,
        .instance_finalize = lc_base_fini,
        .class_init = lc_class_init,
        .class_base_init = lc_base_class_base_init,
        .class_data = "base",
    },
    {
        .name = TYPE_LC_MID,
        .parent = TYPE_LC_BASE,
        .instance_init = lc_mid_init,
        .instance_post_init = lc_mid_post,
        .instance_finalize = lc_mid_fini,
        .class_init = lc_class_init,
        .class_data = "mid",
    },
    {
        .name = TYPE_LC_LEAF,
        .parent = TYPE_LC_MID,
        .instance_init = lc_leaf_init,
        .instance_post_init = lc_leaf_post,
        .instance_finalize = lc_leaf_fini,
        .class_init = lc_class_init,
        .class_data = "leaf",
    },
};

DEFINE_TYPES(lc_types)

/* A type written with the boilerplate macros. */
#define TYPE_TEST_MACRO "test-macro"
OBJECT_DECLARE_TYPE(TestMacro, TestMacroClass, TEST_MACRO)

struct TestMacro {
    Object parent_obj;
    int inited;
};

struct TestMacroClass {
    ObjectClass parent_class;
    int marker;
};

OBJECT_DEFINE_TYPE_WITH_INTERFACES(TestMacro, test_macro, TEST_MACRO, OBJECT,
                                   { TYPE_TEST_GUARD }, { NULL })

static void test_macro_init(Object *obj)
{
    TEST_MACRO(obj)->inited = 1;
}

static void test_macro_finalize(Object *obj)
{
}

static void test_macro_class_init(ObjectClass *oc, const void *data)
{
    TEST_MACRO_CLASS(oc)->marker = 42;
}

/* Classes are built on first use, parent first; every ancestor's
 * class_base_init runs for a subclass before the subclass's class_init. */
static void test_class_init_is_lazy_and_parent_first(void)
{
    lc_log = g_string_new(NULL);

    object_class_by_name(TYPE_LC_LEAF);
    g_assert_cmpstr(lc_log->str, ==,
                    "class_init:base "
                    "base_init:test-lc-mid class_init:mid "
                    "base_init:test-lc-leaf class_init:leaf");

    /* Once. */
    g_string_truncate(lc_log, 0);
    object_class_by_name(TYPE_LC_LEAF);
    g_assert_cmpstr(lc_log->str, ==, "");
    g_string_free(lc_log, TRUE);
    lc_log = NULL;
}

/* instance_init root first, post_init leaf first after all of them;
 * finalize leaf first. */
static void test_instance_hooks_run_in_order(void)
{
    object_class_by_name(TYPE_LC_LEAF);
    lc_log = g_string_new(NULL);

    Object *obj = object_new(TYPE_LC_LEAF);
    g_assert_cmpstr(lc_log->str, ==,
                    "init:base init:mid init:leaf "
                    "post:leaf post:mid post:base");

    g_string_truncate(lc_log, 0);
    object_unref(obj);
    g_assert_cmpstr(lc_log->str, ==,
                    "finalize:leaf finalize:mid finalize:base");
    g_string_free(lc_log, TRUE);
    lc_log = NULL;
}

/* A subclass overrides a parent's method and chains to it, twice over. */
static void test_subclass_overrides_method_and_chains(void)
{
    g_autoptr(Object) dog = object_new(TYPE_TEST_DOG);
    g_autoptr(Object) puppy = object_new(TYPE_TEST_PUPPY);
    g_autoptr(Object) cat = object_new(TYPE_TEST_CAT);
    g_autofree char *d = TEST_ANIMAL_GET_CLASS(dog)->describe(TEST_ANIMAL(dog));
    g_autofree char *p =
        TEST_ANIMAL_GET_CLASS(puppy)->describe(TEST_ANIMAL(puppy));
    g_autofree char *c = TEST_ANIMAL_GET_CLASS(cat)->describe(TEST_ANIMAL(cat));

    g_assert_cmpstr(d, ==, "dog, animal");
    g_assert_cmpstr(p, ==, "puppy, dog, animal");
    g_assert_cmpstr(c, ==, "animal");
}

/* Class data set by an ancestor's class_init is copied into subclasses. */
static void test_subclass_sees_parent_class_data(void)
{
    TestAnimalClass *ac =
        TEST_ANIMAL_CLASS(object_class_by_name(TYPE_TEST_PUPPY));

    g_assert_cmpstr(ac->kingdom, ==, "animalia");
}

static void test_class_parent_and_name(void)
{
    ObjectClass *puppy = object_class_by_name(TYPE_TEST_PUPPY);
    ObjectClass *dog = object_class_get_parent(puppy);

    g_assert_cmpstr(object_class_get_name(dog), ==, TYPE_TEST_DOG);
    g_assert_true(object_class_is_abstract(object_class_get_parent(dog)));
    g_assert_false(object_class_is_abstract(dog));
    g_assert_null(object_class_get_parent(object_class_by_name(TYPE_OBJECT)));
    g_assert_null(object_class_by_name("test-no-such-type"));
}

/* For a name a user typed: one clear line, no abort. */
static void test_new_checked_refuses_unknown_type(void)
{
    Error *err = NULL;

    g_assert_null(object_new_checked("test-unicorn", &err));
    g_assert_cmpstr(error_get_pretty(err), ==, "unknown type 'test-unicorn'");
    g_clear_pointer(&err, error_free);
}

static void test_new_checked_refuses_abstract_type(void)
{
    Error *err = NULL;

    g_assert_null(object_new_checked(TYPE_TEST_ANIMAL, &err));
    g_assert_cmpstr(error_get_pretty(err), ==,
                    "type 'test-animal' is abstract");
    g_clear_pointer(&err, error_free);

    /* Interfaces are abstract too. */
    g_assert_null(object_new_checked(TYPE_TEST_PET, &err));
    g_assert_cmpstr(error_get_pretty(err), ==, "type 'test-pet' is abstract");
    g_clear_pointer(&err, error_free);
}

/* object_new() on an abstract type is a bug: it aborts, saying why. */
static void test_new_aborts_on_abstract_type(void)
{
    if (g_test_subprocess()) {
        object_new(TYPE_TEST_ANIMAL);
        return;
    }
    g_test_trap_subprocess(NULL, 0, G_TEST_SUBPROCESS_DEFAULT);
    g_test_trap_assert_failed();
    g_test_trap_assert_stderr("*type 'test-animal' is abstract*");
}

static void test_new_checked_creates_instance(void)
{
    g_autoptr(Object) dog = object_new_checked(TYPE_TEST_DOG, &error_abort);

    g_assert_cmpstr(object_get_typename(dog), ==, TYPE_TEST_DOG);
    g_assert_cmpuint(object_get_refcount(dog), ==, 1);
}

static void test_dynamic_cast_to_ancestors_and_not_siblings(void)
{
    g_autoptr(Object) puppy = object_new(TYPE_TEST_PUPPY);

    g_assert_true(object_dynamic_cast(puppy, TYPE_TEST_PUPPY) == puppy);
    g_assert_true(object_dynamic_cast(puppy, TYPE_TEST_DOG) == puppy);
    g_assert_true(object_dynamic_cast(puppy, TYPE_TEST_ANIMAL) == puppy);
    g_assert_true(object_dynamic_cast(puppy, TYPE_OBJECT) == puppy);
    g_assert_null(object_dynamic_cast(puppy, TYPE_TEST_CAT));
    g_assert_null(object_dynamic_cast(puppy, "test-no-such-type"));
    g_assert_null(object_dynamic_cast(NULL, TYPE_TEST_DOG));
}

/* A cast to an interface: the object for an instance; the implementing
 * type's copy of the interface class for a class. */
static void test_dynamic_cast_to_interfaces(void)
{
    g_autoptr(Object) dog = object_new(TYPE_TEST_DOG);
    g_autoptr(Object) cat = object_new(TYPE_TEST_CAT);

    g_assert_true(object_dynamic_cast(dog, TYPE_TEST_PET) == dog);
    g_assert_null(object_dynamic_cast(dog, TYPE_TEST_GUARD));
    g_assert_true(object_dynamic_cast(cat, TYPE_TEST_GUARD) == cat);

    ObjectClass *ic = object_class_dynamic_cast(object_get_class(dog),
                                                TYPE_TEST_PET);
    g_assert_nonnull(ic);
    g_assert_cmpstr(object_class_get_name(ic), ==, "test-dog::test-pet");
    g_assert_true(((InterfaceClass *)ic)->concrete_class ==
                  object_get_class(dog));
    g_assert_true(object_class_implements(object_get_class(cat),
                                          TYPE_TEST_GUARD));
}

/* Each type fills in its own copy of the interface's methods. */
static void test_interface_methods_per_type(void)
{
    g_autoptr(Object) dog = object_new(TYPE_TEST_DOG);
    g_autoptr(Object) cat = object_new(TYPE_TEST_CAT);

    g_assert_cmpstr(TEST_PET_GET_CLASS(dog)->call(NULL), ==, "good dog");
    g_assert_cmpstr(TEST_PET_GET_CLASS(cat)->call(NULL), ==,
                    "whenever it likes");
}

/* A subclass inherits its parent's implementation of an interface. */
static void test_interface_implementation_is_inherited(void)
{
    g_autoptr(Object) puppy = object_new(TYPE_TEST_PUPPY);

    g_assert_true(object_dynamic_cast(puppy, TYPE_TEST_PET) == puppy);
    g_assert_cmpstr(TEST_PET_GET_CLASS(puppy)->call(NULL), ==, "good dog");
}

/* The checked cast passes a right object (twice: the second from the
 * cache) and NULL. */
static void test_checked_cast_passes_right_type(void)
{
    g_autoptr(Object) puppy = object_new(TYPE_TEST_PUPPY);

    g_assert_true((Object *)TEST_DOG(puppy) == puppy);
    g_assert_true((Object *)TEST_DOG(puppy) == puppy);
    g_assert_true((Object *)TEST_ANIMAL(puppy) == puppy);
    g_assert_null(TEST_DOG(NULL));
}

/* The wrong object aborts, naming both types. */
static void test_checked_cast_aborts_naming_both_types(void)
{
    if (g_test_subprocess()) {
        g_autoptr(Object) cat = object_new(TYPE_TEST_CAT);
        TEST_DOG(cat);
        return;
    }
    g_test_trap_subprocess(NULL, 0, G_TEST_SUBPROCESS_DEFAULT);
    g_test_trap_assert_failed();
    g_test_trap_assert_stderr(
        "*qom-test-types.h:*:TEST_DOG: cannot cast an object of type "
        "'test-cat' to 'test-dog'*");
}

static void test_checked_class_cast_aborts_naming_both_types(void)
{
    if (g_test_subprocess()) {
        TEST_DOG_CLASS(object_class_by_name(TYPE_TEST_CAT));
        return;
    }
    g_test_trap_subprocess(NULL, 0, G_TEST_SUBPROCESS_DEFAULT);
    g_test_trap_assert_failed();
    g_test_trap_assert_stderr(
        "*cannot cast class 'test-cat' to 'test-dog'*");
}

static char *class_list_names(GSList *list)
{
    GString *s = g_string_new(NULL);

    for (GSList *e = list; e; e = e->next) {
        g_string_append_printf(s, "%s%s", s->len ? " " : "",
                               object_class_get_name(e->data));
    }
    return g_string_free(s, FALSE);
}

/* Sorted by name, filtered by what the classes are or implement. */
static void test_class_list_is_sorted_and_filtered(void)
{
    GSList *list = object_class_get_list(TYPE_TEST_ANIMAL, false);
    g_autofree char *concrete = class_list_names(list);
    g_slist_free(list);
    g_assert_cmpstr(concrete, ==, "test-cat test-dog test-puppy");

    list = object_class_get_list(TYPE_TEST_ANIMAL, true);
    g_autofree char *all = class_list_names(list);
    g_slist_free(list);
    g_assert_cmpstr(all, ==, "test-animal test-cat test-dog test-puppy");

    list = object_class_get_list(TYPE_TEST_PET, false);
    g_autofree char *pets = class_list_names(list);
    g_slist_free(list);
    g_assert_cmpstr(pets, ==, "test-cat test-dog test-puppy");

    list = object_class_get_list(TYPE_USER_CREATABLE, false);
    g_autofree char *uc = class_list_names(list);
    g_slist_free(list);
    g_assert_cmpstr(uc, ==, "test-backend");
}

static void test_instance_size_is_inherited(void)
{
    g_assert_cmpuint(object_type_get_instance_size(TYPE_TEST_PUPPY), ==,
                     sizeof(TestPuppy));
    g_assert_cmpuint(object_type_get_instance_size(TYPE_LC_LEAF), ==,
                     sizeof(Object));
    g_assert_cmpuint(object_type_get_instance_size("test-no-such-type"), ==,
                     0);
}

/* A type registered with type_register() keeps copies of its strings. */
static void test_type_register_copies_names(void)
{
    g_autofree char *name = g_strdup("test-copied");
    g_autofree char *parent = g_strdup(TYPE_TEST_DOG);
    TypeInfo info = { .name = name, .parent = parent };

    type_register(&info);
    name[0] = 'X';
    parent[0] = 'X';
    g_autoptr(Object) obj = object_new("test-copied");
    g_assert_nonnull(object_dynamic_cast(obj, TYPE_TEST_DOG));
}

static void test_register_twice_aborts(void)
{
    if (g_test_subprocess()) {
        static const TypeInfo again = { .name = TYPE_TEST_DOG,
                                        .parent = TYPE_OBJECT };
        type_register_static(&again);
        return;
    }
    g_test_trap_subprocess(NULL, 0, G_TEST_SUBPROCESS_DEFAULT);
    g_test_trap_assert_failed();
    g_test_trap_assert_stderr("*type 'test-dog' is registered twice*");
}

static void test_unknown_parent_aborts_on_first_use(void)
{
    if (g_test_subprocess()) {
        static const TypeInfo orphan = { .name = "test-orphan",
                                         .parent = "test-nobody" };
        type_register_static(&orphan);
        object_class_by_name("test-orphan");
        return;
    }
    g_test_trap_subprocess(NULL, 0, G_TEST_SUBPROCESS_DEFAULT);
    g_test_trap_assert_failed();
    g_test_trap_assert_stderr(
        "*type 'test-orphan' has unknown parent 'test-nobody'*");
}

/* The parent's reference is the child's only one after the usual
 * new/add/unref; unparenting finalizes it. */
static void test_child_is_owned_by_parent_and_unparent_finalizes(void)
{
    Object *box = qom_test_box_new();
    Object *dog = object_new(TYPE_TEST_DOG);

    object_property_add_child(box, "rex", dog);
    g_assert_cmpuint(object_get_refcount(dog), ==, 2);
    object_unref(dog);
    g_assert_cmpuint(object_get_refcount(dog), ==, 1);
    g_assert_true(object_get_parent(dog) == box);

    /* Kept alive across the unparent by our own reference. */
    object_ref(dog);
    object_unparent(dog);
    g_assert_null(object_get_parent(dog));
    g_assert_cmpuint(object_get_refcount(dog), ==, 1);
    g_assert_null(object_resolve_path_component(box, "rex"));
    object_unref(dog);

    qom_test_box_free(box);
}

static void test_unparent_without_parent_does_nothing(void)
{
    g_autoptr(Object) dog = object_new(TYPE_TEST_DOG);

    object_unparent(dog);
    g_assert_cmpuint(object_get_refcount(dog), ==, 1);
}

/* Finalizing a parent unparents its children first (newest first), and
 * each child finalizes before the parent's own instance_finalize. */
static void test_finalize_releases_children_first(void)
{
    object_class_by_name(TYPE_LC_LEAF);
    g_autoptr(Object) parent = object_new(TYPE_LC_BASE);
    lc_log = g_string_new(NULL);
    Object *first = object_new(TYPE_LC_LEAF);
    Object *second = object_new(TYPE_LC_MID);
    object_property_add_child(parent, "first", first);
    object_property_add_child(parent, "second", second);
    object_unref(first);
    object_unref(second);

    g_string_truncate(lc_log, 0);
    object_unref(g_steal_pointer(&parent));
    g_assert_cmpstr(lc_log->str, ==,
                    "finalize:mid finalize:base "
                    "finalize:leaf finalize:mid finalize:base "
                    "finalize:base");
    g_string_free(lc_log, TRUE);
    lc_log = NULL;
}

/* With the tree's reference the only one, unparenting finalizes. */
static void test_unparent_finalizes_last_reference(void)
{
    Object *box = qom_test_box_new();
    Object *leaf = object_new(TYPE_LC_LEAF);

    object_property_add_child(box, "leaf", leaf);
    object_unref(leaf);
    lc_log = g_string_new(NULL);
    object_unparent(leaf);
    g_assert_cmpstr(lc_log->str, ==,
                    "finalize:leaf finalize:mid finalize:base");
    g_string_free(lc_log, TRUE);
    lc_log = NULL;

    qom_test_box_free(box);
}

/* The boilerplate macros give a working type, casts and g_autoptr. */
static void test_define_type_macros(void)
{
    g_autoptr(TestMacro) m = TEST_MACRO(object_new(TYPE_TEST_MACRO));

    g_assert_cmpint(m->inited, ==, 1);
    g_assert_cmpint(TEST_MACRO_GET_CLASS(m)->marker, ==, 42);
    g_assert_nonnull(object_dynamic_cast(OBJECT(m), TYPE_TEST_GUARD));
}

/* An embedded object is finalized but not freed. */
static void test_embedded_child_is_finalized_not_freed(void)
{
    struct {
        TestPuppy puppy;
    } *holder = g_new0(typeof(*holder), 1);
    Object *box = qom_test_box_new();

    object_initialize_child(box, "inside", &holder->puppy, sizeof(TestPuppy),
                            TYPE_TEST_PUPPY);
    g_assert_cmpuint(object_get_refcount(OBJECT(&holder->puppy)), ==, 1);
    g_assert_cmpuint(holder->puppy.age_weeks, ==, 8);
    object_unparent(OBJECT(&holder->puppy));
    g_free(holder);             /* ASan would catch a double free */

    qom_test_box_free(box);
}

static void test_aligned_type_is_aligned(void)
{
    typedef struct Wide {
        Object parent;
        char data[64] __attribute__((aligned(64)));
    } Wide;
    static const TypeInfo wide = {
        .name = "test-wide",
        .parent = TYPE_OBJECT,
        .instance_size = sizeof(Wide),
        .instance_align = 64,
    };
    type_register_static(&wide);

    g_autoptr(Object) obj = object_new("test-wide");
    g_assert_cmpuint((uintptr_t)obj % 64, ==, 0);
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);

    g_test_add_func("/qom/object/class/init-is-lazy-and-parent-first",
                    test_class_init_is_lazy_and_parent_first);
    g_test_add_func("/qom/object/class/subclass-overrides-method-and-chains",
                    test_subclass_overrides_method_and_chains);
    g_test_add_func("/qom/object/class/subclass-sees-parent-class-data",
                    test_subclass_sees_parent_class_data);
    g_test_add_func("/qom/object/class/parent-and-name",
                    test_class_parent_and_name);
    g_test_add_func("/qom/object/class/list-is-sorted-and-filtered",
                    test_class_list_is_sorted_and_filtered);
    g_test_add_func("/qom/object/type/instance-size-is-inherited",
                    test_instance_size_is_inherited);
    g_test_add_func("/qom/object/type/register-copies-names",
                    test_type_register_copies_names);
    g_test_add_func("/qom/object/type/register-twice-aborts",
                    test_register_twice_aborts);
    g_test_add_func("/qom/object/type/unknown-parent-aborts-on-first-use",
                    test_unknown_parent_aborts_on_first_use);
    g_test_add_func("/qom/object/new/instance-hooks-run-in-order",
                    test_instance_hooks_run_in_order);
    g_test_add_func("/qom/object/new/checked-refuses-unknown-type",
                    test_new_checked_refuses_unknown_type);
    g_test_add_func("/qom/object/new/checked-refuses-abstract-type",
                    test_new_checked_refuses_abstract_type);
    g_test_add_func("/qom/object/new/aborts-on-abstract-type",
                    test_new_aborts_on_abstract_type);
    g_test_add_func("/qom/object/new/checked-creates-instance",
                    test_new_checked_creates_instance);
    g_test_add_func("/qom/object/new/aligned-type-is-aligned",
                    test_aligned_type_is_aligned);
    g_test_add_func("/qom/object/cast/to-ancestors-and-not-siblings",
                    test_dynamic_cast_to_ancestors_and_not_siblings);
    g_test_add_func("/qom/object/cast/to-interfaces",
                    test_dynamic_cast_to_interfaces);
    g_test_add_func("/qom/object/cast/checked-passes-right-type",
                    test_checked_cast_passes_right_type);
    g_test_add_func("/qom/object/cast/checked-aborts-naming-both-types",
                    test_checked_cast_aborts_naming_both_types);
    g_test_add_func("/qom/object/cast/checked-class-aborts-naming-both-types",
                    test_checked_class_cast_aborts_naming_both_types);
    g_test_add_func("/qom/object/interface/methods-per-type",
                    test_interface_methods_per_type);
    g_test_add_func("/qom/object/interface/implementation-is-inherited",
                    test_interface_implementation_is_inherited);
    g_test_add_func("/qom/object/ref/child-owned-by-parent-unparent-finalizes",
                    test_child_is_owned_by_parent_and_unparent_finalizes);
    g_test_add_func("/qom/object/ref/unparent-without-parent-does-nothing",
                    test_unparent_without_parent_does_nothing);
    g_test_add_func("/qom/object/ref/finalize-releases-children-first",
                    test_finalize_releases_children_first);
    g_test_add_func("/qom/object/ref/unparent-finalizes-last-reference",
                    test_unparent_finalizes_last_reference);
    g_test_add_func("/qom/object/type/define-type-macros",
                    test_define_type_macros);
    g_test_add_func("/qom/object/ref/embedded-child-finalized-not-freed",
                    test_embedded_child_is_finalized_not_freed);

    return g_test_run();
}

/* Global properties: type.property=value for every new instance. */
#include "qom-test-types.h"

/* A global overrides the class default, for the type and its subtypes. */
static void test_global_overrides_class_default(void)
{
    Object *box = qom_test_box_new();

    object_register_global_prop_str("test-dog.legs=3", &error_abort);
    g_autoptr(Object) dog = object_new(TYPE_TEST_DOG);
    g_autoptr(Object) puppy = object_new(TYPE_TEST_PUPPY);
    g_autoptr(Object) cat = object_new(TYPE_TEST_CAT);
    g_assert_cmpuint(TEST_ANIMAL(dog)->legs, ==, 3);
    g_assert_cmpuint(TEST_ANIMAL(puppy)->legs, ==, 3);
    g_assert_cmpuint(TEST_ANIMAL(cat)->legs, ==, 4);

    qom_test_box_free(box);
}

/* A global for a subtype applies to it, not to its parent type. */
static void test_global_for_subtype_applies_only_to_it(void)
{
    Object *box = qom_test_box_new();

    object_register_global_prop_str("test-puppy.legs=2", &error_abort);
    object_register_global_prop_str("test-puppy.age-weeks=12", &error_abort);
    g_autoptr(Object) dog = object_new(TYPE_TEST_DOG);
    g_autoptr(Object) puppy = object_new(TYPE_TEST_PUPPY);
    g_assert_cmpuint(TEST_ANIMAL(dog)->legs, ==, 4);
    g_assert_cmpuint(TEST_ANIMAL(puppy)->legs, ==, 2);
    g_assert_cmpuint(TEST_PUPPY(puppy)->age_weeks, ==, 12);

    qom_test_box_free(box);
}

/* In registration order: the later global for the same property wins. */
static void test_later_global_wins(void)
{
    Object *box = qom_test_box_new();

    object_register_global_prop_str("test-dog.legs=3", &error_abort);
    object_register_global_prop_str("test-puppy.legs=2", &error_abort);
    g_autoptr(Object) dog = object_new(TYPE_TEST_DOG);
    g_autoptr(Object) puppy = object_new(TYPE_TEST_PUPPY);
    g_assert_cmpuint(TEST_ANIMAL(dog)->legs, ==, 3);
    g_assert_cmpuint(TEST_ANIMAL(puppy)->legs, ==, 2);

    /* Order, not specificity, decides: a later global for the parent type
     * beats an earlier one for the subtype, and for one type the last of
     * two wins. */
    object_global_props_clear();
    object_register_global_prop_str("test-puppy.legs=2", &error_abort);
    object_register_global_prop_str("test-dog.legs=3", &error_abort);
    object_register_global_prop_str("test-dog.legs=5", &error_abort);
    g_autoptr(Object) later_puppy = object_new(TYPE_TEST_PUPPY);
    g_assert_cmpuint(TEST_ANIMAL(later_puppy)->legs, ==, 5);

    qom_test_box_free(box);
}

/* Globals come after instance_init, so they reach the instance properties
 * it adds. */
static void test_global_reaches_instance_property(void)
{
    Object *box = qom_test_box_new();

    object_register_global_prop_str("test-puppy.toy=ball", &error_abort);
    g_autoptr(Object) puppy = object_new(TYPE_TEST_PUPPY);
    g_assert_cmpstr(TEST_PUPPY(puppy)->toy, ==, "ball");

    qom_test_box_free(box);
}

/* A global for an interface reaches every type that implements it. */
static void test_global_for_interface_reaches_implementers(void)
{
    Object *box = qom_test_box_new();

    object_register_global_prop_str("test-pet.weight=7", &error_abort);
    g_autoptr(Object) dog = object_new(TYPE_TEST_DOG);
    g_autoptr(Object) cat = object_new(TYPE_TEST_CAT);
    g_assert_cmpuint(TEST_ANIMAL(dog)->weight, ==, 7);
    g_assert_cmpuint(TEST_ANIMAL(cat)->weight, ==, 7);

    qom_test_box_free(box);
}

/* A global naming a property the type lacks fails the creation, clearly. */
static void test_global_unknown_property_is_reported(void)
{
    Object *box = qom_test_box_new();
    Error *err = NULL;

    object_register_global_prop_str("test-dog.colur=black", &error_abort);
    g_assert_null(object_new_checked(TYPE_TEST_DOG, &err));
    g_assert_cmpstr(error_get_pretty(err), ==,
                    "global 'test-dog.colur=black': property 'colur' not "
                    "found on type 'test-dog'");
    g_clear_pointer(&err, error_free);

    qom_test_box_free(box);
}

static void test_global_bad_value_is_reported(void)
{
    Object *box = qom_test_box_new();
    Error *err = NULL;

    object_register_global_prop_str("test-dog.colour=purple", &error_abort);
    g_assert_null(object_new_checked(TYPE_TEST_DOG, &err));
    g_assert_cmpstr(error_get_pretty(err), ==,
                    "global 'test-dog.colour=purple': parameter 'colour' "
                    "expects brown, black or white, not 'purple'");
    g_clear_pointer(&err, error_free);

    qom_test_box_free(box);
}

/* object_new() cannot fail: it warns about the bad global and still
 * applies the others. */
static void test_object_new_warns_and_applies_the_rest(void)
{
    if (g_test_subprocess()) {
        Object *box = qom_test_box_new();
        object_register_global_prop_str("test-dog.colur=black",
                                        &error_abort);
        object_register_global_prop_str("test-dog.legs=3", &error_abort);
        g_autoptr(Object) dog = object_new(TYPE_TEST_DOG);
        g_assert_cmpuint(TEST_ANIMAL(dog)->legs, ==, 3);
        qom_test_box_free(box);
        return;
    }
    g_test_trap_subprocess(NULL, 0, G_TEST_SUBPROCESS_DEFAULT);
    g_test_trap_assert_passed();
    g_test_trap_assert_stderr(
        "*warning: global 'test-dog.colur=black': property 'colur' not found "
        "on type 'test-dog'\n");
}

/* The first global that no object used is named. */
static void test_unused_global_is_reported(void)
{
    Object *box = qom_test_box_new();
    Error *err = NULL;

    object_register_global_prop_str("test-dog.legs=3", &error_abort);
    object_register_global_prop_str("test-cat.legs=5", &error_abort);
    g_autoptr(Object) dog = object_new(TYPE_TEST_DOG);
    g_assert_false(object_global_props_check_unused(&err));
    g_assert_cmpstr(error_get_pretty(err), ==,
                    "global 'test-cat.legs=5' was never used: no object of "
                    "type 'test-cat' was created");
    g_clear_pointer(&err, error_free);

    g_autoptr(Object) cat = object_new(TYPE_TEST_CAT);
    g_assert_true(object_global_props_check_unused(&error_abort));

    qom_test_box_free(box);
}

static void test_global_for_unknown_type_is_reported(void)
{
    Object *box = qom_test_box_new();
    Error *err = NULL;

    object_register_global_prop_str("test-unicorn.horns=1", &error_abort);
    g_assert_false(object_global_props_check_unused(&err));
    g_assert_cmpstr(error_get_pretty(err), ==,
                    "global 'test-unicorn.horns=1' names unknown type "
                    "'test-unicorn'");
    g_clear_pointer(&err, error_free);

    qom_test_box_free(box);
}

/* An optional global skips objects without the property and is never
 * reported unused. */
static void test_optional_global_skips_where_absent(void)
{
    Object *box = qom_test_box_new();

    object_register_global_prop(TYPE_TEST_ANIMAL, "age-weeks", "3", true);
    object_register_global_prop("test-unicorn", "horns", "1", true);
    g_autoptr(Object) dog = object_new_checked(TYPE_TEST_DOG, &error_abort);
    g_autoptr(Object) puppy = object_new(TYPE_TEST_PUPPY);
    g_assert_cmpuint(TEST_PUPPY(puppy)->age_weeks, ==, 3);
    g_assert_true(object_global_props_check_unused(&error_abort));

    qom_test_box_free(box);
}

/* The type is what precedes the last '.' before '=', so type names may
 * contain dots; the value may contain anything. */
static void test_global_text_is_split_at_last_dot(void)
{
    Object *box = qom_test_box_new();
    Error *err = NULL;

    object_register_global_prop_str("test.dotted.type.prop=a.b=c",
                                    &error_abort);
    g_assert_false(object_global_props_check_unused(&err));
    g_assert_cmpstr(error_get_pretty(err), ==,
                    "global 'test.dotted.type.prop=a.b=c' names unknown "
                    "type 'test.dotted.type'");
    g_clear_pointer(&err, error_free);

    qom_test_box_free(box);
}

static void test_global_text_without_type_is_refused(void)
{
    static const char *const bad[] = {
        "legs=3", "test-dog.legs", ".legs=3", "test-dog.=3", "",
    };
    Error *err = NULL;

    for (size_t i = 0; i < G_N_ELEMENTS(bad); i++) {
        g_assert_false(object_register_global_prop_str(bad[i], &err));
        g_autofree char *expected = g_strdup_printf(
            "global '%s' is not of the form type.property=value", bad[i]);
        g_assert_cmpstr(error_get_pretty(err), ==, expected);
        g_clear_pointer(&err, error_free);
    }
    g_assert_true(object_global_props_check_unused(&error_abort));
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);

    g_test_add_func("/qom/global/overrides-class-default",
                    test_global_overrides_class_default);
    g_test_add_func("/qom/global/for-subtype-applies-only-to-it",
                    test_global_for_subtype_applies_only_to_it);
    g_test_add_func("/qom/global/later-wins", test_later_global_wins);
    g_test_add_func("/qom/global/reaches-instance-property",
                    test_global_reaches_instance_property);
    g_test_add_func("/qom/global/for-interface-reaches-implementers",
                    test_global_for_interface_reaches_implementers);
    g_test_add_func("/qom/global/unknown-property-is-reported",
                    test_global_unknown_property_is_reported);
    g_test_add_func("/qom/global/bad-value-is-reported",
                    test_global_bad_value_is_reported);
    g_test_add_func("/qom/global/object-new-warns-and-applies-the-rest",
                    test_object_new_warns_and_applies_the_rest);
    g_test_add_func("/qom/global/unused-is-reported",
                    test_unused_global_is_reported);
    g_test_add_func("/qom/global/unknown-type-is-reported",
                    test_global_for_unknown_type_is_reported);
    g_test_add_func("/qom/global/optional-skips-where-absent",
                    test_optional_global_skips_where_absent);
    g_test_add_func("/qom/global/text-is-split-at-last-dot",
                    test_global_text_is_split_at_last_dot);
    g_test_add_func("/qom/global/text-without-type-is-refused",
                    test_global_text_without_type_is_refused);

    return g_test_run();
}

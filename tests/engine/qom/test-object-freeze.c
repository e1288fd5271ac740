/* Fixed properties freezing: the state QOM keeps for qdev's realize and
 * for user-creatable objects' complete, and the refusal it words. The
 * setters that obey it are generated; tests/engine/qapi/qom-schema-test
 * covers them. */
#include "qom-test-types.h"

#include "object-freeze.h"

static void assert_error(Error **err, const char *expected)
{
    g_assert_nonnull(*err);
    g_assert_cmpstr(error_get_pretty(*err), ==, expected);
    g_clear_pointer(err, error_free);
}

/* A new object is being put together: everything may change. */
static void test_new_object_is_not_frozen(void)
{
    g_autoptr(Object) dog = object_new(TYPE_TEST_DOG);

    g_assert_false(object_properties_frozen(dog));
    g_assert_true(object_property_check_fixed(dog, "colour", &error_abort));
}

/* Frozen, a fixed property is refused in the owner's words; thawed, it
 * may change again (unrealize, then realize once more). */
static void test_freeze_then_thaw(void)
{
    g_autoptr(Object) dog = object_new(TYPE_TEST_DOG);
    Error *err = NULL;

    object_freeze_properties(dog, "while the device is realized");
    g_assert_true(object_properties_frozen(dog));
    g_assert_false(object_property_check_fixed(dog, "colour", &err));
    assert_error(&err, "property 'colour' of 'test-dog' cannot change while "
                 "the device is realized (only properties marked runtime "
                 "can)");

    object_thaw_properties(dog);
    g_assert_false(object_properties_frozen(dog));
    g_assert_true(object_property_check_fixed(dog, "colour", &error_abort));
}

/* Freezing again only changes the words. */
static void test_second_freeze_replaces_state(void)
{
    g_autoptr(Object) dog = object_new(TYPE_TEST_DOG);
    Error *err = NULL;

    object_freeze_properties(dog, "while the device is realized");
    object_freeze_properties(dog, "during migration");
    g_assert_false(object_property_check_fixed(dog, "legs", &err));
    assert_error(&err, "property 'legs' of 'test-dog' cannot change during "
                 "migration (only properties marked runtime can)");
}

/* An embedded object starts thawed too (object_initialize zeroes it). */
static void test_embedded_object_is_not_frozen(void)
{
    TestDog dog;

    object_initialize(&dog, sizeof(dog), TYPE_TEST_DOG);
    g_assert_false(object_properties_frozen(OBJECT(&dog)));
    object_unref(OBJECT(&dog));
}

/* object-add: once complete() accepted the configuration, it is frozen. */
static void test_complete_freezes_user_object(void)
{
    Object *box = qom_test_box_new();
    g_autoptr(QDict) props = qdict_new();
    Error *err = NULL;

    qdict_put_str(props, "path", "/dev/null");
    Object *obj = user_creatable_add_type(TYPE_TEST_BACKEND, "frozen0", props,
                                          NULL, &error_abort);
    g_assert_true(object_properties_frozen(obj));
    g_assert_false(object_property_check_fixed(obj, "path", &err));
    assert_error(&err, "property 'path' of 'test-backend' cannot change once "
                 "the object is complete (only properties marked runtime "
                 "can)");
    user_creatable_del("frozen0", &error_abort);
    qom_test_box_free(box);
}

/* A complete() that refuses leaves the object as it was: not frozen. */
static void test_refused_complete_does_not_freeze(void)
{
    g_autoptr(Object) obj = object_new(TYPE_TEST_BACKEND);
    Error *err = NULL;

    g_assert_false(user_creatable_complete((UserCreatable *)obj, &err));
    assert_error(&err, "test-backend needs a non-empty 'path'");
    g_assert_false(object_properties_frozen(obj));
}

/* Completing an object that is not user-creatable does nothing, freezing
 * included: only user-created objects have that life cycle. */
static void test_plain_object_complete_does_not_freeze(void)
{
    g_autoptr(Object) dog = object_new(TYPE_TEST_DOG);

    g_assert_true(user_creatable_complete((UserCreatable *)dog, &error_abort));
    g_assert_false(object_properties_frozen(dog));
}

/* Freezing is advice to setters that ask: a hand-written property that
 * does not ask still changes (child, link and runtime ones must). */
static void test_freeze_does_not_block_other_setters(void)
{
    g_autoptr(Object) dog = object_new(TYPE_TEST_DOG);
    uint64_t legs;

    object_freeze_properties(dog, "while the device is realized");
    object_property_set_uint(dog, "legs", 3, &error_abort);
    object_property_get_uint(dog, "legs", &legs, &error_abort);
    g_assert_cmpuint(legs, ==, 3);
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/qom/freeze/new-object-is-not-frozen",
                    test_new_object_is_not_frozen);
    g_test_add_func("/qom/freeze/freeze-then-thaw", test_freeze_then_thaw);
    g_test_add_func("/qom/freeze/second-freeze-replaces-state",
                    test_second_freeze_replaces_state);
    g_test_add_func("/qom/freeze/embedded-object-is-not-frozen",
                    test_embedded_object_is_not_frozen);
    g_test_add_func("/qom/freeze/complete-freezes-user-object",
                    test_complete_freezes_user_object);
    g_test_add_func("/qom/freeze/refused-complete-does-not-freeze",
                    test_refused_complete_does_not_freeze);
    g_test_add_func("/qom/freeze/plain-object-complete-does-not-freeze",
                    test_plain_object_complete_does_not_freeze);
    g_test_add_func("/qom/freeze/does-not-block-other-setters",
                    test_freeze_does_not_block_other_setters);
    return g_test_run();
}

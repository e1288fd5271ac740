/* User-creatable objects: object-add and object-del semantics. */
#include "qom-test-types.h"

#include "qdict.h"
#include "qobject-input-visitor.h"

#define TYPE_TEST_ABSTRACT_BACKEND "test-abstract-backend"

static const TypeInfo abstract_backend_type = {
    .name = TYPE_TEST_ABSTRACT_BACKEND,
    .parent = TYPE_OBJECT,
    .abstract = true,
    .interfaces = (const InterfaceInfo[]) {
        { TYPE_USER_CREATABLE },
        { NULL },
    },
};

static void register_abstract_backend(void)
{
    type_register_static(&abstract_backend_type);
}

type_init(register_abstract_backend)

static QDict *props_with_path(const char *path)
{
    QDict *props = qdict_new();

    qdict_put_str(props, "path", path);
    return props;
}

/* Properties set, complete() run, and the object under /objects/<id>. */
static void test_add_completes_and_lands_in_objects(void)
{
    Object *box = qom_test_box_new();
    g_autoptr(QDict) props = props_with_path("/dev/null");

    Object *obj = user_creatable_add_type(TYPE_TEST_BACKEND, "b0", props,
                                          NULL, &error_abort);
    g_assert_nonnull(obj);
    g_assert_true(object_resolve_path("/objects/b0", NULL) == obj);
    g_assert_true(TEST_BACKEND(obj)->completed);
    g_assert_cmpstr(TEST_BACKEND(obj)->path, ==, "/dev/null");
    /* Lent: the tree holds the only reference. */
    g_assert_cmpuint(object_get_refcount(obj), ==, 1);

    user_creatable_del("b0", &error_abort);
    g_assert_null(object_resolve_path("/objects/b0", NULL));
    qom_test_box_free(box);
}

/* complete() refusing leaves nothing behind. */
static void test_complete_failure_leaves_nothing(void)
{
    Object *box = qom_test_box_new();
    g_autoptr(QDict) props = qdict_new();
    Error *err = NULL;

    g_assert_null(user_creatable_add_type(TYPE_TEST_BACKEND, "b0", props,
                                          NULL, &err));
    g_assert_cmpstr(error_get_pretty(err), ==,
                    "test-backend needs a non-empty 'path'");
    g_clear_pointer(&err, error_free);
    g_assert_null(object_resolve_path("/objects/b0", NULL));

    qom_test_box_free(box);
}

/* A property the type does not have is refused before anything is added. */
static void test_unknown_property_leaves_nothing(void)
{
    Object *box = qom_test_box_new();
    g_autoptr(QDict) props = props_with_path("/dev/null");
    Error *err = NULL;

    qdict_put_str(props, "colour", "black");
    g_assert_null(user_creatable_add_type(TYPE_TEST_BACKEND, "b0", props,
                                          NULL, &err));
    g_assert_cmpstr(error_get_pretty(err), ==,
                    "property 'colour' not found on type 'test-backend'");
    g_clear_pointer(&err, error_free);
    g_assert_null(object_resolve_path("/objects/b0", NULL));

    qom_test_box_free(box);
}

static void test_add_refuses_invalid_id(void)
{
    Error *err = NULL;

    g_assert_null(user_creatable_add_type(TYPE_TEST_BACKEND, "0b", NULL,
                                          NULL, &err));
    g_assert_cmpstr(error_get_pretty(err), ==,
                    "invalid object id '0b': ids start with a letter and "
                    "contain only letters, digits, '-', '.' and '_'");
    g_clear_pointer(&err, error_free);
    g_assert_false(object_id_is_valid("a/b"));
    g_assert_false(object_id_is_valid(""));
    g_assert_true(object_id_is_valid("mem-0.x_y"));
}

static void test_add_refuses_unknown_type(void)
{
    Error *err = NULL;

    g_assert_null(user_creatable_add_type("test-unicorn", "u0", NULL, NULL,
                                          &err));
    g_assert_cmpstr(error_get_pretty(err), ==, "unknown type 'test-unicorn'");
    g_clear_pointer(&err, error_free);
}

static void test_add_refuses_type_not_user_creatable(void)
{
    Error *err = NULL;

    g_assert_null(user_creatable_add_type(TYPE_TEST_DOG, "rex", NULL, NULL,
                                          &err));
    g_assert_cmpstr(error_get_pretty(err), ==,
                    "type 'test-dog' is not user-creatable");
    g_clear_pointer(&err, error_free);
}

static void test_add_refuses_abstract_type(void)
{
    Error *err = NULL;

    g_assert_null(user_creatable_add_type(TYPE_TEST_ABSTRACT_BACKEND, "a0",
                                          NULL, NULL, &err));
    g_assert_cmpstr(error_get_pretty(err), ==,
                    "type 'test-abstract-backend' is abstract");
    g_clear_pointer(&err, error_free);
}

static void test_add_refuses_taken_id(void)
{
    Object *box = qom_test_box_new();
    g_autoptr(QDict) props = props_with_path("/dev/null");
    Error *err = NULL;

    user_creatable_add_type(TYPE_TEST_BACKEND, "b0", props, NULL,
                            &error_abort);
    g_assert_null(user_creatable_add_type(TYPE_TEST_BACKEND, "b0", props,
                                          NULL, &err));
    g_assert_cmpstr(error_get_pretty(err), ==,
                    "an object with id 'b0' already exists");
    g_clear_pointer(&err, error_free);

    user_creatable_del("b0", &error_abort);
    qom_test_box_free(box);
}

/* can_be_deleted() keeps an object in use; object-del then says why. */
static void test_del_refuses_object_in_use(void)
{
    Object *box = qom_test_box_new();
    g_autoptr(QDict) props = props_with_path("/dev/null");
    Error *err = NULL;

    qdict_put_bool(props, "in-use", true);
    Object *obj = user_creatable_add_type(TYPE_TEST_BACKEND, "b0", props,
                                          NULL, &error_abort);
    g_assert_false(user_creatable_del("b0", &err));
    g_assert_cmpstr(error_get_pretty(err), ==,
                    "object 'b0' is in use and cannot be deleted");
    g_clear_pointer(&err, error_free);
    g_assert_true(object_resolve_path("/objects/b0", NULL) == obj);

    object_property_set_bool(obj, "in-use", false, &error_abort);
    g_assert_true(user_creatable_del("b0", &error_abort));

    qom_test_box_free(box);
}

static void test_del_unknown_id(void)
{
    Error *err = NULL;

    g_assert_false(user_creatable_del("nope", &err));
    g_assert_cmpstr(error_get_pretty(err), ==, "object 'nope' not found");
    g_assert_cmpint(error_get_class(err), ==, ERROR_CLASS_DEVICE_NOT_FOUND);
    g_clear_pointer(&err, error_free);
}

/* -object text goes through a keyval visitor: strings become typed. */
static void test_keyval_visitor_parses_strings(void)
{
    Object *box = qom_test_box_new();
    g_autoptr(QDict) props = props_with_path("/dev/null");

    qdict_put_str(props, "in-use", "on");
    g_autoptr(Visitor) v = qobject_input_visitor_new_keyval(QOBJECT(props));
    Object *obj = user_creatable_add_type(TYPE_TEST_BACKEND, "b0", props, v,
                                          &error_abort);
    g_assert_true(TEST_BACKEND(obj)->in_use);

    object_unparent(obj);
    qom_test_box_free(box);
}

/* QMP's object-add is strictly typed: "on" is not a boolean. */
static void test_strict_visitor_refuses_string_for_bool(void)
{
    Object *box = qom_test_box_new();
    g_autoptr(QDict) props = props_with_path("/dev/null");
    Error *err = NULL;

    qdict_put_str(props, "in-use", "on");
    g_assert_null(user_creatable_add_type(TYPE_TEST_BACKEND, "b0", props,
                                          NULL, &err));
    g_assert_cmpstr(error_get_pretty(err), ==,
                    "parameter 'in-use' expects a boolean");
    g_clear_pointer(&err, error_free);
    g_assert_null(object_resolve_path("/objects/b0", NULL));

    qom_test_box_free(box);
}

/* object_new_with_props() serves any type under any parent. */
static void test_new_with_props_under_any_parent(void)
{
    Object *box = qom_test_box_new();
    g_autoptr(QDict) props = qdict_new();

    qdict_put_int(props, "legs", 3);
    qdict_put_str(props, "name", "Rex");
    Object *rex = object_new_with_props(TYPE_TEST_DOG, box, "rex", props,
                                        NULL, &error_abort);
    g_assert_true(object_resolve_path("/test/rex", NULL) == rex);
    g_assert_cmpuint(TEST_ANIMAL(rex)->legs, ==, 3);
    g_assert_cmpstr(TEST_ANIMAL(rex)->name, ==, "Rex");

    qom_test_box_free(box);
}

/* Objects that do not implement the interface complete trivially. */
static void test_complete_of_plain_object_succeeds(void)
{
    g_autoptr(Object) dog = object_new(TYPE_TEST_DOG);

    g_assert_true(user_creatable_complete((UserCreatable *)dog,
                                          &error_abort));
    g_assert_true(user_creatable_can_be_deleted((UserCreatable *)dog));
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);

    g_test_add_func("/qom/user-creatable/add/completes-lands-in-objects",
                    test_add_completes_and_lands_in_objects);
    g_test_add_func("/qom/user-creatable/add/complete-failure-leaves-nothing",
                    test_complete_failure_leaves_nothing);
    g_test_add_func("/qom/user-creatable/add/unknown-property-leaves-nothing",
                    test_unknown_property_leaves_nothing);
    g_test_add_func("/qom/user-creatable/add/refuses-invalid-id",
                    test_add_refuses_invalid_id);
    g_test_add_func("/qom/user-creatable/add/refuses-unknown-type",
                    test_add_refuses_unknown_type);
    g_test_add_func("/qom/user-creatable/add/refuses-not-user-creatable",
                    test_add_refuses_type_not_user_creatable);
    g_test_add_func("/qom/user-creatable/add/refuses-abstract-type",
                    test_add_refuses_abstract_type);
    g_test_add_func("/qom/user-creatable/add/refuses-taken-id",
                    test_add_refuses_taken_id);
    g_test_add_func("/qom/user-creatable/add/keyval-visitor-parses-strings",
                    test_keyval_visitor_parses_strings);
    g_test_add_func("/qom/user-creatable/add/strict-refuses-string-for-bool",
                    test_strict_visitor_refuses_string_for_bool);
    g_test_add_func("/qom/user-creatable/del/refuses-object-in-use",
                    test_del_refuses_object_in_use);
    g_test_add_func("/qom/user-creatable/del/unknown-id",
                    test_del_unknown_id);
    g_test_add_func("/qom/user-creatable/new-with-props/under-any-parent",
                    test_new_with_props_under_any_parent);
    g_test_add_func("/qom/user-creatable/complete/plain-object-succeeds",
                    test_complete_of_plain_object_succeeds);

    return g_test_run();
}

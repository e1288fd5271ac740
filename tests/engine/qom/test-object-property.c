/* QOM properties: defaults, typed access, text, enums, order, tables. */
#include "qom-test-types.h"

#include <string.h>

#include "qdict.h"

/* Class defaults are applied to every new instance, subclasses included. */
static void test_class_defaults_apply_to_new_instances(void)
{
    g_autoptr(Object) dog = object_new(TYPE_TEST_DOG);
    g_autoptr(Object) puppy = object_new(TYPE_TEST_PUPPY);

    g_assert_cmpuint(TEST_ANIMAL(dog)->legs, ==, 4);
    g_assert_true(TEST_ANIMAL(dog)->hungry);
    g_assert_cmpint(TEST_DOG(dog)->colour, ==, TEST_COLOUR_BROWN);
    g_assert_cmpuint(TEST_ANIMAL(puppy)->legs, ==, 4);
    g_assert_cmpuint(TEST_PUPPY(puppy)->age_weeks, ==, 8);
}

/* The default is kept as a QObject, for introspection. */
static void test_class_default_is_reported(void)
{
    ObjectClass *klass = object_class_by_name(TYPE_TEST_PUPPY);
    ObjectProperty *legs = object_class_property_find(klass, "legs");
    ObjectProperty *colour = object_class_property_find(klass, "colour");
    uint64_t value = 0;

    g_assert_true(qnum_get_try_uint(
        qobject_to(QNum, object_property_get_default(legs)), &value));
    g_assert_cmpuint(value, ==, 4);
    g_assert_cmpstr(qstring_get_str(qobject_to(
        QString, object_property_get_default(colour))), ==, "brown");
    g_assert_null(object_property_get_default(
        object_class_property_find(klass, "weight")));
}

static void test_set_unknown_property_names_it_and_type(void)
{
    g_autoptr(Object) dog = object_new(TYPE_TEST_DOG);
    Error *err = NULL;

    g_assert_false(object_property_set_str(dog, "wings", "2", &err));
    g_assert_cmpstr(error_get_pretty(err), ==,
                    "property 'wings' not found on type 'test-dog'");
    g_clear_pointer(&err, error_free);

    g_assert_false(object_property_parse(dog, "wings", "2", &err));
    g_assert_cmpstr(error_get_pretty(err), ==,
                    "property 'wings' not found on type 'test-dog'");
    g_clear_pointer(&err, error_free);

    g_assert_null(object_property_print(dog, "wings", true, &err));
    g_assert_cmpstr(error_get_pretty(err), ==,
                    "property 'wings' not found on type 'test-dog'");
    g_clear_pointer(&err, error_free);
}

/* Every object has the read-only class property "type". */
static void test_type_property_is_read_only_typename(void)
{
    g_autoptr(Object) dog = object_new(TYPE_TEST_DOG);
    g_autofree char *type = object_property_get_str(dog, "type",
                                                    &error_abort);
    Error *err = NULL;

    g_assert_cmpstr(type, ==, "test-dog");
    g_assert_false(object_property_set_str(dog, "type", "test-cat", &err));
    g_assert_cmpstr(error_get_pretty(err), ==,
                    "property 'type' on type 'test-dog' is not writable");
    g_clear_pointer(&err, error_free);
}

/* 2^64 - 1 survives a QObject round trip exactly. */
static void test_uint64_max_through_qobject(void)
{
    g_autoptr(Object) dog = object_new(TYPE_TEST_DOG);
    g_autoptr(QNum) max = qnum_from_uint(UINT64_MAX);
    uint64_t value = 0;

    object_property_set_qobject(dog, "weight", QOBJECT(max), &error_abort);
    g_assert_cmpuint(TEST_ANIMAL(dog)->weight, ==, UINT64_MAX);
    g_assert_true(object_property_get_uint(dog, "weight", &value,
                                           &error_abort));
    g_assert_cmpuint(value, ==, UINT64_MAX);

    g_autoptr(QObject) back = object_property_get_qobject(dog, "weight",
                                                          &error_abort);
    g_autofree char *text = qnum_to_string(qobject_to(QNum, back));
    g_assert_cmpstr(text, ==, "18446744073709551615");
}

/* ... and a text round trip, as -global and config files use. */
static void test_uint64_max_through_string(void)
{
    g_autoptr(Object) dog = object_new(TYPE_TEST_DOG);

    object_property_parse(dog, "weight", "18446744073709551615",
                          &error_abort);
    g_assert_cmpuint(TEST_ANIMAL(dog)->weight, ==, UINT64_MAX);
    g_autofree char *text = object_property_print(dog, "weight", false,
                                                  &error_abort);
    g_assert_cmpstr(text, ==, "18446744073709551615");
}

/* get_int cannot represent 2^64 - 1 and says so. */
static void test_get_int_of_uint64_max_fails(void)
{
    g_autoptr(Object) dog = object_new(TYPE_TEST_DOG);
    int64_t value = 0;
    Error *err = NULL;

    TEST_ANIMAL(dog)->weight = UINT64_MAX;
    g_assert_false(object_property_get_int(dog, "weight", &value, &err));
    g_assert_cmpstr(error_get_pretty(err), ==,
                    "property 'weight' on type 'test-dog' is not an integer "
                    "that fits in int64");
    g_clear_pointer(&err, error_free);
}

/* A refused value leaves the field as it was. */
static void test_out_of_range_value_is_refused_and_field_kept(void)
{
    g_autoptr(Object) dog = object_new(TYPE_TEST_DOG);
    Error *err = NULL;

    g_assert_false(object_property_set_uint(dog, "legs", 1ull << 32, &err));
    g_assert_cmpstr(error_get_pretty(err), ==,
                    "parameter 'legs' expects a value between 0 and "
                    "4294967295");
    g_clear_pointer(&err, error_free);
    g_assert_cmpuint(TEST_ANIMAL(dog)->legs, ==, 4);

    g_assert_false(object_property_set_int(dog, "weight", -1, &err));
    g_assert_cmpstr(error_get_pretty(err), ==,
                    "parameter 'weight' expects a non-negative integer");
    g_clear_pointer(&err, error_free);
    g_assert_cmpuint(TEST_ANIMAL(dog)->weight, ==, 0);
}

/* QObject access is strictly typed; text access parses. */
static void test_qobject_access_is_strict_and_text_parses(void)
{
    g_autoptr(Object) dog = object_new(TYPE_TEST_DOG);
    Error *err = NULL;
    bool hungry = true;

    g_assert_false(object_property_set_str(dog, "hungry", "off", &err));
    g_assert_cmpstr(error_get_pretty(err), ==,
                    "parameter 'hungry' expects a boolean");
    g_clear_pointer(&err, error_free);
    g_assert_true(TEST_ANIMAL(dog)->hungry);

    object_property_parse(dog, "hungry", "off", &error_abort);
    g_assert_true(object_property_get_bool(dog, "hungry", &hungry,
                                           &error_abort));
    g_assert_false(hungry);
}

static void test_enum_set_and_get_by_name(void)
{
    g_autoptr(Object) dog = object_new(TYPE_TEST_DOG);
    int colour = -1;

    object_property_set_str(dog, "colour", "black", &error_abort);
    g_assert_cmpint(TEST_DOG(dog)->colour, ==, TEST_COLOUR_BLACK);
    g_autofree char *name = object_property_get_str(dog, "colour",
                                                    &error_abort);
    g_assert_cmpstr(name, ==, "black");
    g_assert_true(object_property_get_enum(dog, "colour",
                                           &test_colour_lookup, &colour,
                                           &error_abort));
    g_assert_cmpint(colour, ==, TEST_COLOUR_BLACK);
}

/* A bad enum name is refused with the valid ones listed. */
static void test_enum_bad_value_lists_valid_names(void)
{
    g_autoptr(Object) dog = object_new(TYPE_TEST_DOG);
    Error *err = NULL;

    g_assert_false(object_property_set_str(dog, "colour", "purple", &err));
    g_assert_cmpstr(error_get_pretty(err), ==,
                    "parameter 'colour' expects brown, black or white, "
                    "not 'purple'");
    g_clear_pointer(&err, error_free);

    g_assert_false(object_property_parse(dog, "colour", "purple", &err));
    g_assert_cmpstr(error_get_pretty(err), ==,
                    "parameter 'colour' expects brown, black or white, "
                    "not 'purple'");
    g_clear_pointer(&err, error_free);
    g_assert_cmpint(TEST_DOG(dog)->colour, ==, TEST_COLOUR_BROWN);
}

/* Sizes read suffixes and print human-readably. */
static void test_size_parses_suffix_and_prints_human(void)
{
    g_autoptr(Object) dog = object_new(TYPE_TEST_DOG);

    object_property_parse(dog, "memory", "4K", &error_abort);
    g_assert_cmpuint(TEST_DOG(dog)->memory, ==, 4096);
    g_autofree char *human = object_property_print(dog, "memory", true,
                                                   &error_abort);
    g_assert_cmpstr(human, ==, "4096 (4 KiB)");
    g_autofree char *plain = object_property_print(dog, "memory", false,
                                                   &error_abort);
    g_assert_cmpstr(plain, ==, "4096");
}

/* A string property that was never set reads as "". */
static void test_str_round_trip_and_unset_reads_empty(void)
{
    g_autoptr(Object) dog = object_new(TYPE_TEST_DOG);
    g_autofree char *unset = object_property_get_str(dog, "name",
                                                     &error_abort);

    g_assert_cmpstr(unset, ==, "");
    object_property_set_str(dog, "name", "Rex", &error_abort);
    g_autofree char *name = object_property_get_str(dog, "name",
                                                    &error_abort);
    g_assert_cmpstr(name, ==, "Rex");
}

static char *property_names(Object *obj, ObjectClass *klass)
{
    ObjectPropertyIterator iter;
    ObjectProperty *prop;
    GString *s = g_string_new(NULL);

    if (obj) {
        object_property_iter_init(&iter, obj);
    } else {
        object_class_property_iter_init(&iter, klass);
    }
    while ((prop = object_property_iter_next(&iter))) {
        g_string_append_printf(s, "%s%s", s->len ? " " : "", prop->name);
    }
    return g_string_free(s, FALSE);
}

/* Class properties root class first, each in declaration order, then the
 * instance's in the order they were added. */
static void test_listing_order_is_class_parent_first_then_instance(void)
{
    g_autoptr(Object) puppy = object_new(TYPE_TEST_PUPPY);
    static bool extra;

    object_property_add_bool_ptr(puppy, "extra", &extra,
                                 OBJ_PROP_FLAG_READ);
    g_autofree char *names = property_names(puppy, NULL);
    g_assert_cmpstr(names, ==,
                    "type name legs hungry weight friend "
                    "colour memory leader age-weeks toy extra");
}

/* A class lists what every instance will have, before any exists. */
static void test_class_listing_needs_no_instance(void)
{
    g_autofree char *names =
        property_names(NULL, object_class_by_name(TYPE_TEST_DOG));

    g_assert_cmpstr(names, ==,
                    "type name legs hungry weight friend colour memory "
                    "leader");
}

static void test_property_types_and_descriptions(void)
{
    g_autoptr(Object) puppy = object_new(TYPE_TEST_PUPPY);
    static const struct {
        const char *name, *type;
    } expected[] = {
        { "type", "str" }, { "name", "str" }, { "legs", "uint32" },
        { "hungry", "bool" }, { "weight", "uint64" },
        { "friend", "link<test-animal>" }, { "colour", "test-colour" },
        { "memory", "size" }, { "leader", "link<test-dog>" },
        { "age-weeks", "uint8" }, { "toy", "str" },
    };

    for (size_t i = 0; i < G_N_ELEMENTS(expected); i++) {
        ObjectProperty *prop = object_property_find(puppy, expected[i].name);
        g_assert_nonnull(prop);
        g_assert_cmpstr(prop->type, ==, expected[i].type);
    }
    g_assert_cmpstr(object_property_find(puppy, "legs")->description, ==,
                    "how many legs");
    g_assert_cmpstr(object_property_find(puppy, "type")->description, ==,
                    "the object's QOM type");
}

static void test_duplicate_instance_property_is_refused(void)
{
    g_autoptr(Object) puppy = object_new(TYPE_TEST_PUPPY);
    static bool flag;
    Error *err = NULL;

    /* Taken by an instance property, then by a class property. */
    g_assert_null(object_property_try_add(puppy, "toy", "bool", NULL, NULL,
                                          NULL, NULL, &err));
    g_assert_cmpstr(error_get_pretty(err), ==,
                    "duplicate property 'toy' on type 'test-puppy'");
    g_clear_pointer(&err, error_free);
    g_assert_null(object_property_try_add(puppy, "legs", "bool", NULL, NULL,
                                          NULL, &flag, &err));
    g_assert_cmpstr(error_get_pretty(err), ==,
                    "duplicate property 'legs' on type 'test-puppy'");
    g_clear_pointer(&err, error_free);
}

static int release_count;

static void count_release(Object *obj, const char *name, void *opaque)
{
    release_count++;
}

/* Deleting runs release once; deleting what is not there says so. */
static void test_delete_runs_release_once(void)
{
    g_autoptr(Object) dog = object_new(TYPE_TEST_DOG);

    release_count = 0;
    object_property_add(dog, "temp", "bool", NULL, NULL, count_release,
                        NULL);
    g_assert_true(object_property_del(dog, "temp"));
    g_assert_cmpint(release_count, ==, 1);
    g_assert_null(object_property_find(dog, "temp"));
    g_assert_false(object_property_del(dog, "temp"));
    /* Class properties cannot be deleted. */
    g_assert_false(object_property_del(dog, "legs"));
}

/* Finalizing an object releases its instance properties. */
static void test_finalize_releases_instance_properties(void)
{
    Object *dog = object_new(TYPE_TEST_DOG);

    release_count = 0;
    object_property_add(dog, "a", "bool", NULL, NULL, count_release, NULL);
    object_property_add(dog, "b", "bool", NULL, NULL, count_release, NULL);
    object_unref(dog);
    g_assert_cmpint(release_count, ==, 2);
}

/* "name[*]" takes the first free index, reusing a freed one. */
static void test_star_suffix_numbers_properties(void)
{
    g_autoptr(Object) dog = object_new(TYPE_TEST_DOG);

    ObjectProperty *a = object_property_add(dog, "slot[*]", "bool", NULL,
                                            NULL, NULL, NULL);
    ObjectProperty *b = object_property_add(dog, "slot[*]", "bool", NULL,
                                            NULL, NULL, NULL);
    g_assert_cmpstr(a->name, ==, "slot[0]");
    g_assert_cmpstr(b->name, ==, "slot[1]");
    object_property_del(dog, "slot[0]");
    ObjectProperty *c = object_property_add(dog, "slot[*]", "bool", NULL,
                                            NULL, NULL, NULL);
    g_assert_cmpstr(c->name, ==, "slot[0]");
}

/* Field properties of every width, and the read/write flags. */
static void test_field_pointers_of_every_width(void)
{
    g_autoptr(Object) obj = object_new(TYPE_CONTAINER);
    struct {
        uint8_t u8;
        uint16_t u16;
        uint32_t u32;
        uint64_t u64;
        int64_t i64;
        bool ro;
    } f = { .ro = true };
    Error *err = NULL;
    uint64_t value = 0;
    int64_t ivalue = 0;

    object_property_add_uint8_ptr(obj, "u8", &f.u8, OBJ_PROP_FLAG_READWRITE);
    object_property_add_uint16_ptr(obj, "u16", &f.u16,
                                   OBJ_PROP_FLAG_READWRITE);
    object_property_add_uint32_ptr(obj, "u32", &f.u32,
                                   OBJ_PROP_FLAG_READWRITE);
    object_property_add_uint64_ptr(obj, "u64", &f.u64,
                                   OBJ_PROP_FLAG_READWRITE);
    object_property_add_int64_ptr(obj, "i64", &f.i64,
                                  OBJ_PROP_FLAG_READWRITE);
    object_property_add_bool_ptr(obj, "ro", &f.ro, OBJ_PROP_FLAG_READ);

    object_property_set_uint(obj, "u8", 255, &error_abort);
    object_property_set_uint(obj, "u16", 65535, &error_abort);
    object_property_set_uint(obj, "u32", 4294967295u, &error_abort);
    object_property_set_uint(obj, "u64", UINT64_MAX, &error_abort);
    object_property_set_int(obj, "i64", INT64_MIN, &error_abort);
    g_assert_cmpuint(f.u8, ==, 255);
    g_assert_cmpuint(f.u16, ==, 65535);
    g_assert_cmpuint(f.u32, ==, 4294967295u);
    g_assert_cmpuint(f.u64, ==, UINT64_MAX);
    g_assert_cmpint(f.i64, ==, INT64_MIN);
    g_assert_true(object_property_get_uint(obj, "u16", &value,
                                           &error_abort));
    g_assert_cmpuint(value, ==, 65535);
    g_assert_true(object_property_get_int(obj, "i64", &ivalue,
                                          &error_abort));
    g_assert_cmpint(ivalue, ==, INT64_MIN);

    g_assert_false(object_property_set_uint(obj, "u8", 256, &err));
    g_assert_cmpstr(error_get_pretty(err), ==,
                    "parameter 'u8' expects a value between 0 and 255");
    g_clear_pointer(&err, error_free);
    g_assert_cmpuint(f.u8, ==, 255);

    g_assert_false(object_property_set_bool(obj, "ro", false, &err));
    g_assert_cmpstr(error_get_pretty(err), ==,
                    "property 'ro' on type 'container' is not writable");
    g_clear_pointer(&err, error_free);
    g_assert_true(f.ro);
}

static void test_write_only_property_is_not_readable(void)
{
    g_autoptr(Object) obj = object_new(TYPE_CONTAINER);
    static uint32_t secret;
    Error *err = NULL;

    object_property_add_uint32_ptr(obj, "secret", &secret,
                                   OBJ_PROP_FLAG_WRITE);
    object_property_set_uint(obj, "secret", 7, &error_abort);
    g_assert_cmpuint(secret, ==, 7);
    g_assert_null(object_property_get_qobject(obj, "secret", &err));
    g_assert_cmpstr(error_get_pretty(err), ==,
                    "property 'secret' on type 'container' is not readable");
    g_clear_pointer(&err, error_free);
}

static void test_get_of_wrong_kind_says_so(void)
{
    g_autoptr(Object) dog = object_new(TYPE_TEST_DOG);
    Error *err = NULL;
    bool b;

    g_assert_null(object_property_get_str(dog, "legs", &err));
    g_assert_cmpstr(error_get_pretty(err), ==,
                    "property 'legs' on type 'test-dog' is not a string");
    g_clear_pointer(&err, error_free);
    g_assert_false(object_property_get_bool(dog, "name", &b, &err));
    g_assert_cmpstr(error_get_pretty(err), ==,
                    "property 'name' on type 'test-dog' is not a boolean");
    g_clear_pointer(&err, error_free);
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);

    g_test_add_func("/qom/property/default/applies-to-new-instances",
                    test_class_defaults_apply_to_new_instances);
    g_test_add_func("/qom/property/default/is-reported",
                    test_class_default_is_reported);
    g_test_add_func("/qom/property/set/unknown-names-property-and-type",
                    test_set_unknown_property_names_it_and_type);
    g_test_add_func("/qom/property/type/is-read-only-typename",
                    test_type_property_is_read_only_typename);
    g_test_add_func("/qom/property/uint64/max-through-qobject",
                    test_uint64_max_through_qobject);
    g_test_add_func("/qom/property/uint64/max-through-string",
                    test_uint64_max_through_string);
    g_test_add_func("/qom/property/uint64/get-int-of-max-fails",
                    test_get_int_of_uint64_max_fails);
    g_test_add_func("/qom/property/set/out-of-range-refused-field-kept",
                    test_out_of_range_value_is_refused_and_field_kept);
    g_test_add_func("/qom/property/set/qobject-strict-text-parses",
                    test_qobject_access_is_strict_and_text_parses);
    g_test_add_func("/qom/property/enum/set-and-get-by-name",
                    test_enum_set_and_get_by_name);
    g_test_add_func("/qom/property/enum/bad-value-lists-valid-names",
                    test_enum_bad_value_lists_valid_names);
    g_test_add_func("/qom/property/size/parses-suffix-prints-human",
                    test_size_parses_suffix_and_prints_human);
    g_test_add_func("/qom/property/str/round-trip-unset-reads-empty",
                    test_str_round_trip_and_unset_reads_empty);
    g_test_add_func("/qom/property/list/class-parent-first-then-instance",
                    test_listing_order_is_class_parent_first_then_instance);
    g_test_add_func("/qom/property/list/class-needs-no-instance",
                    test_class_listing_needs_no_instance);
    g_test_add_func("/qom/property/list/types-and-descriptions",
                    test_property_types_and_descriptions);
    g_test_add_func("/qom/property/add/duplicate-is-refused",
                    test_duplicate_instance_property_is_refused);
    g_test_add_func("/qom/property/add/star-suffix-numbers",
                    test_star_suffix_numbers_properties);
    g_test_add_func("/qom/property/del/runs-release-once",
                    test_delete_runs_release_once);
    g_test_add_func("/qom/property/del/finalize-releases-instance-props",
                    test_finalize_releases_instance_properties);
    g_test_add_func("/qom/property/field/every-width-and-flags",
                    test_field_pointers_of_every_width);
    g_test_add_func("/qom/property/field/write-only-is-not-readable",
                    test_write_only_property_is_not_readable);
    g_test_add_func("/qom/property/get/wrong-kind-says-so",
                    test_get_of_wrong_kind_says_so);

    return g_test_run();
}

/* The QOM tests' shared types and fixture (see the header). */
#include "qom-test-types.h"

#include <stddef.h>

static const char *const test_colour_names[] = {
    [TEST_COLOUR_BROWN] = "brown",
    [TEST_COLOUR_BLACK] = "black",
    [TEST_COLOUR_WHITE] = "white",
};

const QEnumLookup test_colour_lookup = {
    .array = test_colour_names,
    .size = TEST_COLOUR__MAX,
};

/* test-animal */

static char *animal_get_name(Object *obj)
{
    return g_strdup(TEST_ANIMAL(obj)->name);
}

static bool animal_set_name(Object *obj, const char *value, Error **errp)
{
    TestAnimal *a = TEST_ANIMAL(obj);

    g_free(a->name);
    a->name = g_strdup(value);
    return true;
}

static bool animal_check_friend(const Object *obj, const char *name,
                                Object *val, Error **errp)
{
    if (val == obj) {
        error_setg(errp, "an animal cannot befriend itself");
        return false;
    }
    return true;
}

static char *animal_describe(TestAnimal *a)
{
    return g_strdup("animal");
}

static void animal_finalize(Object *obj)
{
    g_free(TEST_ANIMAL(obj)->name);
}

static void animal_class_init(ObjectClass *oc, const void *data)
{
    TestAnimalClass *ac = TEST_ANIMAL_CLASS(oc);
    ObjectProperty *prop;

    ac->kingdom = "animalia";
    ac->describe = animal_describe;

    prop = object_class_property_add_str(oc, "name", animal_get_name,
                                         animal_set_name);
    object_class_property_set_description(oc, "name", "what it is called");
    prop = object_class_property_add_field(oc, "legs", OBJECT_FIELD_UINT32,
                                           offsetof(TestAnimal, legs),
                                           OBJ_PROP_FLAG_READWRITE);
    object_property_set_default_uint(prop, 4);
    object_class_property_set_description(oc, "legs", "how many legs");
    prop = object_class_property_add_field(oc, "hungry", OBJECT_FIELD_BOOL,
                                           offsetof(TestAnimal, hungry),
                                           OBJ_PROP_FLAG_READWRITE);
    object_property_set_default_bool(prop, true);
    object_class_property_add_field(oc, "weight", OBJECT_FIELD_UINT64,
                                    offsetof(TestAnimal, weight),
                                    OBJ_PROP_FLAG_READWRITE);
    object_class_property_add_link(oc, "friend", TYPE_TEST_ANIMAL,
                                   offsetof(TestAnimal, friend),
                                   animal_check_friend, 0);
}

/* test-dog */

static int dog_get_colour(Object *obj)
{
    return TEST_DOG(obj)->colour;
}

static bool dog_set_colour(Object *obj, int value, Error **errp)
{
    TEST_DOG(obj)->colour = value;
    return true;
}

static char *dog_describe(TestAnimal *a)
{
    g_autofree char *parent = TEST_DOG_GET_CLASS(a)->parent_describe(a);

    return g_strconcat("dog, ", parent, NULL);
}

static const char *dog_call(TestPet *pet)
{
    return "good dog";
}

static void dog_class_init(ObjectClass *oc, const void *data)
{
    TestAnimalClass *ac = TEST_ANIMAL_CLASS(oc);
    TestDogClass *dc = TEST_DOG_CLASS(oc);
    ObjectProperty *prop;

    /* Override, keeping the parent's to chain to. */
    dc->parent_describe = ac->describe;
    ac->describe = dog_describe;
    TEST_PET_CLASS(oc)->call = dog_call;

    prop = object_class_property_add_enum(oc, "colour", TYPE_TEST_COLOUR,
                                          &test_colour_lookup, dog_get_colour,
                                          dog_set_colour);
    object_property_set_default_str(prop, "brown");
    object_class_property_add_field(oc, "memory", OBJECT_FIELD_SIZE,
                                    offsetof(TestDog, memory),
                                    OBJ_PROP_FLAG_READWRITE);
    object_class_property_add_link(oc, "leader", TYPE_TEST_DOG,
                                   offsetof(TestDog, leader),
                                   object_property_allow_set_link,
                                   OBJ_PROP_LINK_STRONG);
}

/* test-puppy */

static char *puppy_get_toy(Object *obj)
{
    return g_strdup(TEST_PUPPY(obj)->toy);
}

static bool puppy_set_toy(Object *obj, const char *value, Error **errp)
{
    TestPuppy *p = TEST_PUPPY(obj);

    g_free(p->toy);
    p->toy = g_strdup(value);
    return true;
}

static void puppy_init(Object *obj)
{
    object_property_add_str(obj, "toy", puppy_get_toy, puppy_set_toy);
}

static void puppy_finalize(Object *obj)
{
    g_free(TEST_PUPPY(obj)->toy);
}

static char *puppy_describe(TestAnimal *a)
{
    g_autofree char *parent = TEST_PUPPY_GET_CLASS(a)->parent_describe(a);

    return g_strconcat("puppy, ", parent, NULL);
}

static void puppy_class_init(ObjectClass *oc, const void *data)
{
    TestAnimalClass *ac = TEST_ANIMAL_CLASS(oc);
    TestPuppyClass *pc = TEST_PUPPY_CLASS(oc);
    ObjectProperty *prop;

    pc->parent_describe = ac->describe;
    ac->describe = puppy_describe;

    prop = object_class_property_add_field(oc, "age-weeks",
                                           OBJECT_FIELD_UINT8,
                                           offsetof(TestPuppy, age_weeks),
                                           OBJ_PROP_FLAG_READWRITE);
    object_property_set_default_uint(prop, 8);
}

/* test-cat */

static const char *cat_call(TestPet *pet)
{
    return "whenever it likes";
}

static void cat_class_init(ObjectClass *oc, const void *data)
{
    TEST_PET_CLASS(oc)->call = cat_call;
}

/* test-backend */

static char *backend_get_path(Object *obj)
{
    return g_strdup(TEST_BACKEND(obj)->path);
}

static bool backend_set_path(Object *obj, const char *value, Error **errp)
{
    TestBackend *b = TEST_BACKEND(obj);

    g_free(b->path);
    b->path = g_strdup(value);
    return true;
}

static bool backend_get_in_use(Object *obj)
{
    return TEST_BACKEND(obj)->in_use;
}

static bool backend_set_in_use(Object *obj, bool value, Error **errp)
{
    TEST_BACKEND(obj)->in_use = value;
    return true;
}

static bool backend_complete(UserCreatable *uc, Error **errp)
{
    TestBackend *b = TEST_BACKEND(uc);

    if (!b->path || !*b->path) {
        error_setg(errp, "test-backend needs a non-empty 'path'");
        return false;
    }
    b->completed = true;
    return true;
}

static bool backend_can_be_deleted(UserCreatable *uc)
{
    return !TEST_BACKEND(uc)->in_use;
}

static void backend_finalize(Object *obj)
{
    g_free(TEST_BACKEND(obj)->path);
}

static void backend_class_init(ObjectClass *oc, const void *data)
{
    UserCreatableClass *ucc = USER_CREATABLE_CLASS(oc);

    ucc->complete = backend_complete;
    ucc->can_be_deleted = backend_can_be_deleted;
    object_class_property_add_str(oc, "path", backend_get_path,
                                  backend_set_path);
    object_class_property_add_bool(oc, "in-use", backend_get_in_use,
                                   backend_set_in_use);
}

static const TypeInfo test_types[] = {
    {
        .name = TYPE_TEST_ANIMAL,
        .parent = TYPE_OBJECT,
        .abstract = true,
        .instance_size = sizeof(TestAnimal),
        .instance_finalize = animal_finalize,
        .class_size = sizeof(TestAnimalClass),
        .class_init = animal_class_init,
    },
    {
        .name = TYPE_TEST_DOG,
        .parent = TYPE_TEST_ANIMAL,
        .instance_size = sizeof(TestDog),
        .class_size = sizeof(TestDogClass),
        .class_init = dog_class_init,
        .interfaces = (const InterfaceInfo[]) {
            { TYPE_TEST_PET },
            { NULL },
        },
    },
    {
        .name = TYPE_TEST_PUPPY,
        .parent = TYPE_TEST_DOG,
        .instance_size = sizeof(TestPuppy),
        .instance_init = puppy_init,
        .instance_finalize = puppy_finalize,
        .class_size = sizeof(TestPuppyClass),
        .class_init = puppy_class_init,
    },
    {
        .name = TYPE_TEST_CAT,
        .parent = TYPE_TEST_ANIMAL,
        .instance_size = sizeof(TestCat),
        .class_init = cat_class_init,
        .interfaces = (const InterfaceInfo[]) {
            { TYPE_TEST_PET },
            { TYPE_TEST_GUARD },
            { NULL },
        },
    },
    {
        .name = TYPE_TEST_PET,
        .parent = TYPE_INTERFACE,
        .class_size = sizeof(TestPetClass),
    },
    {
        .name = TYPE_TEST_GUARD,
        .parent = TYPE_INTERFACE,
    },
    {
        .name = TYPE_TEST_BACKEND,
        .parent = TYPE_OBJECT,
        .instance_size = sizeof(TestBackend),
        .instance_finalize = backend_finalize,
        .class_init = backend_class_init,
        .interfaces = (const InterfaceInfo[]) {
            { TYPE_USER_CREATABLE },
            { NULL },
        },
    },
};

DEFINE_TYPES(test_types)

/* The fixture. */

#define QOM_TEST_BOX "test"

Object *qom_test_box_new(void)
{
    Object *root = object_get_root();
    g_autoptr(Object) box = object_new(TYPE_CONTAINER);

    g_assert_null(object_resolve_path_component(root, QOM_TEST_BOX));
    object_property_add_child(root, QOM_TEST_BOX, box);
    return box;                 /* lent: the root owns it */
}

static int count_child(Object *child, void *opaque)
{
    (*(int *)opaque)++;
    return 0;
}

void qom_test_box_free(Object *box)
{
    Object *root = object_get_root();
    int children = 0;

    object_unparent(box);
    object_global_props_clear();

    /* What a test may leave: the /objects container user objects live
     * in, empty. */
    Object *objects = object_resolve_path_component(root, "objects");
    if (objects) {
        object_child_foreach(objects, count_child, &children);
    }
    object_child_foreach(root, count_child, &children);
    g_assert_cmpint(children, ==, objects ? 1 : 0);
}

Object *qom_test_add(Object *parent, const char *name, const char *typename)
{
    g_autoptr(Object) obj = object_new(typename);

    object_property_add_child(parent, name, obj);
    return obj;
}

/* Types the QOM tests share, and the fixture that gives each test a fresh
 * corner of the composition tree.
 *
 *   test-animal (abstract)      name (str), legs (uint32, default 4),
 *                               hungry (bool, default true), weight (uint64),
 *                               friend (weak link<test-animal>; an animal
 *                               cannot befriend itself);
 *                               method describe(); class data `kingdom`
 *   +-- test-dog  [test-pet]    colour (test-colour enum, default brown),
 *   |                           memory (size), leader (strong
 *   |                           link<test-dog>); overrides describe()
 *   |   +-- test-puppy          age-weeks (uint8, default 8); overrides
 *   |                           describe() again; adds the instance
 *   |                           property "toy" (str) in instance_init
 *   +-- test-cat  [test-pet, test-guard]
 *   test-backend [user-creatable]   path (str), in-use (bool); complete()
 *                               refuses an empty path
 *
 * The fixture: qom_test_box_new() adds a container "/test" under the root;
 * qom_test_box_free() unparents it (finalizing everything the test built
 * there), forgets the global properties and checks that the test left
 * nothing else under the root.
 */
#pragma once

#include "object-global.h"
#include "object-interfaces.h"
#include "object-link.h"
#include "object-path.h"
#include "object-property.h"
#include "object.h"

#define TYPE_TEST_ANIMAL "test-animal"
#define TYPE_TEST_DOG "test-dog"
#define TYPE_TEST_PUPPY "test-puppy"
#define TYPE_TEST_CAT "test-cat"
#define TYPE_TEST_PET "test-pet"
#define TYPE_TEST_GUARD "test-guard"
#define TYPE_TEST_BACKEND "test-backend"
#define TYPE_TEST_COLOUR "test-colour"

typedef enum TestColour {
    TEST_COLOUR_BROWN,
    TEST_COLOUR_BLACK,
    TEST_COLOUR_WHITE,
    TEST_COLOUR__MAX,
} TestColour;

extern const QEnumLookup test_colour_lookup;

OBJECT_DECLARE_TYPE(TestAnimal, TestAnimalClass, TEST_ANIMAL)
OBJECT_DECLARE_TYPE(TestDog, TestDogClass, TEST_DOG)
OBJECT_DECLARE_TYPE(TestPuppy, TestPuppyClass, TEST_PUPPY)
OBJECT_DECLARE_SIMPLE_TYPE(TestCat, TEST_CAT)
OBJECT_DECLARE_SIMPLE_TYPE(TestBackend, TEST_BACKEND)

struct TestAnimal {
    Object parent_obj;
    char *name;
    uint32_t legs;
    bool hungry;
    uint64_t weight;
    Object *friend;
};

struct TestAnimalClass {
    ObjectClass parent_class;
    const char *kingdom;
    /* A new string describing the animal, most specific first. */
    char *(*describe)(TestAnimal *animal);
};

struct TestDog {
    TestAnimal parent_obj;
    int colour;
    uint64_t memory;
    Object *leader;
};

struct TestDogClass {
    TestAnimalClass parent_class;
    char *(*parent_describe)(TestAnimal *animal);
};

struct TestPuppy {
    TestDog parent_obj;
    uint8_t age_weeks;
    char *toy;
};

struct TestPuppyClass {
    TestDogClass parent_class;
    char *(*parent_describe)(TestAnimal *animal);
};

struct TestCat {
    TestAnimal parent_obj;
};

struct TestBackend {
    Object parent_obj;
    char *path;
    bool in_use;
    bool completed;
};

/* The test-pet interface: what a pet answers to. */
typedef struct TestPet TestPet;
typedef struct TestPetClass {
    InterfaceClass parent_class;
    const char *(*call)(TestPet *pet);
} TestPetClass;
#define TEST_PET_GET_CLASS(obj) \
    OBJECT_GET_CLASS(TestPetClass, (obj), TYPE_TEST_PET)
#define TEST_PET_CLASS(klass) \
    OBJECT_CLASS_CHECK(TestPetClass, (klass), TYPE_TEST_PET)

Object *qom_test_box_new(void);
void qom_test_box_free(Object *box);
/* Creates typename as child `name` of parent; lent (the parent owns it). */
Object *qom_test_add(Object *parent, const char *name, const char *typename);

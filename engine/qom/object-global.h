/* Global properties: "type.property=value" defaults set by the user
 * (-global, a [global] config group) for every new instance of a type and of
 * its subtypes.
 *
 * Each new object gets the globals whose type it is (or derives from, or
 * implements) after its class defaults, instance_init and instance_post_init,
 * so a global overrides all three. They are applied in the order they were
 * registered, so a later one for the same property wins. Values are text and
 * go through object_property_parse() (the string input visitor).
 *
 * The list is a documented process global: registered while the command line
 * is read, consulted by every object_new(). object_global_props_clear()
 * empties it (for tests, and an engine that reconfigures).
 *
 * Failures: registering text that is not "type.property=value" is an error.
 * A global whose property the object lacks, or whose value the property
 * refuses, fails object_new_checked() with one line naming the global
 * ("global 'test-dog.colour=red': property 'colour' not found on type
 * 'test-dog'"); object_new() warns the same line instead, since it cannot
 * fail. An optional global is skipped where its property does not exist.
 * object_global_props_check_unused() names the first global no object used.
 */
#pragma once

#include "object.h"

/* Registers driver.property=value; the strings are copied. */
void object_register_global_prop(const char *driver, const char *property,
                                 const char *value, bool optional);
/* Parses "type.property=value" and registers it. The type is what precedes
 * the last '.' before the '=', so type names may contain dots
 * ("riscv.hart_array.num-harts=2"). */
bool object_register_global_prop_str(const char *str, Error **errp);

/* Applies the matching globals to obj; object_new() does this itself, so
 * only code that creates objects another way needs it. */
bool object_apply_global_props(Object *obj, Error **errp);

/* Fails naming the first non-optional global that no object used:
 * "global 'x.p=v' was never used: no object of type 'x' was created", or
 * "global 'x.p=v' names unknown type 'x'". */
bool object_global_props_check_unused(Error **errp);

/* Calls fn for every global, in registration order. */
typedef void ObjectGlobalFunc(const char *driver, const char *property,
                              const char *value, bool optional, void *opaque);
void object_global_props_foreach(ObjectGlobalFunc *fn, void *opaque);

/* Forgets every global. */
void object_global_props_clear(void);

/* Fixed and runtime properties: when an object's configuration stops
 * changing.
 *
 * The schema marks the few properties that may change on a running machine
 * with the `runtime` feature; every other property is *fixed*: it may be set
 * while the object is being put together (defaults, -global, the user's
 * options) and not once the object is in use. What "in use" means belongs to
 * the object's owner, which freezes the fixed properties at that point:
 *
 *   devices        qdev freezes them when it realizes the device and thaws
 *                  them when it unrealizes it (a hot-unplugged device may be
 *                  reconfigured before it is plugged again);
 *   user-created   user_creatable_complete() freezes them once complete()
 *   objects        has accepted the configuration (object-interfaces.h);
 *                  they stay frozen until the object goes;
 *   other objects  never, unless their owner says so.
 *
 * QOM only keeps the state; the setters of fixed properties ask for it with
 * object_property_check_fixed() (the generated ones always do, see
 * qom-schema.h), so the refusal reads the same everywhere. Getters, runtime
 * properties, child and link properties are not affected.
 *
 * Ownership: `state` strings must live forever (literals). Nothing can fail
 * except object_property_check_fixed(), which refuses with one line:
 *   "property 'max-bytes' of 'virtio-rng-device' cannot change while the
 *    device is realized (only properties marked runtime can)"
 * Like property access, freezing belongs to the main thread.
 */
#pragma once

#include "object.h"

/* From now on obj's fixed properties refuse to change. `state` finishes the
 * refusal's sentence: "while the device is realized", "once the object is
 * complete". Freezing a frozen object replaces the state. */
void object_freeze_properties(Object *obj, const char *state);
/* They may change again (unrealize). */
void object_thaw_properties(Object *obj);
bool object_properties_frozen(const Object *obj);

/* For the setter of fixed property `name`: true while obj's properties may
 * still change, else false with the error above. */
bool object_property_check_fixed(Object *obj, const char *name,
                                 Error **errp);

/* Fixed and runtime properties: see object-freeze.h. The whole state is one
 * pointer in Object: NULL while the fixed properties may change, else the
 * words that say why they may not. */
#include "object-freeze.h"

void object_freeze_properties(Object *obj, const char *state)
{
    g_assert(state);
    obj->frozen_state = state;
}

void object_thaw_properties(Object *obj)
{
    obj->frozen_state = NULL;
}

bool object_properties_frozen(const Object *obj)
{
    return obj->frozen_state != NULL;
}

bool object_property_check_fixed(Object *obj, const char *name,
                                 Error **errp)
{
    if (!obj->frozen_state) {
        return true;
    }
    error_setg(errp, "property '%s' of '%s' cannot change %s (only "
               "properties marked runtime can)", name,
               object_get_typename(obj), obj->frozen_state);
    return false;
}

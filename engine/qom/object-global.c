/* Global properties: user defaults applied to every new instance of a type. */
#include "object-global.h"

#include <string.h>

#include "object-internal.h"

typedef struct GlobalProperty {
    char *driver;
    char *property;
    char *value;
    bool optional;
    bool used;
} GlobalProperty;

/* In registration order. A process global (see the header). */
static GPtrArray *global_props;

static void global_prop_free(gpointer data)
{
    GlobalProperty *gp = data;

    g_free(gp->driver);
    g_free(gp->property);
    g_free(gp->value);
    g_free(gp);
}

void object_register_global_prop(const char *driver, const char *property,
                                 const char *value, bool optional)
{
    GlobalProperty *gp = g_new0(GlobalProperty, 1);

    if (!global_props) {
        global_props = g_ptr_array_new_with_free_func(global_prop_free);
    }
    gp->driver = g_strdup(driver);
    gp->property = g_strdup(property);
    gp->value = g_strdup(value);
    gp->optional = optional;
    g_ptr_array_add(global_props, gp);
}

bool object_register_global_prop_str(const char *str, Error **errp)
{
    const char *eq = strchr(str, '=');
    const char *dot = NULL;

    for (const char *p = str; eq && p < eq; p++) {
        if (*p == '.') {
            dot = p;
        }
    }
    if (!eq || !dot || dot == str || dot + 1 == eq) {
        error_setg(errp, "global '%s' is not of the form "
                   "type.property=value", str);
        return false;
    }
    g_autofree char *driver = g_strndup(str, dot - str);
    g_autofree char *property = g_strndup(dot + 1, eq - dot - 1);
    object_register_global_prop(driver, property, eq + 1, false);
    return true;
}

/* Applies the globals matching obj, in order. With warn, a failure is a
 * warning and the rest still apply; without, the first one fails. */
static bool apply_globals(Object *obj, bool warn, Error **errp)
{
    if (!global_props) {
        return true;
    }
    for (guint i = 0; i < global_props->len; i++) {
        GlobalProperty *gp = global_props->pdata[i];
        if (!object_dynamic_cast(obj, gp->driver)) {
            continue;
        }
        if (gp->optional && !object_property_find(obj, gp->property)) {
            continue;
        }
        gp->used = true;
        Error *err = NULL;
        if (!object_property_parse(obj, gp->property, gp->value, &err)) {
            error_prepend(&err, "global '%s.%s=%s': ", gp->driver,
                          gp->property, gp->value);
            if (!warn) {
                error_propagate(errp, err);
                return false;
            }
            warn_report_err(err);
        }
    }
    return true;
}

bool object_apply_global_props(Object *obj, Error **errp)
{
    return apply_globals(obj, false, errp);
}

void object_apply_global_props_warn(Object *obj)
{
    apply_globals(obj, true, NULL);
}

bool object_global_props_check_unused(Error **errp)
{
    if (!global_props) {
        return true;
    }
    for (guint i = 0; i < global_props->len; i++) {
        GlobalProperty *gp = global_props->pdata[i];
        if (gp->used || gp->optional) {
            continue;
        }
        if (!object_class_by_name(gp->driver)) {
            error_setg(errp, "global '%s.%s=%s' names unknown type '%s'",
                       gp->driver, gp->property, gp->value, gp->driver);
        } else {
            error_setg(errp, "global '%s.%s=%s' was never used: no object "
                       "of type '%s' was created", gp->driver, gp->property,
                       gp->value, gp->driver);
        }
        return false;
    }
    return true;
}

void object_global_props_clear(void)
{
    if (global_props) {
        g_ptr_array_free(global_props, TRUE);
        global_props = NULL;
    }
}

void object_global_props_foreach(ObjectGlobalFunc *fn, void *opaque)
{
    for (guint i = 0; global_props && i < global_props->len; i++) {
        const GlobalProperty *g = g_ptr_array_index(global_props, i);

        fn(g->driver, g->property, g->value, g->optional, opaque);
    }
}

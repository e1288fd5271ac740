/* The device front doors: see qdev-monitor.h. */
#include "qdev-monitor.h"

#include <string.h>

#include "bus.h"
#include "object-interfaces.h"
#include "object-path.h"
#include "qapi-commands.h"
#include "qapi-events.h"
#include "qjson.h"
#include "qobject-input-visitor.h"
#include "qom-qmp-cmds.h"
#include "qom-schema.h"
#include "runstate.h"

/* Properties every device has that a user does not set. */
static bool device_property_is_internal(const char *name)
{
    static const char *const internal[] = {
        "type", "realized", "hotpluggable", "hotplugged", "parent_bus",
        "id", NULL,
    };

    return g_strv_contains(internal, name);
}

DeviceState *qdev_device_add_opts(const QDict *opts, bool from_json,
                                  bool hotplug, Error **errp)
{
    g_autoptr(QDict) props = qobject_to(QDict,
                                        qobject_deep_copy(QOBJECT(opts)));
    g_autofree char *driver = g_strdup(qdict_get_try_str(props, "driver"));
    g_autofree char *bus = g_strdup(qdict_get_try_str(props, "bus"));
    g_autofree char *id = g_strdup(qdict_get_try_str(props, "id"));
    Visitor *v;
    DeviceState *dev;

    if (!driver) {
        error_setg(errp, "Parameter 'driver' is missing");
        return NULL;
    }
    if (id && !object_id_is_valid(id)) {
        error_setg(errp, "Parameter 'id' expects an identifier");
        error_append_hint(errp, "Identifiers consist of letters, digits, "
                          "'-', '.', '_', starting with a letter.\n");
        return NULL;
    }
    qdict_del(props, "driver");
    qdict_del(props, "bus");
    qdict_del(props, "id");
    v = from_json ? qobject_input_visitor_new(QOBJECT(props))
                  : qobject_input_visitor_new_keyval(QOBJECT(props));
    dev = qdev_device_add_props(driver, id, bus, props, v, hotplug, errp);
    visit_free(v);
    return dev;
}

/* QMP */

/* device_add's marshaller: its arguments are open-ended (gen: false). */
bool qmp_device_add(QDict *args, QObject **ret, Error **errp)
{
    /* A device added before the guest first ran is plugged as if it had
     * been on the command line, so a VM configured through QMP after -S
     * is the same VM as one configured by options. */
    bool hotplug = runstate_get() != RUN_STATE_PRELAUNCH;

    return qdev_device_add_opts(args, true, hotplug, errp) != NULL;
}

static DeviceState *device_find(const char *id, Error **errp)
{
    g_autofree char *path = g_strconcat("/machine/peripheral/", id, NULL);
    Object *obj = object_resolve_path(id[0] == '/' ? id : path, NULL);
    DeviceState *dev = obj ? (DeviceState *)object_dynamic_cast(obj,
                                                              TYPE_DEVICE)
                           : NULL;

    if (!dev) {
        error_set(errp, ERROR_CLASS_DEVICE_NOT_FOUND,
                  "Device '%s' not found", id);
    }
    return dev;
}

bool qmp_device_del(const char *id, Error **errp)
{
    DeviceState *dev = device_find(id, errp);

    return dev && qdev_unplug(dev, errp);
}

bool qmp_device_list_properties(const char *q_typename,
                                ObjectPropertyInfoList **ret, Error **errp)
{
    ObjectClass *oc = object_class_by_name(q_typename);
    ObjectPropertyInfoList *all = NULL, *kept = NULL, **tail = &kept;

    if (!oc || !object_class_dynamic_cast(oc, TYPE_DEVICE)) {
        error_setg(errp, "Parameter 'typename' expects device type");
        return false;
    }
    if (object_class_is_abstract(oc)) {
        error_setg(errp, "Parameter 'typename' expects a non-abstract "
                   "device type");
        return false;
    }
    if (!qmp_qom_list_properties(q_typename, &all, errp)) {
        return false;
    }
    while (all) {
        ObjectPropertyInfoList *node = all;

        all = all->next;
        node->next = NULL;
        if (device_property_is_internal(node->value->name) ||
            g_str_has_prefix(node->value->type, "child<")) {
            qapi_free_ObjectPropertyInfoList(node);
            continue;
        }
        *tail = node;
        tail = &node->next;
    }
    *ret = kept;
    return true;
}

/* DEVICE_DELETED for every device that goes, whoever asked. */
static void device_deleted_event(const char *id, const char *path,
                                 void *opaque)
{
    qapi_event_send_device_deleted(id, path);
}

static void __attribute__((constructor)) qdev_monitor_init(void)
{
    qdev_add_deleted_listener(device_deleted_event, NULL);
}

/* Help */

static gint class_name_cmp(gconstpointer a, gconstpointer b)
{
    return strcmp(object_class_get_name((ObjectClass *)a),
                  object_class_get_name((ObjectClass *)b));
}

char *qdev_device_help_text(void)
{
    g_autoptr(GSList) classes = g_slist_sort(
        object_class_get_list(TYPE_DEVICE, false), class_name_cmp);
    GString *out = g_string_new("Uncategorized devices:\n");

    for (GSList *l = classes; l; l = l->next) {
        DeviceClass *dc = DEVICE_CLASS(l->data);
        const char *name = object_class_get_name(l->data);
        const QomSchemaType *t = qom_schema_find_type(name);

        if (!dc->user_creatable) {
            continue;
        }
        g_string_append_printf(out, "name \"%s\"", name);
        if (dc->bus_type) {
            g_string_append_printf(out, ", bus %s", dc->bus_type);
        }
        if (t && t->description) {
            g_string_append_printf(out, ", desc \"%s\"", t->description);
        }
        g_string_append_c(out, '\n');
    }
    return g_string_free(out, FALSE);
}

static gint property_info_cmp(gconstpointer a, gconstpointer b)
{
    return strcmp(((const ObjectPropertyInfo *)a)->name,
                  ((const ObjectPropertyInfo *)b)->name);
}

/* QEMU's layout: "  name=<type>" padded to 24 columns, " - " and the
 * description, then the default as JSON. */
static char *props_help(const char *type_name, ObjectPropertyInfoList *list)
{
    g_autoptr(GSList) sorted = NULL;
    GString *out = g_string_new(NULL);

    for (ObjectPropertyInfoList *l = list; l; l = l->next) {
        if (!device_property_is_internal(l->value->name) &&
            !g_str_has_prefix(l->value->type, "child<")) {
            sorted = g_slist_insert_sorted(sorted, l->value,
                                           property_info_cmp);
        }
    }
    if (!sorted) {
        g_string_append_printf(out, "There are no options for %s.\n",
                               type_name);
        return g_string_free(out, FALSE);
    }
    g_string_append_printf(out, "%s options:\n", type_name);
    for (GSList *l = sorted; l; l = l->next) {
        ObjectPropertyInfo *info = l->data;
        g_autofree char *left = g_strdup_printf("  %s=<%s>", info->name,
                                                info->type);

        g_string_append_printf(out, "%-24s", left);
        if (info->description) {
            g_string_append_printf(out, " - %s", info->description);
        }
        if (info->default_value) {
            g_autofree char *json = qobject_to_json(info->default_value);

            g_string_append_printf(out, " (default: %s)", json);
        }
        g_string_append_c(out, '\n');
    }
    return g_string_free(out, FALSE);
}

char *qdev_device_props_help_text(const char *driver, Error **errp)
{
    g_autoptr(ObjectPropertyInfoList) list = NULL;

    if (!qmp_device_list_properties(driver, &list, errp)) {
        return NULL;
    }
    return props_help(driver, list);
}

char *qdev_type_props_help_text(const char *type_name, Error **errp)
{
    g_autoptr(ObjectPropertyInfoList) list = NULL;

    if (!qmp_qom_list_properties(type_name, &list, errp)) {
        return NULL;
    }
    return props_help(type_name, list);
}

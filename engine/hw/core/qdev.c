/* qdev: the device base type, placement, realize and unplug. */
#include "qdev.h"

#include <string.h>

#include "bus.h"
#include "object-freeze.h"
#include "object-link.h"
#include "object-interfaces.h"
#include "object-path.h"
#include "qobject-input-visitor.h"
#include "sysbus.h"

typedef struct DeletedListener {
    QdevDeletedListener *fn;
    void *opaque;
} DeletedListener;

/* DeletedListener *; see qdev.h for why this is global. */
static GSList *deleted_listeners;

Object *qdev_get_machine(void)
{
    return container_get(object_get_root(), "/machine");
}

char *qdev_describe(DeviceState *dev)
{
    if (dev->id) {
        return g_strdup(dev->id);
    }
    char *path = object_get_canonical_path(OBJECT(dev));

    return path ? path : g_strdup(object_get_typename(OBJECT(dev)));
}

DeviceState *qdev_new(const char *type)
{
    ObjectClass *oc = object_class_by_name(type);

    g_assert(oc && object_class_dynamic_cast(oc, TYPE_DEVICE));
    return DEVICE(object_new(type));
}

bool qdev_set_id(DeviceState *dev, const char *id, Error **errp)
{
    Object *machine = qdev_get_machine();

    g_assert(!object_get_parent(OBJECT(dev)));
    if (id) {
        Object *peripheral = container_get(machine, "peripheral");

        if (object_resolve_path_component(peripheral, id)) {
            error_setg(errp, "duplicate ID '%s' for device", id);
            return false;
        }
        if (!object_property_try_add_child(peripheral, id, OBJECT(dev),
                                           errp)) {
            return false;
        }
        g_free(dev->id);
        dev->id = g_strdup(id);
        return true;
    }
    object_property_add_child(container_get(machine, "peripheral-anon"),
                              "device[*]", OBJECT(dev));
    return true;
}

static bool device_realize_buses(DeviceState *dev, Error **errp)
{
    for (GList *l = dev->child_buses; l; l = l->next) {
        if (!qbus_realize(l->data, errp)) {
            for (GList *u = l->prev; u; u = u->prev) {
                qbus_unrealize(u->data);
            }
            return false;
        }
    }
    return true;
}

static bool device_set_realized(Object *obj, bool value, Error **errp)
{
    DeviceState *dev = DEVICE(obj);
    DeviceClass *dc = DEVICE_GET_CLASS(dev);

    if (!value) {
        qdev_unrealize(dev);
        return true;
    }
    if (dev->realized) {
        return true;
    }
    if (dev->parent_bus && !dev->parent_bus->realized) {
        /* The order is fixed (a device's realize, then its buses), so a
         * device's realize cannot realize others onto its own bus: it
         * would do so before that bus is ready. */
        error_setg(errp, "bus '%s' is not realized yet",
                   dev->parent_bus->name);
        return false;
    }
    bool adopted = false;

    if (!object_get_parent(obj)) {
        object_property_add_child(
            container_get(qdev_get_machine(), "unattached"), "device[*]",
            obj);
        adopted = true;
    }
    if (dc->realize && !dc->realize(dev, errp)) {
        goto fail;
    }
    object_freeze_properties(obj, "while the device is realized");
    if (!device_realize_buses(dev, errp)) {
        object_thaw_properties(obj);
        if (dc->unrealize) {
            dc->unrealize(dev);
        }
        goto fail;
    }
    dev->realized = true;
    return true;

fail:
    if (adopted) {
        object_unparent(obj);
    }
    return false;
}

void qdev_unrealize(DeviceState *dev)
{
    DeviceClass *dc = DEVICE_GET_CLASS(dev);

    if (!dev->realized) {
        return;
    }
    dev->realized = false;
    for (GList *l = g_list_last(dev->child_buses); l; l = l->prev) {
        qbus_unrealize(l->data);
    }
    if (dc->unrealize) {
        dc->unrealize(dev);
    }
    object_thaw_properties(OBJECT(dev));
}

bool qdev_realize(DeviceState *dev, BusState *bus, Error **errp)
{
    bool added = false;

    g_assert(!dev->realized);
    if (dev->parent_bus && dev->parent_bus != bus) {
        /* Moving a device between buses is an unplug and a plug. */
        error_setg(errp, "device '%s' is already on bus '%s'",
                   object_get_typename(OBJECT(dev)), dev->parent_bus->name);
        return false;
    }
    if (bus && !dev->parent_bus) {
        if (!qbus_add_device(bus, dev, errp)) {
            return false;
        }
        added = true;
    }
    if (!object_property_set_bool(OBJECT(dev), "realized", true, errp)) {
        if (added) {
            qbus_remove_device(dev);
        }
        return false;
    }
    return true;
}

bool qdev_realize_and_unref(DeviceState *dev, BusState *bus, Error **errp)
{
    bool ok = qdev_realize(dev, bus, errp);

    object_unref(dev);
    return ok;
}

typedef struct BusCount {
    const char *type;
    unsigned n;
} BusCount;

static int qdev_count_one_bus(Object *obj, void *opaque)
{
    BusCount *count = opaque;

    if (object_dynamic_cast(obj, count->type) &&
        object_dynamic_cast(obj, TYPE_BUS)) {
        count->n++;
    }
    return 0;
}

/* Buses of type (or a subtype) anywhere in the machine. */
static unsigned qdev_count_buses(const char *type)
{
    BusCount count = { .type = type };

    object_child_foreach_recursive(qdev_get_machine(), qdev_count_one_bus,
                                   &count);
    return count.n;
}

static bool qdev_find_bus(DeviceClass *dc, const char *type,
                          const char *bus_name, BusState **busp,
                          Error **errp)
{
    BusState *root = sysbus_get_default();

    *busp = NULL;
    if (!dc->bus_type) {
        if (bus_name) {
            error_setg(errp, "device '%s' does not plug into a bus", type);
            return false;
        }
        return true;
    }
    if (!bus_name) {
        *busp = qbus_find_by_type(root, dc->bus_type);
        if (!*busp) {
            unsigned taken = qdev_count_buses(dc->bus_type);

            if (taken) {
                /* Each bus exists and is full: say so, so a user knows
                 * to free one rather than look for a missing bus. */
                error_setg(errp, "no free '%s' bus for device '%s': all %u "
                           "are full", dc->bus_type, type, taken);
            } else {
                error_setg(errp, "no '%s' bus with room for device '%s'",
                           dc->bus_type, type);
            }
            return false;
        }
        return true;
    }
    BusState *bus = qbus_find(root, bus_name, errp);

    if (!bus) {
        return false;
    }
    if (!object_dynamic_cast(OBJECT(bus), dc->bus_type)) {
        error_setg(errp, "bus '%s' is of type '%s', device '%s' needs '%s'",
                   bus_name, object_get_typename(OBJECT(bus)), type,
                   dc->bus_type);
        return false;
    }
    if (!qbus_has_room(bus)) {
        error_setg(errp, "bus '%s' is full", bus_name);
        return false;
    }
    *busp = bus;
    return true;
}

static bool qdev_hotplug_allowed(DeviceClass *dc, const char *type,
                                 BusState *bus, Error **errp)
{
    if (!dc->hotpluggable) {
        error_setg(errp, "device '%s' does not support hotplugging", type);
        return false;
    }
    if (!bus || !qbus_is_hotpluggable(bus)) {
        error_setg(errp, "bus '%s' does not support hotplugging",
                   bus ? bus->name : "<none>");
        return false;
    }
    return true;
}

DeviceState *qdev_device_add(const char *type, const char *id,
                             const char *bus_name, const char *const *props,
                             bool hotplug, Error **errp)
{
    g_autoptr(QDict) dict = qdict_new();

    for (size_t i = 0; props && props[i]; i++) {
        const char *eq = strchr(props[i], '=');

        if (!eq) {
            error_setg(errp, "property '%s' has no value", props[i]);
            return NULL;
        }
        g_autofree char *name = g_strndup(props[i], eq - props[i]);

        qdict_put_str(dict, name, eq + 1);
    }
    Visitor *v = qobject_input_visitor_new_keyval(QOBJECT(dict));
    DeviceState *dev = qdev_device_add_props(type, id, bus_name, dict, v,
                                             hotplug, errp);

    visit_free(v);
    return dev;
}

DeviceState *qdev_device_add_props(const char *type, const char *id,
                                   const char *bus_name, const QDict *props,
                                   Visitor *v, bool hotplug, Error **errp)
{
    ObjectClass *oc = object_class_by_name(type);

    if (!oc || !object_class_dynamic_cast(oc, TYPE_DEVICE) ||
        object_class_is_abstract(oc)) {
        error_setg(errp, "'%s' is not a device type one can create", type);
        return NULL;
    }
    DeviceClass *dc = DEVICE_CLASS(oc);
    BusState *bus;

    if (!dc->user_creatable) {
        error_setg(errp, "device '%s' can only be created by the board",
                   type);
        return NULL;
    }

    if (!qdev_find_bus(dc, type, bus_name, &bus, errp)) {
        return NULL;
    }
    if (hotplug && !qdev_hotplug_allowed(dc, type, bus, errp)) {
        return NULL;
    }
    g_autoptr(DeviceState) dev = DEVICE(object_new_checked(type, errp));

    if (!dev) {
        return NULL;
    }
    if (!qdev_set_id(dev, id, errp)) {
        return NULL;
    }
    dev->hotplugged = hotplug;
    if ((props && !object_set_props(OBJECT(dev), props, v, errp)) ||
        !qdev_realize(dev, bus, errp)) {
        object_unparent(OBJECT(dev));
        return NULL;
    }
    if (hotplug && bus->hotplug_ops->plug &&
        !bus->hotplug_ops->plug(bus, dev, bus->hotplug_opaque, errp)) {
        object_unparent(OBJECT(dev));
        return NULL;
    }
    /* The tree keeps its reference; ours goes with the autoptr. */
    return dev;
}

bool qdev_unplug(DeviceState *dev, Error **errp)
{
    DeviceClass *dc = DEVICE_GET_CLASS(dev);
    BusState *bus = dev->parent_bus;
    g_autofree char *name = qdev_describe(dev);

    if (!dc->hotpluggable) {
        error_setg(errp, "device '%s' does not support hotplugging", name);
        return false;
    }
    if (!bus || !qbus_is_hotpluggable(bus)) {
        error_setg(errp, "bus '%s' does not support hotplugging",
                   bus ? bus->name : "<none>");
        return false;
    }
    if (dev->unplug_pending) {
        error_setg(errp, "device '%s' is already in the process of unplug",
                   name);
        return false;
    }
    if (bus->hotplug_ops->unplug_request) {
        /* Pending before the handler runs: one whose guest holds nothing
         * completes the removal inside the call, and dev must outlive
         * that until the call returns. */
        g_autoptr(DeviceState) held = object_ref(dev);

        dev->unplug_pending = true;
        if (!bus->hotplug_ops->unplug_request(bus, dev, bus->hotplug_opaque,
                                              errp)) {
            dev->unplug_pending = false;
            return false;
        }
        return true;
    }
    qdev_unplug_complete(dev);
    return true;
}

void qdev_unplug_complete(DeviceState *dev)
{
    BusState *bus = dev->parent_bus;
    g_autofree char *id = g_strdup(dev->id);
    g_autofree char *path = object_get_canonical_path(OBJECT(dev));

    if (bus && bus->hotplug_ops && bus->hotplug_ops->unplug) {
        bus->hotplug_ops->unplug(bus, dev, bus->hotplug_opaque);
    }
    bool was_realized = dev->realized;

    /* Unparenting unrealizes, leaves the bus and drops the tree's
     * reference, which normally finalizes dev. */
    object_unparent(OBJECT(dev));
    if (!was_realized) {
        return;
    }
    for (GSList *l = deleted_listeners; l; l = l->next) {
        DeletedListener *dl = l->data;

        dl->fn(id, path, dl->opaque);
    }
}

void qdev_add_deleted_listener(QdevDeletedListener *fn, void *opaque)
{
    DeletedListener *dl = g_new(DeletedListener, 1);

    dl->fn = fn;
    dl->opaque = opaque;
    deleted_listeners = g_slist_append(deleted_listeners, dl);
}

void qdev_remove_deleted_listener(QdevDeletedListener *fn, void *opaque)
{
    for (GSList *l = deleted_listeners; l; l = l->next) {
        DeletedListener *dl = l->data;

        if (dl->fn == fn && dl->opaque == opaque) {
            deleted_listeners = g_slist_delete_link(deleted_listeners, l);
            g_free(dl);
            return;
        }
    }
}

void qdev_gpio_record(DeviceState *dev, const char *name, int num_in,
                      int num_out)
{
    QdevGpioSet *set = NULL;

    for (GList *l = dev->gpios; l; l = l->next) {
        QdevGpioSet *s = l->data;

        if (g_strcmp0(s->name, name) == 0) {
            set = s;
            break;
        }
    }
    if (!set) {
        set = g_new0(QdevGpioSet, 1);
        set->name = g_strdup(name);
        dev->gpios = g_list_prepend(dev->gpios, set);
    }
    set->num_in += num_in;
    set->num_out += num_out;
}

void qdev_init_gpio_in(DeviceState *dev, IrqHandler *handler, int n,
                       const char *name)
{
    gpio_init_in(OBJECT(dev), handler, n, name);
    qdev_gpio_record(dev, name, n, 0);
}

void qdev_init_gpio_out(DeviceState *dev, IrqLine **pins, int n,
                        const char *name)
{
    gpio_init_out(OBJECT(dev), pins, n, name);
    qdev_gpio_record(dev, name, 0, n);
}

static void qdev_gpio_set_free(void *data)
{
    QdevGpioSet *set = data;

    g_free(set->name);
    g_free(set);
}

static bool device_get_realized(Object *obj)
{
    return DEVICE(obj)->realized;
}

static bool device_get_hotpluggable(Object *obj)
{
    DeviceState *dev = DEVICE(obj);

    return DEVICE_GET_CLASS(dev)->hotpluggable &&
           (!dev->parent_bus || qbus_is_hotpluggable(dev->parent_bus));
}

static bool device_get_hotplugged(Object *obj)
{
    return DEVICE(obj)->hotplugged;
}

static char *device_get_id(Object *obj)
{
    return g_strdup(DEVICE(obj)->id);
}

/* Leaving the tree: unrealize, then the child buses go (their devices
 * with them), then off the parent bus. */
static void device_unparent(Object *obj)
{
    DeviceState *dev = DEVICE(obj);

    qdev_unrealize(dev);
    while (dev->child_buses) {
        BusState *bus = dev->child_buses->data;

        dev->child_buses = g_list_delete_link(dev->child_buses,
                                              dev->child_buses);
        object_unparent(OBJECT(bus));
    }
    qbus_remove_device(dev);
}

static void device_finalize(Object *obj)
{
    DeviceState *dev = DEVICE(obj);

    g_assert(!dev->parent_bus);
    g_list_free_full(dev->gpios, qdev_gpio_set_free);
    g_free(dev->id);
}

static void device_class_init(ObjectClass *oc, const void *data)
{
    DeviceClass *dc = DEVICE_CLASS(oc);

    dc->hotpluggable = true;
    dc->user_creatable = true;
    oc->unparent = device_unparent;
    object_class_property_add_bool(oc, "realized", device_get_realized,
                                   device_set_realized);
    object_class_property_set_description(
        oc, "realized", "Whether the device is in use");
    object_class_property_add_bool(oc, "hotpluggable",
                                   device_get_hotpluggable, NULL);
    object_class_property_set_description(
        oc, "hotpluggable", "Whether the device can be hot-unplugged");
    object_class_property_add_bool(oc, "hotplugged", device_get_hotplugged,
                                   NULL);
    object_class_property_set_description(
        oc, "hotplugged", "Whether the device was hot-plugged");
    object_class_property_add_str(oc, "id", device_get_id, NULL);
    object_class_property_set_description(
        oc, "id", "The device's id, empty when it has none");
    object_class_property_add_link(oc, "parent_bus", TYPE_BUS,
                                   offsetof(DeviceState, parent_bus), NULL,
                                   0);
    object_class_property_set_description(
        oc, "parent_bus", "The bus the device sits on");
}

static const TypeInfo device_type_info = {
    .name = TYPE_DEVICE,
    .parent = TYPE_OBJECT,
    .instance_size = sizeof(DeviceState),
    .instance_finalize = device_finalize,
    .abstract = true,
    .class_size = sizeof(DeviceClass),
    .class_init = device_class_init,
};

static void device_register_types(void)
{
    type_register_static(&device_type_info);
}

type_init(device_register_types)

static int qdev_reset_one(Object *obj, void *opaque)
{
    DeviceState *dev = (DeviceState *)object_dynamic_cast(obj, TYPE_DEVICE);

    if (dev && dev->realized && DEVICE_GET_CLASS(dev)->reset) {
        DEVICE_GET_CLASS(dev)->reset(dev);
    }
    return 0;
}

static int qdev_collect_unplug_pending(Object *obj, void *opaque)
{
    GSList **pending = opaque;
    DeviceState *dev = (DeviceState *)object_dynamic_cast(obj, TYPE_DEVICE);

    if (dev && dev->unplug_pending) {
        *pending = g_slist_prepend(*pending, object_ref(dev));
    }
    return 0;
}

/* A reset takes every device away from the guest, so no unplug waits for
 * it any more. Collected first: completing one changes the tree. */
static void qdev_complete_pending_unplugs(Object *root)
{
    GSList *pending = NULL;

    qdev_collect_unplug_pending(root, &pending);
    object_child_foreach_recursive(root, qdev_collect_unplug_pending,
                                   &pending);
    pending = g_slist_reverse(pending);
    for (GSList *l = pending; l; l = l->next) {
        DeviceState *dev = l->data;

        /* One that went with an earlier one's child bus is already out. */
        if (dev->unplug_pending && object_get_parent(OBJECT(dev))) {
            qdev_unplug_complete(dev);
        }
    }
    g_slist_free_full(pending, object_unref);
}

void qdev_reset_tree(Object *root)
{
    qdev_complete_pending_unplugs(root);
    qdev_reset_one(root, NULL);
    object_child_foreach_recursive(root, qdev_reset_one, NULL);
}

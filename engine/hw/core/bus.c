/* Buses: naming, plugging devices in, realize, lookup. */
#include "bus.h"

#include <string.h>

#include "object-link.h"
#include "object-path.h"

BusState *qbus_new(const char *type, DeviceState *parent, const char *name)
{
    BusState *bus = BUS(object_new(type));
    BusClass *bc = BUS_GET_CLASS(bus);
    g_autofree char *auto_name = NULL;

    if (!name) {
        if (parent && parent->id) {
            auto_name = g_strdup_printf("%s.%u", parent->id,
                                        g_list_length(parent->child_buses));
        } else {
            g_autofree char *lower = g_ascii_strdown(type, -1);

            auto_name = g_strdup_printf("%s.%u", lower, bc->automatic_ids++);
        }
        name = auto_name;
    }
    bus->name = g_strdup(name);
    bus->parent = parent;
    if (parent) {
        /* The parent device owns the bus: its only reference. */
        object_property_add_child(OBJECT(parent), bus->name, OBJECT(bus));
        object_unref(bus);
        parent->child_buses = g_list_append(parent->child_buses, bus);
    }
    return bus;
}

bool qbus_has_room(BusState *bus)
{
    unsigned max = BUS_GET_CLASS(bus)->max_dev;

    return !max || bus->num_children < max;
}

void qbus_set_hotplug_handler(BusState *bus, const BusHotplugOps *ops,
                              void *opaque)
{
    bus->hotplug_ops = ops;
    bus->hotplug_opaque = opaque;
}

bool qbus_is_hotpluggable(const BusState *bus)
{
    return bus->hotplug_ops != NULL;
}

bool qbus_realize(BusState *bus, Error **errp)
{
    BusClass *bc = BUS_GET_CLASS(bus);

    if (bus->realized) {
        return true;
    }
    if (bc->realize && !bc->realize(bus, errp)) {
        return false;
    }
    bus->realized = true;
    return true;
}

void qbus_unrealize(BusState *bus)
{
    BusClass *bc = BUS_GET_CLASS(bus);

    if (!bus->realized) {
        return;
    }
    /* Newest first: the reverse of the order they came. */
    for (GList *l = bus->children; l; l = l->next) {
        qdev_unrealize(l->data);
    }
    if (bc->unrealize) {
        bc->unrealize(bus);
    }
    bus->realized = false;
}

bool qbus_add_device(BusState *bus, DeviceState *dev, Error **errp)
{
    DeviceClass *dc = DEVICE_GET_CLASS(dev);
    const char *type = object_get_typename(OBJECT(dev));

    g_assert(!dev->parent_bus);
    if (!dc->bus_type || !object_dynamic_cast(OBJECT(bus), dc->bus_type)) {
        error_setg(errp, "bus '%s' is of type '%s', device '%s' needs '%s'",
                   bus->name, object_get_typename(OBJECT(bus)), type,
                   dc->bus_type ? dc->bus_type : "no bus");
        return false;
    }
    if (!qbus_has_room(bus)) {
        error_setg(errp, "bus '%s' is full", bus->name);
        return false;
    }
    /* The bus's reference on the device, dropped in qbus_remove_device(). */
    bus->children = g_list_prepend(bus->children, object_ref(dev));
    bus->num_children++;
    dev->parent_bus = bus;
    return true;
}

void qbus_remove_device(DeviceState *dev)
{
    BusState *bus = dev->parent_bus;

    if (!bus) {
        return;
    }
    bus->children = g_list_remove(bus->children, dev);
    bus->num_children--;
    dev->parent_bus = NULL;
    object_unref(dev);
}

char *qbus_format_address(DeviceState *dev)
{
    BusState *bus = dev->parent_bus;
    BusClass *bc = bus ? BUS_GET_CLASS(bus) : NULL;

    return bc && bc->format_address ? bc->format_address(bus, dev) : NULL;
}

typedef bool BusMatch(BusState *bus, const void *data);

static BusState *qbus_walk(BusState *bus, BusMatch *match, const void *data)
{
    if (match(bus, data)) {
        return bus;
    }
    /* Oldest device first, so the board's buses win over later ones. */
    for (GList *l = g_list_last(bus->children); l; l = l->prev) {
        DeviceState *dev = l->data;

        for (GList *b = dev->child_buses; b; b = b->next) {
            BusState *found = qbus_walk(b->data, match, data);

            if (found) {
                return found;
            }
        }
    }
    return NULL;
}

static bool bus_match_name(BusState *bus, const void *data)
{
    return !strcmp(bus->name, data);
}

static bool bus_match_type_with_room(BusState *bus, const void *data)
{
    return object_dynamic_cast(OBJECT(bus), data) && qbus_has_room(bus);
}

BusState *qbus_find(BusState *root, const char *name, Error **errp)
{
    BusState *bus = NULL;

    if (name[0] == '/') {
        Object *obj = object_resolve_path_type(name, TYPE_BUS, NULL);

        bus = obj ? BUS(obj) : NULL;
    } else {
        bus = qbus_walk(root, bus_match_name, name);
    }
    if (!bus) {
        error_set(errp, ERROR_CLASS_DEVICE_NOT_FOUND, "bus '%s' not found",
                  name);
    }
    return bus;
}

BusState *qbus_find_by_type(BusState *root, const char *type)
{
    return qbus_walk(root, bus_match_type_with_room, type);
}

/* Leaving the tree: the devices on the bus go first. */
static void bus_unparent(Object *obj)
{
    BusState *bus = BUS(obj);

    qbus_unrealize(bus);
    while (bus->children) {
        DeviceState *dev = bus->children->data;

        object_ref(dev);
        object_unparent(OBJECT(dev));
        /* A device nobody parented is still on the bus. */
        qbus_remove_device(dev);
        object_unref(dev);
    }
    if (bus->parent) {
        bus->parent->child_buses = g_list_remove(bus->parent->child_buses,
                                                 bus);
        bus->parent = NULL;
    }
}

static void bus_finalize(Object *obj)
{
    BusState *bus = BUS(obj);

    g_assert(!bus->children);
    g_free(bus->name);
}

static void bus_class_init(ObjectClass *oc, const void *data)
{
    oc->unparent = bus_unparent;
}

static const TypeInfo bus_type_info = {
    .name = TYPE_BUS,
    .parent = TYPE_OBJECT,
    .instance_size = sizeof(BusState),
    .instance_finalize = bus_finalize,
    .abstract = true,
    .class_size = sizeof(BusClass),
    .class_init = bus_class_init,
};

static void bus_register_types(void)
{
    type_register_static(&bus_type_info);
}

type_init(bus_register_types)

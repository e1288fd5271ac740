/* Buses: where devices plug in, and who may hot-plug them.
 *
 * A bus (TYPE_BUS, abstract) belongs to a device (its QOM parent, and an
 * entry in the device's child_buses) or, for the main system bus, to the
 * machine. It holds a reference on each device plugged into it; children
 * lists newest first, as `info qtree` prints them. A bus class may limit
 * how many devices fit (max_dev), format a device's address for messages
 * and `info qtree` (format_address) and print its own qtree lines
 * (print_dev).
 *
 * Hotplug: a bus is hotpluggable when it has a handler, a set of function
 * pointers with an opaque (qbus_set_hotplug_handler()). This is simpler
 * than QEMU's HotplugHandler QOM interface: the handler is whoever set it
 * (a machine, a controller), and no lookup through the machine exists yet.
 *
 * Naming (qbus_new()): the explicit name; else "<parent id>.<n>" when the
 * parent device has an id (n: how many buses it had before); else the
 * lower-cased type name and a per-class counter ("test-bus.0").
 *
 * Ownership: qbus_new() returns the bus lent (its parent owns it).
 * Failures: one line, see qdev.h. Main thread only. */
#pragma once

#include "qdev.h"

OBJECT_DECLARE_TYPE(BusState, BusClass, BUS)

typedef struct BusHotplugOps {
    /* After the device realized; false refuses (the device is unrealized
     * again). NULL: nothing to do. */
    bool (*plug)(BusState *bus, DeviceState *dev, void *opaque,
                 Error **errp);
    /* Asks the guest to let go; the handler calls qdev_unplug_complete()
     * once it has. NULL: removal is immediate. */
    bool (*unplug_request)(BusState *bus, DeviceState *dev, void *opaque,
                           Error **errp);
    /* The device is going (before it unrealizes). NULL: nothing to do. */
    void (*unplug)(BusState *bus, DeviceState *dev, void *opaque);
} BusHotplugOps;

struct BusState {
    Object parent_obj;
    DeviceState *parent;        /* NULL for the main system bus */
    char *name;
    GList *children;            /* DeviceState *, newest first, ref held */
    unsigned num_children;
    bool realized;
    const BusHotplugOps *hotplug_ops;
    void *hotplug_opaque;
};

struct BusClass {
    ObjectClass parent_class;
    /* Bus-level setup once the parent device realized, and its undoing. */
    bool (*realize)(BusState *bus, Error **errp);
    void (*unrealize)(BusState *bus);
    /* A device's address on this bus ("slot 1"), a new string, for
     * messages and the monitor; NULL: the bus has no addresses. */
    char *(*format_address)(BusState *bus, DeviceState *dev);
    /* Extra `info qtree` lines for dev, each at `indent` spaces. */
    void (*print_dev)(GString *out, DeviceState *dev, int indent);
    unsigned max_dev;           /* 0: no limit */
    unsigned automatic_ids;     /* the naming counter */
};

/* A new bus of type on parent, lent (the parent owns it). parent is NULL
 * only for the main system bus: then the caller gets the reference and
 * places the bus (sysbus.c). name may be NULL (see the top). */
BusState *qbus_new(const char *type, DeviceState *parent, const char *name);

/* Whether another device fits. */
bool qbus_has_room(BusState *bus);

/* Hotplug handler; ops NULL makes the bus cold-plug only. ops must live
 * as long as the bus. */
void qbus_set_hotplug_handler(BusState *bus, const BusHotplugOps *ops,
                              void *opaque);
bool qbus_is_hotpluggable(const BusState *bus);

/* Realize / unrealize the bus: unrealize first unrealizes the devices on
 * it, newest first. */
bool qbus_realize(BusState *bus, Error **errp);
void qbus_unrealize(BusState *bus);

/* Plugs dev into bus: the type must match and there must be room (the
 * errors in qdev.h). Does not realize. */
bool qbus_add_device(BusState *bus, DeviceState *dev, Error **errp);
/* Takes dev off its bus (no-op without one); the bus's reference goes. */
void qbus_remove_device(DeviceState *dev);

/* dev's address on its bus (the bus class's format_address), a new
 * string; NULL when dev is on no bus or the bus has no addresses. */
char *qbus_format_address(DeviceState *dev);

/* The bus called name (a QOM path starting with '/', else a bus name
 * searched depth first from root), lent; "bus 'x' not found" otherwise. */
BusState *qbus_find(BusState *root, const char *name, Error **errp);
/* The first bus of type (or a subtype) with room, depth first from root;
 * NULL when there is none. */
BusState *qbus_find_by_type(BusState *root, const char *type);

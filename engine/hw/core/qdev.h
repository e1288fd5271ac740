/* qdev: devices, how they are placed in the machine, realized and removed.
 *
 * A device (TYPE_DEVICE, abstract) is a QOM object that sits on a bus
 * (bus.h) and goes through two states: built (properties may be set) and
 * realized (in use). Setting its "realized" property to true realizes it:
 * the class's realize(), then its fixed properties are frozen
 * (object-freeze.h), then each of its child buses is realized in the
 * order they were created. Setting it to false undoes that in reverse:
 * child buses (newest first) unrealize the devices on them and themselves,
 * then the class's unrealize(), then the properties thaw.
 *
 * Where a device lives in the QOM tree (qdev_set_id()):
 *   with an id        /machine/peripheral/ID
 *   without one       /machine/peripheral-anon/device[N]
 *   board-created     /machine/unattached/device[N], given at realize to a
 *                     device nobody parented.
 * "/machine" is the machine object, or a container when no machine exists
 * (the unit tests); a test unparents it to start afresh.
 *
 * Hotplug goes through the bus's handler (bus.h): qdev_device_add() with
 * hotplug realizes and then plugs; qdev_unplug() asks the handler, and once
 * the removal is complete (at once, or when the handler calls
 * qdev_unplug_complete(), which it may do inside unplug_request() when the
 * guest holds nothing) the device is unrealized, unparented and every
 * DEVICE_DELETED listener is told. A reset of the tree (qdev_reset_tree(),
 * system_reset) completes every pending unplug first: the guest that held
 * the device lets go of everything.
 *
 * Ownership: qdev_new() returns a reference the caller owns; the tree and
 * the bus each take their own. qdev_device_add() lends the device (the tree
 * owns it). Failures are one line each: "bus 'x' not found", "bus 'x' is
 * full", "no free 'T' bus for device 'D': all N are full", "bus 'x' is of
 * type 'A', device 'D' needs 'B'", "duplicate ID 'x' for device", "bus 'x'
 * does not support hotplugging", "device 'x' is already in the process of
 * unplug", or the device's own realize error. Main thread only. */
#pragma once

#include "irq.h"
#include "object.h"
#include "qdict.h"
#include "visitor.h"

#define TYPE_DEVICE "device"
#define TYPE_BUS "bus"

typedef struct BusState BusState;
OBJECT_DECLARE_TYPE(DeviceState, DeviceClass, DEVICE)

struct DeviceState {
    Object parent_obj;
    char *id;                   /* NULL: anonymous */
    bool realized;
    bool hotplugged;
    bool unplug_pending;        /* unplug requested, not yet complete */
    BusState *parent_bus;       /* weak: the bus holds a reference on us */
    GList *child_buses;         /* BusState *, oldest first, owned as QOM
                                   children */
    GList *gpios;               /* QdevGpioSet *, newest first */
};

/* A named set of GPIO pins, for `info qtree`; name NULL: the unnamed set. */
typedef struct QdevGpioSet {
    char *name;
    int num_in;
    int num_out;
} QdevGpioSet;

/* realize() sets an error and returns false when it cannot finish, having
 * undone what it did; unrealize() cannot fail. A subclass that overrides
 * them saves the parent's and calls it. */
typedef bool DeviceRealize(DeviceState *dev, Error **errp);
typedef void DeviceUnrealize(DeviceState *dev);

struct DeviceClass {
    ObjectClass parent_class;
    const char *bus_type;       /* the bus it plugs into; NULL: none */
    bool hotpluggable;          /* default true */
    bool user_creatable;        /* default true */
    DeviceRealize *realize;
    DeviceUnrealize *unrealize;
    /* Back to the power-on state (system_reset); NULL: nothing to do. */
    void (*reset)(DeviceState *dev);
};

/* A new device of a type that must exist and be a concrete device type. */
DeviceState *qdev_new(const char *type);

/* Places dev in the QOM tree as described at the top; dev must not have a
 * parent yet. Fails only for a duplicate id. */
bool qdev_set_id(DeviceState *dev, const char *id, Error **errp);

/* Puts dev on bus (NULL: no bus, for a device whose class has no bus type)
 * and realizes it. On failure dev is off the bus again and unrealized. A
 * device unrealized with qdev_unrealize() stays on its bus and may be
 * realized again on the same one. */
bool qdev_realize(DeviceState *dev, BusState *bus, Error **errp);
/* The same, then drops the caller's reference (on success and failure). */
bool qdev_realize_and_unref(DeviceState *dev, BusState *bus, Error **errp);
/* Unrealizes (child buses first); a no-op for an unrealized device. */
void qdev_unrealize(DeviceState *dev);

/* Completes every unplug pending under root (see the top), then resets
 * every realized device in the QOM tree under root (itself included),
 * parents before children. */
void qdev_reset_tree(Object *root);

/* The device's -device front door, minus the properties: finds the bus
 * (bus_name: a bus name or a QOM path to one; NULL: the first bus of the
 * class's type with room, depth first from the main system bus), creates
 * the device, places it (qdev_set_id), sets each "name=value" of props
 * (NULL-terminated, may be NULL) and realizes it. With hotplug, the bus
 * must have a hotplug handler and the device must be hotpluggable; the
 * handler's plug() runs after realize. Refuses a type that is not a
 * concrete device or not user_creatable. The device is lent. */
DeviceState *qdev_device_add(const char *type, const char *id,
                             const char *bus_name, const char *const *props,
                             bool hotplug, Error **errp);
/* The same with the properties in a dict, set through v as
 * object_set_props() does (NULL: a strict QObject input visitor, for
 * device_add's typed JSON; a keyval visitor for -device's text). */
DeviceState *qdev_device_add_props(const char *type, const char *id,
                                   const char *bus_name, const QDict *props,
                                   Visitor *v, bool hotplug, Error **errp);

/* device_del: refuses where the bus has no hotplug handler or the device
 * is not hotpluggable, and while an unplug is already pending. Otherwise
 * asks the handler's unplug_request() when it has one, with
 * unplug_pending already set (the removal completes when the handler
 * calls qdev_unplug_complete(), then or later, or at the next reset), or
 * completes at once. True when the request was taken: dev may be gone. */
bool qdev_unplug(DeviceState *dev, Error **errp);
/* The handler's unplug(), unrealize, unparent (which drops the tree's
 * reference) and DEVICE_DELETED. */
void qdev_unplug_complete(DeviceState *dev);

/* DEVICE_DELETED listeners: called with the device's id (NULL when it has
 * none) and its QOM path, after it left the tree. The list is a process
 * global, like the QMP event channel it will feed. */
typedef void QdevDeletedListener(const char *id, const char *path,
                                 void *opaque);
void qdev_add_deleted_listener(QdevDeletedListener *fn, void *opaque);
void qdev_remove_deleted_listener(QdevDeletedListener *fn, void *opaque);

/* GPIO pins (irq.h) that `info qtree` lists: gpio_init_in() /
 * gpio_init_out() on dev, recorded under name. */
void qdev_init_gpio_in(DeviceState *dev, IrqHandler *handler, int n,
                       const char *name);
void qdev_init_gpio_out(DeviceState *dev, IrqLine **pins, int n,
                        const char *name);
/* Records n more pins of set name for code that makes its own pin
 * properties (sysbus IRQs, added one at a time). */
void qdev_gpio_record(DeviceState *dev, const char *name, int num_in,
                      int num_out);

/* "/machine", created as a container when missing. Lent. */
Object *qdev_get_machine(void);

/* The name messages use for dev: its id, else its QOM path, else its
 * type. A new string. */
char *qdev_describe(DeviceState *dev);

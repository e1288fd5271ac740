/* The device front doors: -device, [device] config groups and QMP's
 * device_add all end in qdev_device_add_opts(); device_del, the
 * DEVICE_DELETED event, device-list-properties and the help texts
 * (`-device help`, `-device DRIVER,help`) live here too.
 *
 * opts is the QMP argument dict: "driver", optional "bus" and "id", and the
 * device's properties at the top level. From JSON (device_add, -device
 * '{...}') the values are typed and checked strictly; from text (-device
 * a,b=c, config groups) every value is a string the property's type parses.
 *
 * Ownership: devices are lent (the QOM tree owns them); help texts are the
 * caller's. Fallible calls take Error **errp last and return false/NULL. */
#pragma once

#include "qdev.h"

/* hotplug: the machine already runs (or ran) a guest. */
DeviceState *qdev_device_add_opts(const QDict *opts, bool from_json,
                                  bool hotplug, Error **errp);

/* `-device help`: every device a user can create, with its bus. */
char *qdev_device_help_text(void);
/* `-device DRIVER,help`: its properties, types, docs and defaults; NULL
 * with an error for a type that is not a creatable device. */
char *qdev_device_props_help_text(const char *driver, Error **errp);
/* The same layout for any QOM type (`-object TYPE,help`). */
char *qdev_type_props_help_text(const char *type_name, Error **errp);

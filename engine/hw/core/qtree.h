/* `info qtree`: the bus and device tree as text.
 *
 * From a bus, recursively: "bus: NAME", "  type TYPE", then for each device
 * (newest first) "  dev: TYPE, id \"ID\"", its GPIO sets ("gpio-in \"\" 2",
 * "gpio-out \"sysbus-irq\" 1", newest set first), its static properties, the
 * bus's own lines (sysbus: "mmio ADDR/SIZE"), then its child buses, each
 * level two spaces further in. Static properties are the ones the schema
 * declares (qom-schema.h), leaf class first and up to "device", each
 * "name = value" in the human string form ("10 (0xa)", "4096 (4 KiB)",
 * "\"text\""). A property that cannot be read is left out.
 *
 * Returns a new string, each line ending in '\n'. Cannot fail. */
#pragma once

#include "bus.h"

char *qdev_format_qtree(BusState *bus);

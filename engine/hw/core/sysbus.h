/* System bus devices: devices that decode MMIO regions and raise IRQ lines
 * directly, on the main system bus ("main-system-bus", type "System").
 *
 * A SysBusDevice declares its regions and IRQ outputs in realize (or
 * instance_init) with sysbus_init_mmio() and sysbus_init_irq(); the board
 * then maps the regions with sysbus_mmio_map() and wires the IRQs with
 * sysbus_connect_irq(). A region is unmapped when the device leaves the
 * tree, before its owner finalizes it.
 *
 * The main system bus is a child of /machine/unattached ("sysbus"),
 * created on first use and realized from the start: it goes with
 * /machine.
 *
 * Ownership: regions belong to the device; sysbus_get_default() lends.
 * IRQ output N is the strong link property "sysbus-irq[N]" (irq.h's
 * outputs): a connected IrqLine is referenced until it disconnects or the
 * device goes. Exceeding SYSBUS_MAX_MMIO or SYSBUS_MAX_IRQ is a bug and
 * aborts: the counts are fixed by the device model, not by a user. */
#pragma once

#include "bus.h"
#include "irq.h"
#include "memory.h"

#define TYPE_SYSTEM_BUS "System"
#define TYPE_SYS_BUS_DEVICE "sys-bus-device"

OBJECT_DECLARE_SIMPLE_TYPE(SysBusDevice, SYS_BUS_DEVICE)

enum { SYSBUS_MAX_MMIO = 32, SYSBUS_MAX_IRQ = 32 };

struct SysBusDevice {
    DeviceState parent_obj;
    unsigned num_mmio;
    MemoryRegion *mmio[SYSBUS_MAX_MMIO];
    unsigned num_irq;           /* pins "sysbus-irq[N]", strong links */
};

/* The main system bus, created on first use. Lent. */
BusState *sysbus_get_default(void);

/* Declares region mr (owned by dev) as MMIO region number num_mmio. */
void sysbus_init_mmio(SysBusDevice *dev, MemoryRegion *mr);
/* Declares *p (a field of dev, starting NULL) as IRQ output num_irq. */
void sysbus_init_irq(SysBusDevice *dev, IrqLine **p);
/* Maps region n at addr in parent (moving it if it was mapped). */
void sysbus_mmio_map(SysBusDevice *dev, unsigned n, MemoryRegion *parent,
                     hwaddr addr);
/* Points IRQ output n at line (NULL disconnects). */
void sysbus_connect_irq(SysBusDevice *dev, unsigned n, IrqLine *line);

/* qdev_realize() on the main system bus. */
bool sysbus_realize(SysBusDevice *dev, Error **errp);
bool sysbus_realize_and_unref(SysBusDevice *dev, Error **errp);

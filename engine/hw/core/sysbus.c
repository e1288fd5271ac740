/* System bus devices and the main system bus. */
#include "sysbus.h"

#include <inttypes.h>

#include "object-link.h"
#include "object-path.h"

BusState *sysbus_get_default(void)
{
    Object *unattached = container_get(qdev_get_machine(), "unattached");
    Object *obj = object_resolve_path_component(unattached, "sysbus");

    if (obj) {
        return BUS(obj);
    }
    BusState *bus = qbus_new(TYPE_SYSTEM_BUS, NULL, "main-system-bus");

    /* The machine owns it: the container takes our reference. */
    object_property_add_child(unattached, "sysbus", OBJECT(bus));
    object_unref(bus);
    bus->realized = true;
    return bus;
}

void sysbus_init_mmio(SysBusDevice *dev, MemoryRegion *mr)
{
    g_assert(dev->num_mmio < SYSBUS_MAX_MMIO);
    dev->mmio[dev->num_mmio++] = mr;
}

void sysbus_init_irq(SysBusDevice *dev, IrqLine **p)
{
    g_assert(dev->num_irq < SYSBUS_MAX_IRQ);
    g_autofree char *pin = g_strdup_printf("sysbus-irq[%u]", dev->num_irq++);

    /* IrqLine starts with its Object, so the pin is an Object * slot. */
    object_property_add_link(OBJECT(dev), pin, TYPE_IRQ, (Object **)p,
                             object_property_allow_set_link,
                             OBJ_PROP_LINK_STRONG);
    qdev_gpio_record(DEVICE(dev), "sysbus-irq", 0, 1);
}

void sysbus_mmio_map(SysBusDevice *dev, unsigned n, MemoryRegion *parent,
                     hwaddr addr)
{
    g_assert(n < dev->num_mmio);
    MemoryRegion *mr = dev->mmio[n];

    if (mr->container) {
        memory_region_del_subregion(mr->container, mr);
    }
    memory_region_add_subregion(parent, addr, mr);
}

void sysbus_connect_irq(SysBusDevice *dev, unsigned n, IrqLine *line)
{
    g_assert(n < dev->num_irq);
    g_autofree char *pin = g_strdup_printf("sysbus-irq[%u]", n);

    object_property_set_link(OBJECT(dev), pin, OBJECT(line), &error_abort);
}

bool sysbus_realize(SysBusDevice *dev, Error **errp)
{
    return qdev_realize(DEVICE(dev), sysbus_get_default(), errp);
}

bool sysbus_realize_and_unref(SysBusDevice *dev, Error **errp)
{
    return qdev_realize_and_unref(DEVICE(dev), sysbus_get_default(), errp);
}

static void sysbus_print_dev(GString *out, DeviceState *dev, int indent)
{
    SysBusDevice *s = SYS_BUS_DEVICE(dev);

    for (unsigned i = 0; i < s->num_mmio; i++) {
        MemoryRegion *mr = s->mmio[i];
        /* An unmapped region shows all ones, as QEMU prints it. */
        hwaddr addr = mr->container ? mr->addr : UINT64_MAX;

        g_string_append_printf(out, "%*smmio %016" PRIx64 "/%016" PRIx64 "\n",
                               indent, "", addr, mr->size);
    }
}

/* Regions leave their containers before the device's finalize can free
 * them. */
static void sysbus_device_unparent(Object *obj)
{
    SysBusDevice *s = SYS_BUS_DEVICE(obj);

    object_class_by_name(TYPE_DEVICE)->unparent(obj);
    for (unsigned i = 0; i < s->num_mmio; i++) {
        if (s->mmio[i]->container) {
            memory_region_del_subregion(s->mmio[i]->container, s->mmio[i]);
        }
    }
}

static void sysbus_device_class_init(ObjectClass *oc, const void *data)
{
    DeviceClass *dc = DEVICE_CLASS(oc);

    dc->bus_type = TYPE_SYSTEM_BUS;
    oc->unparent = sysbus_device_unparent;
}

static void system_bus_class_init(ObjectClass *oc, const void *data)
{
    BUS_CLASS(oc)->print_dev = sysbus_print_dev;
}

static const TypeInfo sysbus_types[] = {
    {
        .name = TYPE_SYSTEM_BUS,
        .parent = TYPE_BUS,
        .instance_size = sizeof(BusState),
        .class_init = system_bus_class_init,
    },
    {
        .name = TYPE_SYS_BUS_DEVICE,
        .parent = TYPE_DEVICE,
        .instance_size = sizeof(SysBusDevice),
        .abstract = true,
        .class_init = sysbus_device_class_init,
    },
};

DEFINE_TYPES(sysbus_types)

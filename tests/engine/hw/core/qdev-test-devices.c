/* Test devices for the qdev tests: see qdev-test-devices.h. */
#include "qdev-test-devices.h"

#include <string.h>

#include "object-global.h"
#include "object-link.h"
#include "object-path.h"

GString *qdev_test_log;

static void log_event(const char *what, const char *name)
{
    if (!qdev_test_log) {
        qdev_test_log = g_string_new(NULL);
    }
    g_string_append_printf(qdev_test_log, "%s:%s ", what, name);
}

static const char *dev_name(DeviceState *dev)
{
    return dev->id ? dev->id : object_get_typename(OBJECT(dev));
}

void qdev_test_reset(void)
{
    object_unparent(qdev_get_machine());
    object_global_props_clear();
    if (qdev_test_log) {
        g_string_truncate(qdev_test_log, 0);
    }
}

static uint64_t test_uart_read(void *opaque, hwaddr off, unsigned size)
{
    return 0;
}

static const MemoryRegionOps test_uart_ops = {
    .read = test_uart_read, .min_access = 1, .max_access = 1,
};

static void test_uart_init(Object *obj)
{
    TestUart *s = TEST_UART(obj);

    memory_region_init_io(&s->mmio, "test-uart", &test_uart_ops, s, 0x100);
    sysbus_init_mmio(SYS_BUS_DEVICE(s), &s->mmio);
    sysbus_init_irq(SYS_BUS_DEVICE(s), &s->irq);
}

static void test_uart_finalize(Object *obj)
{
    memory_region_finalize(&TEST_UART(obj)->mmio);
}

static bool test_uart_realize(DeviceState *dev, Error **errp)
{
    TestUart *s = TEST_UART(dev);

    if (s->props.label && !strcmp(s->props.label, "broken")) {
        error_setg(errp, "test-uart 'broken' cannot start");
        return false;
    }
    log_event("realize", dev_name(dev));
    return true;
}

static void test_uart_unrealize(DeviceState *dev)
{
    log_event("unrealize", dev_name(dev));
}

static void test_uart_class_init(ObjectClass *oc, const void *data)
{
    DeviceClass *dc = DEVICE_CLASS(oc);

    qom_test_uart_class_add_properties(
        oc, QOM_PROPS_OFFSET(TestUart, props, TestUartProperties));
    dc->realize = test_uart_realize;
    dc->unrealize = test_uart_unrealize;
}

static void test_ctrl_set_irq(void *opaque, int n, int level)
{
}

/* Two unnamed inputs, so info qtree has a gpio-in line to show. */
static void test_ctrl_init(Object *obj)
{
    qdev_init_gpio_in(DEVICE(obj), test_ctrl_set_irq, 2, NULL);
}

static bool test_ctrl_realize(DeviceState *dev, Error **errp)
{
    TestCtrl *s = TEST_CTRL(dev);

    if (!s->bus) {
        s->bus = qbus_new(TYPE_TEST_BUS, dev, NULL);
    }
    log_event("realize", dev_name(dev));
    return true;
}

static void test_ctrl_class_init(ObjectClass *oc, const void *data)
{
    DeviceClass *dc = DEVICE_CLASS(oc);

    qom_test_ctrl_class_add_properties(
        oc, QOM_PROPS_OFFSET(TestCtrl, props, TestCtrlProperties));
    dc->realize = test_ctrl_realize;
    dc->unrealize = test_uart_unrealize;
}

static bool test_leaf_realize(DeviceState *dev, Error **errp)
{
    log_event("realize", dev_name(dev));
    return true;
}

static void test_leaf_class_init(ObjectClass *oc, const void *data)
{
    DeviceClass *dc = DEVICE_CLASS(oc);

    qom_test_leaf_class_add_properties(
        oc, QOM_PROPS_OFFSET(TestLeaf, props, TestLeafProperties));
    dc->bus_type = TYPE_TEST_BUS;
    dc->realize = test_leaf_realize;
    dc->unrealize = test_uart_unrealize;
}

static bool test_bus_realize(BusState *bus, Error **errp)
{
    log_event("realize", bus->name);
    return true;
}

static void test_bus_unrealize(BusState *bus)
{
    log_event("unrealize", bus->name);
}

static char *test_bus_format_address(BusState *bus, DeviceState *dev)
{
    return g_strdup_printf("slot %u", TEST_LEAF(dev)->props.slot);
}

static void test_bus_class_init(ObjectClass *oc, const void *data)
{
    BusClass *bc = BUS_CLASS(oc);

    bc->realize = test_bus_realize;
    bc->unrealize = test_bus_unrealize;
    bc->format_address = test_bus_format_address;
    bc->max_dev = 2;
}

static const TypeInfo test_types[] = {
    {
        QOM_TEST_UART_TYPE_INFO,
        .instance_size = sizeof(TestUart),
        .instance_init = test_uart_init,
        .instance_finalize = test_uart_finalize,
        .class_init = test_uart_class_init,
    },
    {
        QOM_TEST_CTRL_TYPE_INFO,
        .instance_size = sizeof(TestCtrl),
        .instance_init = test_ctrl_init,
        .class_init = test_ctrl_class_init,
    },
    {
        QOM_TEST_LEAF_TYPE_INFO,
        .instance_size = sizeof(TestLeaf),
        .class_init = test_leaf_class_init,
    },
    {
        .name = TYPE_TEST_BUS,
        .parent = TYPE_BUS,
        .instance_size = sizeof(BusState),
        .class_init = test_bus_class_init,
    },
};

DEFINE_TYPES(test_types)

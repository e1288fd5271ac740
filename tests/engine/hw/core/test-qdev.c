/* qdev and buses: realize order, placement in the QOM tree, bus selection,
 * hotplug, globals and fixed properties, on the devices of
 * qdev-test-devices.h. Each test starts from an empty /machine. */
#include "object-global.h"
#include "object-path.h"
#include "qdev-test-devices.h"

static DeviceState *add(const char *type, const char *id, const char *bus)
{
    return qdev_device_add(type, id, bus, NULL, false, &error_abort);
}

static void assert_error(Error **errp, const char *msg)
{
    g_assert_nonnull(*errp);
    g_assert_cmpstr(error_get_pretty(*errp), ==, msg);
    error_free(*errp);
    *errp = NULL;
}

static void assert_log(const char *expected)
{
    g_assert_cmpstr(qdev_test_log ? qdev_test_log->str : "", ==, expected);
    g_string_truncate(qdev_test_log, 0);
}

/* The device's own realize, then its child bus; unrealize is the mirror:
 * the bus unrealizes its devices, then itself, then the device goes. */
static void test_realize_order(void)
{
    DeviceState *ctrl = add(TYPE_TEST_CTRL, "ctrl0", NULL);

    assert_log("realize:ctrl0 realize:ctrl0.0 ");
    add(TYPE_TEST_LEAF, "leaf0", "ctrl0.0");
    assert_log("realize:leaf0 ");
    g_assert_true(object_property_set_bool(OBJECT(ctrl), "realized", false,
                                           &error_abort));
    assert_log("unrealize:leaf0 unrealize:ctrl0.0 unrealize:ctrl0 ");
    g_assert_false(ctrl->realized);
    g_assert_false(TEST_CTRL(ctrl)->bus->realized);
    qdev_test_reset();
}

/* The order is fixed, so nothing may realize onto a bus before the bus
 * itself is realized. */
static void test_realize_refuses_unrealized_bus(void)
{
    Error *err = NULL;
    DeviceState *ctrl = add(TYPE_TEST_CTRL, "c0", NULL);

    qdev_unrealize(ctrl);
    g_assert_null(qdev_device_add(TYPE_TEST_LEAF, "l0", "c0.0", NULL, false,
                                  &err));
    assert_error(&err, "bus 'c0.0' is not realized yet");
    g_assert_cmpuint(TEST_CTRL(ctrl)->bus->num_children, ==, 0);
    qdev_test_reset();
}

/* A failed realize leaves nothing behind: not adopted, not on the bus. */
static void test_realize_failure_unwinds(void)
{
    DeviceState *dev = qdev_new(TYPE_TEST_UART);
    Error *err = NULL;

    object_property_set_str(OBJECT(dev), "label", "broken", &error_abort);
    g_assert_false(qdev_realize(dev, sysbus_get_default(), &err));
    assert_error(&err, "test-uart 'broken' cannot start");
    g_assert_null(object_get_parent(OBJECT(dev)));
    g_assert_null(dev->parent_bus);
    g_assert_cmpuint(sysbus_get_default()->num_children, ==, 0);
    object_unref(dev);
    qdev_test_reset();
}

/* With an id, without one, and made by the board. */
static void test_placement_paths(void)
{
    DeviceState *named = add(TYPE_TEST_UART, "u0", NULL);
    DeviceState *anon = add(TYPE_TEST_UART, NULL, NULL);
    DeviceState *board = qdev_new(TYPE_TEST_UART);
    g_autofree char *p1 = object_get_canonical_path(OBJECT(named));
    g_autofree char *p2 = object_get_canonical_path(OBJECT(anon));
    g_autofree char *p3 = NULL;

    g_assert_true(sysbus_realize_and_unref(SYS_BUS_DEVICE(board),
                                           &error_abort));
    p3 = object_get_canonical_path(OBJECT(board));
    g_assert_cmpstr(p1, ==, "/machine/peripheral/u0");
    g_assert_cmpstr(p2, ==, "/machine/peripheral-anon/device[0]");
    g_assert_cmpstr(p3, ==, "/machine/unattached/device[0]");
    g_assert_true(object_resolve_path("/machine/peripheral/u0/parent_bus",
                                      NULL) == OBJECT(sysbus_get_default()));
    qdev_test_reset();
}

/* Without bus=, the first bus of the device's type with room; the second
 * controller's bus takes over once the first is full. */
static void test_bus_selection_by_type(void)
{
    add(TYPE_TEST_CTRL, "c0", NULL);
    add(TYPE_TEST_CTRL, "c1", NULL);
    DeviceState *a = add(TYPE_TEST_LEAF, NULL, NULL);
    DeviceState *b = add(TYPE_TEST_LEAF, NULL, NULL);
    DeviceState *c = add(TYPE_TEST_LEAF, NULL, NULL);

    g_assert_cmpstr(a->parent_bus->name, ==, "c0.0");
    g_assert_cmpstr(b->parent_bus->name, ==, "c0.0");
    g_assert_cmpstr(c->parent_bus->name, ==, "c1.0");
    /* The bus formats the address it gave. */
    g_autofree char *addr = qbus_format_address(c);

    g_assert_cmpstr(addr, ==, "slot 0");
    /* A QOM path names a bus too. */
    DeviceState *d = add(TYPE_TEST_LEAF, NULL, "/machine/peripheral/c1/c1.0");

    g_assert_cmpstr(d->parent_bus->name, ==, "c1.0");
    qdev_test_reset();
}

/* Each way bus= can be wrong, and a duplicate id. */
static void test_bus_selection_errors(void)
{
    Error *err = NULL;

    g_assert_null(qdev_device_add(TYPE_TEST_LEAF, NULL, NULL, NULL, false,
                                  &err));
    assert_error(&err, "no 'test-bus' bus with room for device 'test-leaf'");
    add(TYPE_TEST_CTRL, "c0", NULL);
    g_assert_null(qdev_device_add(TYPE_TEST_LEAF, NULL, "nope", NULL, false,
                                  &err));
    assert_error(&err, "bus 'nope' not found");
    g_assert_null(qdev_device_add(TYPE_TEST_LEAF, NULL, "main-system-bus",
                                  NULL, false, &err));
    assert_error(&err, "bus 'main-system-bus' is of type 'System', "
                      "device 'test-leaf' needs 'test-bus'");
    add(TYPE_TEST_LEAF, "l0", "c0.0");
    add(TYPE_TEST_LEAF, "l1", "c0.0");
    g_assert_null(qdev_device_add(TYPE_TEST_LEAF, "l2", "c0.0", NULL, false,
                                  &err));
    assert_error(&err, "bus 'c0.0' is full");
    g_assert_null(qdev_device_add(TYPE_TEST_UART, "l0", NULL, NULL, false,
                                  &err));
    assert_error(&err, "duplicate ID 'l0' for device");
    g_assert_null(qdev_device_add(TYPE_TEST_BUS, NULL, NULL, NULL, false,
                                  &err));
    assert_error(&err, "'test-bus' is not a device type one can create");
    /* Nothing was left half-made by the failures. */
    g_assert_null(object_resolve_path("/machine/peripheral/l2", NULL));
    g_assert_cmpuint(sysbus_get_default()->num_children, ==, 1);
    qdev_test_reset();
}

typedef struct HotplugRecord {
    unsigned plugs, requests, unplugs, deleted;
    char *deleted_id, *deleted_path;
} HotplugRecord;

static bool record_plug(BusState *bus, DeviceState *dev, void *opaque,
                        Error **errp)
{
    ((HotplugRecord *)opaque)->plugs++;
    return true;
}

static bool record_unplug_request(BusState *bus, DeviceState *dev,
                                  void *opaque, Error **errp)
{
    ((HotplugRecord *)opaque)->requests++;
    return true;
}

static void record_unplug(BusState *bus, DeviceState *dev, void *opaque)
{
    g_assert_true(dev->realized);
    ((HotplugRecord *)opaque)->unplugs++;
}

static void record_deleted(const char *id, const char *path, void *opaque)
{
    HotplugRecord *r = opaque;

    r->deleted++;
    g_free(r->deleted_id);
    g_free(r->deleted_path);
    r->deleted_id = g_strdup(id);
    r->deleted_path = g_strdup(path);
}

static const BusHotplugOps immediate_ops = {
    .plug = record_plug, .unplug = record_unplug,
};

static const BusHotplugOps guest_ops = {
    .plug = record_plug, .unplug_request = record_unplug_request,
    .unplug = record_unplug,
};

/* The main system bus has no handler: neither way works, and the device
 * stays. */
static void test_hotplug_refused(void)
{
    Error *err = NULL;
    DeviceState *dev = add(TYPE_TEST_UART, "u0", NULL);

    g_assert_null(qdev_device_add(TYPE_TEST_UART, "u1", NULL, NULL, true,
                                  &err));
    assert_error(&err, "bus 'main-system-bus' does not support hotplugging");
    g_assert_false(qdev_unplug(dev, &err));
    assert_error(&err, "bus 'main-system-bus' does not support hotplugging");
    g_assert_true(dev->realized);
    g_assert_null(object_resolve_path("/machine/peripheral/u1", NULL));
    qdev_test_reset();
}

/* add: realize, then plug; device_del with no guest to ask: unplug,
 * unrealize, DEVICE_DELETED. */
static void test_hotplug_immediate(void)
{
    HotplugRecord r = { 0 };
    DeviceState *ctrl = add(TYPE_TEST_CTRL, "c0", NULL);

    qbus_set_hotplug_handler(TEST_CTRL(ctrl)->bus, &immediate_ops, &r);
    qdev_add_deleted_listener(record_deleted, &r);
    DeviceState *leaf = qdev_device_add(TYPE_TEST_LEAF, "l0", NULL, NULL,
                                        true, &error_abort);

    g_assert_cmpuint(r.plugs, ==, 1);
    g_assert_true(leaf->realized && leaf->hotplugged);
    g_string_truncate(qdev_test_log, 0);
    g_assert_true(qdev_unplug(leaf, &error_abort));
    assert_log("unrealize:l0 ");
    g_assert_cmpuint(r.unplugs, ==, 1);
    g_assert_cmpuint(r.deleted, ==, 1);
    g_assert_cmpstr(r.deleted_id, ==, "l0");
    g_assert_cmpstr(r.deleted_path, ==, "/machine/peripheral/l0");
    g_assert_null(object_resolve_path("/machine/peripheral/l0", NULL));
    g_assert_cmpuint(TEST_CTRL(ctrl)->bus->num_children, ==, 0);
    qdev_remove_deleted_listener(record_deleted, &r);
    g_free(r.deleted_id);
    g_free(r.deleted_path);
    qdev_test_reset();
}

/* With a guest to ask, the removal waits for it; a second device_del in
 * the meantime is refused. */
static void test_hotplug_unplug_request(void)
{
    HotplugRecord r = { 0 };
    Error *err = NULL;
    DeviceState *ctrl = add(TYPE_TEST_CTRL, "c0", NULL);

    qbus_set_hotplug_handler(TEST_CTRL(ctrl)->bus, &guest_ops, &r);
    qdev_add_deleted_listener(record_deleted, &r);
    DeviceState *leaf = qdev_device_add(TYPE_TEST_LEAF, NULL, NULL, NULL,
                                        true, &error_abort);

    g_assert_true(qdev_unplug(leaf, &error_abort));
    g_assert_cmpuint(r.requests, ==, 1);
    g_assert_cmpuint(r.deleted, ==, 0);
    g_assert_true(leaf->realized);
    g_assert_false(qdev_unplug(leaf, &err));
    assert_error(&err, "device '/machine/peripheral-anon/device[0]' is "
                      "already in the process of unplug");
    qdev_unplug_complete(leaf);         /* the guest let go */
    g_assert_cmpuint(r.unplugs, ==, 1);
    g_assert_cmpuint(r.deleted, ==, 1);
    g_assert_null(r.deleted_id);
    g_assert_cmpstr(r.deleted_path, ==, "/machine/peripheral-anon/device[0]");
    qdev_remove_deleted_listener(record_deleted, &r);
    g_free(r.deleted_path);
    qdev_test_reset();
}

/* -global reaches devices the board creates, not only the user's. */
static void test_global_on_board_device(void)
{
    uint64_t irq = 0;

    g_assert_true(object_register_global_prop_str("test-uart.irq=5",
                                                  &error_abort));
    DeviceState *dev = qdev_new(TYPE_TEST_UART);

    g_assert_true(sysbus_realize_and_unref(SYS_BUS_DEVICE(dev),
                                           &error_abort));
    g_assert_true(object_property_get_uint(OBJECT(dev), "irq", &irq,
                                           &error_abort));
    g_assert_cmpuint(irq, ==, 5);
    g_assert_cmpuint(TEST_UART(dev)->props.irq, ==, 5);
    qdev_test_reset();
}

/* Realized: fixed properties refuse, runtime ones change; unrealized, the
 * fixed ones change again. */
static void test_fixed_properties_frozen(void)
{
    Error *err = NULL;
    DeviceState *dev = add(TYPE_TEST_UART, "u0", NULL);

    g_assert_false(object_property_set_uint(OBJECT(dev), "irq", 3, &err));
    assert_error(&err, "property 'irq' of 'test-uart' cannot change while "
                      "the device is realized (only properties marked "
                      "runtime can)");
    g_assert_true(object_property_set_uint(OBJECT(dev), "baud", 9600,
                                           &error_abort));
    g_assert_cmpuint(TEST_UART(dev)->props.baud, ==, 9600);
    qdev_unrealize(dev);
    g_assert_true(object_property_set_uint(OBJECT(dev), "irq", 3,
                                           &error_abort));
    /* Realized again, on the bus it never left: frozen again. */
    g_assert_true(qdev_realize(dev, dev->parent_bus, &error_abort));
    g_assert_false(object_property_set_uint(OBJECT(dev), "irq", 4, &err));
    error_free(err);
    g_assert_cmpuint(TEST_UART(dev)->props.irq, ==, 3);
    qdev_test_reset();
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/qdev/realize/device-then-its-buses-and-back",
                    test_realize_order);
    g_test_add_func("/qdev/realize/refused-onto-an-unrealized-bus",
                    test_realize_refuses_unrealized_bus);
    g_test_add_func("/qdev/realize/failure-leaves-nothing-behind",
                    test_realize_failure_unwinds);
    g_test_add_func("/qdev/placement/peripheral-anon-and-unattached",
                    test_placement_paths);
    g_test_add_func("/qdev/bus/first-of-its-type-with-room",
                    test_bus_selection_by_type);
    g_test_add_func("/qdev/bus/errors-name-the-bus-and-the-need",
                    test_bus_selection_errors);
    g_test_add_func("/qdev/hotplug/refused-without-a-handler",
                    test_hotplug_refused);
    g_test_add_func("/qdev/hotplug/plug-then-unplug-emits-deleted",
                    test_hotplug_immediate);
    g_test_add_func("/qdev/hotplug/unplug-waits-for-the-guest",
                    test_hotplug_unplug_request);
    g_test_add_func("/qdev/global/reaches-board-created-devices",
                    test_global_on_board_device);
    g_test_add_func("/qdev/properties/fixed-refuse-while-realized",
                    test_fixed_properties_frozen);
    return g_test_run();
}

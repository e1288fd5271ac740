/* The virtio-mmio transport as a guest and a user see it: empty slots,
 * where -device lands, feature negotiation, reset, interrupts, register
 * access rules and `info qtree` (hot-plug: test-virtio-mmio-hotplug.c). */
#include "virtio-test-driver.h"

#include <stdio.h>
#include <string.h>

#include "qom-schema.h"
#include "qtree.h"
#include "virtio-blk.h"

static const uint64_t all_features = UINT64_MAX;

static void assert_error_contains(Error **err, const char *part)
{
    g_assert_nonnull(*err);
    if (!strstr(error_get_pretty(*err), part)) {
        g_error("error '%s' lacks '%s'", error_get_pretty(*err), part);
    }
    g_clear_pointer(err, error_free);
}

static unsigned bus_number(VirtIOMMIO *t)
{
    const char *name = virtio_mmio_get_bus(t)->name;
    unsigned n;

    g_assert_true(g_str_has_prefix(name, "virtio-mmio-bus."));
    g_assert_cmpint(sscanf(name, "virtio-mmio-bus.%u", &n), ==, 1);
    return n;
}

/* Every slot answers like QEMU's empty one: magic, version 2, QEMU's
 * vendor, device ID 0, nothing offered, no queues. */
static void test_empty_slot(void)
{
    VtestMachine *m = vtest_machine_new();

    for (unsigned i = 0; i < VTEST_SLOTS; i++) {
        hwaddr b = vtest_slot_base(i);

        g_assert_cmphex(vtest_readl(m, b + VTEST_REG_MAGIC), ==, 0x74726976);
        g_assert_cmpuint(vtest_readl(m, b + VTEST_REG_VERSION), ==, 2);
        g_assert_cmphex(vtest_readl(m, b + VTEST_REG_VENDOR_ID), ==,
                        0x554d4551);
        g_assert_cmpuint(vtest_readl(m, b + VTEST_REG_DEVICE_ID), ==, 0);
        g_assert_cmpuint(vtest_readl(m, b + VTEST_REG_DEVICE_FEATURES), ==,
                         0);
        g_assert_cmpuint(vtest_readl(m, b + VTEST_REG_QUEUE_NUM_MAX), ==, 0);
        g_assert_cmpuint(vtest_readl(m, b + VTEST_REG_CONFIG), ==, 0);
        /* Writes to an empty slot go nowhere. */
        vtest_writel(m, b + VTEST_REG_STATUS, 0xf);
        g_assert_cmpuint(vtest_readl(m, b + VTEST_REG_STATUS), ==, 0);
    }
    vtest_machine_free(m);
}

/* As in QEMU's riscv virt: buses numbered in slot order, the first
 * -device without bus= on the highest slot (0x10008000), the next one
 * below it. */
static void test_placement_matches_qemu(void)
{
    VtestMachine *m = vtest_machine_new();
    unsigned first_bus = bus_number(m->slot[0]);

    for (unsigned i = 0; i < VTEST_SLOTS; i++) {
        g_assert_cmpuint(bus_number(m->slot[i]), ==, first_bus + i);
    }
    DeviceState *rng0 = vtest_device_add("virtio-rng-device", "rng0", NULL);
    DeviceState *rng1 = vtest_device_add("virtio-rng-device", "rng1", NULL);

    g_assert_cmpuint(vtest_slot_of(m, rng0), ==, 7);
    g_assert_cmpuint(vtest_slot_of(m, rng1), ==, 6);
    g_assert_cmpuint(vtest_readl(m, vtest_slot_base(7) +
                                        VTEST_REG_DEVICE_ID), ==, 4);
    g_assert_cmpuint(vtest_readl(m, vtest_slot_base(6) +
                                        VTEST_REG_DEVICE_ID), ==, 4);
    g_assert_cmpuint(vtest_readl(m, vtest_slot_base(0) +
                                        VTEST_REG_DEVICE_ID), ==, 0);
    vtest_machine_free(m);
}

/* bus= picks the slot; a full bus is refused. */
static void test_bus_option(void)
{
    VtestMachine *m = vtest_machine_new();
    g_autofree char *bus = g_strdup(virtio_mmio_get_bus(m->slot[2])->name);
    Error *err = NULL;
    DeviceState *dev = qdev_device_add("virtio-rng-device", NULL, bus, NULL,
                                       false, &error_abort);

    g_assert_cmpuint(vtest_slot_of(m, dev), ==, 2);
    g_assert_null(qdev_device_add("virtio-rng-device", NULL, bus, NULL,
                                  false, &err));
    assert_error_contains(&err, "is full");
    vtest_machine_free(m);
}

/* The legacy interface is refused by name, not silently ignored. */
static void test_force_legacy_refused(void)
{
    VtestMachine *m = vtest_machine_new();
    DeviceState *t = qdev_new("virtio-mmio");
    Error *err = NULL;

    virtio_mmio_set_dma_as(VIRTIO_MMIO(t), m->as);
    g_assert_true(object_property_parse(OBJECT(t), "force-legacy", "on",
                                        &error_abort));
    g_assert_false(sysbus_realize_and_unref(SYS_BUS_DEVICE(t), &err));
    assert_error_contains(&err, "force-legacy must be off");
    vtest_machine_free(m);
}

/* A driver that does not take VERSION_1, or takes a bit that was not
 * offered, reads FEATURES_OK back clear. */
static void test_features_refused(void)
{
    VtestMachine *m = vtest_machine_new();
    DeviceState *dev = vtest_device_add("virtio-rng-device", NULL, NULL);
    hwaddr b = vtest_slot_base(vtest_slot_of(m, dev));
    static const uint32_t high_words[] = { 0, 1 | 0x80000000u };

    for (size_t i = 0; i < G_N_ELEMENTS(high_words); i++) {
        vtest_writel(m, b + VTEST_REG_STATUS, 0);
        vtest_writel(m, b + VTEST_REG_STATUS, 3);
        vtest_writel(m, b + VTEST_REG_DRIVER_FEATURES_SEL, 1);
        vtest_writel(m, b + VTEST_REG_DRIVER_FEATURES, high_words[i]);
        vtest_writel(m, b + VTEST_REG_STATUS, 3 | 8);
        g_assert_cmphex(vtest_readl(m, b + VTEST_REG_STATUS), ==, 3);
    }
    /* VERSION_1 alone is accepted. */
    vtest_writel(m, b + VTEST_REG_DRIVER_FEATURES, 1);
    vtest_writel(m, b + VTEST_REG_STATUS, 3 | 8);
    g_assert_cmphex(vtest_readl(m, b + VTEST_REG_STATUS), ==, 3 | 8);
    vtest_machine_free(m);
}

/* Offered: VERSION_1 and the ring features; the properties take the ring
 * features away. */
static void test_features_offered(void)
{
    VtestMachine *m = vtest_machine_new();
    const char *const off[] = { "indirect_desc=off", "event_idx=off", NULL };
    DeviceState *plain = vtest_device_add("virtio-rng-device", NULL, NULL);
    DeviceState *bare = vtest_device_add("virtio-rng-device", NULL, off);
    hwaddr b1 = vtest_slot_base(vtest_slot_of(m, plain));
    hwaddr b2 = vtest_slot_base(vtest_slot_of(m, bare));

    vtest_writel(m, b1 + VTEST_REG_DEVICE_FEATURES_SEL, 0);
    g_assert_cmphex(vtest_readl(m, b1 + VTEST_REG_DEVICE_FEATURES), ==,
                    (1u << 28) | (1u << 29));
    vtest_writel(m, b1 + VTEST_REG_DEVICE_FEATURES_SEL, 1);
    g_assert_cmphex(vtest_readl(m, b1 + VTEST_REG_DEVICE_FEATURES), ==, 1);
    vtest_writel(m, b1 + VTEST_REG_DEVICE_FEATURES_SEL, 2);
    g_assert_cmphex(vtest_readl(m, b1 + VTEST_REG_DEVICE_FEATURES), ==, 0);
    vtest_writel(m, b2 + VTEST_REG_DEVICE_FEATURES_SEL, 0);
    g_assert_cmphex(vtest_readl(m, b2 + VTEST_REG_DEVICE_FEATURES), ==, 0);
    vtest_machine_free(m);
}

static void rng_request(VtestDriver *d, hwaddr buf, uint32_t len)
{
    VtestBuf b = { buf, len, true };

    vtest_add_chain(d, &b, 1);
    vtest_kick(d);
}

/* Writing 0 to Status resets everything: status, ISR and the IRQ line,
 * queue set-up and ring indices; the driver can start over. */
static void test_reset_clears_queues(void)
{
    VtestMachine *m = vtest_machine_new();
    DeviceState *dev = vtest_device_add("virtio-rng-device", NULL, NULL);
    unsigned slot = vtest_slot_of(m, dev);
    VtestDriver d;
    uint32_t len;

    vtest_driver_start(&d, m, slot, all_features, 8);
    rng_request(&d, vtest_alloc(&d, 16), 16);
    g_assert_cmpuint(vtest_wait_used(&d, &len), ==, 0);
    g_assert_cmpuint(vtest_isr(&d), ==, 1);
    g_assert_cmpint(m->irq_level[slot], ==, 1);

    vtest_writel(m, d.base + VTEST_REG_STATUS, 0);
    g_assert_cmpuint(vtest_status(&d), ==, 0);
    g_assert_cmpuint(vtest_isr(&d), ==, 0);
    g_assert_cmpint(m->irq_level[slot], ==, 0);
    vtest_writel(m, d.base + VTEST_REG_QUEUE_SEL, 0);
    g_assert_cmpuint(vtest_readl(m, d.base + VTEST_REG_QUEUE_READY), ==, 0);
    g_assert_cmpuint(vtest_readl(m, d.base + VTEST_REG_QUEUE_DESC_LOW), ==,
                     0);
    /* A kick on the reset queue does nothing. */
    rng_request(&d, vtest_alloc(&d, 16), 16);
    g_assert_cmpuint(vtest_used_idx(&d), ==, 1);

    /* Started again, the rings begin at index 0. */
    vtest_driver_start(&d, m, slot, all_features, 8);
    rng_request(&d, vtest_alloc(&d, 16), 16);
    g_assert_cmpuint(vtest_wait_used(&d, &len), ==, 0);
    g_assert_cmpuint(len, ==, 16);
    g_assert_cmpuint(vtest_used_idx(&d), ==, 1);
    vtest_machine_free(m);
}

/* system_reset resets transports and devices like a status write of 0:
 * the driver finds the device as at power-on. */
static void test_system_reset(void)
{
    VtestMachine *m = vtest_machine_new();
    DeviceState *dev = vtest_device_add("virtio-rng-device", NULL, NULL);
    unsigned slot = vtest_slot_of(m, dev);
    VtestDriver d;

    vtest_driver_start(&d, m, slot, all_features, 8);
    rng_request(&d, vtest_alloc(&d, 16), 16);
    vtest_wait_used(&d, NULL);
    g_assert_cmpint(m->irq_level[slot], ==, 1);

    qdev_reset_tree(qdev_get_machine());
    g_assert_cmpuint(vtest_status(&d), ==, 0);
    g_assert_cmpuint(vtest_isr(&d), ==, 0);
    g_assert_cmpint(m->irq_level[slot], ==, 0);
    g_assert_cmpuint(vtest_readl(m, d.base + VTEST_REG_QUEUE_READY), ==, 0);
    vtest_driver_start(&d, m, slot, all_features, 8);
    rng_request(&d, vtest_alloc(&d, 16), 16);
    g_assert_cmpuint(vtest_wait_used(&d, NULL), ==, 0);
    vtest_machine_free(m);
}

/* InterruptACK clears only the bits written; the line drops with the
 * last one. Writing 0 acknowledges nothing. */
static void test_interrupt_ack(void)
{
    VtestMachine *m = vtest_machine_new();
    DeviceState *dev = vtest_device_add("virtio-rng-device", NULL, NULL);
    unsigned slot = vtest_slot_of(m, dev);
    VtestDriver d;

    vtest_driver_start(&d, m, slot, all_features, 8);
    rng_request(&d, vtest_alloc(&d, 8), 8);
    vtest_wait_used(&d, NULL);
    g_assert_cmpint(m->irq_level[slot], ==, 1);
    vtest_writel(m, d.base + VTEST_REG_INTERRUPT_ACK, 0);
    g_assert_cmpuint(vtest_isr(&d), ==, 1);
    g_assert_cmpint(m->irq_level[slot], ==, 1);
    vtest_writel(m, d.base + VTEST_REG_INTERRUPT_ACK, 1);
    g_assert_cmpuint(vtest_isr(&d), ==, 0);
    g_assert_cmpint(m->irq_level[slot], ==, 0);
    vtest_machine_free(m);
}

/* Registers take 32-bit accesses only: a byte write to Status changes
 * nothing and a byte read gives 0. The config space takes any size, and
 * reads beyond it give all ones. */
static void test_access_sizes(void)
{
    VtestMachine *m = vtest_machine_new();
    const char *const props[] = { "drive=hd0", NULL };
    DeviceState *dev;
    hwaddr b;

    vtest_add_image(m, "hd0", 64 * 1024, false);
    dev = vtest_device_add("virtio-blk-device", NULL, props);
    b = vtest_slot_base(vtest_slot_of(m, dev));
    address_space_stb(m->as, b + VTEST_REG_STATUS, 1, NULL);
    g_assert_cmpuint(vtest_readl(m, b + VTEST_REG_STATUS), ==, 0);
    g_assert_cmpuint(address_space_ldub(m->as, b + VTEST_REG_MAGIC, NULL),
                     ==, 0);
    /* Both ignored accesses are counted as the guest's errors. */
    g_assert_cmpuint(m->slot[vtest_slot_of(m, dev)]->guest_errors.count, ==,
                     2);
    /* Capacity: 128 sectors, little-endian, readable byte by byte. */
    g_assert_cmpuint(address_space_ldub(m->as, b + VTEST_REG_CONFIG, NULL),
                     ==, 128);
    g_assert_cmpuint(address_space_lduw(m->as, b + VTEST_REG_CONFIG, NULL),
                     ==, 128);
    g_assert_cmpuint(vtest_readl(m, b + VTEST_REG_CONFIG + 4), ==, 0);
    g_assert_cmphex(vtest_readl(m, b + VTEST_REG_CONFIG + 0x40), ==,
                    0xffffffff);
    vtest_machine_free(m);
}

/* Each of lines appears in text as a whole line, in this order. */
static void assert_lines_in_order(const char *text,
                                  const char *const *lines, size_t n)
{
    const char *at = text;

    for (size_t i = 0; i < n; i++) {
        g_autofree char *line = g_strdup_printf("\n%s\n", lines[i]);
        const char *found = strstr(at, line);

        if (!found) {
            g_error("qtree lacks '%s' after the lines before it in\n%s",
                    lines[i], text);
        }
        at = found + strlen(line) - 1;
    }
}

/* info qtree: the transport with its IRQ, property and window, its bus,
 * and the device on it with its properties (the slot at 0x10008000 was
 * realized first, so it is listed last). */
static void test_qtree(void)
{
    VtestMachine *m = vtest_machine_new();
    const char *const props[] = { "drive=hd0", "serial=SN1", NULL };

    vtest_add_image(m, "hd0", 64 * 1024, false);
    vtest_device_add("virtio-blk-device", "disk0", props);
    g_autofree char *bus7 = g_strdup_printf(
        "    bus: %s", virtio_mmio_get_bus(m->slot[7])->name);
    g_autofree char *text = qdev_format_qtree(sysbus_get_default());
    const char *const expected[] = {
        "  dev: virtio-mmio, id \"\"",
        "    gpio-out \"sysbus-irq\" 1",
        "    force-legacy = false",
        "    mmio 0000000010001000/0000000000000200",
        "  dev: virtio-mmio, id \"\"",
        "    mmio 0000000010008000/0000000000000200",
        bus7,
        "      type virtio-mmio-bus",
        "      dev: virtio-blk-device, id \"disk0\"",
        "        drive = \"hd0\"",
        "        serial = \"SN1\"",
        "        config-wce = true",
        "        queue-size = 256 (0x100)",
        "        indirect_desc = true",
        "        event_idx = true",
    };

    assert_lines_in_order(text, expected, G_N_ELEMENTS(expected));
    vtest_machine_free(m);
}

/* The C classes of the transport and the devices agree with the schema:
 * parents, abstractness, every property and its type. */
static void test_classes_match_schema(void)
{
    static const char *const types[] = {
        "virtio-mmio", "virtio-device", "virtio-blk-device",
        "virtio-rng-device",
    };

    for (size_t i = 0; i < G_N_ELEMENTS(types); i++) {
        g_assert_nonnull(object_class_by_name(types[i]));
    }
    g_assert_true(qom_schema_check_classes(false, &error_abort));
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/virtio-mmio/empty-slot/reads-device-id-0",
                    test_empty_slot);
    g_test_add_func("/virtio-mmio/placement/first-device-on-highest-slot",
                    test_placement_matches_qemu);
    g_test_add_func("/virtio-mmio/placement/bus-option-picks-the-slot",
                    test_bus_option);
    g_test_add_func("/virtio-mmio/realize/refuses-force-legacy",
                    test_force_legacy_refused);
    g_test_add_func("/virtio-mmio/features/offered", test_features_offered);
    g_test_add_func("/virtio-mmio/features/refuses-bad-choice",
                    test_features_refused);
    g_test_add_func("/virtio-mmio/reset/clears-queues-and-interrupts",
                    test_reset_clears_queues);
    g_test_add_func("/virtio-mmio/reset/system-reset", test_system_reset);
    g_test_add_func("/virtio-mmio/interrupt/ack-clears-written-bits",
                    test_interrupt_ack);
    g_test_add_func("/virtio-mmio/access/registers-are-32-bit",
                    test_access_sizes);
    g_test_add_func("/virtio-mmio/qtree/shows-bus-and-device", test_qtree);
    g_test_add_func("/virtio-mmio/schema/classes-match",
                    test_classes_match_schema);
    return g_test_run();
}

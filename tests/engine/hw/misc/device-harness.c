/* A harness for the platform device tests: see device-harness.h. */
#include "device-harness.h"

#include <string.h>

#include "clock.h"
#include "object-path.h"
#include "object-property.h"
#include "runstate.h"
#include "sysbus.h"

DeviceHarness *device_harness_new(const char *type, const char *const *props,
                                  Error **errp)
{
    DeviceHarness *h = g_new0(DeviceHarness, 1);
    DeviceState *dev = qdev_new(type);
    bool ok = true;

    clock_use_manual_source(0);
    /* The virtual clock carries on from where it was; start on a whole
     * millisecond so tick counts in tests come out exact. */
    clock_manual_advance((1000000 - clock_get_ns(CLOCK_KIND_VIRTUAL) %
                          1000000) % 1000000);
    memory_region_init_container(&h->root, "harness", MEMORY_SIZE_FULL);
    h->as = address_space_new(&h->root, "harness");
    for (size_t i = 0; ok && props && props[i]; i++) {
        g_auto(GStrv) kv = g_strsplit(props[i], "=", 2);

        g_assert_nonnull(kv[1]);
        ok = object_property_parse(OBJECT(dev), kv[0], kv[1], errp);
    }
    if (!ok) {
        object_unref(OBJECT(dev));
    }
    /* A device that fails to realize is left to the next
     * device_harness_free(), with whatever else is in /machine. */
    if (!ok || !sysbus_realize_and_unref(SYS_BUS_DEVICE(dev), errp)) {
        address_space_free(h->as);
        memory_region_finalize(&h->root);
        g_free(h);
        return NULL;
    }
    h->dev = dev;
    if (SYS_BUS_DEVICE(dev)->num_mmio) {
        sysbus_mmio_map(SYS_BUS_DEVICE(dev), 0, &h->root, 0);
    }
    return h;
}

void device_harness_free(DeviceHarness *h)
{
    if (!h) {
        return;
    }
    object_unparent(qdev_get_machine());
    address_space_free(h->as);
    memory_region_finalize(&h->root);
    clock_reset_for_test();
    runstate_reset_for_test();
    g_free(h);
}

static void harness_line_set(void *opaque, int n, int level)
{
    DeviceHarness *h = opaque;

    g_assert_cmpint(n, >=, 0);
    g_assert_cmpint(n, <, HARNESS_MAX_LINES);
    if (level && !h->level[n]) {
        h->raises[n]++;
    }
    h->level[n] = level;
    h->calls[n]++;
}

void device_harness_watch_gpio(DeviceHarness *h, const char *name, int n)
{
    IrqLine *line = irq_new(harness_line_set, h, n);

    g_assert_true(gpio_connect(OBJECT(h->dev), name, n, line, &error_abort));
    object_unref(OBJECT(line));     /* the output's link holds it */
}

void device_harness_watch_irq(DeviceHarness *h, int n)
{
    IrqLine *line = irq_new(harness_line_set, h, n);

    sysbus_connect_irq(SYS_BUS_DEVICE(h->dev), n, line);
    object_unref(OBJECT(line));
}

uint8_t device_harness_readb(DeviceHarness *h, hwaddr addr)
{
    MemTxResult r;
    uint8_t v = address_space_ldub(h->as, addr, &r);

    g_assert_cmpint(r, ==, MEMTX_OK);
    return v;
}

uint32_t device_harness_readl(DeviceHarness *h, hwaddr addr)
{
    MemTxResult r;
    uint32_t v = address_space_ldl(h->as, addr, &r);

    g_assert_cmpint(r, ==, MEMTX_OK);
    return v;
}

uint64_t device_harness_readq(DeviceHarness *h, hwaddr addr)
{
    MemTxResult r;
    uint64_t v = address_space_ldq(h->as, addr, &r);

    g_assert_cmpint(r, ==, MEMTX_OK);
    return v;
}

void device_harness_writeb(DeviceHarness *h, hwaddr addr, uint8_t val)
{
    MemTxResult r;

    address_space_stb(h->as, addr, val, &r);
    g_assert_cmpint(r, ==, MEMTX_OK);
}

void device_harness_writew(DeviceHarness *h, hwaddr addr, uint16_t val)
{
    MemTxResult r;

    address_space_stw(h->as, addr, val, &r);
    g_assert_cmpint(r, ==, MEMTX_OK);
}

void device_harness_writel(DeviceHarness *h, hwaddr addr, uint32_t val)
{
    MemTxResult r;

    address_space_stl(h->as, addr, val, &r);
    g_assert_cmpint(r, ==, MEMTX_OK);
}

void device_harness_writeq(DeviceHarness *h, hwaddr addr, uint64_t val)
{
    MemTxResult r;

    address_space_stq(h->as, addr, val, &r);
    g_assert_cmpint(r, ==, MEMTX_OK);
}

void device_harness_advance(DeviceHarness *h, int64_t ns)
{
    clock_manual_advance(ns);
    for (int k = 0; k < CLOCK_KIND__MAX; k++) {
        /* A run stops at timers armed during it; bounded so a device that
         * re-arms for "now" forever fails the test instead of hanging. */
        for (int i = 0; i < 1000 && clock_run_timers(k); i++) {
        }
    }
}

void device_harness_poke_everything(DeviceHarness *h, hwaddr start,
                                    uint64_t size)
{
    static const uint64_t values[] = { 0, UINT64_MAX, 0x5a5a5a5a5a5a5a5a,
                                       0x80000000ffffffff };
    static const unsigned sizes[] = { 1, 2, 4, 8 };

    for (size_t v = 0; v < G_N_ELEMENTS(values); v++) {
        for (hwaddr off = start; off < start + size; off++) {
            for (size_t s = 0; s < G_N_ELEMENTS(sizes); s++) {
                uint8_t buf[8];
                uint64_t val = values[v];

                /* Accesses hanging over the end reach unassigned space,
                 * which is fine: only a crash fails. */
                address_space_read(h->as, off, buf, sizes[s], NULL);
                memcpy(buf, &val, sizeof(buf));
                address_space_write(h->as, off, buf, sizes[s], NULL);
            }
        }
        device_harness_advance(h, 1000000);
    }
}

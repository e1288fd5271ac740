/* Hot-plug on virtio-mmio as a user and a guest see it: device_add on a
 * running machine fills a free slot, a full machine says so, device_del
 * of a device no driver started is immediate, one a driver holds waits
 * until the driver resets it (or system_reset), and a disk with a request
 * in flight finishes it before it goes. DEVICE_DELETED is heard through a
 * qdev listener, as the QMP event is. */
#include "virtio-test-driver.h"

#include <string.h>

#include "block-registry.h"
#include "object-path.h"
#include "virtio-blk.h"

static const uint64_t all_features = UINT64_MAX;

/* What DEVICE_DELETED said, and what the guest's used ring held then. */
typedef struct Deleted {
    unsigned count;
    char *id;
    char *path;
    VtestDriver *watch;         /* NULL: no ring to look at */
    uint16_t used_idx_then;
} Deleted;

static void deleted_listener(const char *id, const char *path, void *opaque)
{
    Deleted *d = opaque;

    d->count++;
    g_free(d->id);
    g_free(d->path);
    d->id = g_strdup(id);
    d->path = g_strdup(path);
    if (d->watch) {
        d->used_idx_then = vtest_used_idx(d->watch);
    }
}

typedef struct Fixture {
    VtestMachine *m;
    Deleted deleted;
} Fixture;

static void fixture_set_up(Fixture *f, gconstpointer data)
{
    memset(f, 0, sizeof(*f));
    f->m = vtest_machine_new();
    qdev_add_deleted_listener(deleted_listener, &f->deleted);
}

static void fixture_tear_down(Fixture *f, gconstpointer data)
{
    qdev_remove_deleted_listener(deleted_listener, &f->deleted);
    vtest_machine_free(f->m);
    g_free(f->deleted.id);
    g_free(f->deleted.path);
}

static void assert_error_contains(Error **err, const char *part)
{
    g_assert_nonnull(*err);
    if (!strstr(error_get_pretty(*err), part)) {
        g_error("error '%s' lacks '%s'", error_get_pretty(*err), part);
    }
    g_clear_pointer(err, error_free);
}

/* device_add on a machine that runs a guest. */
static DeviceState *hotplug(const char *driver, const char *id,
                            const char *bus, const char *const *props)
{
    DeviceState *dev = qdev_device_add(driver, id, bus, props, true,
                                       &error_abort);

    g_assert_nonnull(dev);
    return dev;
}

static uint32_t device_id_at(Fixture *f, unsigned slot)
{
    return vtest_readl(f->m, vtest_slot_base(slot) + VTEST_REG_DEVICE_ID);
}

static bool peripheral_exists(const char *id)
{
    g_autofree char *path = g_strconcat("/machine/peripheral/", id, NULL);

    return object_resolve_path(path, NULL) != NULL;
}

static bool get_bool(DeviceState *dev, const char *name)
{
    bool value = false;

    g_assert_true(object_property_get_bool(OBJECT(dev), name, &value,
                                           &error_abort));
    return value;
}

static void rng_request(VtestDriver *d, uint32_t len)
{
    VtestBuf b = { vtest_alloc(d, len), len, true };

    vtest_add_chain(d, &b, 1);
    vtest_kick(d);
}

/* Without bus=, a hot-plugged device takes the highest free slot, as
 * -device does; the guest reads its device ID there at once, and the
 * tree has it, marked hot-plugged and removable. */
static void test_plug_takes_free_slot(Fixture *f, gconstpointer data)
{
    DeviceState *cold = vtest_device_add("virtio-rng-device", "rng0", NULL);
    DeviceState *hot = hotplug("virtio-rng-device", "rng9", NULL, NULL);

    g_assert_cmpuint(vtest_slot_of(f->m, cold), ==, 7);
    g_assert_cmpuint(vtest_slot_of(f->m, hot), ==, 6);
    g_assert_cmpuint(device_id_at(f, 6), ==, 4);
    g_assert_cmpuint(device_id_at(f, 5), ==, 0);
    g_assert_true(peripheral_exists("rng9"));
    g_assert_true(get_bool(hot, "hotplugged"));
    g_assert_true(get_bool(hot, "hotpluggable"));
    g_assert_false(get_bool(cold, "hotplugged"));

    /* A driver set up on the new slot is served. */
    VtestDriver d;
    uint32_t len;

    vtest_driver_start(&d, f->m, 6, all_features, 8);
    rng_request(&d, 16);
    vtest_wait_used(&d, &len);
    g_assert_cmpuint(len, ==, 16);
}

/* bus= names the slot for a hot-plugged device too. */
static void test_plug_bus_option(Fixture *f, gconstpointer data)
{
    const char *bus = virtio_mmio_get_bus(f->m->slot[2])->name;
    DeviceState *dev = hotplug("virtio-rng-device", "rng9", bus, NULL);

    g_assert_cmpuint(vtest_slot_of(f->m, dev), ==, 2);
    g_assert_cmpuint(device_id_at(f, 2), ==, 4);
}

/* With every slot taken, device_add says all of them are full and leaves
 * nothing behind. */
static void test_plug_all_slots_full(Fixture *f, gconstpointer data)
{
    Error *err = NULL;

    for (unsigned i = 0; i < VTEST_SLOTS; i++) {
        hotplug("virtio-rng-device", NULL, NULL, NULL);
    }
    g_assert_null(qdev_device_add("virtio-rng-device", "one-too-many", NULL,
                                  NULL, true, &err));
    assert_error_contains(&err, "no free 'virtio-bus' bus for device "
                                "'virtio-rng-device': all 8 are full");
    g_assert_false(peripheral_exists("one-too-many"));
}

/* A disk plugs live, its drive attached to it. */
static void test_plug_blk(Fixture *f, gconstpointer data)
{
    const char *const props[] = { "drive=hd9", NULL };

    vtest_add_image(f->m, "hd9", 64 * 1024, false);
    DeviceState *dev = hotplug("virtio-blk-device", "disk9", NULL, props);

    g_assert_cmpuint(device_id_at(f, vtest_slot_of(f->m, dev)), ==, 2);
    g_assert_cmpstr(block_registry_get_attached(block_registry_default(),
                                                "hd9"), ==, "disk9");
}

/* No driver started the device: device_del removes it at once, the slot
 * is empty again (device ID 0) and free for the next device. */
static void test_unplug_idle_at_once(Fixture *f, gconstpointer data)
{
    DeviceState *dev = hotplug("virtio-rng-device", "rng9", NULL, NULL);
    unsigned slot = vtest_slot_of(f->m, dev);

    g_assert_true(qdev_unplug(dev, &error_abort));
    g_assert_cmpuint(f->deleted.count, ==, 1);
    g_assert_cmpstr(f->deleted.id, ==, "rng9");
    g_assert_cmpstr(f->deleted.path, ==, "/machine/peripheral/rng9");
    g_assert_false(peripheral_exists("rng9"));
    g_assert_cmpuint(device_id_at(f, slot), ==, 0);

    DeviceState *again = hotplug("virtio-rng-device", "rng9", NULL, NULL);

    g_assert_cmpuint(vtest_slot_of(f->m, again), ==, slot);
}

/* A cold-plugged device is removable the same way. */
static void test_unplug_cold_plugged(Fixture *f, gconstpointer data)
{
    DeviceState *dev = vtest_device_add("virtio-rng-device", "rng0", NULL);

    g_assert_true(qdev_unplug(dev, &error_abort));
    g_assert_cmpuint(f->deleted.count, ==, 1);
    g_assert_false(peripheral_exists("rng0"));
}

/* The driver holds the device: device_del only asks. The device stays and
 * keeps serving the driver, a second device_del says it is pending, and
 * the removal completes when the driver writes status 0. */
static void test_unplug_active_waits_for_reset(Fixture *f,
                                               gconstpointer data)
{
    DeviceState *dev = hotplug("virtio-rng-device", "rng9", NULL, NULL);
    unsigned slot = vtest_slot_of(f->m, dev);
    Error *err = NULL;
    VtestDriver d;

    vtest_driver_start(&d, f->m, slot, all_features, 8);
    g_assert_true(qdev_unplug(dev, &error_abort));
    g_assert_cmpuint(f->deleted.count, ==, 0);
    g_assert_true(peripheral_exists("rng9"));
    g_assert_false(qdev_unplug(dev, &err));
    assert_error_contains(&err, "'rng9' is already in the process of "
                                "unplug");

    rng_request(&d, 16);
    vtest_wait_used(&d, NULL);
    g_assert_cmpuint(device_id_at(f, slot), ==, 4);
    /* Any status other than 0 keeps it. */
    vtest_writel(f->m, d.base + VTEST_REG_STATUS, 0x80);
    g_assert_cmpuint(f->deleted.count, ==, 0);

    vtest_writel(f->m, d.base + VTEST_REG_STATUS, 0);
    g_assert_cmpuint(f->deleted.count, ==, 1);
    g_assert_cmpstr(f->deleted.id, ==, "rng9");
    g_assert_false(peripheral_exists("rng9"));
    g_assert_cmpuint(device_id_at(f, slot), ==, 0);
    g_assert_cmpint(f->m->irq_level[slot], ==, 0);
}

/* system_reset takes the device from the guest: a pending removal
 * completes, and the other devices are reset as usual. */
static void test_unplug_pending_completes_at_reset(Fixture *f,
                                                   gconstpointer data)
{
    DeviceState *keep = vtest_device_add("virtio-rng-device", "rng0", NULL);
    DeviceState *dev = hotplug("virtio-rng-device", "rng9", NULL, NULL);
    unsigned keep_slot = vtest_slot_of(f->m, keep);
    VtestDriver d, k;

    vtest_driver_start(&d, f->m, vtest_slot_of(f->m, dev), all_features, 8);
    vtest_driver_start(&k, f->m, keep_slot, all_features, 8);
    g_assert_true(qdev_unplug(dev, &error_abort));
    g_assert_cmpuint(f->deleted.count, ==, 0);

    qdev_reset_tree(qdev_get_machine());
    g_assert_cmpuint(f->deleted.count, ==, 1);
    g_assert_false(peripheral_exists("rng9"));
    g_assert_true(peripheral_exists("rng0"));
    g_assert_cmpuint(vtest_status(&k), ==, 0);
}

/* A request of a disk is in flight (the image's thread pool has it) when
 * device_del comes and the driver resets the device: the request
 * completes into guest RAM first, and only then does the device go and
 * let go of its drive. */
static void test_unplug_blk_waits_for_requests(Fixture *f,
                                               gconstpointer data)
{
    const char *const props[] = { "drive=hd9", NULL };
    VtestDriver d;

    vtest_add_image(f->m, "hd9", 64 * 1024, false);
    DeviceState *dev = hotplug("virtio-blk-device", "disk9", NULL, props);

    vtest_driver_start(&d, f->m, vtest_slot_of(f->m, dev), all_features, 8);
    f->deleted.watch = &d;

    hwaddr hdr = vtest_alloc(&d, 16);
    hwaddr buf = vtest_alloc(&d, 4096);
    hwaddr status = vtest_alloc(&d, 1);
    uint32_t type = GUINT32_TO_LE(VIRTIO_BLK_T_IN);
    VtestBuf bufs[3] = {
        { hdr, 16, false }, { buf, 4096, true }, { status, 1, true },
    };
    uint8_t st, first;

    vtest_memwrite(f->m, hdr, &type, 4);
    vtest_memset(f->m, status, 0xee, 1);
    vtest_add_chain(&d, bufs, 3);
    vtest_kick(&d);
    g_assert_cmpuint(virtio_blk_in_flight(VIRTIO_BLK_DEVICE(dev)), ==, 1);

    g_assert_true(qdev_unplug(dev, &error_abort));
    g_assert_cmpuint(f->deleted.count, ==, 0);
    vtest_writel(f->m, d.base + VTEST_REG_STATUS, 0);

    g_assert_cmpuint(f->deleted.count, ==, 1);
    g_assert_cmpuint(f->deleted.used_idx_then, ==, 1);
    vtest_memread(f->m, status, &st, 1);
    g_assert_cmpuint(st, ==, VIRTIO_BLK_S_OK);
    vtest_memread(f->m, buf + 1, &first, 1);
    g_assert_cmpuint(first, ==, (1 * 7 + 1) & 0xff);
    g_assert_null(block_registry_get_attached(block_registry_default(),
                                              "hd9"));
}

/* Lays out queue 0 and enables it without ever setting a status bit, as
 * no driver would but a hostile guest may. */
static void hostile_enable_queue(VtestDriver *d, VtestMachine *m,
                                 unsigned slot)
{
    memset(d, 0, sizeof(*d));
    d->m = m;
    d->slot = slot;
    d->base = vtest_slot_base(slot);
    d->num = 8;
    d->heap = VTEST_HEAP;
    vtest_memset(m, VTEST_RAM_BASE, 0, VTEST_HEAP - VTEST_RAM_BASE);
    vtest_writel(m, d->base + VTEST_REG_QUEUE_SEL, 0);
    vtest_writel(m, d->base + VTEST_REG_QUEUE_NUM, d->num);
    vtest_writel(m, d->base + VTEST_REG_QUEUE_DESC_LOW, (uint32_t)VTEST_DESC);
    vtest_writel(m, d->base + VTEST_REG_QUEUE_DESC_HIGH, VTEST_DESC >> 32);
    vtest_writel(m, d->base + VTEST_REG_QUEUE_DRIVER_LOW,
                 (uint32_t)VTEST_AVAIL);
    vtest_writel(m, d->base + VTEST_REG_QUEUE_DRIVER_HIGH, VTEST_AVAIL >> 32);
    vtest_writel(m, d->base + VTEST_REG_QUEUE_DEVICE_LOW,
                 (uint32_t)VTEST_USED);
    vtest_writel(m, d->base + VTEST_REG_QUEUE_DEVICE_HIGH, VTEST_USED >> 32);
    vtest_writel(m, d->base + VTEST_REG_QUEUE_READY, 1);
}

/* Status 0 but a queue enabled and a disk request in flight: the device
 * is held, so device_del waits. When the guest disables the queue the
 * device goes, after the request has finished with guest RAM (ASan would
 * catch a completion into a freed device). */
static void test_unplug_hostile_queue_without_status(Fixture *f,
                                                     gconstpointer data)
{
    const char *const props[] = { "drive=hd9", NULL };
    VtestDriver d;

    vtest_add_image(f->m, "hd9", 64 * 1024, false);
    DeviceState *dev = hotplug("virtio-blk-device", "disk9", NULL, props);

    hostile_enable_queue(&d, f->m, vtest_slot_of(f->m, dev));
    hwaddr hdr = vtest_alloc(&d, 16);
    hwaddr buf = vtest_alloc(&d, 512);
    hwaddr status = vtest_alloc(&d, 1);
    uint32_t type = GUINT32_TO_LE(VIRTIO_BLK_T_IN);
    VtestBuf bufs[3] = {
        { hdr, 16, false }, { buf, 512, true }, { status, 1, true },
    };

    vtest_memwrite(f->m, hdr, &type, 4);
    vtest_add_chain(&d, bufs, 3);
    vtest_kick(&d);
    g_assert_cmpuint(virtio_blk_in_flight(VIRTIO_BLK_DEVICE(dev)), ==, 1);

    g_assert_true(qdev_unplug(dev, &error_abort));
    g_assert_cmpuint(f->deleted.count, ==, 0);
    vtest_writel(f->m, d.base + VTEST_REG_QUEUE_READY, 0);
    g_assert_cmpuint(f->deleted.count, ==, 1);
    g_assert_null(block_registry_get_attached(block_registry_default(),
                                              "hd9"));
    /* The slot is empty and the engine carries on. */
    g_assert_cmpuint(device_id_at(f, d.slot), ==, 0);
}

static void add(const char *path, void (*fn)(Fixture *, gconstpointer))
{
    g_test_add(path, Fixture, NULL, fixture_set_up, fn, fixture_tear_down);
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    add("/virtio-mmio/hotplug/plug/takes-the-highest-free-slot",
        test_plug_takes_free_slot);
    add("/virtio-mmio/hotplug/plug/bus-option-picks-the-slot",
        test_plug_bus_option);
    add("/virtio-mmio/hotplug/plug/all-slots-full-says-so",
        test_plug_all_slots_full);
    add("/virtio-mmio/hotplug/plug/disk-with-its-drive", test_plug_blk);
    add("/virtio-mmio/hotplug/unplug/idle-device-goes-at-once",
        test_unplug_idle_at_once);
    add("/virtio-mmio/hotplug/unplug/cold-plugged-device-too",
        test_unplug_cold_plugged);
    add("/virtio-mmio/hotplug/unplug/active-device-waits-for-status-0",
        test_unplug_active_waits_for_reset);
    add("/virtio-mmio/hotplug/unplug/pending-completes-at-system-reset",
        test_unplug_pending_completes_at_reset);
    add("/virtio-mmio/hotplug/unplug/disk-finishes-requests-in-flight",
        test_unplug_blk_waits_for_requests);
    add("/virtio-mmio/hotplug/unplug/hostile-queue-without-status",
        test_unplug_hostile_queue_without_status);
    return g_test_run();
}

/* A hostile guest against the virtqueue and the devices: descriptors and
 * rings outside RAM, loops, huge lengths, bad indices, bad indirect
 * tables, malformed block requests. Each must leave the device broken
 * (DEVICE_NEEDS_RESET in its status, a config-change interrupt, nothing
 * in the used ring, nothing processed afterwards) and the engine running:
 * a reset mends the device and a good request then works. Under the
 * sanitizer build, any access outside guest RAM would fail the test. */
#include "virtio-test-driver.h"

#include <string.h>

#include "virtio-blk.h"

#define RAM_END (VTEST_RAM_BASE + VTEST_RAM_SIZE)

typedef struct Fixture {
    VtestMachine *m;
    DeviceState *dev;
    VtestDriver d;
} Fixture;

static void fixture_setup(Fixture *f, gconstpointer data)
{
    f->m = vtest_machine_new();
    f->dev = vtest_device_add("virtio-rng-device", NULL, NULL);
    vtest_driver_start(&f->d, f->m, vtest_slot_of(f->m, f->dev), UINT64_MAX,
                       8);
}

static void fixture_setup_blk(Fixture *f, gconstpointer data)
{
    const char *const props[] = { "drive=hd0", NULL };

    f->m = vtest_machine_new();
    vtest_add_image(f->m, "hd0", 64 * 1024, false);
    f->dev = vtest_device_add("virtio-blk-device", NULL, props);
    vtest_driver_start(&f->d, f->m, vtest_slot_of(f->m, f->dev), UINT64_MAX,
                       8);
}

static void fixture_teardown(Fixture *f, gconstpointer data)
{
    vtest_machine_free(f->m);
}

static VirtIODevice *vdev(Fixture *f)
{
    return VIRTIO_DEVICE(f->dev);
}

/* The device is broken for the reason given, and the guest can tell. */
static void assert_broken(Fixture *f, const char *reason_part)
{
    const char *reason = virtio_get_broken_reason(vdev(f));

    g_assert_true(virtio_is_broken(vdev(f)));
    if (!reason || !strstr(reason, reason_part)) {
        g_error("broken for '%s', expected '%s'", reason ? reason : "(null)",
                reason_part);
    }
    g_assert_cmphex(vtest_status(&f->d) & 0x40, ==, 0x40);
    g_assert_cmphex(vtest_isr(&f->d) & 2, ==, 2);
    g_assert_cmpint(f->m->irq_level[f->d.slot], ==, 1);
    g_assert_cmpuint(vtest_readl(f->m, f->d.base +
                                           VTEST_REG_CONFIG_GENERATION), >,
                     0);
    g_assert_cmpuint(vtest_used_idx(&f->d), ==, 0);
}

/* After a break nothing more is processed; a reset and a fresh start
 * bring the device back. */
static void assert_recovers(Fixture *f)
{
    VtestBuf b = { vtest_alloc(&f->d, 16), 16, true };
    uint32_t len;

    vtest_add_chain(&f->d, &b, 1);
    vtest_kick(&f->d);
    g_assert_cmpuint(vtest_used_idx(&f->d), ==, 0);

    vtest_driver_start(&f->d, f->m, f->d.slot, UINT64_MAX, 8);
    g_assert_false(virtio_is_broken(vdev(f)));
    g_assert_cmpuint(vtest_status(&f->d) & 0x40, ==, 0);
    b.addr = vtest_alloc(&f->d, 16);
    vtest_add_chain(&f->d, &b, 1);
    vtest_kick(&f->d);
    vtest_wait_used(&f->d, &len);
    g_assert_cmpuint(len, ==, 16);
}

static void one_desc(Fixture *f, uint64_t addr, uint32_t len, uint16_t flags)
{
    vtest_write_desc(&f->d, 0, addr, len, flags, 0);
    vtest_publish(&f->d, 0);
    vtest_kick(&f->d);
}

static void test_desc_outside_ram(Fixture *f, gconstpointer data)
{
    one_desc(f, 0x1000, 16, VRING_DESC_F_WRITE);
    assert_broken(f, "not in writable guest RAM");
    assert_recovers(f);
}

/* A buffer on the transport's own registers is I/O, not RAM. */
static void test_desc_on_mmio(Fixture *f, gconstpointer data)
{
    one_desc(f, f->d.base, 0x100, VRING_DESC_F_WRITE);
    assert_broken(f, "not in writable guest RAM");
    assert_recovers(f);
}

static void test_desc_straddles_ram_end(Fixture *f, gconstpointer data)
{
    one_desc(f, RAM_END - 8, 16, VRING_DESC_F_WRITE);
    assert_broken(f, "not in writable guest RAM");
    assert_recovers(f);
}

static void test_huge_length(Fixture *f, gconstpointer data)
{
    one_desc(f, VTEST_RAM_BASE, UINT32_MAX, VRING_DESC_F_WRITE);
    assert_broken(f, "carries more than");
    assert_recovers(f);
}

/* Within the byte bound, but longer than RAM. */
static void test_longer_than_ram(Fixture *f, gconstpointer data)
{
    one_desc(f, VTEST_RAM_BASE, 64 * 1024 * 1024, VRING_DESC_F_WRITE);
    assert_broken(f, "not in writable guest RAM");
    assert_recovers(f);
}

/* An address near 2^64 whose end wraps. */
static void test_wrapping_address(Fixture *f, gconstpointer data)
{
    one_desc(f, UINT64_MAX - 4, 16, VRING_DESC_F_WRITE);
    assert_broken(f, "not in writable guest RAM");
    assert_recovers(f);
}

static void test_zero_length(Fixture *f, gconstpointer data)
{
    one_desc(f, VTEST_HEAP, 0, VRING_DESC_F_WRITE);
    assert_broken(f, "has length 0");
    assert_recovers(f);
}

static void test_chain_loop(Fixture *f, gconstpointer data)
{
    uint16_t wn = VRING_DESC_F_WRITE | VRING_DESC_F_NEXT;

    vtest_write_desc(&f->d, 0, VTEST_HEAP, 16, wn, 1);
    vtest_write_desc(&f->d, 1, VTEST_HEAP, 16, wn, 2);
    vtest_write_desc(&f->d, 2, VTEST_HEAP, 16, wn, 0);
    vtest_publish(&f->d, 0);
    vtest_kick(&f->d);
    assert_broken(f, "a loop");
    assert_recovers(f);
}

/* A descriptor chained to itself. */
static void test_self_loop(Fixture *f, gconstpointer data)
{
    vtest_write_desc(&f->d, 3, VTEST_HEAP, 16,
                     VRING_DESC_F_WRITE | VRING_DESC_F_NEXT, 3);
    vtest_publish(&f->d, 3);
    vtest_kick(&f->d);
    assert_broken(f, "a loop");
    assert_recovers(f);
}

static void test_next_out_of_range(Fixture *f, gconstpointer data)
{
    vtest_write_desc(&f->d, 0, VTEST_HEAP, 16,
                     VRING_DESC_F_WRITE | VRING_DESC_F_NEXT, 40000);
    vtest_publish(&f->d, 0);
    vtest_kick(&f->d);
    assert_broken(f, "is beyond the queue");
    assert_recovers(f);
}

static void test_head_out_of_range(Fixture *f, gconstpointer data)
{
    vtest_publish(&f->d, 8);
    vtest_kick(&f->d);
    assert_broken(f, "names descriptor 8 of 8");
    assert_recovers(f);
}

/* The available index jumps further than the ring holds. */
static void test_avail_index_jump(Fixture *f, gconstpointer data)
{
    uint16_t idx = GUINT16_TO_LE(1000);

    vtest_memwrite(f->m, VTEST_AVAIL + 2, &idx, 2);
    vtest_kick(&f->d);
    assert_broken(f, "more than the queue size");
    assert_recovers(f);
}

static void test_readable_after_writable(Fixture *f, gconstpointer data)
{
    VtestBuf bufs[2] = {
        { VTEST_HEAP, 16, true },
        { VTEST_HEAP + 16, 16, false },
    };

    vtest_add_chain(&f->d, bufs, 2);
    vtest_kick(&f->d);
    assert_broken(f, "follows a device-writable one");
    assert_recovers(f);
}

/* Many descriptors each covering all of RAM: more bytes than any element
 * may carry, though every buffer by itself is valid. */
static void test_length_sum_over_bound(Fixture *f, gconstpointer data)
{
    enum { N = 600 };
    hwaddr table = vtest_alloc(&f->d, N * 16);

    for (unsigned i = 0; i < N; i++) {
        uint8_t raw[16] = { 0 };
        uint64_t a = GUINT64_TO_LE(VTEST_RAM_BASE);
        uint32_t l = GUINT32_TO_LE(VTEST_RAM_SIZE);
        uint16_t fl = GUINT16_TO_LE(VRING_DESC_F_WRITE |
                                    (i + 1 < N ? VRING_DESC_F_NEXT : 0));
        uint16_t nx = GUINT16_TO_LE(i + 1);

        memcpy(raw, &a, 8);
        memcpy(raw + 8, &l, 4);
        memcpy(raw + 12, &fl, 2);
        memcpy(raw + 14, &nx, 2);
        vtest_memwrite(f->m, table + i * 16, raw, 16);
    }
    one_desc(f, table, N * 16, VRING_DESC_F_INDIRECT);
    assert_broken(f, "carries more than");
    assert_recovers(f);
}

static void test_indirect_table_outside_ram(Fixture *f, gconstpointer data)
{
    one_desc(f, RAM_END, 64, VRING_DESC_F_INDIRECT);
    assert_broken(f, "is not in guest RAM");
    assert_recovers(f);
}

static void test_indirect_bad_length(Fixture *f, gconstpointer data)
{
    one_desc(f, VTEST_HEAP, 24, VRING_DESC_F_INDIRECT);
    assert_broken(f, "not a multiple of 16");
    assert_recovers(f);
}

static void test_indirect_too_large(Fixture *f, gconstpointer data)
{
    one_desc(f, VTEST_RAM_BASE, (VIRTQUEUE_INDIRECT_MAX + 1) * 16,
             VRING_DESC_F_INDIRECT);
    assert_broken(f, "not a multiple of 16");
    assert_recovers(f);
}

static void test_indirect_with_next(Fixture *f, gconstpointer data)
{
    one_desc(f, VTEST_HEAP, 16, VRING_DESC_F_INDIRECT | VRING_DESC_F_NEXT);
    assert_broken(f, "also has NEXT");
    assert_recovers(f);
}

/* An indirect table whose entry is itself indirect. */
static void test_indirect_nested(Fixture *f, gconstpointer data)
{
    hwaddr table = vtest_alloc(&f->d, 16);
    uint8_t raw[16] = { 0 };
    uint64_t a = GUINT64_TO_LE(table);
    uint32_t l = GUINT32_TO_LE(16);
    uint16_t fl = GUINT16_TO_LE(VRING_DESC_F_INDIRECT);

    memcpy(raw, &a, 8);
    memcpy(raw + 8, &l, 4);
    memcpy(raw + 12, &fl, 2);
    vtest_memwrite(f->m, table, raw, 16);
    one_desc(f, table, 16, VRING_DESC_F_INDIRECT);
    assert_broken(f, "holds an indirect descriptor");
    assert_recovers(f);
}

/* A loop inside an indirect table. */
static void test_indirect_loop(Fixture *f, gconstpointer data)
{
    hwaddr table = vtest_alloc(&f->d, 32);

    for (unsigned i = 0; i < 2; i++) {
        uint8_t raw[16] = { 0 };
        uint64_t a = GUINT64_TO_LE(VTEST_HEAP + 0x1000);
        uint32_t l = GUINT32_TO_LE(8);
        uint16_t fl = GUINT16_TO_LE(VRING_DESC_F_WRITE | VRING_DESC_F_NEXT);
        uint16_t nx = GUINT16_TO_LE(1 - i);

        memcpy(raw, &a, 8);
        memcpy(raw + 8, &l, 4);
        memcpy(raw + 12, &fl, 2);
        memcpy(raw + 14, &nx, 2);
        vtest_memwrite(f->m, table + i * 16, raw, 16);
    }
    one_desc(f, table, 32, VRING_DESC_F_INDIRECT);
    assert_broken(f, "a loop");
    assert_recovers(f);
}

/* Indirect descriptors the driver did not negotiate. */
static void test_indirect_not_negotiated(Fixture *f, gconstpointer data)
{
    vtest_driver_start(&f->d, f->m, f->d.slot,
                       ~(1ull << VIRTIO_F_RING_INDIRECT_DESC), 8);
    one_desc(f, VTEST_HEAP, 16, VRING_DESC_F_INDIRECT);
    assert_broken(f, "was not negotiated");
    assert_recovers(f);
}

static void set_queue(Fixture *f, hwaddr desc, hwaddr avail, hwaddr used)
{
    hwaddr b = f->d.base;

    vtest_writel(f->m, b + VTEST_REG_STATUS, 0);
    vtest_writel(f->m, b + VTEST_REG_STATUS, 3);
    vtest_writel(f->m, b + VTEST_REG_DRIVER_FEATURES_SEL, 1);
    vtest_writel(f->m, b + VTEST_REG_DRIVER_FEATURES, 1);
    vtest_writel(f->m, b + VTEST_REG_STATUS, 3 | 8);
    vtest_writel(f->m, b + VTEST_REG_QUEUE_SEL, 0);
    vtest_writel(f->m, b + VTEST_REG_QUEUE_NUM, 8);
    vtest_writel(f->m, b + VTEST_REG_QUEUE_DESC_LOW, (uint32_t)desc);
    vtest_writel(f->m, b + VTEST_REG_QUEUE_DESC_HIGH, desc >> 32);
    vtest_writel(f->m, b + VTEST_REG_QUEUE_DRIVER_LOW, (uint32_t)avail);
    vtest_writel(f->m, b + VTEST_REG_QUEUE_DRIVER_HIGH, avail >> 32);
    vtest_writel(f->m, b + VTEST_REG_QUEUE_DEVICE_LOW, (uint32_t)used);
    vtest_writel(f->m, b + VTEST_REG_QUEUE_DEVICE_HIGH, used >> 32);
    vtest_writel(f->m, b + VTEST_REG_QUEUE_READY, 1);
    vtest_writel(f->m, b + VTEST_REG_STATUS, 3 | 8 | 4);
    vtest_writel(f->m, b + VTEST_REG_QUEUE_NOTIFY, 0);
}

/* Rings outside RAM: unassigned space, the device's own registers (the
 * device must not read them as a ring), a used ring running off RAM. */
static void test_rings_outside_ram(Fixture *f, gconstpointer data)
{
    static const struct {
        hwaddr desc, avail, used;
        const char *what;
    } cases[] = {
        { 0x1000, VTEST_AVAIL, VTEST_USED, "descriptor table" },
        { VTEST_DESC, VTEST_MMIO_BASE, VTEST_USED, "available ring" },
        { VTEST_DESC, VTEST_AVAIL, RAM_END - 32, "used ring" },
    };

    for (size_t i = 0; i < G_N_ELEMENTS(cases); i++) {
        set_queue(f, cases[i].desc, cases[i].avail, cases[i].used);
        g_assert_true(virtio_is_broken(vdev(f)));
        if (!strstr(virtio_get_broken_reason(vdev(f)), cases[i].what)) {
            g_error("broken for '%s', expected the %s",
                    virtio_get_broken_reason(vdev(f)), cases[i].what);
        }
        g_assert_cmphex(vtest_status(&f->d) & 0x40, ==, 0x40);
    }
    assert_recovers(f);
}

/* A queue size that is not a power of two is refused when the queue is
 * enabled. */
static void test_queue_size_not_power_of_two(Fixture *f, gconstpointer data)
{
    hwaddr b = f->d.base;

    vtest_writel(f->m, b + VTEST_REG_STATUS, 0);
    vtest_writel(f->m, b + VTEST_REG_STATUS, 3);
    vtest_writel(f->m, b + VTEST_REG_QUEUE_SEL, 0);
    vtest_writel(f->m, b + VTEST_REG_QUEUE_NUM, 6);
    vtest_writel(f->m, b + VTEST_REG_QUEUE_READY, 1);
    g_assert_cmpuint(vtest_readl(f->m, b + VTEST_REG_QUEUE_READY), ==, 0);
    g_assert_true(virtio_is_broken(vdev(f)));
    g_assert_nonnull(strstr(virtio_get_broken_reason(vdev(f)),
                            "not a power of two"));
    assert_recovers(f);
}

/* Nonexistent queues and absurd selectors are ignored. */
static void test_bad_queue_selectors(Fixture *f, gconstpointer data)
{
    hwaddr b = f->d.base;

    vtest_writel(f->m, b + VTEST_REG_QUEUE_SEL, 5);
    g_assert_cmpuint(vtest_readl(f->m, b + VTEST_REG_QUEUE_NUM_MAX), ==, 0);
    vtest_writel(f->m, b + VTEST_REG_QUEUE_READY, 1);
    vtest_writel(f->m, b + VTEST_REG_QUEUE_SEL, UINT32_MAX);
    vtest_writel(f->m, b + VTEST_REG_QUEUE_NUM, 4);
    vtest_writel(f->m, b + VTEST_REG_QUEUE_NOTIFY, UINT32_MAX);
    vtest_writel(f->m, b + VTEST_REG_QUEUE_NOTIFY, 7);
    vtest_writel(f->m, b + VTEST_REG_DEVICE_FEATURES_SEL, UINT32_MAX);
    g_assert_cmpuint(vtest_readl(f->m, b + VTEST_REG_DEVICE_FEATURES), ==,
                     0);
    vtest_writel(f->m, b + VTEST_REG_DRIVER_FEATURES_SEL, UINT32_MAX);
    vtest_writel(f->m, b + VTEST_REG_DRIVER_FEATURES, UINT32_MAX);
    g_assert_false(virtio_is_broken(vdev(f)));
    /* Queue 0 still works. */
    VtestBuf buf = { vtest_alloc(&f->d, 16), 16, true };

    vtest_add_chain(&f->d, &buf, 1);
    vtest_kick(&f->d);
    vtest_wait_used(&f->d, NULL);
}

/* virtio-blk: a header in a device-writable buffer leaves the request
 * without one; a request without a writable status byte has nowhere to
 * answer. */
static void test_blk_header_writable(Fixture *f, gconstpointer data)
{
    VtestBuf bufs[2] = {
        { vtest_alloc(&f->d, 16), 16, true },
        { vtest_alloc(&f->d, 1), 1, true },
    };

    vtest_add_chain(&f->d, bufs, 2);
    vtest_kick(&f->d);
    assert_broken(f, "no room for its header");
}

static void test_blk_no_status(Fixture *f, gconstpointer data)
{
    VtestBuf bufs[2] = {
        { vtest_alloc(&f->d, 16), 16, false },
        { vtest_alloc(&f->d, 512), 512, false },
    };

    vtest_add_chain(&f->d, bufs, 2);
    vtest_kick(&f->d);
    assert_broken(f, "no room for its status byte");
}

/* A blk read whose data buffer lies outside RAM never reaches the disk. */
static void test_blk_data_outside_ram(Fixture *f, gconstpointer data)
{
    hwaddr hdr = vtest_alloc(&f->d, 16);
    VtestBuf bufs[3] = {
        { hdr, 16, false },
        { RAM_END - 256, 512, true },
        { vtest_alloc(&f->d, 1), 1, true },
    };

    vtest_add_chain(&f->d, bufs, 3);
    vtest_kick(&f->d);
    assert_broken(f, "not in writable guest RAM");
    g_assert_cmpuint(virtio_blk_in_flight(VIRTIO_BLK_DEVICE(f->dev)), ==, 0);
}

#define ADD(path, fn) \
    g_test_add(path, Fixture, NULL, fixture_setup, fn, fixture_teardown)
#define ADD_BLK(path, fn) \
    g_test_add(path, Fixture, NULL, fixture_setup_blk, fn, fixture_teardown)

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    ADD("/virtio-hostile/desc/outside-ram", test_desc_outside_ram);
    ADD("/virtio-hostile/desc/on-mmio", test_desc_on_mmio);
    ADD("/virtio-hostile/desc/straddles-ram-end",
        test_desc_straddles_ram_end);
    ADD("/virtio-hostile/desc/huge-length", test_huge_length);
    ADD("/virtio-hostile/desc/longer-than-ram", test_longer_than_ram);
    ADD("/virtio-hostile/desc/wrapping-address", test_wrapping_address);
    ADD("/virtio-hostile/desc/zero-length", test_zero_length);
    ADD("/virtio-hostile/chain/loop", test_chain_loop);
    ADD("/virtio-hostile/chain/self-loop", test_self_loop);
    ADD("/virtio-hostile/chain/next-out-of-range", test_next_out_of_range);
    ADD("/virtio-hostile/chain/readable-after-writable",
        test_readable_after_writable);
    ADD("/virtio-hostile/chain/length-sum-over-bound",
        test_length_sum_over_bound);
    ADD("/virtio-hostile/avail/head-out-of-range", test_head_out_of_range);
    ADD("/virtio-hostile/avail/index-jump", test_avail_index_jump);
    ADD("/virtio-hostile/indirect/table-outside-ram",
        test_indirect_table_outside_ram);
    ADD("/virtio-hostile/indirect/bad-length", test_indirect_bad_length);
    ADD("/virtio-hostile/indirect/too-large", test_indirect_too_large);
    ADD("/virtio-hostile/indirect/with-next", test_indirect_with_next);
    ADD("/virtio-hostile/indirect/nested", test_indirect_nested);
    ADD("/virtio-hostile/indirect/loop", test_indirect_loop);
    ADD("/virtio-hostile/indirect/not-negotiated",
        test_indirect_not_negotiated);
    ADD("/virtio-hostile/rings/outside-ram", test_rings_outside_ram);
    ADD("/virtio-hostile/queue/size-not-power-of-two",
        test_queue_size_not_power_of_two);
    ADD("/virtio-hostile/queue/bad-selectors", test_bad_queue_selectors);
    ADD_BLK("/virtio-hostile/blk/header-in-writable-buffer",
            test_blk_header_writable);
    ADD_BLK("/virtio-hostile/blk/no-status-byte", test_blk_no_status);
    ADD_BLK("/virtio-hostile/blk/data-outside-ram",
            test_blk_data_outside_ram);
    return g_test_run();
}

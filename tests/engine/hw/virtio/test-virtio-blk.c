/* virtio-blk-device through a guest driver: reads, writes, flush, GET_ID,
 * bounds, read-only drives, the config space, scatter lists, indirect
 * descriptors, and the drive's attachment in the block registry. The
 * images are real files in a temporary directory; their byte i starts as
 * (i * 7 + 1) & 0xff. */
#include "virtio-test-driver.h"

#include <string.h>

#include "block-registry.h"
#include "object-link.h"
#include "virtio-blk.h"

#define IMAGE_SIZE (64 * 1024)
#define SECTORS (IMAGE_SIZE / 512)

static const uint64_t all_features = UINT64_MAX;

typedef struct Fixture {
    VtestMachine *m;
    DeviceState *dev;
    VtestDriver d;
} Fixture;

static uint8_t pattern(size_t i)
{
    return (i * 7 + 1) & 0xff;
}

static void assert_error_contains(Error **err, const char *part)
{
    g_assert_nonnull(*err);
    if (!strstr(error_get_pretty(*err), part)) {
        g_error("error '%s' lacks '%s'", error_get_pretty(*err), part);
    }
    g_clear_pointer(err, error_free);
}

static void fixture_start(Fixture *f, bool read_only,
                          const char *const *extra)
{
    g_autoptr(GPtrArray) props = g_ptr_array_new();

    f->m = vtest_machine_new();
    vtest_add_image(f->m, "hd0", IMAGE_SIZE, read_only);
    g_ptr_array_add(props, (char *)"drive=hd0");
    g_ptr_array_add(props, (char *)"serial=QUERN-SN-0001");
    for (size_t i = 0; extra && extra[i]; i++) {
        g_ptr_array_add(props, (char *)extra[i]);
    }
    g_ptr_array_add(props, NULL);
    f->dev = vtest_device_add("virtio-blk-device", "disk0",
                              (const char *const *)props->pdata);
    vtest_driver_start(&f->d, f->m, vtest_slot_of(f->m, f->dev),
                       all_features, 16);
}

static void fixture_setup(Fixture *f, gconstpointer data)
{
    fixture_start(f, false, NULL);
}

static void fixture_setup_read_only(Fixture *f, gconstpointer data)
{
    fixture_start(f, true, NULL);
}

static void fixture_teardown(Fixture *f, gconstpointer data)
{
    vtest_machine_free(f->m);
}

/* A request as Linux lays it out: header, data (0, 1 or more buffers),
 * status; returns the status byte, *used_len the length the device put in
 * the used ring. */
static uint8_t blk_request(Fixture *f, uint32_t type, uint64_t sector,
                           const VtestBuf *data, unsigned n_data,
                           uint32_t *used_len, bool indirect)
{
    VtestDriver *d = &f->d;
    hwaddr hdr = vtest_alloc(d, 16);
    hwaddr status = vtest_alloc(d, 1);
    uint32_t t = GUINT32_TO_LE(type);
    uint64_t s = GUINT64_TO_LE(sector);
    VtestBuf bufs[8];
    unsigned n = 0;
    uint8_t st;

    vtest_memwrite(f->m, hdr, &t, 4);
    vtest_memwrite(f->m, hdr + 8, &s, 8);
    vtest_memset(f->m, status, 0xee, 1);
    bufs[n++] = (VtestBuf){ hdr, 16, false };
    for (unsigned i = 0; i < n_data; i++) {
        bufs[n++] = data[i];
    }
    bufs[n++] = (VtestBuf){ status, 1, true };
    unsigned head = indirect ? vtest_add_indirect(d, bufs, n)
                             : vtest_add_chain(d, bufs, n);

    vtest_kick(d);
    g_assert_cmpuint(vtest_wait_used(d, used_len), ==, head);
    vtest_memread(f->m, status, &st, 1);
    return st;
}

static uint8_t blk_rw(Fixture *f, uint32_t type, uint64_t sector,
                      hwaddr buf, uint32_t len, uint32_t *used_len)
{
    VtestBuf data = { buf, len, type == VIRTIO_BLK_T_IN ||
                                      type == VIRTIO_BLK_T_GET_ID };

    return blk_request(f, type, sector, &data, len ? 1 : 0, used_len,
                       false);
}

static void assert_pattern(Fixture *f, hwaddr buf, size_t len,
                           size_t image_offset)
{
    g_autofree uint8_t *got = g_malloc(len);

    vtest_memread(f->m, buf, got, len);
    for (size_t i = 0; i < len; i++) {
        if (got[i] != pattern(image_offset + i)) {
            g_error("byte %zu: 0x%02x, expected 0x%02x", i, got[i],
                    pattern(image_offset + i));
        }
    }
}

/* A read of two sectors at sector 3 gives the image's bytes; used.len
 * counts the data and the status byte. */
static void test_read(Fixture *f, gconstpointer data)
{
    hwaddr buf = vtest_alloc(&f->d, 1024);
    uint32_t len;

    g_assert_cmpuint(blk_rw(f, VIRTIO_BLK_T_IN, 3, buf, 1024, &len), ==,
                     VIRTIO_BLK_S_OK);
    g_assert_cmpuint(len, ==, 1025);
    assert_pattern(f, buf, 1024, 3 * 512);
    /* The completion interrupted the driver. */
    g_assert_cmpuint(vtest_isr(&f->d) & 1, ==, 1);
    g_assert_cmpint(f->m->irq_level[f->d.slot], ==, 1);
}

/* A write lands in the image file and reads back through the queue. */
static void test_write_then_read(Fixture *f, gconstpointer data)
{
    hwaddr out = vtest_alloc(&f->d, 1536);
    hwaddr in = vtest_alloc(&f->d, 1536);
    uint8_t bytes[1536];
    uint8_t on_disk[1536];
    uint32_t len;

    for (size_t i = 0; i < sizeof(bytes); i++) {
        bytes[i] = (uint8_t)(0xa5 ^ i);
    }
    vtest_memwrite(f->m, out, bytes, sizeof(bytes));
    g_assert_cmpuint(blk_rw(f, VIRTIO_BLK_T_OUT, 10, out, 1536, &len), ==,
                     VIRTIO_BLK_S_OK);
    g_assert_cmpuint(len, ==, 1);
    g_assert_true(block_file_pread(
        block_registry_find(block_registry_default(), "hd0"), 10 * 512,
        on_disk, sizeof(on_disk), &error_abort));
    g_assert_cmpmem(on_disk, sizeof(on_disk), bytes, sizeof(bytes));

    g_assert_cmpuint(blk_rw(f, VIRTIO_BLK_T_IN, 10, in, 1536, &len), ==,
                     VIRTIO_BLK_S_OK);
    vtest_memread(f->m, in, on_disk, sizeof(on_disk));
    g_assert_cmpmem(on_disk, sizeof(on_disk), bytes, sizeof(bytes));
}

static void test_flush(Fixture *f, gconstpointer data)
{
    uint32_t len;

    g_assert_cmpuint(blk_rw(f, VIRTIO_BLK_T_FLUSH, 0, 0, 0, &len), ==,
                     VIRTIO_BLK_S_OK);
    g_assert_cmpuint(len, ==, 1);
}

/* GET_ID answers the serial with its NUL when it fits in 20 bytes. */
static void test_get_id(Fixture *f, gconstpointer data)
{
    hwaddr buf = vtest_alloc(&f->d, 20);
    char id[20];
    uint32_t len;

    vtest_memset(f->m, buf, 0x55, 20);
    g_assert_cmpuint(blk_rw(f, VIRTIO_BLK_T_GET_ID, 0, buf, 20, &len), ==,
                     VIRTIO_BLK_S_OK);
    vtest_memread(f->m, buf, id, sizeof(id));
    g_assert_cmpstr(id, ==, "QUERN-SN-0001");
    g_assert_cmpuint(len, ==, strlen("QUERN-SN-0001") + 2);
}

/* A request type nobody knows completes with UNSUPP. */
static void test_unsupported_type(Fixture *f, gconstpointer data)
{
    hwaddr buf = vtest_alloc(&f->d, 512);

    g_assert_cmpuint(blk_rw(f, 0x42, 0, buf, 512, NULL), ==,
                     VIRTIO_BLK_S_UNSUPP);
}

/* Past the end, straddling it, at a sector that overflows when turned
 * into bytes, or not whole sectors: IOERR, and the engine carries on. */
static void test_out_of_range(Fixture *f, gconstpointer data)
{
    hwaddr buf = vtest_alloc(&f->d, 1024);
    static const struct {
        uint64_t sector;
        uint32_t len;
    } cases[] = {
        { SECTORS, 512 },
        { SECTORS - 1, 1024 },
        { UINT64_MAX / 512 + 1, 512 },
        { UINT64_MAX, 512 },
        { 0, 100 },
    };

    for (size_t i = 0; i < G_N_ELEMENTS(cases); i++) {
        uint32_t len;

        g_assert_cmpuint(blk_rw(f, VIRTIO_BLK_T_IN, cases[i].sector, buf,
                                cases[i].len, &len), ==,
                         VIRTIO_BLK_S_IOERR);
        g_assert_cmpuint(len, ==, 1);
        g_assert_cmpuint(blk_rw(f, VIRTIO_BLK_T_OUT, cases[i].sector, buf,
                                cases[i].len, NULL), ==,
                         VIRTIO_BLK_S_IOERR);
    }
    /* The last sector itself is fine. */
    g_assert_cmpuint(blk_rw(f, VIRTIO_BLK_T_IN, SECTORS - 1, buf, 512,
                            NULL), ==, VIRTIO_BLK_S_OK);
    assert_pattern(f, buf, 512, (SECTORS - 1) * 512);
}

/* Data spread over several buffers of odd sizes, as the block layer's
 * scatter lists are. */
static void test_scatter_read(Fixture *f, gconstpointer data)
{
    static const uint32_t sizes[] = { 512, 100, 1436, 2048 };
    VtestBuf bufs[G_N_ELEMENTS(sizes)];
    size_t offset = 0;

    for (size_t i = 0; i < G_N_ELEMENTS(sizes); i++) {
        bufs[i] = (VtestBuf){ vtest_alloc(&f->d, sizes[i]), sizes[i], true };
    }
    g_assert_cmpuint(blk_request(f, VIRTIO_BLK_T_IN, 5, bufs,
                                 G_N_ELEMENTS(bufs), NULL, false), ==,
                     VIRTIO_BLK_S_OK);
    for (size_t i = 0; i < G_N_ELEMENTS(sizes); i++) {
        assert_pattern(f, bufs[i].addr, sizes[i], 5 * 512 + offset);
        offset += sizes[i];
    }
}

/* The same chain through an indirect table. */
static void test_indirect_read(Fixture *f, gconstpointer data)
{
    VtestBuf bufs[2] = {
        { vtest_alloc(&f->d, 512), 512, true },
        { vtest_alloc(&f->d, 1024), 1024, true },
    };

    g_assert_cmpuint(blk_request(f, VIRTIO_BLK_T_IN, 7, bufs, 2, NULL,
                                 true), ==, VIRTIO_BLK_S_OK);
    assert_pattern(f, bufs[0].addr, 512, 7 * 512);
    assert_pattern(f, bufs[1].addr, 1024, 8 * 512);
}

/* Many requests in flight at once all complete, each with its data. */
static void test_many_in_flight(Fixture *f, gconstpointer data)
{
    hwaddr buf[5];
    hwaddr status[5];

    for (unsigned i = 0; i < 5; i++) {
        hwaddr hdr = vtest_alloc(&f->d, 16);
        uint32_t t = GUINT32_TO_LE(VIRTIO_BLK_T_IN);
        uint64_t s = GUINT64_TO_LE(i * 8);

        buf[i] = vtest_alloc(&f->d, 4096);
        status[i] = vtest_alloc(&f->d, 1);
        vtest_memwrite(f->m, hdr, &t, 4);
        vtest_memwrite(f->m, hdr + 8, &s, 8);
        VtestBuf bufs[3] = {
            { hdr, 16, false }, { buf[i], 4096, true }, { status[i], 1, true },
        };
        vtest_add_chain(&f->d, bufs, 3);
    }
    vtest_kick(&f->d);
    for (unsigned i = 0; i < 5; i++) {
        vtest_wait_used(&f->d, NULL);
    }
    for (unsigned i = 0; i < 5; i++) {
        uint8_t st;

        vtest_memread(f->m, status[i], &st, 1);
        g_assert_cmpuint(st, ==, VIRTIO_BLK_S_OK);
        assert_pattern(f, buf[i], 4096, i * 8 * 512);
    }
}

static uint64_t read_config64(Fixture *f, unsigned off)
{
    hwaddr b = f->d.base + VTEST_REG_CONFIG + off;

    return vtest_readl(f->m, b) |
           (uint64_t)vtest_readl(f->m, b + 4) << 32;
}

/* The config space the driver reads: capacity in sectors, seg_max,
 * blk_size, writeback on, one queue. */
static void test_config(Fixture *f, gconstpointer data)
{
    hwaddr cfg = f->d.base + VTEST_REG_CONFIG;

    g_assert_cmpuint(read_config64(f, VIRTIO_BLK_CFG_CAPACITY), ==,
                     SECTORS);
    g_assert_cmpuint(vtest_readl(f->m, cfg + VIRTIO_BLK_CFG_SEG_MAX), ==,
                     254);
    g_assert_cmpuint(vtest_readl(f->m, cfg + VIRTIO_BLK_CFG_BLK_SIZE), ==,
                     512);
    g_assert_cmpuint(address_space_ldub(f->m->as,
                                        cfg + VIRTIO_BLK_CFG_WRITEBACK, NULL),
                     ==, 1);
    g_assert_cmpuint(address_space_lduw(f->m->as,
                                        cfg + VIRTIO_BLK_CFG_NUM_QUEUES,
                                        NULL), ==, 1);
    g_assert_true(f->d.features & (1ull << VIRTIO_BLK_F_FLUSH));
    g_assert_false(f->d.features & (1ull << VIRTIO_BLK_F_RO));
}

/* With CONFIG_WCE the driver may turn the write cache off; writes then
 * still land (flushed before they complete). */
static void test_write_through(Fixture *f, gconstpointer data)
{
    hwaddr cfg = f->d.base + VTEST_REG_CONFIG + VIRTIO_BLK_CFG_WRITEBACK;
    hwaddr out = vtest_alloc(&f->d, 512);
    uint8_t on_disk[512];

    address_space_stb(f->m->as, cfg, 0, NULL);
    g_assert_cmpuint(address_space_ldub(f->m->as, cfg, NULL), ==, 0);
    vtest_memset(f->m, out, 0x3c, 512);
    g_assert_cmpuint(blk_rw(f, VIRTIO_BLK_T_OUT, 1, out, 512, NULL), ==,
                     VIRTIO_BLK_S_OK);
    g_assert_true(block_file_pread(
        block_registry_find(block_registry_default(), "hd0"), 512, on_disk,
        sizeof(on_disk), &error_abort));
    for (size_t i = 0; i < sizeof(on_disk); i++) {
        g_assert_cmpuint(on_disk[i], ==, 0x3c);
    }
}

/* A read-only drive: RO offered, reads work, writes fail with IOERR and
 * leave the image alone. */
static void test_read_only(Fixture *f, gconstpointer data)
{
    hwaddr buf = vtest_alloc(&f->d, 512);

    g_assert_true(f->d.features & (1ull << VIRTIO_BLK_F_RO));
    g_assert_cmpuint(blk_rw(f, VIRTIO_BLK_T_IN, 0, buf, 512, NULL), ==,
                     VIRTIO_BLK_S_OK);
    vtest_memset(f->m, buf, 0, 512);
    g_assert_cmpuint(blk_rw(f, VIRTIO_BLK_T_OUT, 0, buf, 512, NULL), ==,
                     VIRTIO_BLK_S_IOERR);
    g_assert_cmpuint(blk_rw(f, VIRTIO_BLK_T_IN, 0, buf, 512, NULL), ==,
                     VIRTIO_BLK_S_OK);
    assert_pattern(f, buf, 512, 0);
}

/* A reset while reads are in flight waits for them; nothing completes
 * into the reset queue and the driver starts over cleanly. */
static void test_reset_with_requests_in_flight(Fixture *f,
                                               gconstpointer data)
{
    VirtIOBlock *s = VIRTIO_BLK_DEVICE(f->dev);

    for (unsigned i = 0; i < 4; i++) {
        hwaddr hdr = vtest_alloc(&f->d, 16);
        uint32_t t = GUINT32_TO_LE(VIRTIO_BLK_T_IN);
        VtestBuf bufs[3] = {
            { hdr, 16, false },
            { vtest_alloc(&f->d, 4096), 4096, true },
            { vtest_alloc(&f->d, 1), 1, true },
        };

        vtest_memwrite(f->m, hdr, &t, 4);
        vtest_add_chain(&f->d, bufs, 3);
    }
    vtest_kick(&f->d);
    g_assert_cmpuint(virtio_blk_in_flight(s), ==, 4);
    vtest_writel(f->m, f->d.base + VTEST_REG_STATUS, 0);
    g_assert_cmpuint(virtio_blk_in_flight(s), ==, 0);
    g_assert_cmpuint(vtest_isr(&f->d), ==, 0);

    vtest_driver_start(&f->d, f->m, f->d.slot, all_features, 16);
    test_read(f, NULL);
}

/* Unplugging the device while reads are in flight waits for them; the
 * slot is empty, its line low and the drive free afterwards. */
static void test_unplug_with_requests_in_flight(Fixture *f,
                                                gconstpointer data)
{
    for (unsigned i = 0; i < 4; i++) {
        hwaddr hdr = vtest_alloc(&f->d, 16);
        uint32_t t = GUINT32_TO_LE(VIRTIO_BLK_T_IN);
        VtestBuf bufs[3] = {
            { hdr, 16, false },
            { vtest_alloc(&f->d, 4096), 4096, true },
            { vtest_alloc(&f->d, 1), 1, true },
        };

        vtest_memwrite(f->m, hdr, &t, 4);
        vtest_add_chain(&f->d, bufs, 3);
    }
    vtest_kick(&f->d);
    g_assert_cmpuint(virtio_blk_in_flight(VIRTIO_BLK_DEVICE(f->dev)), ==, 4);
    object_unparent(OBJECT(f->dev));
    g_assert_cmpuint(vtest_readl(f->m, f->d.base + VTEST_REG_DEVICE_ID), ==,
                     0);
    g_assert_cmpint(f->m->irq_level[f->d.slot], ==, 0);
    g_assert_null(block_registry_get_attached(block_registry_default(),
                                              "hd0"));
}

/* The drive property must name a node, and a node serves one device. */
static void test_drive_errors(void)
{
    VtestMachine *m = vtest_machine_new();
    const char *const missing[] = { "drive=nope", NULL };
    const char *const hd0[] = { "drive=hd0", NULL };
    Error *err = NULL;

    vtest_add_image(m, "hd0", IMAGE_SIZE, false);
    g_assert_null(qdev_device_add("virtio-blk-device", NULL, NULL, missing,
                                  false, &err));
    assert_error_contains(&err, "drive 'nope' not found");
    g_assert_null(qdev_device_add("virtio-blk-device", NULL, NULL, NULL,
                                  false, &err));
    assert_error_contains(&err, "drive");
    vtest_device_add("virtio-blk-device", "disk0", hd0);
    g_assert_null(qdev_device_add("virtio-blk-device", "disk1", NULL, hd0,
                                  false, &err));
    assert_error_contains(&err,
                          "drive 'hd0' is already in use by device 'disk0'");
    vtest_machine_free(m);
}

/* While a device uses a node the registry keeps it; once the device is
 * gone the node can go too. */
static void test_registry_follows_device(void)
{
    VtestMachine *m = vtest_machine_new();
    const char *const hd0[] = { "drive=hd0", NULL };
    BlockRegistry *reg = block_registry_default();
    Error *err = NULL;

    vtest_add_image(m, "hd0", IMAGE_SIZE, false);
    DeviceState *dev = vtest_device_add("virtio-blk-device", "disk0", hd0);

    g_assert_cmpstr(block_registry_get_attached(reg, "hd0"), ==, "disk0");
    g_assert_false(block_registry_remove(reg, "hd0", &err));
    assert_error_contains(&err, "Node 'hd0' is busy");
    object_unparent(OBJECT(dev));
    g_assert_null(block_registry_get_attached(reg, "hd0"));
    g_assert_true(block_registry_remove(reg, "hd0", &error_abort));
    vtest_machine_free(m);
}

/* queue-size must be a power of two the ring can have. */
static void test_queue_size_checked(void)
{
    VtestMachine *m = vtest_machine_new();
    const char *const bad[] = { "drive=hd0", "queue-size=100", NULL };
    Error *err = NULL;

    vtest_add_image(m, "hd0", IMAGE_SIZE, false);
    g_assert_null(qdev_device_add("virtio-blk-device", NULL, NULL, bad,
                                  false, &err));
    assert_error_contains(&err, "queue-size must be a power of two");
    /* The failed device let go of the drive. */
    g_assert_null(block_registry_get_attached(block_registry_default(),
                                              "hd0"));
    vtest_machine_free(m);
}

#define ADD(path, fn) \
    g_test_add(path, Fixture, NULL, fixture_setup, fn, fixture_teardown)

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    ADD("/virtio-blk/read/returns-image-data", test_read);
    ADD("/virtio-blk/write/lands-in-the-image", test_write_then_read);
    ADD("/virtio-blk/flush/completes", test_flush);
    ADD("/virtio-blk/get-id/returns-serial", test_get_id);
    ADD("/virtio-blk/request/unknown-type-is-unsupp", test_unsupported_type);
    ADD("/virtio-blk/bounds/past-end-is-ioerr", test_out_of_range);
    ADD("/virtio-blk/read/scatter-list", test_scatter_read);
    ADD("/virtio-blk/read/indirect-table", test_indirect_read);
    ADD("/virtio-blk/read/many-in-flight", test_many_in_flight);
    ADD("/virtio-blk/config/capacity-and-limits", test_config);
    ADD("/virtio-blk/config/write-through", test_write_through);
    ADD("/virtio-blk/reset/waits-for-requests-in-flight",
        test_reset_with_requests_in_flight);
    ADD("/virtio-blk/unplug/waits-for-requests-in-flight",
        test_unplug_with_requests_in_flight);
    g_test_add("/virtio-blk/read-only/refuses-writes", Fixture, NULL,
               fixture_setup_read_only, test_read_only, fixture_teardown);
    g_test_add_func("/virtio-blk/drive/missing-or-in-use", test_drive_errors);
    g_test_add_func("/virtio-blk/drive/registry-follows-device",
                    test_registry_follows_device);
    g_test_add_func("/virtio-blk/realize/queue-size-checked",
                    test_queue_size_checked);
    return g_test_run();
}

/* A hostile guest against the virt board's virtio-mmio slots, as Linux's
 * `devmem` would be (the project's guest kernel has no /dev/mem, so the
 * qtest protocol's MMIO accesses stand in for the guest's stores): garbage
 * in every register of every slot, a queue whose rings lie outside RAM or
 * on MMIO, absurd queue sizes and selectors, notifies of queues that are
 * not ready or do not exist. Afterwards the engine must still run and
 * answer QMP, the devices must still identify themselves, a reset must
 * mend the disk's slot, and the rng (in another slot, left alone) must
 * still serve a request through a well-formed queue. The engine process
 * runs the sanitizer build in that build's ctest, so any host access
 * outside guest RAM fails the test. Skipped while the engine has no virt
 * machine. */
#include <string.h>
#include <unistd.h>

#include <glib/gstdio.h>

#include "libqtest.h"
#include "qdict.h"

enum {
    VIRTIO_BASE = 0x10001000,
    VIRTIO_SLOT_SIZE = 0x1000,
    VIRTIO_SLOTS = 8,
    RAM_BASE = 0x80000000,

    REG_MAGIC = 0x000,
    REG_VERSION = 0x004,
    REG_DEVICE_ID = 0x008,
    REG_DEVICE_FEATURES_SEL = 0x014,
    REG_DRIVER_FEATURES = 0x020,
    REG_DRIVER_FEATURES_SEL = 0x024,
    REG_QUEUE_SEL = 0x030,
    REG_QUEUE_NUM_MAX = 0x034,
    REG_QUEUE_NUM = 0x038,
    REG_QUEUE_READY = 0x044,
    REG_QUEUE_NOTIFY = 0x050,
    REG_INTERRUPT_STATUS = 0x060,
    REG_INTERRUPT_ACK = 0x064,
    REG_STATUS = 0x070,
    REG_QUEUE_DESC_LOW = 0x080,
    REG_QUEUE_DESC_HIGH = 0x084,
    REG_QUEUE_DRIVER_LOW = 0x090,
    REG_QUEUE_DRIVER_HIGH = 0x094,
    REG_QUEUE_DEVICE_LOW = 0x0a0,
    REG_QUEUE_DEVICE_HIGH = 0x0a4,
    REG_CONFIG = 0x100,

    STATUS_ACK = 1,
    STATUS_DRIVER = 2,
    STATUS_DRIVER_OK = 4,
    STATUS_FEATURES_OK = 8,

    VIRTIO_MAGIC = 0x74726976,      /* "virt" */
    DEVICE_ID_BLOCK = 2,
    DEVICE_ID_RNG = 4,

    DESC_F_WRITE = 2,
};

static uint64_t slot_base(unsigned slot)
{
    return VIRTIO_BASE + (uint64_t)slot * VIRTIO_SLOT_SIZE;
}

static void set_queue_addresses(QTestState *s, uint64_t base, uint64_t desc,
                                uint64_t driver, uint64_t device)
{
    qtest_writel(s, base + REG_QUEUE_DESC_LOW, (uint32_t)desc);
    qtest_writel(s, base + REG_QUEUE_DESC_HIGH, (uint32_t)(desc >> 32));
    qtest_writel(s, base + REG_QUEUE_DRIVER_LOW, (uint32_t)driver);
    qtest_writel(s, base + REG_QUEUE_DRIVER_HIGH, (uint32_t)(driver >> 32));
    qtest_writel(s, base + REG_QUEUE_DEVICE_LOW, (uint32_t)device);
    qtest_writel(s, base + REG_QUEUE_DEVICE_HIGH, (uint32_t)(device >> 32));
}

/* Feature negotiation as a modern driver does it: VIRTIO_F_VERSION_1
 * (bit 32) only. */
static void negotiate(QTestState *s, uint64_t base)
{
    qtest_writel(s, base + REG_STATUS, 0);
    qtest_writel(s, base + REG_STATUS, STATUS_ACK | STATUS_DRIVER);
    qtest_writel(s, base + REG_DRIVER_FEATURES_SEL, 1);
    qtest_writel(s, base + REG_DRIVER_FEATURES, 1);
    qtest_writel(s, base + REG_DRIVER_FEATURES_SEL, 0);
    qtest_writel(s, base + REG_DRIVER_FEATURES, 0);
    qtest_writel(s, base + REG_STATUS,
                 STATUS_ACK | STATUS_DRIVER | STATUS_FEATURES_OK);
}

/* Everything a broken or malicious driver might store into one slot. */
static void attack_slot(QTestState *s, unsigned slot)
{
    static const uint64_t bad_addresses[] = {
        0, 0x1000, VIRTIO_BASE, 0xc000000, RAM_BASE - 8,
        RAM_BASE + 64 * 1024 * 1024 - 16, 0xfffffffffffff000ull,
        0x8000000000000000ull,
    };
    static const uint32_t bad_sizes[] = {
        0, 1, 3, 0x8000, 0xffff, 0x10000, 0xffffffff,
    };
    uint64_t base = slot_base(slot);

    /* Reads of the whole window, every width. */
    for (uint64_t off = 0; off < 0x200; off += 4) {
        qtest_readl(s, base + off);
        qtest_readb(s, base + off + 1);
    }
    qtest_readq(s, base + REG_CONFIG);

    for (size_t a = 0; a < G_N_ELEMENTS(bad_addresses); a++) {
        for (size_t n = 0; n < G_N_ELEMENTS(bad_sizes); n++) {
            negotiate(s, base);
            qtest_writel(s, base + REG_QUEUE_SEL, (uint32_t)n % 3);
            qtest_writel(s, base + REG_QUEUE_NUM, bad_sizes[n]);
            set_queue_addresses(s, base, bad_addresses[a],
                                bad_addresses[(a + 1) %
                                              G_N_ELEMENTS(bad_addresses)],
                                bad_addresses[(a + 2) %
                                              G_N_ELEMENTS(bad_addresses)]);
            qtest_writel(s, base + REG_QUEUE_READY, 1);
            qtest_writel(s, base + REG_STATUS,
                         STATUS_ACK | STATUS_DRIVER | STATUS_FEATURES_OK |
                         STATUS_DRIVER_OK);
            qtest_writel(s, base + REG_QUEUE_NOTIFY, 0);
            qtest_writel(s, base + REG_QUEUE_NOTIFY, 1);
            qtest_writel(s, base + REG_QUEUE_NOTIFY, 0xffffffff);
            qtest_writel(s, base + REG_INTERRUPT_ACK, 0xffffffff);
            qtest_clock_step(s, 1000000);
        }
    }
    /* Selectors and notifies of queues that do not exist or are not
     * ready, feature words past the end, status garbage. */
    qtest_writel(s, base + REG_QUEUE_SEL, 0xffffffff);
    qtest_writel(s, base + REG_QUEUE_NUM, 0xffffffff);
    qtest_writel(s, base + REG_QUEUE_READY, 1);
    qtest_writel(s, base + REG_QUEUE_NOTIFY, 0xffffffff);
    qtest_writel(s, base + REG_DEVICE_FEATURES_SEL, 0xffffffff);
    qtest_readl(s, base + 0x010);
    qtest_writel(s, base + REG_DRIVER_FEATURES_SEL, 0xffffffff);
    qtest_writel(s, base + REG_DRIVER_FEATURES, 0xffffffff);
    qtest_writel(s, base + REG_STATUS, 0xffffffff);
    for (uint64_t off = 0; off < 0x200; off += 4) {
        qtest_writel(s, base + off, 0xdeadbeef);
    }
    qtest_writeq(s, base + REG_CONFIG, 0xffffffffffffffffull);
    qtest_writeb(s, base + REG_CONFIG + 0xff, 0xff);
    qtest_clock_step(s, 1000000);
}

static unsigned find_slot(QTestState *s, uint32_t device_id)
{
    for (unsigned i = 0; i < VIRTIO_SLOTS; i++) {
        if (qtest_readl(s, slot_base(i) + REG_DEVICE_ID) == device_id) {
            return i;
        }
    }
    g_error("no virtio device %u on the board", device_id);
}

/* One 16-byte entropy request on the rng's queue 0, rings in RAM; true
 * when the device used the buffer and wrote into it. */
static bool rng_serves_a_request(QTestState *s, unsigned slot)
{
    const uint64_t base = slot_base(slot);
    const uint64_t desc = RAM_BASE + 0x100000;
    const uint64_t avail = desc + 0x1000;
    const uint64_t used = desc + 0x2000;
    const uint64_t buf = desc + 0x3000;
    uint8_t entry[16] = { 0 };
    uint8_t got[16];
    uint16_t avail_ring[3] = { 0, 1, 0 };   /* flags, idx, ring[0] */
    uint64_t addr = buf;
    uint32_t len = sizeof(got);
    uint16_t flags = DESC_F_WRITE;

    memcpy(entry, &addr, 8);
    memcpy(entry + 8, &len, 4);
    memcpy(entry + 12, &flags, 2);
    qtest_memset(s, desc, 0, 0x4000);
    qtest_memwrite(s, desc, entry, sizeof(entry));
    qtest_memwrite(s, avail, avail_ring, sizeof(avail_ring));

    negotiate(s, base);
    qtest_writel(s, base + REG_QUEUE_SEL, 0);
    g_assert_cmpuint(qtest_readl(s, base + REG_QUEUE_NUM_MAX), >=, 8);
    qtest_writel(s, base + REG_QUEUE_NUM, 8);
    set_queue_addresses(s, base, desc, avail, used);
    qtest_writel(s, base + REG_QUEUE_READY, 1);
    qtest_writel(s, base + REG_STATUS,
                 STATUS_ACK | STATUS_DRIVER | STATUS_FEATURES_OK |
                 STATUS_DRIVER_OK);
    qtest_writel(s, base + REG_QUEUE_NOTIFY, 0);
    for (int i = 0; i < 1000 && qtest_readw(s, used + 2) == 0; i++) {
        qtest_clock_step(s, 1000000);
    }
    if (qtest_readw(s, used + 2) != 1) {
        return false;
    }
    qtest_memread(s, buf, got, sizeof(got));
    for (size_t i = 0; i < sizeof(got); i++) {
        if (got[i]) {
            return true;
        }
    }
    return false;
}

static void test_garbage_leaves_the_engine_running(void)
{
    g_autofree char *dir = NULL;
    g_autofree char *image = NULL;
    g_autoptr(QDict) status = NULL;
    QDict *ret;
    QTestState *s;
    unsigned blk, rng;

    if (!qtest_has_machine("virt")) {
        g_test_skip("the engine has no virt machine yet");
        return;
    }
    dir = g_dir_make_tmp("quern-qtest-hostile-XXXXXX", NULL);
    g_assert_nonnull(dir);
    image = g_build_filename(dir, "disk.img", NULL);
    g_assert_true(g_file_set_contents(image, "", 0, NULL));
    g_assert_cmpint(truncate(image, 1024 * 1024), ==, 0);

    s = qtest_initf("-M virt -m 64M -nodefaults "
                    "-drive if=none,id=hd0,file=%s,format=raw "
                    "-device virtio-blk-device,drive=hd0 "
                    "-device virtio-rng-device", image);
    blk = find_slot(s, DEVICE_ID_BLOCK);
    rng = find_slot(s, DEVICE_ID_RNG);

    for (unsigned i = 0; i < VIRTIO_SLOTS; i++) {
        if (i != rng) {
            attack_slot(s, i);
        }
    }

    /* The engine runs and answers QMP. */
    status = qtest_qmp(s, "{\"execute\": \"query-status\"}");
    ret = qdict_get_qdict(status, "return");
    g_assert_nonnull(ret);
    g_assert_cmpstr(qdict_get_try_str(ret, "status"), ==, "running");
    /* The attacked device still identifies itself; a reset mends it. */
    g_assert_cmphex(qtest_readl(s, slot_base(blk) + REG_MAGIC), ==,
                    VIRTIO_MAGIC);
    g_assert_cmpuint(qtest_readl(s, slot_base(blk) + REG_VERSION), ==, 2);
    qtest_writel(s, slot_base(blk) + REG_STATUS, 0);
    g_assert_cmphex(qtest_readl(s, slot_base(blk) + REG_STATUS), ==, 0);
    g_assert_cmphex(qtest_readl(s, slot_base(blk) + REG_INTERRUPT_STATUS),
                    ==, 0);
    /* The device left alone still works. */
    g_assert_true(rng_serves_a_request(s, rng));

    g_assert_cmpint(qtest_quit(s), ==, 0);
    g_unlink(image);
    g_rmdir(dir);
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/qtest/virt/virtio/garbage-leaves-the-engine-running",
                    test_garbage_leaves_the_engine_running);
    return g_test_run();
}

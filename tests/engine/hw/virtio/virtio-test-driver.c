/* A virtio driver for the tests: see virtio-test-driver.h. */
#include "virtio-test-driver.h"

#include <glib/gstdio.h>
#include <string.h>

#include "block-registry.h"
#include "object-link.h"

static void vtest_irq_handler(void *opaque, int n, int level)
{
    VtestMachine *m = opaque;

    m->irq_level[n] = level;
}

VtestMachine *vtest_machine_new(void)
{
    VtestMachine *m = g_new0(VtestMachine, 1);

    memory_region_init_container(&m->sysmem, "system", MEMORY_SIZE_FULL);
    g_assert_true(memory_region_init_ram(&m->ram, "ram", VTEST_RAM_SIZE,
                                         &error_abort));
    memory_region_add_subregion(&m->sysmem, VTEST_RAM_BASE, &m->ram);
    m->as = address_space_new(&m->sysmem, "memory");
    for (unsigned i = 0; i < VTEST_SLOTS; i++) {
        m->irq[i] = irq_new(vtest_irq_handler, m, i);
    }
    g_assert_true(virtio_mmio_create_slots(&m->sysmem, m->as,
                                           VTEST_MMIO_BASE,
                                           VTEST_MMIO_STRIDE, VTEST_SLOTS,
                                           m->irq, m->slot, &error_abort));
    m->dir = g_dir_make_tmp("quern-virtio-XXXXXX", NULL);
    g_assert_nonnull(m->dir);
    return m;
}

void vtest_machine_free(VtestMachine *m)
{
    g_autoptr(GDir) dir = g_dir_open(m->dir, 0, NULL);
    const char *name;

    /* Devices first (they detach their drives), then the disks. */
    object_unparent(qdev_get_machine());
    block_registry_reset_default();
    for (unsigned i = 0; i < VTEST_SLOTS; i++) {
        object_unref(m->irq[i]);
    }
    address_space_free(m->as);
    memory_region_del_subregion(&m->sysmem, &m->ram);
    memory_region_finalize(&m->ram);
    memory_region_finalize(&m->sysmem);
    while (dir && (name = g_dir_read_name(dir))) {
        g_autofree char *p = g_build_filename(m->dir, name, NULL);

        g_remove(p);
    }
    g_rmdir(m->dir);
    g_free(m->dir);
    g_free(m);
}

hwaddr vtest_slot_base(unsigned i)
{
    return VTEST_MMIO_BASE + (hwaddr)i * VTEST_MMIO_STRIDE;
}

unsigned vtest_slot_of(VtestMachine *m, DeviceState *dev)
{
    for (unsigned i = 0; i < VTEST_SLOTS; i++) {
        if (DEVICE(virtio_mmio_get_device(m->slot[i])) == dev) {
            return i;
        }
    }
    g_assert_not_reached();
}

const char *vtest_add_image(VtestMachine *m, const char *name, size_t size,
                            bool read_only)
{
    g_autofree uint8_t *bytes = g_malloc(size);
    g_autofree char *file = g_strdup_printf("%s.img", name);
    char *path = g_build_filename(m->dir, file, NULL);

    for (size_t i = 0; i < size; i++) {
        bytes[i] = (i * 7 + 1) & 0xff;
    }
    g_assert_true(g_file_set_contents(path, (char *)bytes, size, NULL));
    BlockNode *node = block_file_open(path, read_only, &error_abort);

    g_assert_true(block_registry_add(block_registry_default(), name, node,
                                     &error_abort));
    /* The path string lives as long as the node: hand out its copy. */
    g_free(path);
    return block_file_get_path(node);
}

DeviceState *vtest_device_add(const char *driver, const char *id,
                              const char *const *props)
{
    DeviceState *dev = qdev_device_add(driver, id, NULL, props, false,
                                       &error_abort);

    g_assert_nonnull(dev);
    return dev;
}

uint32_t vtest_readl(VtestMachine *m, hwaddr addr)
{
    MemTxResult res;
    uint32_t v = address_space_ldl(m->as, addr, &res);

    g_assert_cmpint(res, ==, MEMTX_OK);
    return v;
}

void vtest_writel(VtestMachine *m, hwaddr addr, uint32_t val)
{
    MemTxResult res;

    address_space_stl(m->as, addr, val, &res);
    g_assert_cmpint(res, ==, MEMTX_OK);
}

void vtest_memwrite(VtestMachine *m, hwaddr addr, const void *buf,
                    size_t len)
{
    g_assert_true(address_space_write(m->as, addr, buf, len, NULL));
}

void vtest_memread(VtestMachine *m, hwaddr addr, void *buf, size_t len)
{
    g_assert_true(address_space_read(m->as, addr, buf, len, NULL));
}

void vtest_memset(VtestMachine *m, hwaddr addr, uint8_t byte, size_t len)
{
    g_autofree uint8_t *buf = g_malloc(len);

    memset(buf, byte, len);
    vtest_memwrite(m, addr, buf, len);
}

static void vtest_reg_write(VtestDriver *d, hwaddr reg, uint32_t val)
{
    vtest_writel(d->m, d->base + reg, val);
}

static uint32_t vtest_reg_read(VtestDriver *d, hwaddr reg)
{
    return vtest_readl(d->m, d->base + reg);
}

void vtest_driver_start(VtestDriver *d, VtestMachine *m, unsigned slot,
                        uint64_t accept, unsigned num)
{
    enum { ACK = 1, DRIVER = 2, DRIVER_OK = 4, FEATURES_OK = 8 };

    memset(d, 0, sizeof(*d));
    d->m = m;
    d->slot = slot;
    d->base = vtest_slot_base(slot);
    d->num = num;
    d->heap = VTEST_HEAP;
    vtest_memset(m, VTEST_RAM_BASE, 0, VTEST_HEAP - VTEST_RAM_BASE);

    vtest_reg_write(d, VTEST_REG_STATUS, 0);
    vtest_reg_write(d, VTEST_REG_STATUS, ACK);
    vtest_reg_write(d, VTEST_REG_STATUS, ACK | DRIVER);
    vtest_reg_write(d, VTEST_REG_DEVICE_FEATURES_SEL, 0);
    uint64_t offered = vtest_reg_read(d, VTEST_REG_DEVICE_FEATURES);

    vtest_reg_write(d, VTEST_REG_DEVICE_FEATURES_SEL, 1);
    offered |= (uint64_t)vtest_reg_read(d, VTEST_REG_DEVICE_FEATURES) << 32;
    d->features = offered & accept;
    vtest_reg_write(d, VTEST_REG_DRIVER_FEATURES_SEL, 0);
    vtest_reg_write(d, VTEST_REG_DRIVER_FEATURES, (uint32_t)d->features);
    vtest_reg_write(d, VTEST_REG_DRIVER_FEATURES_SEL, 1);
    vtest_reg_write(d, VTEST_REG_DRIVER_FEATURES, d->features >> 32);
    vtest_reg_write(d, VTEST_REG_STATUS, ACK | DRIVER | FEATURES_OK);
    g_assert_cmphex(vtest_reg_read(d, VTEST_REG_STATUS) & FEATURES_OK, ==,
                    FEATURES_OK);

    vtest_reg_write(d, VTEST_REG_QUEUE_SEL, 0);
    g_assert_cmpuint(vtest_reg_read(d, VTEST_REG_QUEUE_NUM_MAX), >=, num);
    vtest_reg_write(d, VTEST_REG_QUEUE_NUM, num);
    vtest_reg_write(d, VTEST_REG_QUEUE_DESC_LOW, (uint32_t)VTEST_DESC);
    vtest_reg_write(d, VTEST_REG_QUEUE_DESC_HIGH, VTEST_DESC >> 32);
    vtest_reg_write(d, VTEST_REG_QUEUE_DRIVER_LOW, (uint32_t)VTEST_AVAIL);
    vtest_reg_write(d, VTEST_REG_QUEUE_DRIVER_HIGH, VTEST_AVAIL >> 32);
    vtest_reg_write(d, VTEST_REG_QUEUE_DEVICE_LOW, (uint32_t)VTEST_USED);
    vtest_reg_write(d, VTEST_REG_QUEUE_DEVICE_HIGH, VTEST_USED >> 32);
    vtest_reg_write(d, VTEST_REG_QUEUE_READY, 1);
    g_assert_cmpuint(vtest_reg_read(d, VTEST_REG_QUEUE_READY), ==, 1);
    vtest_reg_write(d, VTEST_REG_STATUS,
                    ACK | DRIVER | FEATURES_OK | DRIVER_OK);
}

hwaddr vtest_alloc(VtestDriver *d, size_t len)
{
    hwaddr addr = d->heap;

    d->heap = (d->heap + len + 15) & ~(hwaddr)15;
    g_assert_cmpuint(d->heap, <=, VTEST_RAM_BASE + VTEST_RAM_SIZE);
    vtest_memset(d->m, addr, 0, len);
    return addr;
}

static void vtest_encode_desc(uint8_t *p, uint64_t addr, uint32_t len,
                              uint16_t flags, uint16_t next)
{
    uint64_t a = GUINT64_TO_LE(addr);
    uint32_t l = GUINT32_TO_LE(len);
    uint16_t f = GUINT16_TO_LE(flags);
    uint16_t n = GUINT16_TO_LE(next);

    memcpy(p, &a, 8);
    memcpy(p + 8, &l, 4);
    memcpy(p + 12, &f, 2);
    memcpy(p + 14, &n, 2);
}

void vtest_write_desc(VtestDriver *d, unsigned i, uint64_t addr,
                      uint32_t len, uint16_t flags, uint16_t next)
{
    uint8_t raw[16];

    vtest_encode_desc(raw, addr, len, flags, next);
    vtest_memwrite(d->m, VTEST_DESC + (hwaddr)i * 16, raw, sizeof(raw));
}

void vtest_publish(VtestDriver *d, unsigned head)
{
    uint16_t entry = GUINT16_TO_LE(head);
    uint16_t idx;

    vtest_memwrite(d->m, VTEST_AVAIL + 4 + (d->avail_idx % d->num) * 2,
                   &entry, 2);
    d->avail_idx++;
    idx = GUINT16_TO_LE(d->avail_idx);
    vtest_memwrite(d->m, VTEST_AVAIL + 2, &idx, 2);
}

unsigned vtest_add_chain(VtestDriver *d, const VtestBuf *bufs, unsigned n)
{
    unsigned head = d->next_desc % d->num;

    for (unsigned k = 0; k < n; k++) {
        unsigned i = (d->next_desc + k) % d->num;
        uint16_t flags = (bufs[k].write ? 2 : 0) | (k + 1 < n ? 1 : 0);

        vtest_write_desc(d, i, bufs[k].addr, bufs[k].len, flags,
                         (i + 1) % d->num);
    }
    d->next_desc += n;
    vtest_publish(d, head);
    return head;
}

unsigned vtest_add_indirect(VtestDriver *d, const VtestBuf *bufs,
                            unsigned n)
{
    hwaddr table = vtest_alloc(d, (size_t)n * 16);
    unsigned head = d->next_desc % d->num;

    for (unsigned k = 0; k < n; k++) {
        uint8_t raw[16];
        uint16_t flags = (bufs[k].write ? 2 : 0) | (k + 1 < n ? 1 : 0);

        vtest_encode_desc(raw, bufs[k].addr, bufs[k].len, flags, k + 1);
        vtest_memwrite(d->m, table + (hwaddr)k * 16, raw, sizeof(raw));
    }
    vtest_write_desc(d, head, table, n * 16, 4, 0);
    d->next_desc++;
    vtest_publish(d, head);
    return head;
}

void vtest_kick(VtestDriver *d)
{
    vtest_reg_write(d, VTEST_REG_QUEUE_NOTIFY, 0);
}

uint16_t vtest_used_idx(VtestDriver *d)
{
    uint16_t idx;

    vtest_memread(d->m, VTEST_USED + 2, &idx, 2);
    return GUINT16_FROM_LE(idx);
}

static gboolean vtest_give_up(gpointer data)
{
    *(bool *)data = true;
    return G_SOURCE_REMOVE;
}

unsigned vtest_wait_used(VtestDriver *d, uint32_t *len)
{
    bool gave_up = false;
    /* Not a timing check: a guard so a lost completion fails the test
     * instead of hanging it. */
    guint guard = g_timeout_add_seconds(60, vtest_give_up, &gave_up);

    while (vtest_used_idx(d) == d->used_seen && !gave_up) {
        g_main_context_iteration(NULL, TRUE);
    }
    g_assert_false(gave_up);
    g_source_remove(guard);

    uint8_t raw[8];
    uint32_t id, l;

    vtest_memread(d->m, VTEST_USED + 4 + (d->used_seen % d->num) * 8, raw,
                  8);
    d->used_seen++;
    memcpy(&id, raw, 4);
    memcpy(&l, raw + 4, 4);
    if (len) {
        *len = GUINT32_FROM_LE(l);
    }
    return GUINT32_FROM_LE(id);
}

uint32_t vtest_status(VtestDriver *d)
{
    return vtest_reg_read(d, VTEST_REG_STATUS);
}

uint32_t vtest_isr(VtestDriver *d)
{
    return vtest_reg_read(d, VTEST_REG_INTERRUPT_STATUS);
}

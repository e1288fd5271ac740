/* virtio-mmio: registers, the bus, and the board helper (see the header). */
#include "virtio-mmio.h"

#include <inttypes.h>
#include <string.h>

#include "object-link.h"

/* The register map (virtio 1.x, 4.2.2). */
enum {
    REG_MAGIC_VALUE = 0x000,
    REG_VERSION = 0x004,
    REG_DEVICE_ID = 0x008,
    REG_VENDOR_ID = 0x00c,
    REG_DEVICE_FEATURES = 0x010,
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
    REG_CONFIG_GENERATION = 0x0fc,
    REG_CONFIG = 0x100,
};

#define VIRTIO_MMIO_MAGIC 0x74726976        /* "virt" */
#define VIRTIO_MMIO_VERSION 2
#define VIRTIO_MMIO_VENDOR 0x554d4551       /* "QEMU", as QEMU reports */

void virtio_mmio_set_dma_as(VirtIOMMIO *t, AddressSpace *as)
{
    t->dma_as = as;
}

BusState *virtio_mmio_get_bus(VirtIOMMIO *t)
{
    return BUS(t->bus);
}

VirtIODevice *virtio_mmio_get_device(VirtIOMMIO *t)
{
    return virtio_bus_get_device(t->bus);
}

/* The driver's latched registers back to their reset values. */
static void virtio_mmio_reset_latches(VirtIOMMIO *t)
{
    VirtIODevice *vdev = virtio_mmio_get_device(t);

    t->host_features_sel = 0;
    t->guest_features_sel = 0;
    t->guest_features[0] = t->guest_features[1] = 0;
    t->queue_sel = 0;
    memset(t->vqs, 0, sizeof(t->vqs));
    for (unsigned i = 0; vdev && i < vdev->num_queues; i++) {
        t->vqs[i].num = virtqueue_get_num_max(vdev->vq[i]);
    }
}

static hwaddr virtio_mmio_addr(const uint32_t half[2])
{
    return ((hwaddr)half[1] << 32) | half[0];
}

/* The selected queue's latches, NULL when the device has no such queue. */
static VirtIOMMIOQueue *virtio_mmio_selected(VirtIOMMIO *t,
                                             VirtIODevice *vdev)
{
    return t->queue_sel < vdev->num_queues ? &t->vqs[t->queue_sel] : NULL;
}

static uint64_t virtio_mmio_read_reg(VirtIOMMIO *t, VirtIODevice *vdev,
                                     hwaddr off)
{
    VirtIOMMIOQueue *q = virtio_mmio_selected(t, vdev);

    switch (off) {
    case REG_DEVICE_ID:
        return VIRTIO_DEVICE_GET_CLASS(vdev)->device_id;
    case REG_DEVICE_FEATURES:
        return t->host_features_sel > 1 ? 0 :
               virtio_get_host_features(vdev) >>
                   (32 * t->host_features_sel);
    case REG_QUEUE_NUM_MAX:
        return q ? virtqueue_get_num_max(vdev->vq[t->queue_sel]) : 0;
    case REG_QUEUE_READY:
        return q ? q->ready : 0;
    case REG_INTERRUPT_STATUS:
        return vdev->isr;
    case REG_STATUS:
        return vdev->status;
    case REG_QUEUE_DESC_LOW:
    case REG_QUEUE_DESC_HIGH:
        return q ? q->desc[(off - REG_QUEUE_DESC_LOW) / 4] : 0;
    case REG_QUEUE_DRIVER_LOW:
    case REG_QUEUE_DRIVER_HIGH:
        return q ? q->avail[(off - REG_QUEUE_DRIVER_LOW) / 4] : 0;
    case REG_QUEUE_DEVICE_LOW:
    case REG_QUEUE_DEVICE_HIGH:
        return q ? q->used[(off - REG_QUEUE_DEVICE_LOW) / 4] : 0;
    case REG_CONFIG_GENERATION:
        return vdev->config_generation;
    default:
        guest_error(&t->guest_errors, "virtio-mmio: read of write-only or "
                    "unknown register 0x%03" PRIx64, off);
        return 0;
    }
}

static uint64_t virtio_mmio_read(void *opaque, hwaddr off, unsigned size)
{
    VirtIOMMIO *t = opaque;
    VirtIODevice *vdev = virtio_mmio_get_device(t);

    if (off >= REG_CONFIG) {
        return vdev ? virtio_config_read(vdev, off - REG_CONFIG, size) : 0;
    }
    if (size != 4) {
        guest_error(&t->guest_errors, "virtio-mmio: %u-byte read of "
                    "register 0x%03" PRIx64 " (registers take 4 bytes)",
                    size, off);
        return 0;
    }
    switch (off) {
    case REG_MAGIC_VALUE:
        return VIRTIO_MMIO_MAGIC;
    case REG_VERSION:
        return VIRTIO_MMIO_VERSION;
    case REG_VENDOR_ID:
        return VIRTIO_MMIO_VENDOR;
    default:
        /* An empty slot reads device ID 0 and nothing else. */
        return vdev ? virtio_mmio_read_reg(t, vdev, off) : 0;
    }
}

/* QueueReady: the latched set-up goes to the queue when it is enabled. */
static void virtio_mmio_set_queue_ready(VirtIOMMIO *t, VirtIODevice *vdev,
                                        bool ready)
{
    VirtIOMMIOQueue *q = virtio_mmio_selected(t, vdev);
    VirtQueue *vq = q ? vdev->vq[t->queue_sel] : NULL;

    if (!q) {
        return;
    }
    if (!ready) {
        virtqueue_set_ready(vq, false);
        q->ready = false;
        return;
    }
    if (virtqueue_configure(vq, q->num, virtio_mmio_addr(q->desc),
                            virtio_mmio_addr(q->avail),
                            virtio_mmio_addr(q->used))) {
        virtqueue_set_ready(vq, true);
        q->ready = true;
    }
}

static void virtio_mmio_write_reg(VirtIOMMIO *t, VirtIODevice *vdev,
                                  hwaddr off, uint32_t val)
{
    VirtIOMMIOQueue *q = virtio_mmio_selected(t, vdev);

    switch (off) {
    case REG_DEVICE_FEATURES_SEL:
        t->host_features_sel = val;
        break;
    case REG_DRIVER_FEATURES:
        if (t->guest_features_sel < 2) {
            t->guest_features[t->guest_features_sel] = val;
        }
        break;
    case REG_DRIVER_FEATURES_SEL:
        t->guest_features_sel = val;
        break;
    case REG_QUEUE_SEL:
        t->queue_sel = val;
        break;
    case REG_QUEUE_NUM:
        if (q) {
            q->num = val;
        }
        break;
    case REG_QUEUE_READY:
        virtio_mmio_set_queue_ready(t, vdev, val & 1);
        break;
    case REG_QUEUE_NOTIFY:
        virtio_queue_notify(vdev, val);
        break;
    case REG_INTERRUPT_ACK:
        /* Only the bits written: a driver writing 0 acks nothing. */
        virtio_isr_ack(vdev, val);
        break;
    case REG_STATUS:
        virtio_set_status(vdev, val,
                          ((uint64_t)t->guest_features[1] << 32) |
                              t->guest_features[0]);
        if (!(val & 0xff)) {
            virtio_mmio_reset_latches(t);
        }
        break;
    case REG_QUEUE_DESC_LOW:
    case REG_QUEUE_DESC_HIGH:
        if (q) {
            q->desc[(off - REG_QUEUE_DESC_LOW) / 4] = val;
        }
        break;
    case REG_QUEUE_DRIVER_LOW:
    case REG_QUEUE_DRIVER_HIGH:
        if (q) {
            q->avail[(off - REG_QUEUE_DRIVER_LOW) / 4] = val;
        }
        break;
    case REG_QUEUE_DEVICE_LOW:
    case REG_QUEUE_DEVICE_HIGH:
        if (q) {
            q->used[(off - REG_QUEUE_DEVICE_LOW) / 4] = val;
        }
        break;
    default:
        guest_error(&t->guest_errors, "virtio-mmio: write of 0x%" PRIx32
                    " to read-only, legacy or unknown register 0x%03"
                    PRIx64, val, off);
        break;
    }
}

/* Whether the guest's driver has a hold on vdev: it started it (status
 * not 0), or enabled a queue, which a driver does only after that but a
 * hostile guest may do without it -- and then requests can be in flight. */
static bool virtio_mmio_guest_holds(VirtIODevice *vdev)
{
    if (vdev->status) {
        return true;
    }
    for (unsigned i = 0; i < vdev->num_queues; i++) {
        if (virtqueue_is_ready(vdev->vq[i])) {
            return true;
        }
    }
    return false;
}

/* A device_del waits for the driver to let go (see the header); a
 * register write is where it does. vdev may be gone on return. */
static void virtio_mmio_finish_unplug_if_released(VirtIODevice *vdev)
{
    if (DEVICE(vdev)->unplug_pending && !virtio_mmio_guest_holds(vdev)) {
        qdev_unplug_complete(DEVICE(vdev));
    }
}

static void virtio_mmio_write(void *opaque, hwaddr off, uint64_t val,
                              unsigned size)
{
    VirtIOMMIO *t = opaque;
    VirtIODevice *vdev = virtio_mmio_get_device(t);

    if (!vdev) {
        return;
    }
    if (off >= REG_CONFIG) {
        virtio_config_write(vdev, off - REG_CONFIG, val, size);
        return;
    }
    if (size != 4) {
        guest_error(&t->guest_errors, "virtio-mmio: %u-byte write of "
                    "register 0x%03" PRIx64 " (registers take 4 bytes)",
                    size, off);
        return;
    }
    virtio_mmio_write_reg(t, vdev, off, val);
    virtio_mmio_finish_unplug_if_released(vdev);
}

static const MemoryRegionOps virtio_mmio_ops = {
    .read = virtio_mmio_read,
    .write = virtio_mmio_write,
    .min_access = 1,
    .max_access = 4,
};

/* The transport cannot tell a driver that its device is going: the
 * removal waits until the driver resets the device, or happens at once
 * when no driver has started it. */
static bool virtio_mmio_unplug_request(BusState *bus, DeviceState *dev,
                                       void *opaque, Error **errp)
{
    if (!virtio_mmio_guest_holds(VIRTIO_DEVICE(dev))) {
        qdev_unplug_complete(dev);
    }
    return true;
}

static const BusHotplugOps virtio_mmio_hotplug_ops = {
    .unplug_request = virtio_mmio_unplug_request,
};

static void virtio_mmio_init(Object *obj)
{
    VirtIOMMIO *t = VIRTIO_MMIO(obj);

    memory_region_init_io(&t->mmio, "virtio-mmio", &virtio_mmio_ops, t,
                          VIRTIO_MMIO_REGION_SIZE);
    sysbus_init_mmio(SYS_BUS_DEVICE(t), &t->mmio);
    sysbus_init_irq(SYS_BUS_DEVICE(t), &t->irq);
    /* Made here rather than at realize so that the buses are numbered in
     * the order the board creates the transports, whatever order it
     * realizes them in (see virtio_mmio_create_slots()). */
    t->bus = VIRTIO_BUS(qbus_new(TYPE_VIRTIO_MMIO_BUS, DEVICE(t), NULL));
    qbus_set_hotplug_handler(BUS(t->bus), &virtio_mmio_hotplug_ops, t);
}

static void virtio_mmio_finalize(Object *obj)
{
    memory_region_finalize(&VIRTIO_MMIO(obj)->mmio);
}

static bool virtio_mmio_realize(DeviceState *dev, Error **errp)
{
    VirtIOMMIO *t = VIRTIO_MMIO(dev);

    if (t->props.force_legacy) {
        error_setg(errp, "virtio-mmio has no legacy (version 1) interface: "
                   "force-legacy must be off");
        return false;
    }
    if (!t->dma_as) {
        error_setg(errp, "virtio-mmio was given no guest memory for its "
                   "device's DMA");
        return false;
    }
    virtio_mmio_reset_latches(t);
    return true;
}

static void virtio_mmio_unrealize(DeviceState *dev)
{
    VirtIOMMIO *t = VIRTIO_MMIO(dev);

    irq_lower(t->irq);
}

/* system_reset: the driver's latches go; the device (reset on its own)
 * decides the interrupt line. */
static void virtio_mmio_reset(DeviceState *dev)
{
    VirtIOMMIO *t = VIRTIO_MMIO(dev);
    VirtIODevice *vdev = virtio_mmio_get_device(t);

    virtio_mmio_reset_latches(t);
    irq_set_level(t->irq, vdev && vdev->isr);
}

static void virtio_mmio_class_init(ObjectClass *oc, const void *data)
{
    DeviceClass *dc = DEVICE_CLASS(oc);

    qom_virtio_mmio_class_add_properties(
        oc, QOM_PROPS_OFFSET(VirtIOMMIO, props, VirtioMmioProperties));
    dc->realize = virtio_mmio_realize;
    dc->unrealize = virtio_mmio_unrealize;
    dc->reset = virtio_mmio_reset;
    dc->user_creatable = false;
}

static VirtIOMMIO *virtio_mmio_bus_transport(VirtioBusState *bus)
{
    return VIRTIO_MMIO(BUS(bus)->parent);
}

static void virtio_mmio_bus_notify(VirtioBusState *bus)
{
    VirtIOMMIO *t = virtio_mmio_bus_transport(bus);
    VirtIODevice *vdev = virtio_mmio_get_device(t);

    irq_set_level(t->irq, vdev && vdev->isr);
}

static AddressSpace *virtio_mmio_bus_get_dma_as(VirtioBusState *bus)
{
    return virtio_mmio_bus_transport(bus)->dma_as;
}

static void virtio_mmio_bus_device_plugged(VirtioBusState *bus,
                                           VirtIODevice *vdev)
{
    VirtIOMMIO *t = virtio_mmio_bus_transport(bus);

    /* virtio_mmio_get_device() does not see vdev until its realize has
     * finished; latch the queue sizes from vdev itself. */
    virtio_mmio_reset_latches(t);
    for (unsigned i = 0; i < vdev->num_queues; i++) {
        t->vqs[i].num = virtqueue_get_num_max(vdev->vq[i]);
    }
}

static void virtio_mmio_bus_device_unplugged(VirtioBusState *bus,
                                             VirtIODevice *vdev)
{
    VirtIOMMIO *t = virtio_mmio_bus_transport(bus);

    memset(t->vqs, 0, sizeof(t->vqs));
    irq_lower(t->irq);
}

static void virtio_mmio_bus_class_init(ObjectClass *oc, const void *data)
{
    VirtioBusClass *vbc = VIRTIO_BUS_CLASS(oc);

    vbc->notify = virtio_mmio_bus_notify;
    vbc->get_dma_as = virtio_mmio_bus_get_dma_as;
    vbc->device_plugged = virtio_mmio_bus_device_plugged;
    vbc->device_unplugged = virtio_mmio_bus_device_unplugged;
}

static const TypeInfo virtio_mmio_types[] = {
    {
        QOM_VIRTIO_MMIO_TYPE_INFO,
        .instance_size = sizeof(VirtIOMMIO),
        .instance_init = virtio_mmio_init,
        .instance_finalize = virtio_mmio_finalize,
        .class_init = virtio_mmio_class_init,
    },
    {
        .name = TYPE_VIRTIO_MMIO_BUS,
        .parent = TYPE_VIRTIO_BUS,
        .instance_size = sizeof(VirtioBusState),
        .class_size = sizeof(VirtioBusClass),
        .class_init = virtio_mmio_bus_class_init,
    },
};

DEFINE_TYPES(virtio_mmio_types)

bool virtio_mmio_create_slots(MemoryRegion *parent, AddressSpace *dma_as,
                              hwaddr base, hwaddr stride, unsigned count,
                              IrqLine *const *irqs, VirtIOMMIO **slots,
                              Error **errp)
{
    g_autofree VirtIOMMIO **made = g_new0(VirtIOMMIO *, count);
    bool ok = true;

    for (unsigned i = 0; i < count; i++) {
        made[i] = VIRTIO_MMIO(qdev_new(TYPE_VIRTIO_MMIO));
        virtio_mmio_set_dma_as(made[i], dma_as);
    }
    for (unsigned i = count; ok && i-- > 0;) {
        SysBusDevice *s = SYS_BUS_DEVICE(made[i]);

        ok = sysbus_realize(s, errp);
        if (ok) {
            sysbus_mmio_map(s, 0, parent, base + i * stride);
            if (irqs && irqs[i]) {
                sysbus_connect_irq(s, 0, irqs[i]);
            }
        }
    }
    for (unsigned i = 0; i < count; i++) {
        /* The realized ones belong to the tree now; a failure takes them
         * out of it again. */
        if (!ok && DEVICE(made[i])->realized) {
            object_unparent(OBJECT(made[i]));
        }
        if (slots) {
            slots[i] = ok ? made[i] : NULL;
        }
        object_unref(made[i]);
    }
    return ok;
}

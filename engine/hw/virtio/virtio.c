/* Virtio devices and buses: status, features, ISR, config space, queues
 * (see the header). */
#include "virtio.h"

#include <stdarg.h>
#include <string.h>

VirtIODevice *virtio_bus_get_device(VirtioBusState *bus)
{
    BusState *b = BUS(bus);

    if (!b->children) {
        return NULL;
    }
    DeviceState *dev = b->children->data;

    return dev->realized ? VIRTIO_DEVICE(dev) : NULL;
}

static VirtioBusState *virtio_device_get_bus(VirtIODevice *vdev)
{
    BusState *bus = DEVICE(vdev)->parent_bus;

    return bus ? VIRTIO_BUS(bus) : NULL;
}

/* The ISR changed: the transport drives its interrupt line from it. */
static void virtio_update_irq(VirtIODevice *vdev)
{
    VirtioBusState *bus = virtio_device_get_bus(vdev);

    if (bus && VIRTIO_BUS_GET_CLASS(bus)->notify) {
        VIRTIO_BUS_GET_CLASS(bus)->notify(bus);
    }
}

static void virtio_queue_error(void *opaque, const char *reason)
{
    virtio_error(opaque, "%s", reason);
}

VirtQueue *virtio_add_queue(VirtIODevice *vdev, unsigned num_max,
                            VirtioQueueHandler *handler)
{
    unsigned n = vdev->num_queues;

    g_assert(n < VIRTIO_QUEUE_MAX && vdev->dma_as);
    vdev->vq[n] = virtqueue_new(vdev->dma_as, n, num_max, virtio_queue_error,
                                vdev);
    vdev->handler[n] = handler;
    vdev->num_queues++;
    return vdev->vq[n];
}

static void virtio_free_queues(VirtIODevice *vdev)
{
    for (unsigned i = 0; i < vdev->num_queues; i++) {
        g_clear_pointer(&vdev->vq[i], virtqueue_free);
        vdev->handler[i] = NULL;
    }
    vdev->num_queues = 0;
}

uint64_t virtio_get_host_features(VirtIODevice *vdev)
{
    return vdev->host_features;
}

bool virtio_has_feature(const VirtIODevice *vdev, unsigned bit)
{
    return vdev->guest_features & (1ull << bit);
}

bool virtio_is_broken(const VirtIODevice *vdev)
{
    return vdev->broken;
}

const char *virtio_get_broken_reason(const VirtIODevice *vdev)
{
    return vdev->broken_reason;
}

void virtio_reset(VirtIODevice *vdev)
{
    VirtioDeviceClass *vdc = VIRTIO_DEVICE_GET_CLASS(vdev);

    if (vdc->reset) {
        vdc->reset(vdev);
    }
    vdev->status = 0;
    vdev->isr = 0;
    vdev->guest_features = 0;
    vdev->broken = false;
    g_clear_pointer(&vdev->broken_reason, g_free);
    for (unsigned i = 0; i < vdev->num_queues; i++) {
        virtqueue_reset(vdev->vq[i]);
    }
    virtio_update_irq(vdev);
}

/* The driver's choice, applied when it sets FEATURES_OK: only what was
 * offered, and the modern interface (virtio 1.x, 6.1). */
static bool virtio_set_features(VirtIODevice *vdev, uint64_t features)
{
    VirtioDeviceClass *vdc = VIRTIO_DEVICE_GET_CLASS(vdev);

    if ((features & ~vdev->host_features) ||
        !(features & (1ull << VIRTIO_F_VERSION_1))) {
        return false;
    }
    vdev->guest_features = features;
    for (unsigned i = 0; i < vdev->num_queues; i++) {
        virtqueue_set_features(vdev->vq[i], features);
    }
    if (vdc->set_features) {
        vdc->set_features(vdev, features);
    }
    return true;
}

void virtio_set_status(VirtIODevice *vdev, uint8_t status, uint64_t features)
{
    if (!status) {
        virtio_reset(vdev);
        return;
    }
    if ((status & VIRTIO_CONFIG_S_FEATURES_OK) &&
        !(vdev->status & VIRTIO_CONFIG_S_FEATURES_OK) &&
        !virtio_set_features(vdev, features)) {
        /* The driver reads the status back and sees the refusal. */
        status &= ~VIRTIO_CONFIG_S_FEATURES_OK;
    }
    if (vdev->broken) {
        status |= VIRTIO_CONFIG_S_NEEDS_RESET;
    }
    vdev->status = status;
}

void virtio_queue_notify(VirtIODevice *vdev, unsigned n)
{
    if (n >= vdev->num_queues || vdev->broken ||
        !virtqueue_is_ready(vdev->vq[n]) || !vdev->handler[n]) {
        return;
    }
    vdev->handler[n](vdev, vdev->vq[n]);
}

void virtio_isr_ack(VirtIODevice *vdev, uint8_t bits)
{
    vdev->isr &= ~bits;
    virtio_update_irq(vdev);
}

void virtio_notify(VirtIODevice *vdev, VirtQueue *vq)
{
    if (vdev->broken || !virtqueue_should_notify(vq)) {
        return;
    }
    vdev->isr |= VIRTIO_ISR_QUEUE;
    virtio_update_irq(vdev);
}

void virtio_notify_config(VirtIODevice *vdev)
{
    /* A driver that is not running yet reads the config when it starts. */
    if (!(vdev->status & VIRTIO_CONFIG_S_DRIVER_OK)) {
        return;
    }
    vdev->config_generation++;
    vdev->isr |= VIRTIO_ISR_CONFIG;
    virtio_update_irq(vdev);
}

void virtio_error(VirtIODevice *vdev, const char *fmt, ...)
{
    va_list ap;

    if (vdev->broken) {
        return;
    }
    va_start(ap, fmt);
    vdev->broken_reason = g_strdup_vprintf(fmt, ap);
    va_end(ap);
    vdev->broken = true;
    for (unsigned i = 0; i < vdev->num_queues; i++) {
        virtqueue_set_broken(vdev->vq[i]);
    }
    g_autofree char *name = qdev_describe(DEVICE(vdev));

    warn_report("%s '%s' stopped: %s; it needs a reset",
                object_get_typename(OBJECT(vdev)), name,
                vdev->broken_reason);
    vdev->status |= VIRTIO_CONFIG_S_NEEDS_RESET;
    virtio_notify_config(vdev);
}

static bool virtio_config_in_range(VirtIODevice *vdev, uint32_t offset,
                                   unsigned size)
{
    size_t config_size = VIRTIO_DEVICE_GET_CLASS(vdev)->config_size;

    return offset < config_size && size <= config_size - offset;
}

uint32_t virtio_config_read(VirtIODevice *vdev, uint32_t offset,
                            unsigned size)
{
    VirtioDeviceClass *vdc = VIRTIO_DEVICE_GET_CLASS(vdev);
    uint32_t val = 0;

    g_assert(size == 1 || size == 2 || size == 4);
    if (!virtio_config_in_range(vdev, offset, size)) {
        return size == 4 ? UINT32_MAX : (1u << (size * 8)) - 1;
    }
    if (vdc->get_config) {
        vdc->get_config(vdev, vdev->config);
    }
    for (unsigned i = 0; i < size; i++) {
        val |= (uint32_t)vdev->config[offset + i] << (i * 8);
    }
    return val;
}

void virtio_config_write(VirtIODevice *vdev, uint32_t offset, uint32_t val,
                         unsigned size)
{
    VirtioDeviceClass *vdc = VIRTIO_DEVICE_GET_CLASS(vdev);

    g_assert(size == 1 || size == 2 || size == 4);
    if (!vdc->set_config || !virtio_config_in_range(vdev, offset, size)) {
        return;
    }
    if (vdc->get_config) {
        vdc->get_config(vdev, vdev->config);
    }
    for (unsigned i = 0; i < size; i++) {
        vdev->config[offset + i] = val >> (i * 8);
    }
    vdc->set_config(vdev, vdev->config);
}

static bool virtio_device_realize(DeviceState *dev, Error **errp)
{
    VirtIODevice *vdev = VIRTIO_DEVICE(dev);
    VirtioDeviceClass *vdc = VIRTIO_DEVICE_GET_CLASS(dev);
    VirtioBusState *bus = virtio_device_get_bus(vdev);
    VirtioBusClass *vbc = bus ? VIRTIO_BUS_GET_CLASS(bus) : NULL;

    if (!bus) {
        error_setg(errp, "device '%s' needs a virtio transport's bus",
                   object_get_typename(OBJECT(dev)));
        return false;
    }
    vdev->dma_as = vbc->get_dma_as ? vbc->get_dma_as(bus) : NULL;
    if (!vdev->dma_as) {
        error_setg(errp, "bus '%s' gives device '%s' no guest memory",
                   BUS(bus)->name, object_get_typename(OBJECT(dev)));
        return false;
    }
    vdev->config = g_malloc0(MAX(vdc->config_size, 1));
    if (vdc->realize && !vdc->realize(vdev, errp)) {
        virtio_free_queues(vdev);
        g_clear_pointer(&vdev->config, g_free);
        vdev->dma_as = NULL;
        return false;
    }
    vdev->host_features = 1ull << VIRTIO_F_VERSION_1;
    if (vdev->props.indirect_desc) {
        vdev->host_features |= 1ull << VIRTIO_F_RING_INDIRECT_DESC;
    }
    if (vdev->props.event_idx) {
        vdev->host_features |= 1ull << VIRTIO_F_RING_EVENT_IDX;
    }
    if (vdc->get_features) {
        vdev->host_features |= vdc->get_features(vdev);
    }
    vdev->status = 0;
    vdev->isr = 0;
    vdev->guest_features = 0;
    if (vbc->device_plugged) {
        vbc->device_plugged(bus, vdev);
    }
    return true;
}

static void virtio_device_unrealize(DeviceState *dev)
{
    VirtIODevice *vdev = VIRTIO_DEVICE(dev);
    VirtioDeviceClass *vdc = VIRTIO_DEVICE_GET_CLASS(dev);
    VirtioBusState *bus = virtio_device_get_bus(vdev);

    /* The device finishes its I/O first: completions may still raise the
     * interrupt, which the transport then lowers for good. */
    if (vdc->unrealize) {
        vdc->unrealize(vdev);
    }
    if (bus && VIRTIO_BUS_GET_CLASS(bus)->device_unplugged) {
        VIRTIO_BUS_GET_CLASS(bus)->device_unplugged(bus, vdev);
    }
    virtio_free_queues(vdev);
    g_clear_pointer(&vdev->config, g_free);
    g_clear_pointer(&vdev->broken_reason, g_free);
    vdev->broken = false;
    vdev->status = 0;
    vdev->isr = 0;
    vdev->dma_as = NULL;
}

/* system_reset: as if the driver had written 0 to the status. */
static void virtio_device_reset(DeviceState *dev)
{
    virtio_reset(VIRTIO_DEVICE(dev));
}

static void virtio_device_class_init(ObjectClass *oc, const void *data)
{
    DeviceClass *dc = DEVICE_CLASS(oc);

    qom_virtio_device_class_add_properties(
        oc, QOM_PROPS_OFFSET(VirtIODevice, props, VirtioDeviceProperties));
    dc->bus_type = TYPE_VIRTIO_BUS;
    dc->realize = virtio_device_realize;
    dc->unrealize = virtio_device_unrealize;
    dc->reset = virtio_device_reset;
}

static void virtio_bus_class_init(ObjectClass *oc, const void *data)
{
    /* One device per transport. */
    BUS_CLASS(oc)->max_dev = 1;
}

static const TypeInfo virtio_types[] = {
    {
        QOM_VIRTIO_DEVICE_TYPE_INFO,
        .instance_size = sizeof(VirtIODevice),
        .class_size = sizeof(VirtioDeviceClass),
        .class_init = virtio_device_class_init,
    },
    {
        .name = TYPE_VIRTIO_BUS,
        .parent = TYPE_BUS,
        .abstract = true,
        .instance_size = sizeof(VirtioBusState),
        .class_size = sizeof(VirtioBusClass),
        .class_init = virtio_bus_class_init,
    },
};

DEFINE_TYPES(virtio_types)

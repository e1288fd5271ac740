/* Virtio devices and the bus that carries them: the part of every virtio
 * device that does not depend on its transport.
 *
 * A VirtIODevice (TYPE_VIRTIO_DEVICE, abstract) plugs into a virtio bus
 * (TYPE_VIRTIO_BUS, abstract, one device per bus) that a transport owns:
 * virtio-mmio today, PCI later. The device holds what the spec puts in
 * the common configuration: status, the features offered and accepted,
 * the interrupt status (ISR), the config generation, and its queues. The
 * transport decodes the guest's register accesses into the calls below
 * and turns the ISR into its interrupt line when the bus class's notify()
 * runs.
 *
 * A device class fills in the VirtioDeviceClass hooks: its device ID, its
 * feature bits, its config space (get_config/set_config on a buffer of
 * config_size bytes, little-endian as the spec lays it out), realize /
 * unrealize (queues are created in realize with virtio_add_queue()), and
 * reset. Offered features always include VIRTIO_F_VERSION_1 (modern only),
 * and the ring features the indirect_desc / event_idx properties allow.
 *
 * A guest that breaks the rules (a bad descriptor, a malformed request)
 * makes the device broken with virtio_error(): it reports why once
 * (warn_report, and virtio_get_broken_reason()), sets DEVICE_NEEDS_RESET
 * in the status, raises a config-change interrupt and processes nothing
 * more until the driver resets it (status 0). The engine carries on.
 *
 * Ownership: the device owns its queues (freed at unrealize) and borrows
 * the bus's address space for DMA, which the board keeps alive. Main
 * thread only. */
#pragma once

#include "bus.h"
#include "qapi-qom.h"
#include "virtqueue.h"

#define TYPE_VIRTIO_BUS "virtio-bus"

OBJECT_DECLARE_TYPE(VirtIODevice, VirtioDeviceClass, VIRTIO_DEVICE)
OBJECT_DECLARE_TYPE(VirtioBusState, VirtioBusClass, VIRTIO_BUS)

/* Queues one device may have: blk and rng use one, net three. */
#define VIRTIO_QUEUE_MAX 8

/* Device status bits (virtio 1.x, 2.1). */
enum {
    VIRTIO_CONFIG_S_ACKNOWLEDGE = 1,
    VIRTIO_CONFIG_S_DRIVER = 2,
    VIRTIO_CONFIG_S_DRIVER_OK = 4,
    VIRTIO_CONFIG_S_FEATURES_OK = 8,
    VIRTIO_CONFIG_S_NEEDS_RESET = 0x40,
    VIRTIO_CONFIG_S_FAILED = 0x80,
};

/* Interrupt status bits. */
enum {
    VIRTIO_ISR_QUEUE = 1,
    VIRTIO_ISR_CONFIG = 2,
};

/* Device IDs (virtio 1.x, 5). */
enum {
    VIRTIO_ID_NET = 1,
    VIRTIO_ID_BLOCK = 2,
    VIRTIO_ID_CONSOLE = 3,
    VIRTIO_ID_RNG = 4,
};

typedef void VirtioQueueHandler(VirtIODevice *vdev, VirtQueue *vq);

struct VirtIODevice {
    DeviceState parent_obj;
    VirtioDeviceProperties props;
    AddressSpace *dma_as;       /* guest memory, the bus's; borrowed */
    uint8_t status;
    uint8_t isr;
    uint32_t config_generation;
    uint64_t host_features;     /* offered, fixed at realize */
    uint64_t guest_features;    /* accepted by the driver */
    bool broken;
    char *broken_reason;        /* why, until the next reset */
    unsigned num_queues;
    VirtQueue *vq[VIRTIO_QUEUE_MAX];
    VirtioQueueHandler *handler[VIRTIO_QUEUE_MAX];
    uint8_t *config;            /* config_size bytes, scratch for access */
};

struct VirtioDeviceClass {
    DeviceClass parent_class;
    uint16_t device_id;
    size_t config_size;
    /* The device's own feature bits (transport and ring bits are added
     * by the core). */
    uint64_t (*get_features)(VirtIODevice *vdev);
    /* The driver accepted features (a subset of what was offered). */
    void (*set_features)(VirtIODevice *vdev, uint64_t features);
    /* Fill / take config_size bytes of config space. set_config NULL:
     * read-only config. */
    void (*get_config)(VirtIODevice *vdev, uint8_t *config);
    void (*set_config)(VirtIODevice *vdev, const uint8_t *config);
    /* Device-specific realize (after the bus is known, dma_as set) and
     * its undoing; unrealize must finish all I/O that touches guest RAM. */
    bool (*realize)(VirtIODevice *vdev, Error **errp);
    void (*unrealize)(VirtIODevice *vdev);
    /* Back to power-on state: called on every device reset, after pending
     * I/O has finished (the device's own business) and before the queues
     * are reset. */
    void (*reset)(VirtIODevice *vdev);
};

struct VirtioBusState {
    BusState parent_obj;
};

struct VirtioBusClass {
    BusClass parent_class;
    /* The device's ISR changed: update the interrupt line. */
    void (*notify)(VirtioBusState *bus);
    /* Guest memory for the device's DMA, NULL when there is none yet. */
    AddressSpace *(*get_dma_as)(VirtioBusState *bus);
    /* The device on the bus was realized / is being unrealized. */
    void (*device_plugged)(VirtioBusState *bus, VirtIODevice *vdev);
    void (*device_unplugged)(VirtioBusState *bus, VirtIODevice *vdev);
};

/* The device on a virtio bus, NULL when it is empty or not realized. */
VirtIODevice *virtio_bus_get_device(VirtioBusState *bus);

/* For a device's realize: queue number num_queues, of up to num_max
 * entries; handler runs when the driver notifies it. */
VirtQueue *virtio_add_queue(VirtIODevice *vdev, unsigned num_max,
                            VirtioQueueHandler *handler);

/* What a transport does for the driver. */
uint64_t virtio_get_host_features(VirtIODevice *vdev);
/* Status register writes: 0 resets; FEATURES_OK is refused (left clear)
 * when the driver's features are not a subset of the offered ones or lack
 * VERSION_1. features is what the driver wrote to DriverFeatures. */
void virtio_set_status(VirtIODevice *vdev, uint8_t status,
                       uint64_t features);
/* Everything back to its power-on state: status, features, ISR, queues,
 * broken. The device's pending I/O completes first. */
void virtio_reset(VirtIODevice *vdev);
/* The driver notified queue n: run its handler (when the queue exists and
 * is ready, the driver is ready and the device is not broken). */
void virtio_queue_notify(VirtIODevice *vdev, unsigned n);
/* The driver acknowledged ISR bits. */
void virtio_isr_ack(VirtIODevice *vdev, uint8_t bits);
/* Config space access of size 1, 2 or 4 at offset (little-endian value).
 * Out of range reads give all ones; writes there are dropped. */
uint32_t virtio_config_read(VirtIODevice *vdev, uint32_t offset,
                            unsigned size);
void virtio_config_write(VirtIODevice *vdev, uint32_t offset, uint32_t val,
                         unsigned size);

/* What a device does. */
bool virtio_has_feature(const VirtIODevice *vdev, unsigned bit);
/* Interrupts the driver for vq if it wants one. */
void virtio_notify(VirtIODevice *vdev, VirtQueue *vq);
/* The config space changed: bump the generation and interrupt. */
void virtio_notify_config(VirtIODevice *vdev);
/* The guest broke the rules: see the top. */
void virtio_error(VirtIODevice *vdev, const char *fmt, ...)
    G_GNUC_PRINTF(2, 3);
bool virtio_is_broken(const VirtIODevice *vdev);
/* Why the device is broken (lent), NULL when it is not. */
const char *virtio_get_broken_reason(const VirtIODevice *vdev);

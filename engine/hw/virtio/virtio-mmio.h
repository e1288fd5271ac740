/* virtio-mmio: the virtio transport for boards without PCI (virtio 1.x,
 * 4.2; the version 2 register layout only, as QEMU's with
 * force-legacy=off).
 *
 * A VirtIOMMIO is a sys-bus-device with one 0x200-byte MMIO region
 * (registers, then the device's config space at 0x100) and one level IRQ,
 * asserted while the device's interrupt status is not 0. It owns a bus of
 * type "virtio-mmio-bus", named "virtio-mmio-bus.N" by the bus class's
 * counter when the transport is created, that takes one virtio device.
 * Without a device the registers read magic "virt", version 2, vendor
 * "QEMU" and device ID 0: an empty slot, which guests skip.
 *
 * The board gives the transport the address space devices DMA into
 * (virtio_mmio_set_dma_as(), before realize) and maps it like any sysbus
 * device. virtio_mmio_create_slots() does all of it for a row of slots
 * the way QEMU's riscv virt board does, including where a device without
 * bus= lands.
 *
 * Hot-plug: every transport's bus is hot-pluggable. device_add of a virtio
 * device on a running or paused machine takes a free slot as -device does
 * (bus= names one); the device is in the QOM tree at once, and the guest
 * finds it the next time it probes the slot: Linux probes each slot of
 * the device tree at boot and leaves an empty one unbound, so a driver
 * bind (/sys/bus/platform/drivers/virtio-mmio/bind) or a reboot finds the
 * new device. virtio-mmio has no way to tell a running driver that a
 * device came or goes, so device_del cannot ask the guest: a device whose
 * driver has not started it (status 0, no queue enabled) goes at once;
 * otherwise the removal is pending (a second device_del says so) and
 * completes when the driver resets the device (writes status 0, as Linux
 * does when its driver unbinds) or at system_reset. Then the device is
 * unrealized -- a virtio-blk device first waits for its requests in
 * flight, so nothing touches guest RAM afterwards -- the slot reads device
 * ID 0 again and DEVICE_DELETED is sent.
 *
 * Register access: 32-bit, aligned, in the register area; 8, 16 or 32-bit
 * in the config space. Other accesses are ignored (reads 0), as are writes
 * to read-only registers and to queues that do not exist; the ignored
 * register accesses are counted in the transport's guest-error log.
 *
 * Ownership: the transport owns its region and bus; it borrows the
 * address space and the IRQ line (a strong link, see sysbus.h). Main
 * thread only. */
#pragma once

#include "guest-error.h"
#include "sysbus.h"
#include "virtio.h"

#define TYPE_VIRTIO_MMIO_BUS "virtio-mmio-bus"

OBJECT_DECLARE_SIMPLE_TYPE(VirtIOMMIO, VIRTIO_MMIO)

/* The register window QEMU gives a transport. */
#define VIRTIO_MMIO_REGION_SIZE 0x200

/* The driver's view of one queue: registers latched until QueueReady. */
typedef struct VirtIOMMIOQueue {
    uint32_t num;
    bool ready;
    uint32_t desc[2];
    uint32_t avail[2];
    uint32_t used[2];
} VirtIOMMIOQueue;

struct VirtIOMMIO {
    SysBusDevice parent_obj;
    VirtioMmioProperties props;
    MemoryRegion mmio;
    IrqLine *irq;
    VirtioBusState *bus;
    AddressSpace *dma_as;       /* borrowed */
    uint32_t host_features_sel;
    uint32_t guest_features_sel;
    uint32_t guest_features[2];
    uint32_t queue_sel;
    VirtIOMMIOQueue vqs[VIRTIO_QUEUE_MAX];
    GuestErrorLog guest_errors;
};

/* Guest memory for the device's DMA; must be set before realize and
 * outlive the transport. */
void virtio_mmio_set_dma_as(VirtIOMMIO *t, AddressSpace *as);
/* The transport's bus, lent. */
BusState *virtio_mmio_get_bus(VirtIOMMIO *t);
/* The plugged device, NULL when the slot is empty. */
VirtIODevice *virtio_mmio_get_device(VirtIOMMIO *t);

/* Creates, realizes, maps and wires count transports: slot i at
 * base + i * stride in parent, raising irqs[i] (irqs may be NULL, and so
 * may its entries: unconnected). Their buses are numbered in slot order,
 * but a -device without bus= takes the highest free slot first, as in
 * QEMU's riscv virt (QEMU searches buses newest first, and its board
 * creates slot 0 first; qdev here searches oldest first, so the slots are
 * realized from the top down). Each transport is lent (the QOM tree owns
 * it) through slots[i] when slots is not NULL. */
bool virtio_mmio_create_slots(MemoryRegion *parent, AddressSpace *dma_as,
                              hwaddr base, hwaddr stride, unsigned count,
                              IrqLine *const *irqs, VirtIOMMIO **slots,
                              Error **errp);

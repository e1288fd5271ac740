/* A virtio driver for the tests, written the way a guest's is: a small
 * machine (2 MiB of RAM at VTEST_RAM_BASE, eight virtio-mmio slots at
 * QEMU's riscv virt addresses, each IRQ line recorded), register accesses
 * through the address space as a CPU makes them, and one split queue laid
 * out in guest RAM by hand.
 *
 * vtest_machine_new() builds the machine; vtest_machine_free() takes it
 * down again with every device on it, the block registry and /machine, so
 * each test starts afresh. A VtestDriver talks to the device in one slot:
 * vtest_driver_start() runs the whole initialisation (reset, ACKNOWLEDGE,
 * DRIVER, features, FEATURES_OK, queue 0, DRIVER_OK), then chains are
 * posted with vtest_add_chain() and vtest_kick(), and vtest_wait_used()
 * runs the GLib main loop until the used ring moves.
 *
 * Test-only: failures assert. */
#pragma once

#include "address-space.h"
#include "virtio-mmio.h"

#define VTEST_RAM_BASE 0x80000000ull
#define VTEST_RAM_SIZE (2 * 1024 * 1024)
#define VTEST_MMIO_BASE 0x10001000ull
#define VTEST_MMIO_STRIDE 0x1000
#define VTEST_SLOTS 8

/* Where the driver puts queue 0 and its buffers. */
#define VTEST_DESC (VTEST_RAM_BASE + 0x0000)
#define VTEST_AVAIL (VTEST_RAM_BASE + 0x4000)
#define VTEST_USED (VTEST_RAM_BASE + 0x8000)
#define VTEST_HEAP (VTEST_RAM_BASE + 0x10000)

/* Register offsets a driver uses. */
enum {
    VTEST_REG_MAGIC = 0x000,
    VTEST_REG_VERSION = 0x004,
    VTEST_REG_DEVICE_ID = 0x008,
    VTEST_REG_VENDOR_ID = 0x00c,
    VTEST_REG_DEVICE_FEATURES = 0x010,
    VTEST_REG_DEVICE_FEATURES_SEL = 0x014,
    VTEST_REG_DRIVER_FEATURES = 0x020,
    VTEST_REG_DRIVER_FEATURES_SEL = 0x024,
    VTEST_REG_QUEUE_SEL = 0x030,
    VTEST_REG_QUEUE_NUM_MAX = 0x034,
    VTEST_REG_QUEUE_NUM = 0x038,
    VTEST_REG_QUEUE_READY = 0x044,
    VTEST_REG_QUEUE_NOTIFY = 0x050,
    VTEST_REG_INTERRUPT_STATUS = 0x060,
    VTEST_REG_INTERRUPT_ACK = 0x064,
    VTEST_REG_STATUS = 0x070,
    VTEST_REG_QUEUE_DESC_LOW = 0x080,
    VTEST_REG_QUEUE_DESC_HIGH = 0x084,
    VTEST_REG_QUEUE_DRIVER_LOW = 0x090,
    VTEST_REG_QUEUE_DRIVER_HIGH = 0x094,
    VTEST_REG_QUEUE_DEVICE_LOW = 0x0a0,
    VTEST_REG_QUEUE_DEVICE_HIGH = 0x0a4,
    VTEST_REG_CONFIG_GENERATION = 0x0fc,
    VTEST_REG_CONFIG = 0x100,
};

typedef struct VtestMachine {
    MemoryRegion sysmem;
    MemoryRegion ram;
    AddressSpace *as;
    IrqLine *irq[VTEST_SLOTS];
    int irq_level[VTEST_SLOTS];
    VirtIOMMIO *slot[VTEST_SLOTS];
    char *dir;                  /* temporary directory for images */
} VtestMachine;

VtestMachine *vtest_machine_new(void);
void vtest_machine_free(VtestMachine *m);

/* The MMIO base of slot i. */
hwaddr vtest_slot_base(unsigned i);
/* The slot whose transport carries dev; asserts there is one. */
unsigned vtest_slot_of(VtestMachine *m, DeviceState *dev);

/* A raw image of size bytes in the machine's directory, byte i of it
 * (i * 7 + 1) & 0xff; registered as block node name. Returns its path (the
 * machine's). */
const char *vtest_add_image(VtestMachine *m, const char *name, size_t size,
                            bool read_only);
/* -device driver,props... without bus=, asserting success. */
DeviceState *vtest_device_add(const char *driver, const char *id,
                              const char *const *props);

/* Guest accesses. */
uint32_t vtest_readl(VtestMachine *m, hwaddr addr);
void vtest_writel(VtestMachine *m, hwaddr addr, uint32_t val);
void vtest_memwrite(VtestMachine *m, hwaddr addr, const void *buf,
                    size_t len);
void vtest_memread(VtestMachine *m, hwaddr addr, void *buf, size_t len);
void vtest_memset(VtestMachine *m, hwaddr addr, uint8_t byte, size_t len);

/* One buffer of a chain: guest address, length, device-writable. */
typedef struct VtestBuf {
    hwaddr addr;
    uint32_t len;
    bool write;
} VtestBuf;

typedef struct VtestDriver {
    VtestMachine *m;
    hwaddr base;
    unsigned slot;
    unsigned num;
    uint64_t features;          /* accepted */
    uint16_t avail_idx;         /* next entry the driver fills */
    uint16_t used_seen;         /* used entries consumed */
    unsigned next_desc;         /* descriptors handed out, modulo num */
    hwaddr heap;                /* next free byte for buffers */
} VtestDriver;

/* Initialises the device in slot (reset to DRIVER_OK) accepting the
 * offered features masked with accept, queue 0 of num entries. */
void vtest_driver_start(VtestDriver *d, VtestMachine *m, unsigned slot,
                        uint64_t accept, unsigned num);
/* Guest RAM for buffers, zeroed, 16-byte aligned. */
hwaddr vtest_alloc(VtestDriver *d, size_t len);

/* Writes a chain of n descriptors (next ones in order) and publishes its
 * head in the available ring; returns the head. */
unsigned vtest_add_chain(VtestDriver *d, const VtestBuf *bufs, unsigned n);
/* The same with one descriptor pointing at an indirect table written at a
 * fresh heap address. */
unsigned vtest_add_indirect(VtestDriver *d, const VtestBuf *bufs,
                            unsigned n);
/* Writes descriptor i of queue 0 as given (for hostile chains). */
void vtest_write_desc(VtestDriver *d, unsigned i, uint64_t addr,
                      uint32_t len, uint16_t flags, uint16_t next);
/* Publishes head in the available ring without writing descriptors. */
void vtest_publish(VtestDriver *d, unsigned head);
void vtest_kick(VtestDriver *d);

/* Runs the main loop until the used ring has an entry not yet seen (the
 * test fails after a long while without one); returns its id and *len. */
unsigned vtest_wait_used(VtestDriver *d, uint32_t *len);
/* The used ring's index as the device last wrote it. */
uint16_t vtest_used_idx(VtestDriver *d);
/* The device's status register and ISR. */
uint32_t vtest_status(VtestDriver *d);
uint32_t vtest_isr(VtestDriver *d);

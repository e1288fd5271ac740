/* The riscv `virt` board ("virt-machine", QEMU's riscv virt as Debian's
 * QEMU 7.2 builds it): its memory map, interrupt numbers and the device
 * tree it generates from the devices it creates.
 *
 *   MROM          0x1000     reset ROM + fw_dynamic_info (all harts start
 *                            here)
 *   TEST          0x100000   riscv.sifive.test (poweroff/reboot syscon)
 *   RTC           0x101000   goldfish_rtc, PLIC source 11
 *   CLINT         0x2000000  riscv.aclint.swi + riscv.aclint.mtimer
 *   PLIC          0xc000000  riscv.sifive.plic, 96 sources, M and S
 *                            context per hart
 *   UART0         0x10000000 serial-mm on chardev "serial0", source 10
 *   VIRTIO        0x10001000 eight virtio-mmio slots, 0x1000 apart,
 *                            sources 1..8
 *   DRAM          0x80000000 -m (default 128 MiB)
 *
 * -bios: default Debian QEMU's OpenSBI fw_dynamic; -bios none; -kernel,
 * -initrd, -append, -dtb and the dumpdtb property as in boot.h. Up to 8
 * harts (-smp), default CPU rv64. The machine starts its harts on the tcg
 * accelerator unless another one (qtest) was chosen.
 *
 * The board is built by its MachineClass.init; nothing here is called by
 * other code except the registration. Ownership: the QOM tree owns the
 * devices and harts; the board keeps borrowed pointers for its reset. */
#pragma once

#include "memory.h"

#define TYPE_VIRT_MACHINE "virt-machine"

enum {
    VIRT_MROM, VIRT_TEST, VIRT_RTC, VIRT_CLINT, VIRT_PLIC, VIRT_UART0,
    VIRT_VIRTIO, VIRT_DRAM,
};

enum {
    VIRT_VIRTIO_IRQ = 1,        /* slot n raises source 1 + n */
    VIRT_VIRTIO_COUNT = 8,
    VIRT_UART0_IRQ = 10,
    VIRT_RTC_IRQ = 11,
    VIRT_PLIC_NUM_SOURCES = 96,
    VIRT_PLIC_NUM_PRIORITIES = 7,
};

typedef struct VirtMemMapEntry {
    hwaddr base;
    hwaddr size;
} VirtMemMapEntry;

/* The table above, indexed by VIRT_*. */
extern const VirtMemMapEntry virt_memmap[];

/* Registers "virt-machine" and the devices it creates; idempotent. */
void virt_machine_register_types(void);

/* The riscv `spike` board ("spike-machine", QEMU's spike): RAM at
 * 0x80000000, the reset ROM at 0x1000, a CLINT at 0x2000000 and HTIF
 * (htif.h) at the "tohost"/"fromhost" symbols of the -kernel ELF, else of
 * the -bios ELF, else (a raw firmware such as the default OpenSBI) with
 * fromhost at 0x1000000 and tohost 8 bytes above, as QEMU puts them and
 * its device tree says. So `quern-engine -M spike -bios none -kernel TEST`
 * runs a riscv-tests binary and exits with its verdict. The
 * console (HTIF device 1) is chardev "serial0" when there is one.
 *
 * The device tree has the harts, the memory, the CLINT and an
 * "ucb,htif0" node; -bios default is the OpenSBI fw_dynamic virt uses.
 * Ownership: the QOM tree owns the harts and CLINT; the board owns its
 * Htif. */
#pragma once

#include "memory.h"

#define TYPE_SPIKE_MACHINE "spike-machine"

enum { SPIKE_MROM, SPIKE_HTIF, SPIKE_CLINT, SPIKE_DRAM };

typedef struct SpikeMemMapEntry {
    hwaddr base;
    hwaddr size;
} SpikeMemMapEntry;

extern const SpikeMemMapEntry spike_memmap[];

/* Registers "spike-machine" and the devices it creates; idempotent. */
void spike_machine_register_types(void);

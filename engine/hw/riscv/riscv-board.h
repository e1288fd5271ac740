/* What the riscv64 boards (virt.c, spike.c) share: their harts, the CLINT,
 * the device tree's cpu and memory nodes, loading -bios/-kernel/-initrd,
 * the reset ROM, and starting the accelerator.
 *
 * A board embeds a RiscvBoard in its machine state and calls, in order:
 *   riscv_board_create_harts()    one hart per -smp CPU of -cpu's model,
 *                                 /machine/soc0/harts[N], cpu_index N,
 *                                 starting at the reset ROM
 *   riscv_board_create_rom()      the reset ROM region and the RomSet
 *   riscv_board_create_clint()    ACLINT MSWI + MTIMER (QEMU's CLINT),
 *                                 wired to every hart, the harts' time CSR
 *                                 reading its mtime
 *   ... the board's own devices and device tree ...
 *   riscv_board_fdt_add_cpus/_memory/_clint()
 *   riscv_board_load_images()     firmware, kernel, initrd (boot.h rules)
 *   riscv_board_finish_boot()     /chosen, -dtb, dumpdtb, the DTB in RAM
 *                                 and the reset ROM
 *   riscv_board_start()           the tcg accelerator (not under qtest)
 * and riscv_board_reset() from its MachineClass.reset,
 * riscv_board_cleanup() from its instance_finalize.
 *
 * Ownership: the QOM tree owns the harts and devices (the board keeps
 * borrowed pointers); the RiscvBoard owns its ROM region, its RomSet
 * (registered as a reset handler, so system_reset restores every image)
 * and the accelerator. Fallible calls take Error **errp last and return
 * false; nothing is undone on failure (the engine exits). */
#pragma once

#include "boot.h"
#include "device-tree.h"
#include "loader.h"
#include "machine.h"
#include "riscv-cpu.h"
#include "tcg-accel.h"

/* The most harts a board offers (QEMU 7.2's virt and spike allow 8 per
 * socket; one socket here). */
#define RISCV_BOARD_MAX_HARTS 8
/* mtime's rate, QEMU's for both boards. */
#define RISCV_BOARD_TIMEBASE_HZ 10000000
/* The CLINT window: MSWI at +0, MTIMER (mtimecmp) at +0x4000, mtime at
 * +0xbff8. */
#define RISCV_BOARD_CLINT_SIZE 0x10000
#define RISCV_BOARD_CLINT_MTIMER_OFFSET 0x4000

typedef struct RiscvBoard {
    RiscvCpu *harts[RISCV_BOARD_MAX_HARTS];
    uint32_t intc_phandle[RISCV_BOARD_MAX_HARTS];  /* after _fdt_add_cpus */
    unsigned n_harts;
    hwaddr ram_base;
    MemoryRegion mrom;
    bool mrom_mapped;
    RomSet *roms;
    TcgAccel *accel;
    DeviceState *swi, *mtimer;                      /* borrowed */
    /* riscv_board_load_images() results. */
    hwaddr firmware_end;
    hwaddr kernel_entry;                            /* 0: no kernel */
    hwaddr initrd_start, initrd_end;
} RiscvBoard;

bool riscv_board_create_harts(RiscvBoard *b, MachineState *ms,
                              Error **errp);
/* The MROM called name (QEMU's region name) at rom_base, rom_size bytes,
 * and the RomSet over the machine's memory. */
bool riscv_board_create_rom(RiscvBoard *b, MachineState *ms, const char *name,
                            hwaddr rom_base, uint64_t rom_size, Error **errp);
bool riscv_board_create_clint(RiscvBoard *b, MachineState *ms, hwaddr base,
                              Error **errp);

/* /cpus with a cpu@N per hart (riscv,isa and mmu-type from its model) and
 * its riscv,cpu-intc child, whose phandles land in b->intc_phandle. */
bool riscv_board_fdt_add_cpus(RiscvBoard *b, DeviceTree *dt, Error **errp);
bool riscv_board_fdt_add_memory(RiscvBoard *b, MachineState *ms,
                                DeviceTree *dt, Error **errp);
/* node: "/soc/clint@2000000" style path. */
bool riscv_board_fdt_add_clint(RiscvBoard *b, DeviceTree *dt,
                               const char *node, hwaddr base, Error **errp);

/* -bios (NULL or "default": the first of default_firmware that exists;
 * "none": nothing) at RAM base, then -kernel and -initrd. */
bool riscv_board_load_images(RiscvBoard *b, MachineState *ms,
                             const char *const *default_firmware,
                             Error **errp);
/* Replaces *dt by -dtb's tree when given, fills /chosen (stdout_path may
 * be NULL), writes dumpdtb and exits the process when asked (QEMU's
 * behaviour), then puts the DTB in RAM and the reset ROM at rom_base,
 * entering start_addr. */
bool riscv_board_finish_boot(RiscvBoard *b, MachineState *ms,
                             DeviceTree **dt, const char *stdout_path,
                             hwaddr rom_base, uint64_t rom_size,
                             hwaddr start_addr, Error **errp);
void riscv_board_start(RiscvBoard *b);
void riscv_board_reset(RiscvBoard *b);
void riscv_board_cleanup(RiscvBoard *b, MachineState *ms);

/* What both boards' classes say alike (1 to RISCV_BOARD_MAX_HARTS rv64
 * harts, 128 MiB of RAM at ram_base, QEMU's RAM region name ram_id); the
 * caller adds init and reset. */
void riscv_board_class_init(MachineClass *mc, hwaddr ram_base,
                            const char *ram_id);

/* The RISC-V ACLINT (QEMU's "riscv.aclint.swi" and "riscv.aclint.mtimer";
 * together they are the virt board's CLINT).
 *
 * SWI: a 0x4000-byte window with one 4-byte register per hart at
 * 4 x (hart - hartid-base). Bit 0 is the hart's software interrupt,
 * driven on GPIO output n ("gpio-out[n]"; the board wires it to mip.MSIP
 * of hart hartid-base + n). A machine block (sswi = 0) reads back bit 0
 * and lowers the line on a 0; a supervisor block (SSWI) reads 0 and only
 * raises, since the hart clears sip.SSIP itself.
 *
 * MTIMER: mtime at time-base and mtimecmp of hart n at timecmp-base + 8n,
 * in an aperture-size window, 4- and 8-byte accesses (a 4-byte access
 * reaches either half). mtime counts timebase-freq ticks per second of the
 * virtual clock (engine/system/clock.h) plus an offset that guest writes
 * to mtime set; it stands still while the machine is paused. GPIO output
 * n ("gpio-out[n]", to mip.MTIP) is a level: high exactly while mtime >=
 * mtimecmp[n] (unsigned), re-evaluated on every write to mtime or
 * mtimecmp, with a virtual-clock Timer per hart armed for the first
 * nanosecond at which mtime reaches mtimecmp. mtimecmp resets to 0, so
 * MTIP is high out of reset as on QEMU; firmware writes all-ones first.
 *
 * Accesses outside the registers read 0 and are ignored (counted guest
 * errors, guest-error.h); no guest value can fail or touch memory. The
 * device owns its timers and pin arrays. Main thread only. */
#pragma once

#include <stdint.h>

#include "qdev.h"

#define TYPE_RISCV_ACLINT_SWI "riscv.aclint.swi"
#define TYPE_RISCV_ACLINT_MTIMER "riscv.aclint.mtimer"

enum {
    RISCV_ACLINT_MAX_HARTS = 4095,
    RISCV_ACLINT_SWI_SIZE = 0x4000,
    /* The virt board's MTIMER layout (QEMU's defaults). */
    RISCV_ACLINT_DEFAULT_MTIMECMP = 0x0,
    RISCV_ACLINT_DEFAULT_MTIME = 0x7ff8,
    RISCV_ACLINT_DEFAULT_MTIMER_SIZE = 0x8000,
    RISCV_ACLINT_DEFAULT_TIMEBASE_FREQ = 10000000,
};

/* Registers both types with QOM; idempotent. A program that creates them
 * by name calls it first (static linking drops an unreferenced module's
 * constructor). */
void riscv_aclint_register_types(void);

/* mtime now, in ticks. opaque is the realized riscv.aclint.mtimer device;
 * the shape fits a CPU's time-source callback, so the `time` CSR and the
 * MTIMER read one clock. */
uint64_t riscv_aclint_mtimer_read_time(void *opaque);

/* Power-on state, every line driven anew. SWI: every msip 0 and its line
 * low. MTIMER: mtime 0, every mtimecmp 0 (so every MTIP line high). Realize
 * does it too, but lines wired after realize hear only later changes: the
 * board calls these once it has wired them, and on system reset. */
void riscv_aclint_swi_reset(DeviceState *dev);
void riscv_aclint_mtimer_reset(DeviceState *dev);

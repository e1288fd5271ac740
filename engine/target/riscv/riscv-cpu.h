/* RISC-V harts: the QOM CPU device and the interpreter that runs it.
 *
 * A RiscvCpu is a qdev device (abstract "riscv-cpu"; models such as
 * "rv64-riscv-cpu" and "sifive-u54-riscv-cpu" are declared in
 * engine/qapi/schema/target-riscv.json with one bool property per
 * extension). The board creates one with qdev_new(), sets its properties,
 * gives it the AddressSpace it sees (riscv_cpu_set_address_space(), before
 * realize; the CPU borrows it, the board keeps it alive longer than the
 * CPU) and realizes it. Realize checks the extension combination and fails
 * with one line naming the conflict. Reset puts the hart in M-mode at
 * `resetvec`.
 *
 * Running: riscv_cpu_exec() interprets up to about `budget` instructions
 * and says why it stopped. All harts of a machine run round-robin on one
 * thread; nothing here locks. Interrupt inputs are the device's GPIO pins
 * (pin n = mip bit n, level) or riscv_cpu_set_mip_line(); they may change
 * from any device or timer callback between or during exec calls (an MMIO
 * handler called by the hart itself included).
 *
 * A guest cannot crash the host: every access outside RAM goes through
 * the address space and a failure becomes an access fault.
 *
 * Strings returned by riscv_cpu_*_string() / _format_*() are the caller's
 * (g_free). */
#pragma once

#include "address-space.h"
#include "qdev.h"

#define TYPE_RISCV_CPU "riscv-cpu"

typedef struct RiscvCpu RiscvCpu;

/* Why riscv_cpu_exec() returned. */
typedef enum RiscvExitReason {
    RISCV_EXIT_BUDGET,      /* ran its instructions; call again */
    RISCV_EXIT_WFI,         /* wfi with nothing pending: may sleep until an
                               interrupt line or timer changes that */
    RISCV_EXIT_REQUESTED,   /* riscv_cpu_request_exit() was called */
    RISCV_EXIT_HALTED,      /* not realized, or no address space */
} RiscvExitReason;

/* Privilege modes, as the ISA numbers them. */
typedef enum RiscvPriv {
    RISCV_PRIV_U = 0,
    RISCV_PRIV_S = 1,
    RISCV_PRIV_M = 3,
} RiscvPriv;

/* Casts an Object to RiscvCpu, asserting its type. */
RiscvCpu *riscv_cpu_cast(Object *obj);

/* The address space the hart's loads, stores and fetches go to; set before
 * realize. Borrowed. */
void riscv_cpu_set_address_space(RiscvCpu *cpu, AddressSpace *as);

/* Where the time CSR (and Sstc's stimecmp) reads the time: read_time(opaque)
 * in ticks of timebase_hz, which must advance with the virtual clock (the
 * Sstc timer is armed on it). Without one, time is the virtual clock at
 * 10 MHz. */
void riscv_cpu_set_time_source(RiscvCpu *cpu, uint64_t (*read_time)(void *),
                               void *opaque, uint64_t timebase_hz);

/* Architectural reset: M-mode, pc = resetvec, mstatus and the trap CSRs
 * cleared, decoded code and TLB dropped. Also done at realize. */
void riscv_cpu_reset(RiscvCpu *cpu);

RiscvExitReason riscv_cpu_exec(RiscvCpu *cpu, uint64_t budget);

/* Makes the running (or next) exec return RISCV_EXIT_REQUESTED at the next
 * block boundary. */
void riscv_cpu_request_exit(RiscvCpu *cpu);

/* Drives mip bit `bit` (0..15) from a wire; level 0 or non-zero. */
void riscv_cpu_set_mip_line(RiscvCpu *cpu, unsigned bit, int level);

/* Whether an interrupt is pending and enabled in mie (what ends a wfi,
 * whatever the global enables say). */
bool riscv_cpu_has_pending_interrupt(RiscvCpu *cpu);

/* The device tree's riscv,isa string, e.g.
 * "rv64imafdc_zicsr_zifencei_zba_zbb_zbs_sstc". New string. */
char *riscv_cpu_isa_string(RiscvCpu *cpu);
/* The mmu-type for the device tree: "riscv,sv57", ..., "riscv,none". */
const char *riscv_cpu_mmu_type(RiscvCpu *cpu);

/* `info registers` text in QEMU's layout. New string. */
char *riscv_cpu_format_registers(RiscvCpu *cpu);

/* For query-cpus-fast and tests. */
uint32_t riscv_cpu_hartid(RiscvCpu *cpu);
uint64_t riscv_cpu_get_pc(RiscvCpu *cpu);
RiscvPriv riscv_cpu_get_priv(RiscvCpu *cpu);
/* x0..x31 (x0 reads 0). */
uint64_t riscv_cpu_get_xreg(RiscvCpu *cpu, unsigned reg);
void riscv_cpu_set_xreg(RiscvCpu *cpu, unsigned reg, uint64_t value);
void riscv_cpu_set_pc(RiscvCpu *cpu, uint64_t pc);
/* Instructions retired since reset (minstret). */
uint64_t riscv_cpu_instret(RiscvCpu *cpu);
/* Reads a CSR as M-mode would, for debugging and tests; false when the
 * hart has no such CSR. */
bool riscv_cpu_read_csr(RiscvCpu *cpu, unsigned csr, uint64_t *value);

/* A bare machine for the CPU tests: harts of one model, RAM at
 * RISCV_TEST_RAM_BASE, and three MMIO helpers a test program uses:
 *
 *   0x100000  finisher: a 4-byte write ends the run; 0x5555 = pass,
 *             0x3333 | (n << 16) = test n failed (sifive_test's codes)
 *   0x101000  interrupt wires: a write of v to offset 4 * h drives mip
 *             bits 0..15 of hart h from v's bits (MSIP 3, MTIP 7, SEIP 9,
 *             MEIP 11); a read gives back what was written
 *   0x102000  console: a byte written is appended to the console text
 *
 * Time: the process clock runs from a manual source; each slice of the
 * run advances it as if every instruction took 10 ns, and runs due timers,
 * so the time CSR (10 MHz) moves with the code.
 *
 * Ownership: riscv_test_machine_new() returns a machine the caller frees
 * with riscv_test_machine_free(), which also puts the clocks back. */
#pragma once

#include "riscv-cpu.h"

#define RISCV_TEST_RAM_BASE 0x80000000ULL
#define RISCV_TEST_FINISHER 0x100000ULL
#define RISCV_TEST_WIRES 0x101000ULL
#define RISCV_TEST_CONSOLE 0x102000ULL
#define RISCV_TEST_MAX_HARTS 4

typedef struct RiscvTestMachine {
    MemoryRegion root, ram, finisher, wires, console_mr;
    AddressSpace *as;
    RiscvCpu *cpus[RISCV_TEST_MAX_HARTS];
    unsigned ncpus;
    uint32_t wire_values[RISCV_TEST_MAX_HARTS];
    bool finished;
    uint32_t finish_code;
    GString *console;
} RiscvTestMachine;

/* props: NULL-terminated "name=value" pairs set on every hart (may be
 * NULL). Aborts on any error: this is test scaffolding. */
RiscvTestMachine *riscv_test_machine_new(const char *type, unsigned ncpus,
                                         uint64_t ram_size,
                                         const char *const *props);
void riscv_test_machine_free(RiscvTestMachine *m);

/* Host pointer to guest RAM at guest address addr (must be in RAM). */
void *riscv_test_machine_ram(RiscvTestMachine *m, uint64_t addr);
/* Copies a file (a raw binary) to the start of RAM. */
void riscv_test_machine_load_file(RiscvTestMachine *m, const char *path);
void riscv_test_machine_load(RiscvTestMachine *m, const void *code,
                             size_t len);

/* Runs the harts round-robin in slices until the finisher is written,
 * every hart waits in wfi with nothing pending, or about max_insns
 * instructions per hart ran. True when the finisher was written. */
bool riscv_test_machine_run(RiscvTestMachine *m, uint64_t max_insns);

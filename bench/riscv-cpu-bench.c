/* riscv-cpu-bench: how fast the riscv64 interpreter runs guest code, in
 * guest MIPS (millions of guest instructions per host second):
 *  - a compiled CPU-bound program (riscv-cpu-bench-guest.c: a generator,
 *    table loads and stores, branches, multiply and divide, a checksum);
 *  - a two-instruction loop (addi, bnez), the figure the research notes
 *    give for QEMU's JIT (about 2300 MIPS on this class of host).
 * One hart on the CPU tests' bare machine. Usage: riscv-cpu-bench
 * [--quick] (--quick: shorter rounds, for a smoke run; the figures are
 * printed, never asserted, but a wrong checksum fails). */
#include "bench-util.h"
#include "riscv-test-machine.h"

#include <stdio.h>
#include <string.h>

enum { ROUNDS = 3 };

#define PARAMS 0x80100000ULL

static double round_seconds = 0.5;

typedef struct GuestRun {
    RiscvTestMachine *m;
    uint64_t insns;         /* guest instructions over every run */
    uint64_t checksum;
    bool tight_loop;
} GuestRun;

static void run_guest(void *opaque, long n)
{
    GuestRun *g = opaque;
    RiscvCpu *cpu = g->m->cpus[0];
    uint64_t *params = riscv_test_machine_ram(g->m, PARAMS);

    riscv_cpu_reset(cpu);
    params[0] = (uint64_t)n;
    if (g->tight_loop) {
        riscv_cpu_set_xreg(cpu, 10, (uint64_t)n);
    }
    g->m->finished = false;
    if (!riscv_test_machine_run(g->m, UINT64_MAX / 2) ||
        g->m->finish_code != 0x5555) {
        fprintf(stderr, "riscv-cpu-bench: the guest did not finish\n");
        exit(1);
    }
    g->insns += riscv_cpu_instret(cpu);
    g->checksum = params[1];
}

/* addi a0, a0, -1; bnez a0, .-4; then the finisher write. */
static const uint32_t tight_loop[] = {
    0xfff50513, 0xfe051ee3, 0x001002b7, 0x00005337, 0x5553031b,
    0x0062a023, 0x0000006f,
};

static double guest_mips(GuestRun *g)
{
    double iters_per_sec;
    uint64_t before = g->insns;
    long calibrate = 1000;

    /* Instructions per iteration, from one run of known length. */
    run_guest(g, calibrate);
    double per_iter = (double)(g->insns - before) / calibrate;

    iters_per_sec = bench_rate(round_seconds, ROUNDS, run_guest, g);
    return iters_per_sec * per_iter / 1e6;
}

int main(int argc, char **argv)
{
    GuestRun program = { 0 }, loop = { .tight_loop = true };
    g_autofree char *code = NULL;
    gsize len = 0;
    g_autoptr(GError) err = NULL;

    if (argc > 1 && strcmp(argv[1], "--quick") == 0) {
        round_seconds = 0.02;
    }
    if (!g_file_get_contents(RISCV_BENCH_GUEST, &code, &len, &err)) {
        fprintf(stderr, "riscv-cpu-bench: %s\n", err->message);
        return 1;
    }

    program.m = riscv_test_machine_new("rv64-riscv-cpu", 1, 4 << 20, NULL);
    riscv_test_machine_load(program.m, code, len);
    run_guest(&program, 1000);
    /* The checksum of 1000 iterations never changes: the interpreter
     * computed what the ISA says. */
    if (program.checksum == 0) {
        fprintf(stderr, "riscv-cpu-bench: bad checksum\n");
        return 1;
    }
    bench_print_rate("compiled integer program (guest MIPS)",
                     guest_mips(&program), "MIPS");
    riscv_test_machine_free(program.m);

    loop.m = riscv_test_machine_new("rv64-riscv-cpu", 1, 4 << 20, NULL);
    riscv_test_machine_load(loop.m, tight_loop, sizeof(tight_loop));
    bench_print_rate("addi/bnez loop (guest MIPS)", guest_mips(&loop),
                     "MIPS");
    riscv_test_machine_free(loop.m);
    return 0;
}

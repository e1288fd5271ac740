/* The ISA test programs (isa/NAME.S, assembled at build time) on a bare
 * machine: each reports pass, or the number of the check that failed,
 * through the finisher. */
#include "riscv-test-machine.h"

#include <inttypes.h>

typedef struct IsaProgram {
    const char *name;
    const char *model;
    unsigned harts;
} IsaProgram;

static const IsaProgram programs[] = {
    { "integer", "rv64-riscv-cpu", 1 },
    { "muldiv", "rv64-riscv-cpu", 1 },
    { "bitmanip", "rv64-riscv-cpu", 1 },
    { "atomic", "rv64-riscv-cpu", 2 },
    { "compressed", "rv64-riscv-cpu", 1 },
    { "csr", "rv64-riscv-cpu", 1 },
    { "traps", "rv64-riscv-cpu", 1 },
    { "interrupts", "rv64-riscv-cpu", 1 },
    { "paging", "rv64-riscv-cpu", 1 },
    { "fencei", "rv64-riscv-cpu", 1 },
    { "fp", "rv64-riscv-cpu", 1 },
    { "hostile", "rv64-riscv-cpu", 1 },
    { "forward", "rv64-riscv-cpu", 1 },
    { "smp", "rv64-riscv-cpu", 4 },
};

static void run_program(gconstpointer data)
{
    const IsaProgram *p = data;
    g_autofree char *path = g_strdup_printf("%s/%s.bin", RISCV_TEST_BIN_DIR,
                                            p->name);
    RiscvTestMachine *m = riscv_test_machine_new(p->model, p->harts,
                                                 4 * 1024 * 1024, NULL);
    bool finished;

    riscv_test_machine_load_file(m, path);
    finished = riscv_test_machine_run(m, 50 * 1000 * 1000);
    if (!finished) {
        g_autofree char *regs = riscv_cpu_format_registers(m->cpus[0]);

        g_test_message("%s never finished; hart 0:\n%s", p->name, regs);
        g_test_fail();
    } else if (m->finish_code != 0x5555) {
        g_autofree char *regs = riscv_cpu_format_registers(m->cpus[0]);

        g_test_message("%s: check %u failed (finisher 0x%x); hart 0:\n%s",
                       p->name, m->finish_code >> 16, m->finish_code, regs);
        g_test_fail();
    }
    riscv_test_machine_free(m);
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    for (size_t i = 0; i < G_N_ELEMENTS(programs); i++) {
        g_autofree char *path = g_strdup_printf("/riscv-cpu/isa/%s",
                                                programs[i].name);

        g_test_add_data_func(path, &programs[i], run_program);
    }
    return g_test_run();
}

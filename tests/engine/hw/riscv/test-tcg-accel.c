/* The tcg accelerator on the CPU tests' bare machine, driven one main-loop
 * iteration at a time: what runs, what sleeps, what wakes it. Each test
 * asserts what the guest's instruction count and the loop show; nothing
 * depends on how fast the host is. */
#include <fcntl.h>
#include <glib.h>
#include <glib-unix.h>
#include <unistd.h>

#include "error.h"
#include "riscv-test-machine.h"
#include "runstate.h"
#include "tcg-accel.h"

/* Hand-assembled RV64 instructions. */
#define WFI             0x10500073u
#define J_BACK_1        0xffdff06fu     /* j .-4 */
#define J_SELF          0x0000006fu     /* j . */
#define LUI_T0_1        0x000012b7u     /* lui t0, 0x1 */
#define ADDI_T0_M2048   0x80028293u     /* addi t0, t0, -2048: t0 = 0x800 */
#define CSRS_MIE_T0     0x3042a073u     /* csrs mie, t0 */
#define LUI_T1_FINISHER 0x00100337u     /* lui t1, 0x100: the finisher */
#define LUI_T1_KICKER   0x00103337u     /* lui t1, 0x103: the kicker */
#define SW_T0_T1        0x00532023u     /* sw t0, 0(t1) */
#define LUI_T1_POLLED   0x00104337u     /* lui t1, 0x104: the idle UART */
#define LW_T0_T1        0x00032283u     /* lw t0, 0(t1) */
#define MIP_MEIP 11

/* A device that asks the run state for a reset, as a guest's write to a
 * test finisher does: the request kicks the running hart. */
#define KICKER_BASE 0x103000
static unsigned kicks;

static void kicker_write(void *opaque, hwaddr off, uint64_t val,
                         unsigned size)
{
    kicks++;
    runstate_request_reset(SHUTDOWN_CAUSE_GUEST_RESET);
}

static const MemoryRegionOps kicker_ops = {
    .write = kicker_write, .min_access = 4, .max_access = 4,
};

/* A console with nothing to read: every read is an idle poll, as the
 * virt board reports U-Boot's LSR reads. */
#define POLLED_BASE 0x104000
static TcgAccel *polled_accel;

static uint64_t polled_read(void *opaque, hwaddr off, unsigned size)
{
    tcg_accel_note_idle_poll(polled_accel);
    return 0;
}

static const MemoryRegionOps polled_ops = {
    .read = polled_read, .min_access = 4, .max_access = 4,
};

typedef struct Fixture {
    RiscvTestMachine *m;
    MemoryRegion kicker, polled;
    TcgAccel *accel;
} Fixture;

static void fixture_setup(Fixture *f, unsigned ncpus, const uint32_t *code,
                          size_t len)
{
    runstate_reset_for_test();
    kicks = 0;
    f->m = riscv_test_machine_new("rv64-riscv-cpu", ncpus, 1 << 20, NULL);
    memory_region_init_io(&f->kicker, "kicker", &kicker_ops, NULL, 0x1000);
    memory_region_add_subregion(&f->m->root, KICKER_BASE, &f->kicker);
    memory_region_init_io(&f->polled, "polled", &polled_ops, NULL, 0x1000);
    memory_region_add_subregion(&f->m->root, POLLED_BASE, &f->polled);
    riscv_test_machine_load(f->m, code, len);
    f->accel = tcg_accel_new(f->m->cpus, ncpus);
    polled_accel = f->accel;
}

static void fixture_teardown(Fixture *f)
{
    tcg_accel_free(f->accel);
    memory_region_del_subregion(&f->m->root, &f->kicker);
    memory_region_finalize(&f->kicker);
    memory_region_del_subregion(&f->m->root, &f->polled);
    memory_region_finalize(&f->polled);
    riscv_test_machine_free(f->m);
    runstate_reset_for_test();
}

/* One main-loop iteration that never blocks: whether anything ran. */
static bool iterate(void)
{
    return g_main_context_iteration(NULL, FALSE);
}

/* Nothing runs before the machine starts, and nothing once it stops. */
static void test_runs_only_while_running(void)
{
    static const uint32_t code[] = { J_SELF };
    Fixture f;
    uint64_t stopped_at;

    fixture_setup(&f, 1, code, sizeof(code));
    g_assert_false(iterate());
    g_assert_cmpuint(riscv_cpu_instret(f.m->cpus[0]), ==, 0);
    g_assert_true(runstate_vm_start(&error_abort));
    g_assert_true(iterate());
    g_assert_cmpuint(riscv_cpu_instret(f.m->cpus[0]), >, 0);
    runstate_vm_stop(RUN_STATE_PAUSED);
    stopped_at = riscv_cpu_instret(f.m->cpus[0]);
    g_assert_false(iterate());
    g_assert_cmpuint(riscv_cpu_instret(f.m->cpus[0]), ==, stopped_at);
    fixture_teardown(&f);
}

/* A QMP client's socket: a default-priority fd source, ready only once
 * poll() has seen its byte, that pauses the machine when it runs. */
static gboolean pause_on_input(gint fd, GIOCondition cond, gpointer unused)
{
    char byte;

    g_assert_cmpint(read(fd, &byte, 1), ==, 1);
    runstate_vm_stop(RUN_STATE_PAUSED);
    return G_SOURCE_REMOVE;
}

/* `stop` arriving while the accelerator is ready: the accelerator said
 * so in prepare(), the socket won the iteration after poll(), and GLib
 * keeps the accelerator marked ready and dispatches it in a later
 * iteration without asking it again. That slice must not run (a stop
 * that let the guest run on showed as `info registers` changing while
 * paused). */
static void test_stop_beats_a_ready_slice(void)
{
    static const uint32_t code[] = { J_SELF };
    Fixture f;
    uint64_t stopped_at;
    int fds[2];

    fixture_setup(&f, 1, code, sizeof(code));
    g_assert_true(g_unix_open_pipe(fds, FD_CLOEXEC, NULL));
    g_unix_fd_add(fds[0], G_IO_IN, pause_on_input, NULL);
    g_assert_true(runstate_vm_start(&error_abort));
    g_assert_cmpint(write(fds[1], "s", 1), ==, 1);
    stopped_at = riscv_cpu_instret(f.m->cpus[0]);
    g_assert_true(iterate());           /* the socket, not the slice */
    g_assert_cmpint(runstate_get(), ==, RUN_STATE_PAUSED);
    g_assert_cmpuint(riscv_cpu_instret(f.m->cpus[0]), ==, stopped_at);
    iterate();                          /* the slice GLib still owes */
    g_assert_cmpuint(riscv_cpu_instret(f.m->cpus[0]), ==, stopped_at);
    close(fds[0]);
    close(fds[1]);
    fixture_teardown(&f);
}

/* Every hart gets its turn in a slice: round-robin, none starves. */
static void test_every_hart_runs(void)
{
    static const uint32_t code[] = { J_SELF };
    Fixture f;

    fixture_setup(&f, 2, code, sizeof(code));
    g_assert_true(runstate_vm_start(&error_abort));
    g_assert_true(iterate());
    g_assert_cmpuint(riscv_cpu_instret(f.m->cpus[0]), >, 0);
    g_assert_cmpuint(riscv_cpu_instret(f.m->cpus[1]), >, 0);
    fixture_teardown(&f);
}

/* A hart in wfi with nothing pending sleeps: the source is not ready, the
 * loop would block, no instruction runs (an idle guest costs nothing). */
static void test_wfi_sleeps(void)
{
    static const uint32_t code[] = { WFI, J_BACK_1 };
    Fixture f;
    uint64_t asleep_at;

    fixture_setup(&f, 1, code, sizeof(code));
    g_assert_true(runstate_vm_start(&error_abort));
    g_assert_true(iterate());
    g_assert_true(tcg_accel_hart_sleeping(f.accel, 0));
    asleep_at = riscv_cpu_instret(f.m->cpus[0]);
    g_assert_false(iterate());
    g_assert_false(iterate());
    g_assert_cmpuint(riscv_cpu_instret(f.m->cpus[0]), ==, asleep_at);
    fixture_teardown(&f);
}

/* An interrupt line the hart enabled wakes it from wfi, even with the
 * global enable off (the ISA's rule), and it carries on after the wfi. */
static void test_interrupt_line_wakes(void)
{
    static const uint32_t code[] = {
        LUI_T0_1, ADDI_T0_M2048, CSRS_MIE_T0, WFI,
        LUI_T1_FINISHER, SW_T0_T1, J_SELF,
    };
    Fixture f;
    IrqLine *meip;

    fixture_setup(&f, 1, code, sizeof(code));
    meip = gpio_get_in(OBJECT(f.m->cpus[0]), NULL, MIP_MEIP);
    g_assert_true(runstate_vm_start(&error_abort));
    g_assert_true(iterate());
    g_assert_true(tcg_accel_hart_sleeping(f.accel, 0));
    g_assert_false(f.m->finished);
    g_assert_false(iterate());
    irq_raise(meip);
    g_assert_true(iterate());
    g_assert_false(tcg_accel_hart_sleeping(f.accel, 0));
    g_assert_true(f.m->finished);
    g_assert_cmphex(f.m->finish_code, ==, 0x800);
    fixture_teardown(&f);
}

/* A runstate request made by the running hart's own store ends the slice
 * at once: far fewer instructions than one budget ran after it. */
static void test_request_ends_the_slice(void)
{
    static const uint32_t code[] = { LUI_T1_KICKER, SW_T0_T1, J_SELF };
    Fixture f;

    fixture_setup(&f, 1, code, sizeof(code));
    g_assert_true(runstate_vm_start(&error_abort));
    g_assert_true(iterate());
    g_assert_cmpuint(kicks, ==, 1);
    g_assert_cmpuint(riscv_cpu_instret(f.m->cpus[0]), <,
                     TCG_ACCEL_HART_BUDGET);
    fixture_teardown(&f);
}

/* system_reset wakes a sleeping hart: after a reset it runs from its reset
 * vector, asleep or not. */
static void test_reset_wakes(void)
{
    static const uint32_t code[] = { WFI, J_BACK_1 };
    Fixture f;
    int status = 0;

    fixture_setup(&f, 1, code, sizeof(code));
    g_assert_true(runstate_vm_start(&error_abort));
    g_assert_true(iterate());
    g_assert_true(tcg_accel_hart_sleeping(f.accel, 0));
    runstate_request_reset(SHUTDOWN_CAUSE_HOST_QMP_SYSTEM_RESET);
    g_assert_false(runstate_process_requests(&status));
    g_assert_false(tcg_accel_hart_sleeping(f.accel, 0));
    g_assert_true(iterate());
    fixture_teardown(&f);
}

/* A guest that only polls an idle console is stopped at the poll once it
 * has spun long enough (the slice ends far short of its budget); input
 * arriving (progress) makes it runnable again at once. */
static void test_spinning_on_idle_console_rests(void)
{
    static const uint32_t code[] = { LUI_T1_POLLED, LW_T0_T1, J_BACK_1 };
    Fixture f;

    fixture_setup(&f, 1, code, sizeof(code));
    /* Long enough without progress: what a prompt waiting for a key
     * looks like (a wait for a condition, not a timing assertion). */
    g_usleep(2 * TCG_ACCEL_IDLE_AFTER_US);
    g_assert_true(runstate_vm_start(&error_abort));
    g_assert_true(iterate());
    g_assert_cmpuint(riscv_cpu_instret(f.m->cpus[0]), <,
                     TCG_ACCEL_HART_BUDGET);
    tcg_accel_note_progress(f.accel);
    g_assert_true(iterate());
    fixture_teardown(&f);
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/tcg-accel/runs-only-while-the-machine-runs",
                    test_runs_only_while_running);
    g_test_add_func("/tcg-accel/stop-beats-a-ready-slice",
                    test_stop_beats_a_ready_slice);
    g_test_add_func("/tcg-accel/every-hart-runs-in-a-slice",
                    test_every_hart_runs);
    g_test_add_func("/tcg-accel/wfi-with-nothing-pending-sleeps",
                    test_wfi_sleeps);
    g_test_add_func("/tcg-accel/an-enabled-interrupt-wakes-wfi",
                    test_interrupt_line_wakes);
    g_test_add_func("/tcg-accel/a-runstate-request-ends-the-slice",
                    test_request_ends_the_slice);
    g_test_add_func("/tcg-accel/system-reset-wakes-a-sleeping-hart",
                    test_reset_wakes);
    g_test_add_func("/tcg-accel/spinning-on-an-idle-console-rests",
                    test_spinning_on_idle_console_rests);
    return g_test_run();
}

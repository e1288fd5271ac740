/* The platform devices against QEMU 7.2's own: the same register
 * accesses, at QEMU virt's addresses, go to our models and to
 * `qemu-system-riscv64 -M virt -qtest stdio` (stopped with -S, so its
 * virtual clock stands still as ours does here), and every read must
 * agree. Skipped when QEMU is not installed (Debian's qemu-system-misc).
 *
 * The scripts keep off the few places where we differ on purpose, which
 * the unit tests cover: the PLIC's enable bit of the non-existent source
 * 0 (hard-wired 0, as the spec says), a complete for a source the context
 * has not enabled (ignored, as the spec says), a level source still high
 * at complete (pends again at once; QEMU waits for the device to set its
 * line again); MSR delta bits in loopback (kept, as on a 16550); and an
 * RTC alarm near 2^63 ns (QEMU's deadline overflows and it fires). */
#include <inttypes.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/wait.h>

#include "device-harness.h"
#include "goldfish-rtc.h"
#include "riscv-aclint.h"
#include "runstate.h"
#include "serial.h"
#include "sifive-plic.h"
#include "sifive-test.h"
#include "sysbus.h"

#define QEMU_BINARY "qemu-system-riscv64"

enum {
    TEST_BASE = 0x100000,
    RTC_BASE = 0x101000,
    SWI_BASE = 0x2000000,
    MTIMER_BASE = 0x2004000,
    MTIME = MTIMER_BASE + 0x7ff8,
    PLIC_BASE = 0xc000000,
    PLIC_PENDING = PLIC_BASE + 0x1000,
    PLIC_ENABLE_S = PLIC_BASE + 0x2000 + 0x80,     /* context 1: hart 0 S */
    PLIC_THRESHOLD_S = PLIC_BASE + 0x200000 + 0x1000,
    PLIC_CLAIM_S = PLIC_THRESHOLD_S + 4,
    UART_BASE = 0x10000000,
    UART_IRQ = 10,
};

typedef struct Step {
    char op;                    /* 'r' or 'w' */
    unsigned size;
    hwaddr addr;
    uint64_t val;               /* a write's value; a read's compared bits */
} Step;

#define R(size, addr) { 'r', size, addr, UINT64_MAX }
#define W(size, addr, val) { 'w', size, addr, val }
/* A read compared on the bits of mask only. */
#define RM(size, addr, mask) { 'r', size, addr, mask }

/* QEMU under qtest: one request line on its stdin, one "OK [value]" line
 * back on its stdout. It does not exit at the end of its input: the
 * finisher ends it. */
typedef struct Qemu {
    GPid pid;
    FILE *in;
    FILE *out;
} Qemu;

/* In the child before exec: QEMU does not end at the end of its input, so
 * it must die with the test, whichever way the test ends. */
static void qemu_die_with_parent(gpointer unused)
{
    prctl(PR_SET_PDEATHSIG, SIGKILL);
}

static bool qemu_start(Qemu *q)
{
    g_autofree char *path = g_find_program_in_path(QEMU_BINARY);
    const char *argv[] = { path, "-M", "virt", "-display", "none",
                           "-qtest", "stdio", "-S", "-nodefaults",
                           "-serial", "null", "-monitor", "none", NULL };
    int in_fd, out_fd;
    GError *err = NULL;

    if (!path) {
        return false;
    }
    g_assert_true(g_spawn_async_with_pipes(
        NULL, (char **)argv, NULL,
        G_SPAWN_DO_NOT_REAP_CHILD | G_SPAWN_STDERR_TO_DEV_NULL,
        qemu_die_with_parent, NULL,
        &q->pid, &in_fd, &out_fd, NULL, &err));
    g_assert_no_error(err);
    q->in = fdopen(in_fd, "w");
    q->out = fdopen(out_fd, "r");
    g_assert_nonnull(q->in);
    g_assert_nonnull(q->out);
    return true;
}

static void qemu_send(Qemu *q, const char *line)
{
    g_assert_cmpint(fprintf(q->in, "%s\n", line), >, 0);
    g_assert_cmpint(fflush(q->in), ==, 0);
}

/* Sends one request; the value of its "OK" answer. */
static uint64_t qemu_request(Qemu *q, const char *fmt, ...)
    G_GNUC_PRINTF(2, 3);
static uint64_t qemu_request(Qemu *q, const char *fmt, ...)
{
    va_list ap;
    g_autofree char *line = NULL;
    char reply[256];

    va_start(ap, fmt);
    line = g_strdup_vprintf(fmt, ap);
    va_end(ap);
    qemu_send(q, line);
    if (!fgets(reply, sizeof(reply), q->out) ||
        !g_str_has_prefix(reply, "OK")) {
        g_error("QEMU did not answer OK to '%s'", line);
    }
    return reply[2] == ' ' ? g_ascii_strtoull(reply + 3, NULL, 16) : 0;
}

/* Writes `command` to QEMU's test finisher, which ends it: its exit
 * status. */
static int qemu_finish(Qemu *q, uint32_t command)
{
    g_autofree char *line = g_strdup_printf("writel 0x%x 0x%" PRIx32,
                                            TEST_BASE, command);
    int status;

    qemu_send(q, line);
    g_assert_cmpint(waitpid(q->pid, &status, 0), ==, q->pid);
    g_spawn_close_pid(q->pid);
    fclose(q->in);
    fclose(q->out);
    return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

static uint64_t qemu_access(Qemu *q, const Step *s)
{
    static const char suffix[9] = { [1] = 'b', [2] = 'w', [4] = 'l',
                                    [8] = 'q' };

    if (s->op == 'w') {
        return qemu_request(q, "write%c 0x%" PRIx64 " 0x%" PRIx64,
                            suffix[s->size], s->addr, s->val);
    }
    return qemu_request(q, "read%c 0x%" PRIx64, suffix[s->size], s->addr);
}

/* Our side: QEMU virt's devices, each in a harness, found by address. */
typedef struct Rig {
    struct {
        hwaddr base;
        uint64_t size;
        DeviceHarness *h;
    } dev[6];
    int n;
} Rig;

static DeviceHarness *rig_add(Rig *rig, hwaddr base, uint64_t size,
                              const char *type, const char *const *props)
{
    DeviceHarness *h = device_harness_new(type, props, &error_abort);

    rig->dev[rig->n].base = base;
    rig->dev[rig->n].size = size;
    rig->dev[rig->n].h = h;
    rig->n++;
    return h;
}

static void rig_init(Rig *rig)
{
    static const char *const plic[] = {
        "hart-config=MS", "num-sources=96", "num-priorities=7",
        "priority-base=0x4", "pending-base=0x1000", "enable-base=0x2000",
        "enable-stride=0x80",
        "context-base=0x200000", "context-stride=0x1000",
        "aperture-size=0x600000", NULL
    };
    static const char *const mtimer[] = { "timebase-freq=10000000", NULL };
    DeviceHarness *uart, *plic_h;

    serial_mm_register_types();
    riscv_aclint_register_types();
    sifive_plic_register_types();
    sifive_test_register_types();
    goldfish_rtc_register_types();
    memset(rig, 0, sizeof(*rig));
    uart = rig_add(rig, UART_BASE, 0x100, TYPE_SERIAL_MM, NULL);
    plic_h = rig_add(rig, PLIC_BASE, 0x600000, TYPE_SIFIVE_PLIC, plic);
    rig_add(rig, SWI_BASE, 0x4000, TYPE_RISCV_ACLINT_SWI, NULL);
    rig_add(rig, MTIMER_BASE, 0x8000, TYPE_RISCV_ACLINT_MTIMER, mtimer);
    rig_add(rig, RTC_BASE, 0x1000, TYPE_GOLDFISH_RTC, NULL);
    rig_add(rig, TEST_BASE, 0x1000, TYPE_SIFIVE_TEST, NULL);
    /* The UART interrupts through PLIC source 10, as on virt. */
    sysbus_connect_irq(SYS_BUS_DEVICE(uart->dev), 0,
                       gpio_get_in(OBJECT(plic_h->dev), NULL, UART_IRQ));
}

static void rig_free(Rig *rig)
{
    /* The first free empties /machine; the rest free their spaces. */
    for (int i = 0; i < rig->n; i++) {
        device_harness_free(rig->dev[i].h);
    }
}

static uint64_t rig_access(Rig *rig, const Step *s)
{
    for (int i = 0; i < rig->n; i++) {
        hwaddr off = s->addr - rig->dev[i].base;
        DeviceHarness *h = rig->dev[i].h;
        uint8_t buf[8] = { 0 };
        uint64_t val = 0;

        if (s->addr < rig->dev[i].base || off >= rig->dev[i].size) {
            continue;
        }
        if (s->op == 'w') {
            memcpy(buf, &s->val, s->size);
            address_space_write(h->as, off, buf, s->size, NULL);
            return 0;
        }
        address_space_read(h->as, off, buf, s->size, NULL);
        memcpy(&val, buf, s->size);
        return val;
    }
    g_error("no device at 0x%" PRIx64, s->addr);
}

/* Runs steps on both; every read must give the same value. */
static void run_script(const Step *steps, size_t n)
{
    Qemu q;
    Rig rig;

    if (!qemu_start(&q)) {
        g_test_skip(QEMU_BINARY " is not installed");
        return;
    }
    rig_init(&rig);
    for (size_t i = 0; i < n; i++) {
        uint64_t theirs = qemu_access(&q, &steps[i]);
        uint64_t ours = rig_access(&rig, &steps[i]);

        if (steps[i].op == 'r' && (theirs ^ ours) & steps[i].val) {
            g_error("step %zu, read%u 0x%" PRIx64 ": QEMU 0x%" PRIx64
                    ", ours 0x%" PRIx64, i, steps[i].size, steps[i].addr,
                    theirs, ours);
        }
    }
    g_assert_cmpint(qemu_finish(&q, 0x5555), ==, 0);
    rig_free(&rig);
}

#define UART(reg) (UART_BASE + (reg))

/* The UART: power-on values, Linux's THRE probe, FIFO bits in IIR,
 * loopback echo, overrun and modem lines, the divisor latch. In loopback
 * QEMU shows no MSR delta bits (nor modem-status interrupts); we keep the
 * 16550's, so only the line bits are compared there. */
static void test_uart(void)
{
    static const Step steps[] = {
        R(1, UART(5)), R(1, UART(2)), R(1, UART(4)), R(1, UART(6)),
        R(1, UART(3)), R(1, UART(1)), R(1, UART(7)),
        /* THRE probe */
        W(1, UART(1), 0x02), R(1, UART(2)), R(1, UART(2)),
        W(1, UART(1), 0x00), W(1, UART(1), 0x02), R(1, UART(2)),
        W(1, UART(0), 'a'), R(1, UART(2)), R(1, UART(5)),
        /* FIFOs on */
        W(1, UART(2), 0x07), R(1, UART(2)), W(1, UART(1), 0), R(1, UART(2)),
        /* loopback */
        W(1, UART(4), 0x10), RM(1, UART(6), 0xf0), RM(1, UART(6), 0xf0),
        W(1, UART(0), 'x'), W(1, UART(0), 'y'), R(1, UART(5)),
        R(1, UART(0)), R(1, UART(0)), R(1, UART(5)),
        W(1, UART(4), 0x1f), RM(1, UART(6), 0xf0), RM(1, UART(6), 0xf0),
        W(1, UART(4), 0x1b), RM(1, UART(6), 0xf0),
        /* 16450 mode: the second byte overruns */
        W(1, UART(2), 0x00), W(1, UART(4), 0x10),
        W(1, UART(0), '1'), W(1, UART(0), '2'), W(1, UART(1), 0x05),
        R(1, UART(2)), R(1, UART(5)), R(1, UART(2)), R(1, UART(0)),
        R(1, UART(5)), R(1, UART(2)),
        /* divisor latch */
        W(1, UART(3), 0x80), W(1, UART(0), 0x02), W(1, UART(1), 0x01),
        R(1, UART(0)), R(1, UART(1)), W(1, UART(3), 0x03), R(1, UART(1)),
        R(1, UART(3)), W(1, UART(7), 0xa5), R(1, UART(7)),
    };

    run_script(steps, G_N_ELEMENTS(steps));
}

/* A long seeded random walk over the UART's registers, loopback and
 * FIFO modes included, every read compared. IER.MSI stays off and MSR is
 * compared on its line bits only: in loopback QEMU keeps no delta bits
 * (see above). */
static void test_uart_random_walk(void)
{
    enum { STEPS = 4000 };
    static const unsigned read_regs[] = { 0, 0, 0, 1, 2, 2, 3, 4, 5, 5, 7 };
    g_autoptr(GRand) rand = g_rand_new_with_seed(20261124);
    g_autofree Step *steps = g_new0(Step, STEPS);

    for (int i = 0; i < STEPS; i++) {
        uint8_t byte = g_rand_int_range(rand, 0, 256);
        int pick = g_rand_int_range(rand, 0, 100);

        if (pick < 20) {
            steps[i] = (Step)W(1, UART(0), byte);
        } else if (pick < 27) {
            steps[i] = (Step)W(1, UART(1), byte & 0x07);
        } else if (pick < 31) {
            steps[i] = (Step)W(1, UART(2), byte);
        } else if (pick < 35) {
            /* DLAB now and then, mostly 8N1 with or without break */
            steps[i] = (Step)W(1, UART(3), byte & (pick & 1 ? 0xff : 0x7f));
        } else if (pick < 40) {
            steps[i] = (Step)W(1, UART(4), byte);
        } else if (pick < 42) {
            steps[i] = (Step)W(1, UART(7), byte);
        } else if (pick < 45) {
            steps[i] = (Step)RM(1, UART(6), 0xf0);
        } else {
            steps[i] = (Step)R(1, UART(read_regs[pick % 11]));
        }
    }
    run_script(steps, STEPS);
}

/* The PLIC: priority and threshold WARL bits, enables, the UART's
 * interrupt pending, claimed, held while claimed, completed. */
static void test_plic(void)
{
    static const Step steps[] = {
        W(4, PLIC_BASE, 3), R(4, PLIC_BASE), W(4, PLIC_BASE + 4, 5),
        R(4, PLIC_BASE + 4), W(4, PLIC_BASE + 4 * 95, 6),
        R(4, PLIC_BASE + 4 * 95),
        W(4, PLIC_BASE + 4 * UART_IRQ, 0xffffffff),
        R(4, PLIC_BASE + 4 * UART_IRQ),
        W(4, PLIC_BASE + 4 * UART_IRQ, 2), R(4, PLIC_BASE + 4 * UART_IRQ),
        W(4, PLIC_THRESHOLD_S, 0x1f), R(4, PLIC_THRESHOLD_S),
        W(4, PLIC_THRESHOLD_S, 1), R(4, PLIC_THRESHOLD_S),
        W(4, PLIC_ENABLE_S, 1u << UART_IRQ), R(4, PLIC_ENABLE_S),
        W(4, PLIC_ENABLE_S + 8, 0xffffffff), R(4, PLIC_ENABLE_S + 8),
        R(4, PLIC_PENDING), R(4, PLIC_CLAIM_S),
        /* The UART raises source 10: loopback, RDI, one byte. */
        W(1, UART(4), 0x10), W(1, UART(1), 0x01), W(1, UART(0), 'z'),
        R(4, PLIC_PENDING), W(4, PLIC_PENDING, 0), R(4, PLIC_PENDING),
        R(4, PLIC_CLAIM_S), R(4, PLIC_PENDING), R(4, PLIC_CLAIM_S),
        R(1, UART(0)), W(4, PLIC_CLAIM_S, UART_IRQ), R(4, PLIC_PENDING),
        /* raised again, masked by the threshold, then let through */
        W(1, UART(0), 'w'), W(4, PLIC_THRESHOLD_S, 2), R(4, PLIC_CLAIM_S),
        R(4, PLIC_PENDING), W(4, PLIC_THRESHOLD_S, 0), R(4, PLIC_CLAIM_S),
        R(1, UART(0)), W(4, PLIC_CLAIM_S, UART_IRQ), R(4, PLIC_PENDING),
        R(4, PLIC_CLAIM_S),
    };

    run_script(steps, G_N_ELEMENTS(steps));
}

/* The CLINT with the clock standing still: msip, mtimecmp in halves and
 * whole, mtime written and read back. */
static void test_clint(void)
{
    static const Step steps[] = {
        R(4, SWI_BASE), W(4, SWI_BASE, 1), R(4, SWI_BASE),
        W(4, SWI_BASE, 2), R(4, SWI_BASE),
        R(8, MTIME), R(8, MTIMER_BASE),
        W(4, MTIMER_BASE + 4, 0x12345678), W(4, MTIMER_BASE, 0x9abcdef0),
        R(8, MTIMER_BASE), R(4, MTIMER_BASE), R(4, MTIMER_BASE + 4),
        W(8, MTIMER_BASE, 0x1122334455667788), R(8, MTIMER_BASE),
        W(8, MTIME, 5000), R(8, MTIME), R(4, MTIME), R(4, MTIME + 4),
        W(4, MTIME + 4, 7), R(8, MTIME), W(4, MTIME, 9), R(8, MTIME),
    };

    run_script(steps, G_N_ELEMENTS(steps));
}

/* The goldfish RTC's alarm registers (its time is the host's, which moves
 * between the two reads). The alarm is set for 2262: QEMU fires one near
 * 2^63 ns at once (its deadline overflows), ours never does. */
static void test_rtc(void)
{
    static const Step steps[] = {
        R(4, RTC_BASE + 0x10), R(4, RTC_BASE + 0x18),
        W(4, RTC_BASE + 0x0c, 0x7ffffff0), W(4, RTC_BASE + 0x08, 0xfffffff0),
        R(4, RTC_BASE + 0x18), R(4, RTC_BASE + 0x08), R(4, RTC_BASE + 0x0c),
        W(4, RTC_BASE + 0x14, 1), R(4, RTC_BASE + 0x18),
        W(4, RTC_BASE + 0x10, 3), R(4, RTC_BASE + 0x10),
        W(4, RTC_BASE + 0x1c, 1), R(4, RTC_BASE + 0x10),
    };

    run_script(steps, G_N_ELEMENTS(steps));
}

/* The test finisher: the guest's exit code is QEMU's exit status and what
 * our run states hand the engine to exit with. */
static void test_finisher_exit_code(void)
{
    const Step fail = W(4, TEST_BASE, 0x3333 | 7 << 16);
    Qemu q;
    Rig rig;
    int status = -1;

    if (!qemu_start(&q)) {
        g_test_skip(QEMU_BINARY " is not installed");
        return;
    }
    rig_init(&rig);
    rig_access(&rig, &fail);
    g_assert_true(runstate_process_requests(&status));
    g_assert_cmpint(status, ==, 7);
    g_assert_cmpint(qemu_finish(&q, fail.val), ==, 7);
    rig_free(&rig);
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/virt-devices/agree-with-qemu/uart", test_uart);
    g_test_add_func("/virt-devices/agree-with-qemu/uart-random-walk",
                    test_uart_random_walk);
    g_test_add_func("/virt-devices/agree-with-qemu/plic", test_plic);
    g_test_add_func("/virt-devices/agree-with-qemu/clint", test_clint);
    g_test_add_func("/virt-devices/agree-with-qemu/rtc-alarm", test_rtc);
    g_test_add_func("/virt-devices/agree-with-qemu/finisher-exit-code",
                    test_finisher_exit_code);
    return g_test_run();
}

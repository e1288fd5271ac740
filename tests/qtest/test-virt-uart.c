/* The virt board's platform devices through qtest, as a guest driver sees
 * them at QEMU virt's addresses: the 16550A UART (registers, output to its
 * chardev, input from a socket, the THR-empty and character-timeout
 * interrupts through the PLIC to a hart's context), the sifive test
 * finisher (power off ends the engine with the guest's code) and the
 * goldfish RTC (time follows the virtual clock's host twin; the alarm
 * interrupts), and the PLIC driven through set_irq_in. Skipped while
 * the engine has no virt machine. */
#include <inttypes.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include <glib/gstdio.h>

#include "libqtest.h"
#include "qlist.h"

enum {
    TEST_BASE = 0x100000,
    RTC_BASE = 0x101000,
    PLIC_BASE = 0xc000000,
    PLIC_PENDING = PLIC_BASE + 0x1000,
    PLIC_ENABLE_S = PLIC_BASE + 0x2000 + 0x80,      /* context 1: hart 0 S */
    PLIC_THRESHOLD_S = PLIC_BASE + 0x200000 + 0x1000,
    PLIC_CLAIM_S = PLIC_THRESHOLD_S + 4,
    PLIC_CONTEXT_S = 1,         /* the PLIC's output pin for it */
    UART_BASE = 0x10000000,
    UART_IRQ = 10,
    RTC_IRQ = 11,
};

enum {
    UART_RBR_THR = UART_BASE + 0,
    UART_IER = UART_BASE + 1,
    UART_IIR_FCR = UART_BASE + 2,
    UART_LCR = UART_BASE + 3,
    UART_LSR = UART_BASE + 5,
    UART_SCR = UART_BASE + 7,
};

enum {
    RTC_TIME_LOW = RTC_BASE + 0x00,
    RTC_TIME_HIGH = RTC_BASE + 0x04,
    RTC_ALARM_LOW = RTC_BASE + 0x08,
    RTC_ALARM_HIGH = RTC_BASE + 0x0c,
    RTC_IRQ_ENABLED = RTC_BASE + 0x10,
    RTC_ALARM_STATUS = RTC_BASE + 0x18,
    RTC_CLEAR_INTERRUPT = RTC_BASE + 0x1c,
};

static bool skip_without_virt(void)
{
    if (!qtest_has_machine("virt")) {
        g_test_skip("the engine has no virt machine yet");
        return true;
    }
    return false;
}

/* The QOM path of the first object of type under parent (depth first). */
static char *find_path(QTestState *s, const char *parent, const char *type,
                       int depth)
{
    g_autoptr(QObject) ret = NULL;
    g_autofree char *request = NULL;
    QList *props;

    if (depth == 0) {
        return NULL;
    }
    request = g_strdup_printf("{\"execute\": \"qom-list\", "
                              "\"arguments\": {\"path\": \"%s\"}}", parent);
    ret = qmp_client_return(qtest_qmp_client(s), request);
    props = qobject_to(QList, ret);
    for (size_t i = 0; props && i < qlist_size(props); i++) {
        QDict *prop = qobject_to(QDict, qlist_entry(props, i));
        const char *name = qdict_get_try_str(prop, "name");
        const char *ptype = qdict_get_try_str(prop, "type");
        g_autofree char *path = NULL;
        g_autofree char *want = g_strdup_printf("child<%s>", type);
        char *found;

        if (!g_str_has_prefix(ptype, "child<")) {
            continue;
        }
        path = g_strdup_printf("%s/%s", parent, name);
        if (g_str_equal(ptype, want)) {
            return g_steal_pointer(&path);
        }
        found = find_path(s, path, type, depth - 1);
        if (found) {
            return found;
        }
    }
    return NULL;
}

static char *device_path(QTestState *s, const char *type)
{
    char *path = find_path(s, "/machine", type, 4);

    if (!path) {
        g_error("no %s under /machine", type);
    }
    return path;
}

/* Source `source` to hart 0's S-mode context, priority 1, threshold 0. */
static void plic_route_to_s(QTestState *s, unsigned source)
{
    qtest_writel(s, PLIC_BASE + 4 * source, 1);
    qtest_writel(s, PLIC_ENABLE_S + 4 * (source / 32),
                 qtest_readl(s, PLIC_ENABLE_S + 4 * (source / 32)) |
                 1u << (source % 32));
    qtest_writel(s, PLIC_THRESHOLD_S, 0);
}

static char *ringbuf_read(QTestState *s)
{
    g_autoptr(QObject) ret = qmp_client_return(qtest_qmp_client(s),
        "{\"execute\": \"ringbuf-read\", \"arguments\": "
        "{\"device\": \"serial0\", \"size\": 1000, \"format\": \"utf8\"}}");

    return g_strdup(qstring_get_str(qobject_to(QString, ret)));
}

static void test_uart_registers(void)
{
    QTestState *s;
    g_autofree char *out = NULL;

    if (skip_without_virt()) {
        return;
    }
    s = qtest_initf("-M virt -nodefaults "
                    "-chardev ringbuf,id=serial0,size=4096");
    /* After reset: THR and the transmitter empty, no interrupt. */
    g_assert_cmphex(qtest_readb(s, UART_LSR), ==, 0x60);
    g_assert_cmphex(qtest_readb(s, UART_IIR_FCR), ==, 0x01);
    g_assert_cmphex(qtest_readb(s, UART_IER), ==, 0x00);
    /* The scratch register keeps what it is given. */
    qtest_writeb(s, UART_SCR, 0xa5);
    g_assert_cmphex(qtest_readb(s, UART_SCR), ==, 0xa5);
    /* With DLAB set, offsets 0 and 1 are the divisor latch. */
    qtest_writeb(s, UART_LCR, 0x83);
    qtest_writeb(s, UART_RBR_THR, 0x0c);
    qtest_writeb(s, UART_IER, 0x00);
    g_assert_cmphex(qtest_readb(s, UART_RBR_THR), ==, 0x0c);
    qtest_writeb(s, UART_LCR, 0x03);
    g_assert_cmphex(qtest_readb(s, UART_LCR), ==, 0x03);
    /* Bytes written to THR come out of the chardev. */
    qtest_writeb(s, UART_RBR_THR, 'h');
    qtest_writeb(s, UART_RBR_THR, 'i');
    out = ringbuf_read(s);
    g_assert_cmpstr(out, ==, "hi");
    g_assert_cmpint(qtest_quit(s), ==, 0);
}

static void test_uart_irq_through_plic(void)
{
    QTestState *s;
    g_autofree char *plic = NULL;

    if (skip_without_virt()) {
        return;
    }
    s = qtest_initf("-M virt -nodefaults");
    plic = device_path(s, "riscv.sifive.plic");
    qtest_irq_intercept_out(s, plic);
    plic_route_to_s(s, UART_IRQ);
    g_assert_false(qtest_get_irq(s, PLIC_CONTEXT_S));

    /* THR is empty: enabling its interrupt raises it, and the PLIC passes
     * it to the hart's S context. */
    qtest_writeb(s, UART_IER, 0x02);
    g_assert_true(qtest_get_irq(s, PLIC_CONTEXT_S));
    g_assert_cmphex(qtest_readl(s, PLIC_PENDING), ==, 1u << UART_IRQ);
    /* Claiming takes it; reading IIR (THR empty) acknowledges it at the
     * UART; completing lets the context go low. */
    g_assert_cmpuint(qtest_readl(s, PLIC_CLAIM_S), ==, UART_IRQ);
    g_assert_false(qtest_get_irq(s, PLIC_CONTEXT_S));
    g_assert_cmphex(qtest_readb(s, UART_IIR_FCR), ==, 0x02);
    g_assert_cmphex(qtest_readb(s, UART_IIR_FCR), ==, 0x01);
    qtest_writel(s, PLIC_CLAIM_S, UART_IRQ);
    g_assert_false(qtest_get_irq(s, PLIC_CONTEXT_S));
    g_assert_cmphex(qtest_readl(s, PLIC_PENDING), ==, 0);
    /* Masked by the threshold, the source pends but the context stays
     * low. */
    qtest_writel(s, PLIC_THRESHOLD_S, 1);
    qtest_writeb(s, UART_IER, 0x00);
    qtest_writeb(s, UART_IER, 0x02);
    g_assert_cmphex(qtest_readl(s, PLIC_PENDING), ==, 1u << UART_IRQ);
    g_assert_false(qtest_get_irq(s, PLIC_CONTEXT_S));
    qtest_writel(s, PLIC_THRESHOLD_S, 0);
    g_assert_true(qtest_get_irq(s, PLIC_CONTEXT_S));
    g_assert_cmpint(qtest_quit(s), ==, 0);
}

static void test_uart_output_intercepted(void)
{
    QTestState *s;
    g_autofree char *uart = NULL;
    g_autofree char *reply = NULL;

    if (skip_without_virt()) {
        return;
    }
    s = qtest_initf("-M virt -nodefaults");
    uart = device_path(s, "serial-mm");
    /* Only the sysbus interrupt set; pin 0 is the UART's one line. */
    reply = qtest_command(s, "irq_intercept_out %s sysbus-irq", uart);
    g_assert_cmpstr(reply, ==, "OK");
    qtest_writeb(s, UART_IER, 0x02);
    g_assert_true(qtest_get_irq(s, 0));
    /* The intercepted output still reaches the PLIC. */
    g_assert_cmphex(qtest_readl(s, PLIC_PENDING), ==, 1u << UART_IRQ);
    g_assert_cmphex(qtest_readb(s, UART_IIR_FCR), ==, 0x02);
    g_assert_false(qtest_get_irq(s, 0));
    g_assert_cmpint(qtest_quit(s), ==, 0);
}

static void test_plic_set_irq_in(void)
{
    QTestState *s;
    g_autofree char *plic = NULL;
    g_autofree char *reply = NULL;

    if (skip_without_virt()) {
        return;
    }
    s = qtest_initf("-M virt -nodefaults");
    plic = device_path(s, "riscv.sifive.plic");
    qtest_irq_intercept_out(s, plic);
    plic_route_to_s(s, 5);
    /* Driving the PLIC's input 5 as a device would: the S context
     * follows, through claim and complete. */
    qtest_set_irq_in(s, plic, NULL, 5, 1);
    g_assert_true(qtest_get_irq(s, PLIC_CONTEXT_S));
    g_assert_cmpuint(qtest_readl(s, PLIC_CLAIM_S), ==, 5);
    g_assert_false(qtest_get_irq(s, PLIC_CONTEXT_S));
    qtest_set_irq_in(s, plic, NULL, 5, 0);
    qtest_writel(s, PLIC_CLAIM_S, 5);
    g_assert_false(qtest_get_irq(s, PLIC_CONTEXT_S));
    g_assert_cmphex(qtest_readl(s, PLIC_PENDING), ==, 0);
    /* An input the PLIC does not have. */
    reply = qtest_command(s, "set_irq_in %s unnamed-gpio-in 100000 1", plic);
    g_assert_true(g_str_has_prefix(reply, "FAIL"));
    g_assert_cmpint(qtest_quit(s), ==, 0);
}

static int connect_unix(const char *path)
{
    struct sockaddr_un sun = { .sun_family = AF_UNIX };
    int fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);

    g_assert_cmpint(fd, >=, 0);
    g_strlcpy(sun.sun_path, path, sizeof(sun.sun_path));
    g_assert_cmpint(connect(fd, (struct sockaddr *)&sun, sizeof(sun)), ==,
                    0);
    return fd;
}

static void test_uart_rx_timeout(void)
{
    g_autofree char *dir = NULL;
    g_autofree char *sock = NULL;
    g_autofree char *plic = NULL;
    QTestState *s;
    int fd, polls = 0;

    if (skip_without_virt()) {
        return;
    }
    dir = g_dir_make_tmp("quern-qtest-uart-XXXXXX", NULL);
    sock = g_build_filename(dir, "serial.sock", NULL);
    s = qtest_initf("-M virt -nodefaults "
                    "-chardev socket,id=serial0,path=%s,server=on,wait=off",
                    sock);
    plic = device_path(s, "riscv.sifive.plic");
    qtest_irq_intercept_in(s, plic);
    plic_route_to_s(s, UART_IRQ);
    /* FIFOs on, trigger level 14, the received-data interrupt on. */
    qtest_writeb(s, UART_IIR_FCR, 0xc1);
    qtest_writeb(s, UART_IER, 0x01);

    fd = connect_unix(sock);
    g_assert_cmpint(write(fd, "x", 1), ==, 1);
    /* The byte arrives through the main loop; the engine answers qtest
     * between, so ask until the UART has it. */
    while (!(qtest_readb(s, UART_LSR) & 0x01)) {
        g_assert_cmpint(++polls, <, 2000);
        g_usleep(1000);
    }
    /* One byte is below the trigger level: no interrupt until the
     * character timeout, which runs on the virtual clock. */
    g_assert_false(qtest_get_irq(s, UART_IRQ));
    qtest_clock_step_next(s);
    g_assert_true(qtest_get_irq(s, UART_IRQ));
    /* The intercepted line still reaches the PLIC. */
    g_assert_cmphex(qtest_readl(s, PLIC_PENDING), ==, 1u << UART_IRQ);
    g_assert_cmphex(qtest_readb(s, UART_IIR_FCR), ==, 0xcc);
    g_assert_cmphex(qtest_readb(s, UART_RBR_THR), ==, 'x');
    g_assert_false(qtest_get_irq(s, UART_IRQ));
    close(fd);
    g_assert_cmpint(qtest_quit(s), ==, 0);
    g_assert_cmpint(g_rmdir(dir), ==, 0);
}

static void test_finisher(void)
{
    QTestState *s;
    g_autofree char *reply = NULL;

    if (skip_without_virt()) {
        return;
    }
    /* FAIL with a code: the engine exits with it. */
    s = qtest_initf("-M virt -nodefaults");
    reply = qtest_command(s, "writel 0x%x 0x%x", TEST_BASE,
                          0x3333 | 7 << 16);
    g_assert_cmpstr(reply, ==, "OK");
    g_assert_cmpint(qtest_wait_exit(s), ==, 7);
    /* PASS: status 0. */
    s = qtest_initf("-M virt -nodefaults");
    g_clear_pointer(&reply, g_free);
    reply = qtest_command(s, "writel 0x%x 0x5555", TEST_BASE);
    g_assert_cmpstr(reply, ==, "OK");
    g_assert_cmpint(qtest_wait_exit(s), ==, 0);
}

static void test_no_cpu_runs(void)
{
    /* At RAM's start, where hart 0 goes without firmware: send 'X' to the
     * UART and loop. Under tcg the byte comes out at once. */
    static const char program[] =
        "0xb7020010"        /* lui  t0, 0x10000 */
        "13038005"          /* li   t1, 'X' */
        "23806200"          /* sb   t1, 0(t0) */
        "6f000000";         /* j    . */
    QTestState *s;
    g_autofree char *reply = NULL;
    g_autofree char *out = NULL;
    g_autoptr(QObject) ret = NULL;

    if (skip_without_virt()) {
        return;
    }
    s = qtest_initf("-M virt -nodefaults -bios none -S "
                    "-chardev ringbuf,id=serial0,size=4096");
    reply = qtest_command(s, "write 0x80000000 16 %s", program);
    g_assert_cmpstr(reply, ==, "OK");
    ret = qmp_client_return(qtest_qmp_client(s), "{\"execute\": \"cont\"}");
    /* Whatever time passes, by the host's clock or qtest's, no guest
     * instruction runs. */
    g_usleep(200 * 1000);
    qtest_clock_step(s, 1000000000);
    out = ringbuf_read(s);
    g_assert_cmpstr(out, ==, "");
    g_assert_cmpint(qtest_quit(s), ==, 0);
}

static uint64_t rtc_now(QTestState *s)
{
    uint64_t low = qtest_readl(s, RTC_TIME_LOW);

    return (uint64_t)qtest_readl(s, RTC_TIME_HIGH) << 32 | low;
}

static void test_rtc(void)
{
    QTestState *s;
    g_autofree char *plic = NULL;
    uint64_t t0, alarm;

    if (skip_without_virt()) {
        return;
    }
    s = qtest_initf("-M virt -nodefaults");
    plic = device_path(s, "riscv.sifive.plic");
    qtest_irq_intercept_in(s, plic);

    /* Under qtest the RTC's time moves with the clock, to the ns. */
    t0 = rtc_now(s);
    g_assert_cmpuint(t0, >, UINT64_C(1) << 60);     /* a date, in ns */
    g_assert_cmpuint(rtc_now(s), ==, t0);
    qtest_clock_step(s, 1000000000);
    g_assert_cmpuint(rtc_now(s), ==, t0 + 1000000000);

    /* An alarm 5 us ahead interrupts when the clock gets there. */
    alarm = rtc_now(s) + 5000;
    qtest_writel(s, RTC_IRQ_ENABLED, 1);
    qtest_writel(s, RTC_ALARM_HIGH, (uint32_t)(alarm >> 32));
    qtest_writel(s, RTC_ALARM_LOW, (uint32_t)alarm);
    g_assert_cmpuint(qtest_readl(s, RTC_ALARM_STATUS), ==, 1);
    qtest_clock_step(s, 4999);
    g_assert_false(qtest_get_irq(s, RTC_IRQ));
    qtest_clock_step(s, 1);
    g_assert_true(qtest_get_irq(s, RTC_IRQ));
    g_assert_cmpuint(qtest_readl(s, RTC_ALARM_STATUS), ==, 0);
    qtest_writel(s, RTC_CLEAR_INTERRUPT, 1);
    g_assert_false(qtest_get_irq(s, RTC_IRQ));
    g_assert_cmpint(qtest_quit(s), ==, 0);
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/qtest/virt/uart/registers", test_uart_registers);
    g_test_add_func("/qtest/virt/uart/irq-through-plic",
                    test_uart_irq_through_plic);
    g_test_add_func("/qtest/virt/uart/rx-timeout", test_uart_rx_timeout);
    g_test_add_func("/qtest/virt/uart/output-intercepted",
                    test_uart_output_intercepted);
    g_test_add_func("/qtest/virt/plic/set-irq-in", test_plic_set_irq_in);
    g_test_add_func("/qtest/virt/finisher", test_finisher);
    g_test_add_func("/qtest/virt/rtc", test_rtc);
    g_test_add_func("/qtest/virt/no-cpu-runs", test_no_cpu_runs);
    return g_test_run();
}

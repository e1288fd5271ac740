/* The 16550A UART as a guest driver (OpenSBI, U-Boot, Linux's 8250) sees
 * it through its registers and interrupt line, with a ringbuf or a real
 * unix-socket chardev on the host side. */
#include "serial.h"

#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include <glib/gstdio.h>
#include <glib-unix.h>

#include "char-ringbuf.h"
#include "char-socket.h"
#include "chardev.h"
#include "clock.h"
#include "device-harness.h"

enum {
    RBR = 0, THR = 0, DLL = 0, IER = 1, DLM = 1, IIR = 2, FCR = 2, LCR = 3,
    MCR = 4, LSR = 5, MSR = 6, SCR = 7,
    /* 8N1 at baudbase 115200, divisor 1: 10 bits of 8680.5 ns. */
    CHAR_NS = 86805,
};

typedef struct Uart {
    DeviceHarness *h;
    Chardev *chr;               /* the ringbuf "c0", ours */
} Uart;

/* A UART on ringbuf "c0" with extra properties, its IRQ watched as line 0. */
static void uart_setup_props(Uart *u, const char *const *extra)
{
    GPtrArray *props = g_ptr_array_new();

    serial_mm_register_types();
    u->chr = chardev_new("c0", "ringbuf", NULL, &error_abort);
    g_ptr_array_add(props, (gpointer)"chardev=c0");
    for (size_t i = 0; extra && extra[i]; i++) {
        g_ptr_array_add(props, (gpointer)extra[i]);
    }
    g_ptr_array_add(props, NULL);
    u->h = device_harness_new(TYPE_SERIAL_MM,
                              (const char *const *)props->pdata,
                              &error_abort);
    g_ptr_array_free(props, TRUE);
    device_harness_watch_irq(u->h, 0);
}

static void uart_setup(Uart *u, gconstpointer data)
{
    uart_setup_props(u, data);
}

static void uart_teardown(Uart *u, gconstpointer data)
{
    device_harness_free(u->h);
    g_assert_true(chardev_remove("c0", &error_abort));
    object_unref(OBJECT(u->chr));
}

static uint8_t rd(Uart *u, hwaddr reg)
{
    return device_harness_readb(u->h, reg);
}

static void wr(Uart *u, hwaddr reg, uint8_t val)
{
    device_harness_writeb(u->h, reg, val);
}

static char *host_output(Uart *u)
{
    size_t len;

    return ringbuf_read(u->chr, 1024, &len, &error_abort);
}

static void host_input(Uart *u, const char *text)
{
    g_assert_true(ringbuf_write(u->chr, text, strlen(text), &error_abort));
}

static int irq(Uart *u)
{
    return u->h->level[0];
}

/* Power-on values firmware and Linux check: LSR 0x60 (an LSR of 0xff
 * means "no UART" to Linux), IIR "no interrupt"; MCR OUT2, MSR
 * DCD|DSR|CTS and divisor 12 as QEMU shows them. */
static void test_power_on_values(Uart *u, gconstpointer data)
{
    g_assert_cmphex(rd(u, LSR), ==, 0x60);
    g_assert_cmphex(rd(u, IIR), ==, 0x01);
    g_assert_cmphex(rd(u, IER), ==, 0);
    g_assert_cmphex(rd(u, LCR), ==, 0);
    g_assert_cmphex(rd(u, MCR), ==, 0x08);
    g_assert_cmphex(rd(u, MSR), ==, 0xb0);
    g_assert_cmphex(rd(u, SCR), ==, 0);
    g_assert_cmpint(irq(u), ==, 0);
    wr(u, LCR, 0x80);
    g_assert_cmphex(rd(u, DLL), ==, 12);
    g_assert_cmphex(rd(u, DLM), ==, 0);
}

/* THR bytes reach the chardev at once; the transmitter always looks empty
 * (U-Boot spins on TEMT, OpenSBI on THRE). */
static void test_transmit(Uart *u, gconstpointer data)
{
    g_autofree char *out = NULL;

    for (const char *p = "hello\r\n"; *p; p++) {
        g_assert_cmphex(rd(u, LSR) & 0x60, ==, 0x60);
        wr(u, THR, *p);
    }
    out = host_output(u);
    g_assert_cmpstr(out, ==, "hello\r\n");
}

/* With LCR.DLAB set, offsets 0 and 1 are the divisor latch; clearing it
 * brings back THR and IER untouched (OpenSBI's init sequence). */
static void test_divisor_latch(Uart *u, gconstpointer data)
{
    g_autofree char *out = NULL;

    wr(u, IER, 0x05);
    wr(u, LCR, 0x80);
    wr(u, DLL, 0x02);
    wr(u, DLM, 0x01);
    g_assert_cmphex(rd(u, DLL), ==, 0x02);
    g_assert_cmphex(rd(u, DLM), ==, 0x01);
    wr(u, LCR, 0x03);
    g_assert_cmphex(rd(u, LCR), ==, 0x03);
    g_assert_cmphex(rd(u, IER), ==, 0x05);
    wr(u, THR, 'x');
    out = host_output(u);
    g_assert_cmpstr(out, ==, "x");
    wr(u, LCR, 0x83);
    g_assert_cmphex(rd(u, DLL), ==, 0x02);
}

/* Received bytes show as LSR.DR and come out of RBR in order; with
 * IER.RDI each one interrupts (16450 mode: one byte at a time). */
static void test_receive(Uart *u, gconstpointer data)
{
    wr(u, IER, 0x01);
    host_input(u, "a");
    g_assert_cmphex(rd(u, LSR), ==, 0x61);
    g_assert_cmphex(rd(u, IIR), ==, 0x04);
    g_assert_cmpint(irq(u), ==, 1);
    g_assert_cmphex(rd(u, RBR), ==, 'a');
    g_assert_cmphex(rd(u, LSR), ==, 0x60);
    g_assert_cmphex(rd(u, IIR), ==, 0x01);
    g_assert_cmpint(irq(u), ==, 0);
}

/* With FIFOs on, data interrupts once the trigger level is reached, and
 * IIR shows the FIFO bits. */
static void test_fifo_trigger_level(Uart *u, gconstpointer data)
{
    wr(u, FCR, 0x41);                       /* FIFO on, trigger 4 */
    wr(u, IER, 0x01);
    host_input(u, "abc");
    g_assert_cmphex(rd(u, IIR), ==, 0xc1);
    g_assert_cmpint(irq(u), ==, 0);
    host_input(u, "d");
    g_assert_cmphex(rd(u, IIR), ==, 0xc4);
    g_assert_cmpint(irq(u), ==, 1);
    g_assert_cmphex(rd(u, RBR), ==, 'a');
    g_assert_cmpint(irq(u), ==, 0);         /* 3 left: below the trigger */
    g_assert_cmphex(rd(u, RBR), ==, 'b');
    g_assert_cmphex(rd(u, RBR), ==, 'c');
    g_assert_cmphex(rd(u, RBR), ==, 'd');
    g_assert_cmphex(rd(u, LSR) & 0x01, ==, 0);
}

/* Data below the trigger level interrupts with a character timeout after
 * four character times without activity; reading a byte clears it and
 * starts the count again. */
static void test_character_timeout(Uart *u, gconstpointer data)
{
    wr(u, LCR, 0x83);
    wr(u, DLL, 1);
    wr(u, LCR, 0x03);                       /* 8N1, divisor 1 */
    wr(u, FCR, 0xc1);                       /* trigger 14 */
    wr(u, IER, 0x01);
    host_input(u, "xyz");
    device_harness_advance(u->h, 3 * CHAR_NS);
    g_assert_cmphex(rd(u, IIR), ==, 0xc1);
    device_harness_advance(u->h, CHAR_NS);
    g_assert_cmphex(rd(u, IIR), ==, 0xcc);
    g_assert_cmpint(irq(u), ==, 1);
    g_assert_cmphex(rd(u, RBR), ==, 'x');
    g_assert_cmpint(irq(u), ==, 0);
    device_harness_advance(u->h, 4 * CHAR_NS);
    g_assert_cmphex(rd(u, IIR), ==, 0xcc);
    g_assert_cmphex(rd(u, RBR), ==, 'y');
    g_assert_cmphex(rd(u, RBR), ==, 'z');
    device_harness_advance(u->h, 8 * CHAR_NS);
    g_assert_cmphex(rd(u, IIR), ==, 0xc1);  /* empty: no timeout */
}

/* FCR bit 1 empties the receive FIFO; switching FIFOs off empties it too. */
static void test_fifo_clear(Uart *u, gconstpointer data)
{
    wr(u, FCR, 0x01);
    host_input(u, "abc");
    wr(u, FCR, 0x03);
    g_assert_cmphex(rd(u, LSR), ==, 0x60);
    host_input(u, "d");
    wr(u, FCR, 0x00);
    g_assert_cmphex(rd(u, LSR), ==, 0x60);
    g_assert_cmphex(rd(u, IIR), ==, 0x01);
}

/* A back-end that pushes past what the UART offered (ringbuf_write takes
 * no notice) overruns: LSR.OE, a line status interrupt, and the FIFO keeps
 * its first 16 bytes. Reading LSR clears OE. */
static void test_overrun(Uart *u, gconstpointer data)
{
    wr(u, FCR, 0x01);
    wr(u, IER, 0x04);
    host_input(u, "0123456789abcdefXY");
    g_assert_cmphex(rd(u, IIR), ==, 0xc6);
    g_assert_cmpint(irq(u), ==, 1);
    g_assert_cmphex(rd(u, LSR), ==, 0x63);
    g_assert_cmphex(rd(u, LSR), ==, 0x61);
    g_assert_cmpint(irq(u), ==, 0);
    for (const char *p = "0123456789abcdef"; *p; p++) {
        g_assert_cmphex(rd(u, RBR), ==, *p);
    }
    g_assert_cmphex(rd(u, LSR), ==, 0x60);
}

/* Loopback: what the guest transmits comes back as input and never
 * reaches the host; the modem inputs follow MCR (CTS=RTS, DSR=DTR,
 * RI=OUT1, DCD=OUT2) with their delta bits. */
static void test_loopback(Uart *u, gconstpointer data)
{
    g_autofree char *out = NULL;

    wr(u, MCR, 0x10);
    wr(u, THR, 'L');
    g_assert_cmphex(rd(u, LSR), ==, 0x61);
    g_assert_cmphex(rd(u, RBR), ==, 'L');
    out = host_output(u);
    g_assert_cmpstr(out, ==, "");
    /* Entering loopback dropped DCD, DSR and CTS (MCR has none set). */
    g_assert_cmphex(rd(u, MSR), ==, 0x0b);
    wr(u, MCR, 0x1f);
    g_assert_cmphex(rd(u, MSR), ==, 0xfb);
    g_assert_cmphex(rd(u, MSR), ==, 0xf0);
    wr(u, MCR, 0x1b);                       /* OUT1 off: RI trailing edge */
    g_assert_cmphex(rd(u, MSR), ==, 0xb4);
}

/* In loopback the receiver hears only the transmitter: the UART offers
 * the host no room (a socket's input waits, see back-pressure) and drops
 * what a back-end forces on it; out of loopback, input flows again. */
static void test_loopback_cuts_host_line(Uart *u, gconstpointer data)
{
    wr(u, MCR, 0x10);
    host_input(u, "h");                     /* ringbuf forces it: dropped */
    g_assert_cmphex(rd(u, LSR), ==, 0x60);
    wr(u, MCR, 0x00);
    host_input(u, "i");
    g_assert_cmphex(rd(u, RBR), ==, 'i');
}

/* Linux's 8250 THRE probe: enabling THRI with THR empty interrupts at
 * once; reading IIR while it reports THRE clears it; enabling THRI again
 * raises it again (else Linux sets UART_BUG_THRE). A THR write is sent
 * and leaves THR empty again, so THRE pends anew. */
static void test_thre_interrupt(Uart *u, gconstpointer data)
{
    wr(u, IER, 0x02);
    g_assert_cmpint(irq(u), ==, 1);
    g_assert_cmphex(rd(u, IIR), ==, 0x02);
    g_assert_cmpint(irq(u), ==, 0);
    g_assert_cmphex(rd(u, IIR), ==, 0x01);
    wr(u, IER, 0x00);
    wr(u, IER, 0x02);
    g_assert_cmphex(rd(u, IIR), ==, 0x02);
    g_assert_cmphex(rd(u, IIR), ==, 0x01);
    wr(u, THR, '!');
    g_assert_cmpint(irq(u), ==, 1);
    g_assert_cmphex(rd(u, IIR), ==, 0x02);
    /* Masking THRI drops the line without a read. */
    wr(u, THR, '!');
    wr(u, IER, 0x00);
    g_assert_cmpint(irq(u), ==, 0);
}

/* IIR reports the highest-priority cause: line status, received data,
 * THR empty, modem status; each cleared in turn uncovers the next. */
static void test_iir_priority(Uart *u, gconstpointer data)
{
    wr(u, MCR, 0x10);                       /* loopback: MSR deltas */
    wr(u, THR, 'a');
    wr(u, THR, 'b');                        /* 16450 mode: overrun */
    wr(u, IER, 0x0f);                       /* THRI 0 -> 1: THRE pends */
    g_assert_cmphex(rd(u, IIR), ==, 0x06);
    rd(u, LSR);
    g_assert_cmphex(rd(u, IIR), ==, 0x04);
    g_assert_cmphex(rd(u, RBR), ==, 'b');   /* it destroyed 'a' */
    g_assert_cmphex(rd(u, IIR), ==, 0x02);  /* and the read clears it */
    g_assert_cmphex(rd(u, IIR), ==, 0x00);
    g_assert_cmpint(irq(u), ==, 1);
    rd(u, MSR);
    g_assert_cmphex(rd(u, IIR), ==, 0x01);
    g_assert_cmpint(irq(u), ==, 0);
}

/* A reset empties the FIFO and puts the power-on values back, the line
 * low. */
static void test_reset(Uart *u, gconstpointer data)
{
    wr(u, FCR, 0x01);
    wr(u, IER, 0x03);
    wr(u, SCR, 0x5a);
    host_input(u, "abc");
    serial_mm_reset(u->h->dev);
    g_assert_cmphex(rd(u, LSR), ==, 0x60);
    g_assert_cmphex(rd(u, IIR), ==, 0x01);
    g_assert_cmphex(rd(u, SCR), ==, 0);
    g_assert_cmpint(irq(u), ==, 0);
}

/* regshift 2: registers 4 bytes apart, the low address bits ignored, one
 * register per access whatever its width. */
static void test_regshift(Uart *u, gconstpointer data)
{
    device_harness_writel(u->h, SCR << 2, 0x1234a5);
    g_assert_cmphex(device_harness_readl(u->h, SCR << 2), ==, 0xa5);
    g_assert_cmphex(device_harness_readb(u->h, (SCR << 2) + 3), ==, 0xa5);
    g_assert_cmphex(device_harness_readb(u->h, LSR << 2), ==, 0x60);
}

/* endianness 1: the register byte sits at the big end of a wider access. */
static void test_big_endian(Uart *u, gconstpointer data)
{
    device_harness_writel(u->h, SCR << 2, 0x5a000000);
    g_assert_cmphex(device_harness_readl(u->h, SCR << 2), ==, 0x5a000000);
    g_assert_cmphex(device_harness_readb(u->h, SCR << 2), ==, 0x5a);
}

/* Every offset, size and value: nothing crashes, and the port still
 * talks afterwards. */
static void test_hostile_accesses(Uart *u, gconstpointer data)
{
    g_autofree char *out = NULL;

    host_input(u, "junk");
    device_harness_poke_everything(u->h, 0, 8 + 8);
    serial_mm_reset(u->h->dev);
    g_free(host_output(u));
    wr(u, THR, 'k');
    out = host_output(u);
    g_assert_cmpstr(out, ==, "k");
}

static void expect_realize_error(const char *const *props,
                                 const char *message)
{
    Error *err = NULL;

    g_assert_null(device_harness_new(TYPE_SERIAL_MM, props, &err));
    g_assert_nonnull(err);
    g_assert_cmpstr(error_get_pretty(err), ==, message);
    error_free(err);
}

/* Chardev problems and impossible geometry stop realize with one line. */
static void test_realize_errors(Uart *u, gconstpointer data)
{
    expect_realize_error((const char *[]){ "chardev=nope", NULL },
                         "serial-mm: chardev 'nope' not found");
    expect_realize_error((const char *[]){ "chardev=c0", NULL },
                         "serial-mm: chardev 'c0' is already in use");
    expect_realize_error((const char *[]){ "regshift=17", NULL },
                         "serial-mm: regshift 17 is above the limit of 16");
    expect_realize_error((const char *[]){ "baudbase=0", NULL },
                         "serial-mm: baudbase must not be 0");
    expect_realize_error((const char *[]){ "endianness=3", NULL },
                         "serial-mm: endianness must be 0 (native), 1 (big) "
                         "or 2 (little), not 3");
}

/* Without a chardev, output goes nowhere and nothing arrives. */
static void test_no_chardev(void)
{
    g_autoptr(DeviceHarness) h = NULL;

    serial_mm_register_types();
    h = device_harness_new(TYPE_SERIAL_MM, NULL, &error_abort);
    device_harness_writeb(h, THR, 'x');
    g_assert_cmphex(device_harness_readb(h, LSR), ==, 0x60);
}

/* Back-pressure with a real unix socket: a host that sends 40 bytes at
 * once gets them into the guest 16 at a time (the FIFO's room), or one at a
 * time in 16450 mode, with no overrun and nothing lost. */
static void run_back_pressure(bool fifo)
{
    g_autofree char *dir = g_dir_make_tmp("quern-serial-XXXXXX", NULL);
    g_autofree char *path = g_build_filename(dir, "s.sock", NULL);
    g_autofree char *params = g_strdup_printf(
        "socket,id=s0,path=%s,server=on,wait=off", path);
    g_autoptr(Chardev) chr = chardev_new_from_keyval(params, &error_abort);
    const char *props[] = { "chardev=s0", NULL };
    g_autoptr(DeviceHarness) h = NULL;
    struct sockaddr_un sun = { .sun_family = AF_UNIX };
    const char *sent = "The quick brown fox jumps over the lazy d";
    GString *got = g_string_new(NULL);
    int fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
    unsigned batches = 0;

    serial_mm_register_types();
    h = device_harness_new(TYPE_SERIAL_MM, props, &error_abort);
    if (fifo) {
        device_harness_writeb(h, FCR, 0x01);
    }
    g_strlcpy(sun.sun_path, path, sizeof(sun.sun_path));
    g_assert_cmpint(connect(fd, (struct sockaddr *)&sun, sizeof(sun)), ==, 0);
    g_assert_cmpint(send(fd, sent, strlen(sent), 0), ==, strlen(sent));
    while (got->len < strlen(sent) && batches < 100) {
        size_t before = got->len;

        for (int i = 0; i < 50; i++) {
            g_main_context_iteration(NULL, FALSE);
        }
        while (device_harness_readb(h, LSR) & 0x01) {
            g_string_append_c(got, device_harness_readb(h, RBR));
        }
        g_assert_cmpuint(got->len - before, <=, fifo ? 16 : 1);
        batches++;
    }
    g_assert_cmpstr(got->str, ==, sent);
    g_assert_cmpuint(batches, >=, fifo ? 3 : strlen(sent));
    g_string_free(got, TRUE);
    close(fd);
    device_harness_free(g_steal_pointer(&h));
    g_assert_true(chardev_remove("s0", &error_abort));
    g_clear_pointer(&chr, object_unref);
    g_rmdir(dir);
}

static void test_back_pressure_fifo(void)
{
    run_back_pressure(true);
}

static void test_back_pressure_16450(void)
{
    run_back_pressure(false);
}

static void add(const char *path, const char *const *props,
                void (*fn)(Uart *, gconstpointer))
{
    g_test_add(path, Uart, props, uart_setup, fn, uart_teardown);
}

int main(int argc, char **argv)
{
    static const char *const regshift2[] = { "regshift=2", NULL };
    static const char *const big_endian[] = { "regshift=2", "endianness=1",
                                              NULL };

    g_test_init(&argc, &argv, NULL);
    add("/serial/power-on-values", NULL, test_power_on_values);
    add("/serial/transmit/reaches-the-chardev", NULL, test_transmit);
    add("/serial/divisor-latch-behind-dlab", NULL, test_divisor_latch);
    add("/serial/receive/one-byte-at-a-time", NULL, test_receive);
    add("/serial/receive/fifo-trigger-level", NULL, test_fifo_trigger_level);
    add("/serial/receive/character-timeout", NULL, test_character_timeout);
    add("/serial/receive/fifo-clear", NULL, test_fifo_clear);
    add("/serial/receive/overrun", NULL, test_overrun);
    add("/serial/loopback/echoes-and-drives-msr", NULL, test_loopback);
    add("/serial/loopback/cuts-the-host-line", NULL,
        test_loopback_cuts_host_line);
    add("/serial/interrupts/thre-as-linux-probes-it", NULL,
        test_thre_interrupt);
    add("/serial/interrupts/iir-priority-order", NULL, test_iir_priority);
    add("/serial/reset", NULL, test_reset);
    add("/serial/regshift/spaces-registers", regshift2, test_regshift);
    add("/serial/endianness/big", big_endian, test_big_endian);
    add("/serial/hostile/every-offset-and-size", NULL, test_hostile_accesses);
    add("/serial/realize/errors", NULL, test_realize_errors);
    g_test_add_func("/serial/no-chardev", test_no_chardev);
    g_test_add_func("/serial/back-pressure/fifo", test_back_pressure_fifo);
    g_test_add_func("/serial/back-pressure/16450", test_back_pressure_16450);
    return g_test_run();
}

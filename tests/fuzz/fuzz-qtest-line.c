/* Fuzz target for the qtest protocol server (engine/accel/qtest): the
 * bytes a test driver sends, split into lines and run against a machine.
 *
 * The machine is `none` with 64 KiB of RAM at 0 and a 16550A UART at
 * 0x10000000 whose interrupt goes to a line of its own, so memory, I/O
 * ports, MMIO, IRQ interception (QOM path /machine/uart) and set_irq_in
 * all have something to reach; a virtual-clock timer that re-arms itself
 * a bounded number of times per input gives clock_step deadlines to stop
 * at. Each input gets a fresh server on the same machine.
 *
 * Checks, beyond "no crash, no leak, no undefined behaviour": every reply
 * is one '\n'-terminated line; every input line gets exactly one reply
 * that is not an "IRQ" line, starting "OK" or "FAIL"; and the server
 * frees cleanly, its interceptions undone (the UART's interrupt output
 * points at its own line again). */
#include <stdint.h>
#include <string.h>

#include "address-space.h"
#include "clock.h"
#include "keyval.h"
#include "object-link.h"
#include "machine.h"
#include "object-interfaces.h"
#include "object-path.h"
#include "qobject-input-visitor.h"
#include "qtest.h"
#include "serial.h"
#include "sysbus.h"
#include "vm-info.h"

#define UART_BASE 0x10000000
#define TIMER_PERIOD_NS 1000
#define TIMER_MAX_FIRES 64

static DeviceState *uart;
static IrqLine *uart_irq;
static Timer *ticker;
static unsigned ticker_fires;
static size_t replies;

static void uart_irq_handler(void *opaque, int n, int level)
{
}

static void ticker_fire(void *opaque)
{
    if (++ticker_fires < TIMER_MAX_FIRES) {
        timer_mod(ticker, clock_get_ns(CLOCK_KIND_VIRTUAL) + TIMER_PERIOD_NS);
    }
}

static void fuzz_send(void *opaque, const char *text, size_t len)
{
    if (!len || text[len - 1] != '\n' || memchr(text, '\n', len) != text +
        len - 1) {
        __builtin_trap();
    }
    if (len >= 4 && !memcmp(text, "IRQ ", 4)) {
        return;
    }
    if (strncmp(text, "OK", 2) && strncmp(text, "FAIL", 4)) {
        __builtin_trap();
    }
    replies++;
}

static void fuzz_make_machine(void)
{
    g_autoptr(QDict) props = keyval_parse("memory.size=64K", NULL, NULL,
                                          &error_abort);
    MachineState *ms = machine_create(machine_class_find("none",
                                                         &error_abort),
                                      &error_abort);
    Visitor *v = qobject_input_visitor_new_keyval(QOBJECT(props));

    object_set_props(OBJECT(ms), props, v, &error_abort);
    visit_free(v);
    machine_init(ms, &error_abort);

    serial_mm_register_types();
    uart = qdev_new(TYPE_SERIAL_MM);
    object_property_add_child(OBJECT(ms), "uart", OBJECT(uart));
    sysbus_realize(SYS_BUS_DEVICE(uart), &error_abort);
    object_unref(OBJECT(uart));
    sysbus_mmio_map(SYS_BUS_DEVICE(uart), 0, &ms->system_memory, UART_BASE);
    uart_irq = irq_new(uart_irq_handler, NULL, 0);
    sysbus_connect_irq(SYS_BUS_DEVICE(uart), 0, uart_irq);
}

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    vm_info_set_accel("qtest");
    clock_use_manual_source(0);
    fuzz_make_machine();
    ticker = timer_new(CLOCK_KIND_VIRTUAL, ticker_fire, NULL);
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    QtestServer *s = qtest_server_new(fuzz_send, NULL);
    Object *target = NULL;
    size_t lines = 0;

    for (size_t i = 0; i < size; i++) {
        lines += data[i] == '\n';
    }
    replies = 0;
    ticker_fires = 0;
    timer_mod(ticker, clock_get_ns(CLOCK_KIND_VIRTUAL) + TIMER_PERIOD_NS);
    qtest_server_connection(s, true);
    qtest_server_feed(s, data, size);
    qtest_server_free(s);
    if (!object_property_get_link(OBJECT(uart), "sysbus-irq[0]", &target,
                                  NULL) ||
        target != OBJECT(uart_irq) || replies != lines) {
        __builtin_trap();
    }
    return 0;
}

/* info qtree and the system bus: a small machine, printed and compared with
 * data/qtree.txt, and the sysbus MMIO and IRQ plumbing it relies on. */
#include "object-path.h"
#include "qdev-test-devices.h"
#include "qtree.h"

typedef struct TestMachine {
    MemoryRegion sysmem;
    IrqLine *irq_in;
    int level;
} TestMachine;

static void record_level(void *opaque, int n, int level)
{
    ((TestMachine *)opaque)->level = level;
}

/* A board-created UART mapped at 0x10000000, a user's unmapped one with an
 * id and string property, and a controller with a leaf on its bus. */
static void test_machine_build(TestMachine *m)
{
    const char *const uart_props[] = { "label=console", "fifo-size=64K",
                                       NULL };
    const char *const leaf_props[] = { "slot=1", NULL };

    memory_region_init_container(&m->sysmem, "system", MEMORY_SIZE_FULL);
    m->irq_in = irq_new(record_level, m, 0);

    DeviceState *board = qdev_new(TYPE_TEST_UART);

    g_assert_true(sysbus_realize_and_unref(SYS_BUS_DEVICE(board),
                                           &error_abort));
    sysbus_mmio_map(SYS_BUS_DEVICE(board), 0, &m->sysmem, 0x10000000);
    sysbus_connect_irq(SYS_BUS_DEVICE(board), 0, m->irq_in);
    qdev_device_add(TYPE_TEST_UART, "u1", NULL, uart_props, false,
                    &error_abort);
    qdev_device_add(TYPE_TEST_CTRL, "c0", NULL, NULL, false, &error_abort);
    qdev_device_add(TYPE_TEST_LEAF, "l0", NULL, leaf_props, false,
                    &error_abort);
}

static void test_machine_free(TestMachine *m)
{
    qdev_test_reset();          /* unmaps the regions */
    memory_region_finalize(&m->sysmem);
    object_unref(m->irq_in);
}

/* The exact text, against the checked-in file. */
static void test_qtree_format(void)
{
    TestMachine m = { 0 };
    g_autofree char *expected = NULL;
    g_autofree char *text = NULL;

    test_machine_build(&m);
    text = qdev_format_qtree(sysbus_get_default());
    g_assert_true(g_file_get_contents(QTREE_DATA_DIR "/qtree.txt", &expected,
                                      NULL, NULL));
    g_assert_cmpstr(text, ==, expected);
    test_machine_free(&m);
}

/* The mapped region answers at its address; the IRQ reaches the line it
 * was connected to. */
static void test_sysbus_mmio_and_irq(void)
{
    TestMachine m = { 0 };

    test_machine_build(&m);
    Object *board = object_resolve_path("/machine/unattached/device[0]",
                                        NULL);
    TestUart *s = TEST_UART(board);

    g_assert_true(s->mmio.container == &m.sysmem);
    g_assert_cmphex(s->mmio.addr, ==, 0x10000000);
    irq_raise(s->irq);
    g_assert_cmpint(m.level, ==, 1);
    irq_lower(s->irq);
    g_assert_cmpint(m.level, ==, 0);
    test_machine_free(&m);
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/qtree/format/matches-the-reference-layout",
                    test_qtree_format);
    g_test_add_func("/qtree/sysbus/mmio-mapped-and-irq-connected",
                    test_sysbus_mmio_and_irq);
    return g_test_run();
}

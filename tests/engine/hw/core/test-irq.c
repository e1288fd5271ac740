/* IRQ lines and GPIO pins: a device's output wired to a controller's input. */
#include "irq.h"

#include "object-link.h"
#include "object-path.h"
#include "object-property.h"

#define TYPE_TEST_GPIO_DEV "test-gpio-dev"
#define TYPE_TEST_GPIO_CTRL "test-gpio-ctrl"

enum { DEV_OUTS = 2, CTRL_INS = 4 };

/* A device with two interrupt outputs. */
typedef struct TestGpioDev {
    Object parent_obj;
    IrqLine *irq[DEV_OUTS];
} TestGpioDev;

/* A controller with four inputs that records what it sees. */
typedef struct TestGpioCtrl {
    Object parent_obj;
    int level[CTRL_INS];
    int calls;
} TestGpioCtrl;

static void test_gpio_dev_init(Object *obj)
{
    TestGpioDev *d = (TestGpioDev *)obj;

    gpio_init_out(obj, d->irq, DEV_OUTS, "irq");
}

static void test_gpio_ctrl_set(void *opaque, int n, int level)
{
    TestGpioCtrl *c = opaque;

    g_assert_cmpint(n, >=, 0);
    g_assert_cmpint(n, <, CTRL_INS);
    c->level[n] = level;
    c->calls++;
}

static void test_gpio_ctrl_init(Object *obj)
{
    gpio_init_in(obj, test_gpio_ctrl_set, CTRL_INS, NULL);
}

static const TypeInfo test_gpio_types[] = {
    {
        .name = TYPE_TEST_GPIO_DEV,
        .parent = TYPE_OBJECT,
        .instance_size = sizeof(TestGpioDev),
        .instance_init = test_gpio_dev_init,
    },
    {
        .name = TYPE_TEST_GPIO_CTRL,
        .parent = TYPE_OBJECT,
        .instance_size = sizeof(TestGpioCtrl),
        .instance_init = test_gpio_ctrl_init,
    },
};
DEFINE_TYPES(test_gpio_types)

/* A board under /gpio-test: a device "dev" and a controller "ctrl". */
typedef struct Board {
    Object *box;
    TestGpioDev *dev;
    TestGpioCtrl *ctrl;
} Board;

static void board_init(Board *b)
{
    b->box = object_new(TYPE_CONTAINER);
    object_property_add_child(object_get_root(), "gpio-test", b->box);
    object_unref(b->box);
    b->ctrl = (TestGpioCtrl *)object_new(TYPE_TEST_GPIO_CTRL);
    object_property_add_child(b->box, "ctrl", OBJECT(b->ctrl));
    object_unref(b->ctrl);
    b->dev = (TestGpioDev *)object_new(TYPE_TEST_GPIO_DEV);
    object_property_add_child(b->box, "dev", OBJECT(b->dev));
    object_unref(b->dev);
}

static void board_free(Board *b)
{
    /* Devices before the controller they are wired to. */
    object_unparent(OBJECT(b->dev));
    object_unparent(OBJECT(b->ctrl));
    object_unparent(b->box);
}

typedef struct LineLog {
    int n;
    int level;
    int calls;
    int last_rise_then_fall;
} LineLog;

static void line_log_set(void *opaque, int n, int level)
{
    LineLog *log = opaque;

    log->last_rise_then_fall = log->level == 1 && level == 0;
    log->n = n;
    log->level = level;
    log->calls++;
}

/* A line hands its number and every level to its handler. */
static void test_set_level_calls_handler(void)
{
    LineLog log = { 0 };
    g_autoptr(IrqLine) irq = irq_new(line_log_set, &log, 7);

    irq_set_level(irq, 1);
    g_assert_cmpint(log.n, ==, 7);
    g_assert_cmpint(log.level, ==, 1);
    irq_raise(irq);                 /* repeats are not filtered */
    g_assert_cmpint(log.calls, ==, 2);
    irq_lower(irq);
    g_assert_cmpint(log.level, ==, 0);
    g_assert_cmpint(log.calls, ==, 3);
}

/* A pulse is a rise then a fall. */
static void test_pulse_rises_then_falls(void)
{
    LineLog log = { 0 };
    g_autoptr(IrqLine) irq = irq_new(line_log_set, &log, 0);

    irq_pulse(irq);
    g_assert_cmpint(log.calls, ==, 2);
    g_assert_true(log.last_rise_then_fall);
    g_assert_cmpint(log.level, ==, 0);
}

/* A NULL line, or one without a handler, swallows levels. */
static void test_null_line_is_a_no_op(void)
{
    g_autoptr(IrqLine) irq = irq_new(NULL, NULL, 0);

    irq_raise(NULL);
    irq_pulse(NULL);
    irq_raise(irq);
}

/* Once connected, the device's output level reaches the controller's input,
 * and only that one. */
static void test_connect_propagates_levels(void)
{
    Board b;
    board_init(&b);

    IrqLine *in3 = gpio_get_in(OBJECT(b.ctrl), NULL, 3);
    g_assert_nonnull(in3);
    g_assert_true(gpio_connect(OBJECT(b.dev), "irq", 1, in3, &error_abort));
    g_assert_true(b.dev->irq[1] == in3);

    irq_raise(b.dev->irq[1]);
    g_assert_cmpint(b.ctrl->level[3], ==, 1);
    g_assert_cmpint(b.ctrl->calls, ==, 1);
    irq_lower(b.dev->irq[1]);
    g_assert_cmpint(b.ctrl->level[3], ==, 0);
    g_assert_cmpint(b.ctrl->level[0] + b.ctrl->level[1] + b.ctrl->level[2],
                    ==, 0);
    board_free(&b);
}

/* Connecting to NULL disconnects: the output goes quiet again. */
static void test_connect_null_disconnects(void)
{
    Board b;
    board_init(&b);

    IrqLine *in0 = gpio_get_in(OBJECT(b.ctrl), NULL, 0);
    g_assert_true(gpio_connect(OBJECT(b.dev), "irq", 0, in0, &error_abort));
    g_assert_true(gpio_connect(OBJECT(b.dev), "irq", 0, NULL, &error_abort));
    g_assert_null(b.dev->irq[0]);
    irq_raise(b.dev->irq[0]);
    g_assert_cmpint(b.ctrl->calls, ==, 0);
    board_free(&b);
}

/* A connected output holds a reference on the line it drives, so the line
 * cannot vanish under the device; disconnecting gives it back. */
static void test_connected_output_holds_the_line(void)
{
    Board b;
    board_init(&b);

    IrqLine *in1 = gpio_get_in(OBJECT(b.ctrl), NULL, 1);
    uint32_t before = object_get_refcount(OBJECT(in1));
    gpio_connect(OBJECT(b.dev), "irq", 0, in1, &error_abort);
    g_assert_cmpuint(object_get_refcount(OBJECT(in1)), ==, before + 1);
    gpio_connect(OBJECT(b.dev), "irq", 0, NULL, &error_abort);
    g_assert_cmpuint(object_get_refcount(OBJECT(in1)), ==, before);
    board_free(&b);
}

/* Raising an output nobody connected does nothing. */
static void test_unconnected_output_is_a_no_op(void)
{
    Board b;
    board_init(&b);

    g_assert_null(b.dev->irq[0]);
    irq_raise(b.dev->irq[0]);
    g_assert_cmpint(b.ctrl->calls, ==, 0);
    board_free(&b);
}

/* Connecting a pin that does not exist names it. */
static void test_connect_refuses_unknown_pin(void)
{
    Board b;
    board_init(&b);
    Error *err = NULL;

    IrqLine *in0 = gpio_get_in(OBJECT(b.ctrl), NULL, 0);
    g_assert_false(gpio_connect(OBJECT(b.dev), "irq", DEV_OUTS, in0, &err));
    g_assert_cmpstr(error_get_pretty(err), ==,
                    "object '/gpio-test/dev' has no GPIO output 'irq[2]'");
    g_clear_pointer(&err, error_free);
    g_assert_null(gpio_get_in(OBJECT(b.ctrl), NULL, CTRL_INS));
    g_assert_null(gpio_get_in(OBJECT(b.dev), "irq", 0));
    board_free(&b);
}

/* Inputs are children, outputs are links, and a connected output reads as
 * the path of the line it drives. */
static void test_pins_show_in_qom_tree(void)
{
    Board b;
    board_init(&b);

    ObjectProperty *in = object_property_find(OBJECT(b.ctrl), "gpio-in[2]");
    g_assert_nonnull(in);
    g_assert_cmpstr(in->type, ==, "child<irq>");
    g_assert_nonnull(object_resolve_path("/gpio-test/ctrl/gpio-in[2]", NULL));

    ObjectProperty *out = object_property_find(OBJECT(b.dev), "irq[0]");
    g_assert_nonnull(out);
    g_assert_cmpstr(out->type, ==, "link<irq>");
    g_autofree char *before =
        object_property_get_str(OBJECT(b.dev), "irq[0]", &error_abort);
    g_assert_cmpstr(before, ==, "");

    /* A board may also wire by path, as -global or QMP would. */
    g_assert_true(object_property_set_str(OBJECT(b.dev), "irq[0]",
                                          "/gpio-test/ctrl/gpio-in[2]",
                                          &error_abort));
    g_autofree char *after =
        object_property_get_str(OBJECT(b.dev), "irq[0]", &error_abort);
    g_assert_cmpstr(after, ==, "/gpio-test/ctrl/gpio-in[2]");
    irq_raise(b.dev->irq[0]);
    g_assert_cmpint(b.ctrl->level[2], ==, 1);
    board_free(&b);
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/irq/set-level-calls-the-handler",
                    test_set_level_calls_handler);
    g_test_add_func("/irq/pulse-rises-then-falls",
                    test_pulse_rises_then_falls);
    g_test_add_func("/irq/null-line-is-a-no-op", test_null_line_is_a_no_op);
    g_test_add_func("/gpio/connect/propagates-levels",
                    test_connect_propagates_levels);
    g_test_add_func("/gpio/connect/refuses-an-unknown-pin",
                    test_connect_refuses_unknown_pin);
    g_test_add_func("/gpio/connect/null-disconnects",
                    test_connect_null_disconnects);
    g_test_add_func("/gpio/connect/holds-a-reference-on-the-line",
                    test_connected_output_holds_the_line);
    g_test_add_func("/gpio/unconnected-output-is-a-no-op",
                    test_unconnected_output_is_a_no_op);
    g_test_add_func("/gpio/pins-show-in-the-qom-tree",
                    test_pins_show_in_qom_tree);
    return g_test_run();
}

/* The SiFive test finisher: what a guest's write asks of the machine, as
 * the main loop's runstate_process_requests() then acts on it. */
#include "sifive-test.h"

#include "device-harness.h"
#include "runstate.h"

static DeviceHarness *finisher_new(void)
{
    sifive_test_register_types();
    return device_harness_new(TYPE_SIFIVE_TEST, NULL, &error_abort);
}

static void count_reset(void *opaque)
{
    (*(int *)opaque)++;
}

/* The engine ends with *status after processing, or carries on: -1. */
static int process_requests(void)
{
    int status = -1;

    return runstate_process_requests(&status) ? status : -1;
}

/* 0x5555: power off, exit status 0 -- but only once the main loop acts,
 * never inside the guest's store. */
static void test_pass_powers_off(void)
{
    g_autoptr(DeviceHarness) h = finisher_new();

    device_harness_writel(h, 0, SIFIVE_TEST_PASS);
    g_assert_cmpint(runstate_get(), ==, RUN_STATE_PRELAUNCH);
    g_assert_cmpint(process_requests(), ==, 0);
    g_assert_cmpint(runstate_get(), ==, RUN_STATE_SHUTDOWN);
}

/* 0x3333 | code << 16: power off with the guest's exit status. */
static void test_fail_exits_with_code(void)
{
    g_autoptr(DeviceHarness) h = finisher_new();

    device_harness_writel(h, 0, SIFIVE_TEST_FAIL | 42 << 16);
    g_assert_cmpint(process_requests(), ==, 42);
}

/* OpenSBI's sifive_test driver stores 16 bits. */
static void test_halfword_write_powers_off(void)
{
    g_autoptr(DeviceHarness) h = finisher_new();

    device_harness_writew(h, 0, SIFIVE_TEST_PASS);
    g_assert_cmpint(process_requests(), ==, 0);
}

/* 0x7777: a guest reset runs the machine's reset handlers and the engine
 * carries on. */
static void test_reset_resets(void)
{
    g_autoptr(DeviceHarness) h = finisher_new();
    int resets = 0;

    runstate_add_reset_handler(count_reset, &resets);
    device_harness_writel(h, 0, SIFIVE_TEST_RESET);
    g_assert_cmpint(resets, ==, 0);
    g_assert_cmpint(process_requests(), ==, -1);
    g_assert_cmpint(resets, ==, 1);
}

/* Other values and other offsets do nothing but count as guest errors;
 * the register reads 0. */
static void test_other_writes_are_guest_errors(void)
{
    g_autoptr(DeviceHarness) h = finisher_new();
    int resets = 0;

    runstate_add_reset_handler(count_reset, &resets);
    device_harness_writel(h, 0, 0x1234);
    device_harness_writel(h, 0, SIFIVE_TEST_PASS + 1);
    device_harness_writel(h, 4, SIFIVE_TEST_PASS);
    device_harness_writel(h, 0xffc, SIFIVE_TEST_RESET);
    g_assert_cmpuint(sifive_test_guest_errors(h->dev), ==, 4);
    g_assert_cmpuint(device_harness_readl(h, 0), ==, 0);
    g_assert_cmpint(process_requests(), ==, -1);
    g_assert_cmpint(resets, ==, 0);
    g_assert_cmpint(runstate_get(), ==, RUN_STATE_PRELAUNCH);
}

/* Every offset and size with junk values: nothing crashes and none of
 * them happens to power the machine off or reset it. */
static void test_hostile_accesses(void)
{
    g_autoptr(DeviceHarness) h = finisher_new();
    int resets = 0;

    runstate_add_reset_handler(count_reset, &resets);
    device_harness_poke_everything(h, 0, SIFIVE_TEST_SIZE + 8);
    g_assert_cmpuint(sifive_test_guest_errors(h->dev), >, 0);
    g_assert_cmpint(process_requests(), ==, -1);
    g_assert_cmpint(resets, ==, 0);
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/sifive-test/pass/powers-off-from-the-main-loop",
                    test_pass_powers_off);
    g_test_add_func("/sifive-test/fail/exits-with-the-guest-code",
                    test_fail_exits_with_code);
    g_test_add_func("/sifive-test/pass/takes-a-16-bit-store",
                    test_halfword_write_powers_off);
    g_test_add_func("/sifive-test/reset/runs-the-reset-handlers",
                    test_reset_resets);
    g_test_add_func("/sifive-test/other-writes-are-counted-guest-errors",
                    test_other_writes_are_guest_errors);
    g_test_add_func("/sifive-test/hostile/every-offset-and-size",
                    test_hostile_accesses);
    return g_test_run();
}

/* The goldfish RTC as Linux's rtc-goldfish drives it: the time from the
 * host's wall clock, a guest-set time, and the alarm interrupt, with the
 * manual clock (its host clock reads a fixed epoch plus the manual time). */
#include "goldfish-rtc.h"

#include "clock.h"
#include "device-harness.h"

enum {
    TIME_LOW = 0x00,
    TIME_HIGH = 0x04,
    ALARM_LOW = 0x08,
    ALARM_HIGH = 0x0c,
    IRQ_ENABLED = 0x10,
    CLEAR_ALARM = 0x14,
    ALARM_STATUS = 0x18,
    CLEAR_INTERRUPT = 0x1c,
};

#define SECOND INT64_C(1000000000)

static DeviceHarness *rtc_new(void)
{
    DeviceHarness *h;

    goldfish_rtc_register_types();
    h = device_harness_new(TYPE_GOLDFISH_RTC, NULL, &error_abort);
    device_harness_watch_irq(h, 0);
    return h;
}

/* The time as Linux reads it: TIME_LOW first, which latches TIME_HIGH. */
static uint64_t read_time(DeviceHarness *h)
{
    uint64_t low = device_harness_readl(h, TIME_LOW);

    return (uint64_t)device_harness_readl(h, TIME_HIGH) << 32 | low;
}

/* The time as Linux sets it: high half first. */
static void set_time(DeviceHarness *h, uint64_t ns)
{
    device_harness_writel(h, TIME_HIGH, ns >> 32);
    device_harness_writel(h, TIME_LOW, (uint32_t)ns);
}

static void set_alarm(DeviceHarness *h, uint64_t ns)
{
    device_harness_writel(h, ALARM_HIGH, ns >> 32);
    device_harness_writel(h, ALARM_LOW, (uint32_t)ns);
}

/* Out of the box the RTC shows the host's wall clock, in nanoseconds since
 * the epoch, and runs with it. */
static void test_time_is_host_wall_clock(void)
{
    g_autoptr(DeviceHarness) h = rtc_new();
    uint64_t t0 = read_time(h);

    g_assert_cmpuint(t0, ==, clock_get_ns(CLOCK_KIND_HOST));
    g_assert_cmpuint(t0 / SECOND, >, 1600000000);   /* a plausible date */
    device_harness_advance(h, 3 * SECOND);
    g_assert_cmpuint(read_time(h), ==, t0 + 3 * SECOND);
}

/* Reading TIME_LOW latches the high half, so a carry between the two
 * reads cannot tear the value. */
static void test_time_high_latched(void)
{
    g_autoptr(DeviceHarness) h = rtc_new();
    uint32_t high;

    device_harness_readl(h, TIME_LOW);
    high = device_harness_readl(h, TIME_HIGH);
    device_harness_advance(h, INT64_C(1) << 33);    /* high half moves on */
    g_assert_cmpuint(device_harness_readl(h, TIME_HIGH), ==, high);
    device_harness_readl(h, TIME_LOW);
    g_assert_cmpuint(device_harness_readl(h, TIME_HIGH), ==, high + 2);
}

/* A guest-set time holds, and runs on from there. */
static void test_set_time(void)
{
    g_autoptr(DeviceHarness) h = rtc_new();
    uint64_t when = UINT64_C(946684800) * SECOND;   /* 2000-01-01 */

    set_time(h, when);
    g_assert_cmpuint(read_time(h), ==, when);
    device_harness_advance(h, SECOND);
    g_assert_cmpuint(read_time(h), ==, when + SECOND);
}

/* The alarm raises the line when its time comes, not a nanosecond
 * earlier; ALARM_STATUS shows it armed until then; CLEAR_INTERRUPT drops
 * the line. */
static void test_alarm_fires_on_time(void)
{
    g_autoptr(DeviceHarness) h = rtc_new();
    uint64_t now = read_time(h);

    device_harness_writel(h, IRQ_ENABLED, 1);
    set_alarm(h, now + 2 * SECOND);
    g_assert_cmpuint(device_harness_readl(h, ALARM_STATUS), ==, 1);
    g_assert_cmpuint(device_harness_readl(h, ALARM_LOW), ==,
                     (uint32_t)(now + 2 * SECOND));
    device_harness_advance(h, 2 * SECOND - 1);
    g_assert_cmpint(h->level[0], ==, 0);
    device_harness_advance(h, 1);
    g_assert_cmpint(h->level[0], ==, 1);
    g_assert_cmpuint(device_harness_readl(h, ALARM_STATUS), ==, 0);
    device_harness_writel(h, CLEAR_INTERRUPT, 1);
    g_assert_cmpint(h->level[0], ==, 0);
}

/* An alarm already in the past goes off at once. */
static void test_alarm_in_the_past(void)
{
    g_autoptr(DeviceHarness) h = rtc_new();

    device_harness_writel(h, IRQ_ENABLED, 1);
    set_alarm(h, read_time(h) - SECOND);
    g_assert_cmpint(h->level[0], ==, 1);
    g_assert_cmpuint(device_harness_readl(h, ALARM_STATUS), ==, 0);
}

/* CLEAR_ALARM disarms it. */
static void test_clear_alarm(void)
{
    g_autoptr(DeviceHarness) h = rtc_new();

    device_harness_writel(h, IRQ_ENABLED, 1);
    set_alarm(h, read_time(h) + SECOND);
    device_harness_writel(h, CLEAR_ALARM, 1);
    g_assert_cmpuint(device_harness_readl(h, ALARM_STATUS), ==, 0);
    device_harness_advance(h, 2 * SECOND);
    g_assert_cmpint(h->level[0], ==, 0);
}

/* With IRQ_ENABLED clear the alarm still pends, and the line rises when
 * the guest enables it. */
static void test_irq_enable_gates_the_line(void)
{
    g_autoptr(DeviceHarness) h = rtc_new();

    set_alarm(h, read_time(h) + SECOND);
    device_harness_advance(h, SECOND);
    g_assert_cmpint(h->level[0], ==, 0);
    device_harness_writel(h, IRQ_ENABLED, 1);
    g_assert_cmpuint(device_harness_readl(h, IRQ_ENABLED), ==, 1);
    g_assert_cmpint(h->level[0], ==, 1);
    device_harness_writel(h, IRQ_ENABLED, 0);
    g_assert_cmpint(h->level[0], ==, 0);
}

/* An armed alarm is a time of day: setting the clock forward brings it
 * closer. */
static void test_alarm_follows_set_time(void)
{
    g_autoptr(DeviceHarness) h = rtc_new();
    uint64_t now = read_time(h);

    device_harness_writel(h, IRQ_ENABLED, 1);
    set_alarm(h, now + 10 * SECOND);
    set_time(h, now + 9 * SECOND);
    device_harness_advance(h, SECOND - 1);
    g_assert_cmpint(h->level[0], ==, 0);
    device_harness_advance(h, 1);
    g_assert_cmpint(h->level[0], ==, 1);
}

/* An alarm beyond the clock's range stays armed and never fires. */
static void test_alarm_far_future(void)
{
    g_autoptr(DeviceHarness) h = rtc_new();

    device_harness_writel(h, IRQ_ENABLED, 1);
    set_alarm(h, UINT64_MAX);
    device_harness_advance(h, INT64_C(1) << 40);
    g_assert_cmpuint(device_harness_readl(h, ALARM_STATUS), ==, 1);
    g_assert_cmpint(h->level[0], ==, 0);
}

/* A reset disarms the alarm and drops the interrupt; the clock keeps
 * the time it was set to. */
static void test_reset(void)
{
    g_autoptr(DeviceHarness) h = rtc_new();
    uint64_t when = UINT64_C(1234567890) * SECOND;

    set_time(h, when);
    device_harness_writel(h, IRQ_ENABLED, 1);
    set_alarm(h, when - 1);
    g_assert_cmpint(h->level[0], ==, 1);
    set_alarm(h, when + SECOND);
    goldfish_rtc_reset(h->dev);
    g_assert_cmpint(h->level[0], ==, 0);
    g_assert_cmpuint(device_harness_readl(h, ALARM_STATUS), ==, 0);
    g_assert_cmpuint(device_harness_readl(h, IRQ_ENABLED), ==, 0);
    device_harness_advance(h, 2 * SECOND);
    g_assert_cmpuint(read_time(h), ==, when + 2 * SECOND);
}

/* big-endian (QEMU's property for m68k): each 32-bit word byte-swapped. */
static void test_big_endian(void)
{
    const char *props[] = { "big-endian=on", NULL };
    g_autoptr(DeviceHarness) h = NULL;
    uint64_t now;

    goldfish_rtc_register_types();
    h = device_harness_new(TYPE_GOLDFISH_RTC, props, &error_abort);
    device_harness_watch_irq(h, 0);
    device_harness_writel(h, IRQ_ENABLED, 0x01000000);
    g_assert_cmphex(device_harness_readl(h, IRQ_ENABLED), ==, 0x01000000);
    now = GUINT32_SWAP_LE_BE(device_harness_readl(h, TIME_LOW));
    now |= (uint64_t)GUINT32_SWAP_LE_BE(device_harness_readl(h, TIME_HIGH))
           << 32;
    g_assert_cmpuint(now, ==, clock_get_ns(CLOCK_KIND_HOST));
    device_harness_writel(h, ALARM_HIGH, GUINT32_SWAP_LE_BE(now >> 32));
    device_harness_writel(h, ALARM_LOW, GUINT32_SWAP_LE_BE((uint32_t)now));
    g_assert_cmpint(h->level[0], ==, 1);
}

/* Every offset and size with junk: nothing crashes, and the RTC still
 * keeps time and alarms afterwards. */
static void test_hostile_accesses(void)
{
    g_autoptr(DeviceHarness) h = rtc_new();
    uint64_t when = UINT64_C(2000000000) * SECOND;

    device_harness_poke_everything(h, 0, GOLDFISH_RTC_SIZE + 8);
    goldfish_rtc_reset(h->dev);
    device_harness_writel(h, CLEAR_INTERRUPT, 1);
    set_time(h, when);
    device_harness_writel(h, IRQ_ENABLED, 1);
    set_alarm(h, when + SECOND);
    device_harness_advance(h, SECOND);
    g_assert_cmpint(h->level[0], ==, 1);
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/goldfish-rtc/time/is-the-host-wall-clock",
                    test_time_is_host_wall_clock);
    g_test_add_func("/goldfish-rtc/time/low-read-latches-high",
                    test_time_high_latched);
    g_test_add_func("/goldfish-rtc/time/guest-sets-it", test_set_time);
    g_test_add_func("/goldfish-rtc/alarm/fires-on-time",
                    test_alarm_fires_on_time);
    g_test_add_func("/goldfish-rtc/alarm/in-the-past-fires-at-once",
                    test_alarm_in_the_past);
    g_test_add_func("/goldfish-rtc/alarm/clear-disarms", test_clear_alarm);
    g_test_add_func("/goldfish-rtc/alarm/irq-enable-gates-the-line",
                    test_irq_enable_gates_the_line);
    g_test_add_func("/goldfish-rtc/alarm/follows-a-set-time",
                    test_alarm_follows_set_time);
    g_test_add_func("/goldfish-rtc/alarm/far-future-never-fires",
                    test_alarm_far_future);
    g_test_add_func("/goldfish-rtc/reset", test_reset);
    g_test_add_func("/goldfish-rtc/big-endian-swaps-words", test_big_endian);
    g_test_add_func("/goldfish-rtc/hostile/every-offset-and-size",
                    test_hostile_accesses);
    return g_test_run();
}

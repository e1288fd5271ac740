/* The ACLINT: software interrupts through msip, and the machine timer's
 * mtime and mtimecmp driving MTIP, with the manual clock standing in for
 * time. The MTIMER uses the virt board's layout: mtimecmp at 0, mtime at
 * 0x7ff8, 10 MHz. */
#include "riscv-aclint.h"

#include "clock.h"
#include "device-harness.h"

enum { MTIME = RISCV_ACLINT_DEFAULT_MTIME };

static DeviceHarness *swi_new(const char *harts, const char *sswi)
{
    g_autofree char *harts_prop = g_strdup_printf("num-harts=%s", harts);
    g_autofree char *sswi_prop = g_strdup_printf("sswi=%s", sswi);
    const char *props[] = { harts_prop, sswi_prop, NULL };
    DeviceHarness *h;

    riscv_aclint_register_types();
    h = device_harness_new(TYPE_RISCV_ACLINT_SWI, props, &error_abort);
    for (int i = 0; i < atoi(harts); i++) {
        device_harness_watch_gpio(h, NULL, i);
    }
    return h;
}

/* An MTIMER for `harts` harts at `freq` Hz, every MTIP line watched. */
static DeviceHarness *mtimer_new(int harts, const char *freq)
{
    g_autofree char *harts_prop = g_strdup_printf("num-harts=%d", harts);
    g_autofree char *freq_prop = g_strdup_printf("timebase-freq=%s", freq);
    const char *props[] = { harts_prop, freq_prop, NULL };
    DeviceHarness *h;

    riscv_aclint_register_types();
    h = device_harness_new(TYPE_RISCV_ACLINT_MTIMER, props, &error_abort);
    for (int i = 0; i < harts; i++) {
        device_harness_watch_gpio(h, NULL, i);
    }
    return h;
}

static void expect_realize_error(const char *type, const char *const *props,
                                 const char *message)
{
    Error *err = NULL;

    riscv_aclint_register_types();
    g_assert_null(device_harness_new(type, props, &err));
    g_assert_nonnull(err);
    g_assert_cmpstr(error_get_pretty(err), ==, message);
    error_free(err);
}

/* msip bit 0 drives one hart's line and reads back; other harts and other
 * bits are untouched. */
static void test_swi_msip_drives_its_hart(void)
{
    g_autoptr(DeviceHarness) h = swi_new("2", "0");

    device_harness_writel(h, 4, 1);
    g_assert_cmpint(h->level[1], ==, 1);
    g_assert_cmpint(h->level[0], ==, 0);
    g_assert_cmpuint(device_harness_readl(h, 4), ==, 1);
    g_assert_cmpuint(device_harness_readl(h, 0), ==, 0);
    device_harness_writel(h, 4, 0xfffffffe);
    g_assert_cmpint(h->level[1], ==, 0);
    g_assert_cmpuint(device_harness_readl(h, 4), ==, 0);
}

/* Registers past the last hart read 0 and drive nothing. */
static void test_swi_past_last_hart(void)
{
    g_autoptr(DeviceHarness) h = swi_new("2", "0");

    device_harness_writel(h, 8, 1);
    g_assert_cmpuint(device_harness_readl(h, 8), ==, 0);
    g_assert_cmpuint(h->calls[0] + h->calls[1], ==, 0);
    g_assert_cmpint(h->level[0] | h->level[1], ==, 0);
}

/* An SSWI only raises (the hart clears sip.SSIP itself) and reads 0. */
static void test_sswi_only_raises(void)
{
    g_autoptr(DeviceHarness) h = swi_new("1", "1");

    device_harness_writel(h, 0, 1);
    g_assert_cmpint(h->level[0], ==, 1);
    g_assert_cmpuint(device_harness_readl(h, 0), ==, 0);
    device_harness_writel(h, 0, 0);
    g_assert_cmpint(h->level[0], ==, 1);
    device_harness_writel(h, 0, 1);
    g_assert_cmpuint(h->calls[0], ==, 2);   /* each write 1 sets SSIP */
}

/* A reset lowers every msip. */
static void test_swi_reset(void)
{
    g_autoptr(DeviceHarness) h = swi_new("2", "0");

    device_harness_writel(h, 0, 1);
    device_harness_writel(h, 4, 1);
    riscv_aclint_swi_reset(h->dev);
    g_assert_cmpint(h->level[0] | h->level[1], ==, 0);
    g_assert_cmpuint(device_harness_readl(h, 0), ==, 0);
}

static void test_swi_refuses_bad_hart_counts(void)
{
    expect_realize_error(TYPE_RISCV_ACLINT_SWI,
                         (const char *[]){ "num-harts=0", NULL },
                         "riscv.aclint.swi: num-harts must be 1 to 4095, "
                         "not 0");
    expect_realize_error(TYPE_RISCV_ACLINT_SWI,
                         (const char *[]){ "num-harts=4096", NULL },
                         "riscv.aclint.swi: num-harts must be 1 to 4095, "
                         "not 4096");
}

/* mtime counts whole ticks of timebase-freq from reset. */
static void test_mtime_counts_at_timebase_freq(void)
{
    g_autoptr(DeviceHarness) h = mtimer_new(1, "10000000");

    g_assert_cmpuint(device_harness_readq(h, MTIME), ==, 0);
    device_harness_advance(h, 150);                 /* 1.5 ticks */
    g_assert_cmpuint(device_harness_readq(h, MTIME), ==, 1);
    device_harness_advance(h, 1000000000 - 150);
    g_assert_cmpuint(device_harness_readq(h, MTIME), ==, 10000000);
    g_assert_cmpuint(riscv_aclint_mtimer_read_time(h->dev), ==, 10000000);
}

/* A paused machine's mtime stands still. */
static void test_mtime_stops_while_paused(void)
{
    g_autoptr(DeviceHarness) h = mtimer_new(1, "10000000");

    device_harness_advance(h, 1000);
    clock_vm_stop();
    device_harness_advance(h, 1000000);
    g_assert_cmpuint(device_harness_readq(h, MTIME), ==, 10);
    clock_vm_start();
    device_harness_advance(h, 100);
    g_assert_cmpuint(device_harness_readq(h, MTIME), ==, 11);
}

/* mtimecmp resets to 0, so MTIP is high out of reset as on QEMU; the
 * firmware's all-ones write lowers it. The board resets once it has
 * wired the lines, as here. */
static void test_mtip_high_out_of_reset(void)
{
    g_autoptr(DeviceHarness) h = mtimer_new(1, "10000000");

    riscv_aclint_mtimer_reset(h->dev);
    g_assert_cmpint(h->level[0], ==, 1);
    device_harness_writeq(h, 0, UINT64_MAX);
    g_assert_cmpint(h->level[0], ==, 0);
}

/* MTIP rises on the very nanosecond mtime reaches mtimecmp, not before. */
static void test_mtip_fires_exactly_at_deadline(void)
{
    g_autoptr(DeviceHarness) h = mtimer_new(1, "10000000");

    device_harness_writeq(h, 0, 1000);              /* 100 us */
    g_assert_cmpint(h->level[0], ==, 0);
    device_harness_advance(h, 99999);
    g_assert_cmpint(h->level[0], ==, 0);
    device_harness_advance(h, 1);
    g_assert_cmpint(h->level[0], ==, 1);
    g_assert_cmpuint(device_harness_readq(h, MTIME), ==, 1000);
}

/* At a frequency that does not divide a second, the deadline rounds up:
 * 1 tick at 3 Hz is 333333333.3 ns. */
static void test_mtip_deadline_rounds_up(void)
{
    g_autoptr(DeviceHarness) h = mtimer_new(1, "3");

    /* Start counting on a whole second, where a tick at 3 Hz begins. */
    device_harness_advance(h, 1000000000 -
                              clock_get_ns(CLOCK_KIND_VIRTUAL) % 1000000000);
    riscv_aclint_mtimer_reset(h->dev);
    device_harness_writeq(h, 0, 1);
    device_harness_advance(h, 333333333);
    g_assert_cmpint(h->level[0], ==, 0);
    device_harness_advance(h, 1);
    g_assert_cmpint(h->level[0], ==, 1);
}

/* MTIP is a level, not a latch: moving mtimecmp past mtime drops it at
 * once (or the guest sees an interrupt storm). */
static void test_mtip_drops_when_mtimecmp_moves_on(void)
{
    g_autoptr(DeviceHarness) h = mtimer_new(1, "10000000");

    device_harness_writeq(h, 0, 10);
    device_harness_advance(h, 1000);
    g_assert_cmpint(h->level[0], ==, 1);
    device_harness_writeq(h, 0, 20);
    g_assert_cmpint(h->level[0], ==, 0);
    device_harness_advance(h, 1000);
    g_assert_cmpint(h->level[0], ==, 1);
    g_assert_cmpuint(h->raises[0], ==, 2);          /* at 10, at 20 */
}

/* Each hart has its own mtimecmp and line. */
static void test_mtimecmp_per_hart(void)
{
    g_autoptr(DeviceHarness) h = mtimer_new(2, "10000000");

    device_harness_writeq(h, 0, 100);
    device_harness_writeq(h, 8, 50);
    device_harness_advance(h, 5000);
    g_assert_cmpint(h->level[0], ==, 0);
    g_assert_cmpint(h->level[1], ==, 1);
    g_assert_cmpuint(device_harness_readq(h, 0), ==, 100);
    g_assert_cmpuint(device_harness_readq(h, 8), ==, 50);
}

/* 32-bit guests write mtimecmp and read it in halves. */
static void test_mtimecmp_halves(void)
{
    g_autoptr(DeviceHarness) h = mtimer_new(1, "10000000");

    device_harness_writel(h, 4, 0x12345678);
    device_harness_writel(h, 0, 0x9abcdef0);
    g_assert_cmpuint(device_harness_readq(h, 0), ==, 0x123456789abcdef0);
    g_assert_cmpuint(device_harness_readl(h, 0), ==, 0x9abcdef0);
    g_assert_cmpuint(device_harness_readl(h, 4), ==, 0x12345678);
    g_assert_cmpint(h->level[0], ==, 0);
}

/* Writing mtime moves the count on from the new value, and MTIP follows
 * at once both ways. */
static void test_mtime_write(void)
{
    g_autoptr(DeviceHarness) h = mtimer_new(1, "10000000");

    device_harness_writeq(h, 0, 1000000);
    g_assert_cmpint(h->level[0], ==, 0);
    device_harness_writeq(h, MTIME, 2000000);
    g_assert_cmpint(h->level[0], ==, 1);
    device_harness_advance(h, 200);
    g_assert_cmpuint(device_harness_readq(h, MTIME), ==, 2000002);
    device_harness_writel(h, MTIME, 5);             /* low half */
    g_assert_cmpuint(device_harness_readq(h, MTIME), ==, 5);
    g_assert_cmpint(h->level[0], ==, 0);
    device_harness_writel(h, MTIME + 4, 1);         /* high half */
    g_assert_cmpuint(device_harness_readq(h, MTIME), ==,
                     (UINT64_C(1) << 32) | 5);
    g_assert_cmpuint(device_harness_readl(h, MTIME + 4), ==, 1);
    g_assert_cmpint(h->level[0], ==, 1);
}

/* mtime wraps past 2^64 to 0, where it is below mtimecmp again. */
static void test_mtime_wraps(void)
{
    g_autoptr(DeviceHarness) h = mtimer_new(1, "10000000");

    device_harness_writeq(h, 0, UINT64_MAX);
    device_harness_writeq(h, MTIME, UINT64_MAX - 9);
    device_harness_advance(h, 899);
    g_assert_cmpint(h->level[0], ==, 0);
    device_harness_advance(h, 1);                   /* mtime = 2^64 - 1 */
    g_assert_cmpint(h->level[0], ==, 1);
    device_harness_advance(h, 100);                 /* mtime = 0 */
    g_assert_cmpint(h->level[0], ==, 0);
    g_assert_cmpuint(device_harness_readq(h, MTIME), ==, 0);
}

/* A reset puts mtime back to 0 and mtimecmp to 0. */
static void test_mtimer_reset(void)
{
    g_autoptr(DeviceHarness) h = mtimer_new(1, "10000000");

    device_harness_writeq(h, 0, 12345);
    device_harness_advance(h, 1000);
    riscv_aclint_mtimer_reset(h->dev);
    g_assert_cmpuint(device_harness_readq(h, MTIME), ==, 0);
    g_assert_cmpuint(device_harness_readq(h, 0), ==, 0);
    g_assert_cmpint(h->level[0], ==, 1);
}

static void test_mtimer_refuses_bad_layouts(void)
{
    expect_realize_error(TYPE_RISCV_ACLINT_MTIMER, NULL,
                         "riscv.aclint.mtimer: timebase-freq must not be 0");
    expect_realize_error(TYPE_RISCV_ACLINT_MTIMER,
                         (const char *[]){ "timebase-freq=10", "time-base=4",
                                           NULL },
                         "riscv.aclint.mtimer: timecmp-base and time-base "
                         "must be multiples of 8");
    expect_realize_error(TYPE_RISCV_ACLINT_MTIMER,
                         (const char *[]){ "timebase-freq=10",
                                           "num-harts=4095",
                                           "aperture-size=0x4000", NULL },
                         "riscv.aclint.mtimer: mtime and the mtimecmp of "
                         "4095 harts do not fit in aperture-size 0x4000");
}

/* Every offset and size of both windows with junk: nothing crashes. */
static void test_hostile_accesses(void)
{
    g_autoptr(DeviceHarness) swi = swi_new("3", "0");

    device_harness_poke_everything(swi, 0, RISCV_ACLINT_SWI_SIZE + 8);
    device_harness_free(g_steal_pointer(&swi));

    g_autoptr(DeviceHarness) mtimer = mtimer_new(4, "10000000");

    device_harness_poke_everything(mtimer, 0,
                                   RISCV_ACLINT_DEFAULT_MTIMER_SIZE + 8);
    /* Still a timer: a deadline set after the storm fires on time. */
    device_harness_writeq(mtimer, MTIME, 0);
    device_harness_writeq(mtimer, 0, 10);
    device_harness_advance(mtimer, 999);
    g_assert_cmpint(mtimer->level[0], ==, 0);
    device_harness_advance(mtimer, 1);
    g_assert_cmpint(mtimer->level[0], ==, 1);
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/riscv-aclint/swi/msip-drives-its-hart",
                    test_swi_msip_drives_its_hart);
    g_test_add_func("/riscv-aclint/swi/past-the-last-hart-reads-0",
                    test_swi_past_last_hart);
    g_test_add_func("/riscv-aclint/swi/sswi-only-raises",
                    test_sswi_only_raises);
    g_test_add_func("/riscv-aclint/swi/reset-lowers-every-line",
                    test_swi_reset);
    g_test_add_func("/riscv-aclint/swi/refuses-bad-hart-counts",
                    test_swi_refuses_bad_hart_counts);
    g_test_add_func("/riscv-aclint/mtimer/mtime-counts-at-timebase-freq",
                    test_mtime_counts_at_timebase_freq);
    g_test_add_func("/riscv-aclint/mtimer/mtime-stops-while-paused",
                    test_mtime_stops_while_paused);
    g_test_add_func("/riscv-aclint/mtimer/mtip-high-out-of-reset",
                    test_mtip_high_out_of_reset);
    g_test_add_func("/riscv-aclint/mtimer/mtip-fires-exactly-at-deadline",
                    test_mtip_fires_exactly_at_deadline);
    g_test_add_func("/riscv-aclint/mtimer/deadline-rounds-up",
                    test_mtip_deadline_rounds_up);
    g_test_add_func("/riscv-aclint/mtimer/mtip-drops-when-mtimecmp-moves-on",
                    test_mtip_drops_when_mtimecmp_moves_on);
    g_test_add_func("/riscv-aclint/mtimer/mtimecmp-per-hart",
                    test_mtimecmp_per_hart);
    g_test_add_func("/riscv-aclint/mtimer/mtimecmp-in-halves",
                    test_mtimecmp_halves);
    g_test_add_func("/riscv-aclint/mtimer/mtime-write-moves-the-count",
                    test_mtime_write);
    g_test_add_func("/riscv-aclint/mtimer/mtime-wraps-below-mtimecmp",
                    test_mtime_wraps);
    g_test_add_func("/riscv-aclint/mtimer/reset", test_mtimer_reset);
    g_test_add_func("/riscv-aclint/mtimer/refuses-bad-layouts",
                    test_mtimer_refuses_bad_layouts);
    g_test_add_func("/riscv-aclint/hostile/every-offset-and-size",
                    test_hostile_accesses);
    return g_test_run();
}

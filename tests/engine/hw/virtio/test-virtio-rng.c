/* virtio-rng-device through a guest driver: buffers come back full of
 * random bytes, used.len says how many, and the interrupt rules (the
 * NO_INTERRUPT flag, EVENT_IDX's used_event) decide when the guest hears
 * of it. */
#include "virtio-test-driver.h"

#include <string.h>

#include "virtio-rng.h"

typedef struct Fixture {
    VtestMachine *m;
    DeviceState *dev;
    VtestDriver d;
} Fixture;

static void fixture_start(Fixture *f, uint64_t accept)
{
    f->m = vtest_machine_new();
    f->dev = vtest_device_add("virtio-rng-device", NULL, NULL);
    vtest_driver_start(&f->d, f->m, vtest_slot_of(f->m, f->dev), accept, 8);
}

static void fixture_setup(Fixture *f, gconstpointer data)
{
    fixture_start(f, UINT64_MAX);
}

static void fixture_setup_no_event_idx(Fixture *f, gconstpointer data)
{
    fixture_start(f, ~(1ull << VIRTIO_F_RING_EVENT_IDX));
}

static void fixture_teardown(Fixture *f, gconstpointer data)
{
    vtest_machine_free(f->m);
}

/* How many of len bytes at addr differ from byte. */
static size_t count_changed(Fixture *f, hwaddr addr, size_t len,
                            uint8_t byte)
{
    g_autofree uint8_t *buf = g_malloc(len);
    size_t n = 0;

    vtest_memread(f->m, addr, buf, len);
    for (size_t i = 0; i < len; i++) {
        n += buf[i] != byte;
    }
    return n;
}

/* A 256-byte buffer comes back filled: all 256 bytes written, and they
 * are not what was there (odds of a false failure: about 2^-1800). */
static void test_fills_buffer(Fixture *f, gconstpointer data)
{
    hwaddr buf = vtest_alloc(&f->d, 256);
    VtestBuf b = { buf, 256, true };
    uint32_t len;

    vtest_add_chain(&f->d, &b, 1);
    vtest_kick(&f->d);
    vtest_wait_used(&f->d, &len);
    g_assert_cmpuint(len, ==, 256);
    g_assert_cmpuint(count_changed(f, buf, 256, 0), >, 200);
    g_assert_cmpuint(VIRTIO_RNG_DEVICE(f->dev)->bytes_given, ==, 256);
}

/* A chain of a device-readable buffer (ignored) and two writable ones:
 * both writable ones are filled and counted. */
static void test_chain(Fixture *f, gconstpointer data)
{
    VtestBuf bufs[3] = {
        { vtest_alloc(&f->d, 64), 64, false },
        { vtest_alloc(&f->d, 100), 100, true },
        { vtest_alloc(&f->d, 156), 156, true },
    };
    uint32_t len;

    vtest_memset(f->m, bufs[0].addr, 0x77, 64);
    vtest_add_chain(&f->d, bufs, 3);
    vtest_kick(&f->d);
    vtest_wait_used(&f->d, &len);
    g_assert_cmpuint(len, ==, 256);
    g_assert_cmpuint(count_changed(f, bufs[0].addr, 64, 0x77), ==, 0);
    g_assert_cmpuint(count_changed(f, bufs[1].addr, 100, 0), >, 70);
    g_assert_cmpuint(count_changed(f, bufs[2].addr, 156, 0), >, 110);
}

/* A buffer larger than the chunk gets one chunk; the rest is untouched
 * and the driver asks again. */
static void test_huge_buffer_gets_a_chunk(Fixture *f, gconstpointer data)
{
    size_t size = 1024 * 1024;
    hwaddr buf = vtest_alloc(&f->d, size);
    VtestBuf b = { buf, size, true };
    uint32_t len;

    vtest_memset(f->m, buf, 0x5a, size);
    vtest_add_chain(&f->d, &b, 1);
    vtest_kick(&f->d);
    vtest_wait_used(&f->d, &len);
    g_assert_cmpuint(len, ==, VIRTIO_RNG_CHUNK);
    g_assert_cmpuint(count_changed(f, buf + VIRTIO_RNG_CHUNK,
                                   size - VIRTIO_RNG_CHUNK, 0x5a), ==, 0);
}

static void set_used_event(Fixture *f, uint16_t event)
{
    uint16_t v = GUINT16_TO_LE(event);

    vtest_memwrite(f->m, VTEST_AVAIL + 4 + f->d.num * 2, &v, 2);
}

static void request_one(Fixture *f)
{
    VtestBuf b = { vtest_alloc(&f->d, 8), 8, true };

    vtest_add_chain(&f->d, &b, 1);
    vtest_kick(&f->d);
    vtest_wait_used(&f->d, NULL);
}

/* EVENT_IDX: the first completion interrupts (nothing was signalled
 * yet); after that the driver hears only once the used index passes
 * used_event. The device also tells the driver (avail_event) to kick at
 * the next chain. */
static void test_event_idx_suppresses(Fixture *f, gconstpointer data)
{
    uint16_t avail_event;

    g_assert_true(f->d.features & (1ull << VIRTIO_F_RING_EVENT_IDX));
    set_used_event(f, 0);
    request_one(f);             /* used 0 -> 1 */
    g_assert_cmpuint(vtest_isr(&f->d), ==, 1);
    vtest_writel(f->m, f->d.base + VTEST_REG_INTERRUPT_ACK, 1);
    set_used_event(f, 2);
    request_one(f);             /* 1 -> 2: entry 2 not used yet */
    g_assert_cmpuint(vtest_isr(&f->d), ==, 0);
    g_assert_cmpint(f->m->irq_level[f->d.slot], ==, 0);
    request_one(f);             /* 2 -> 3: entry 2 is used */
    g_assert_cmpuint(vtest_isr(&f->d), ==, 1);
    g_assert_cmpint(f->m->irq_level[f->d.slot], ==, 1);
    vtest_memread(f->m, VTEST_USED + 4 + f->d.num * 8, &avail_event, 2);
    g_assert_cmpuint(GUINT16_FROM_LE(avail_event), ==, 3);
}

/* Without EVENT_IDX, the available ring's NO_INTERRUPT flag silences the
 * device; clearing it brings interrupts back. */
static void test_no_interrupt_flag(Fixture *f, gconstpointer data)
{
    uint16_t flags = GUINT16_TO_LE(1);

    g_assert_false(f->d.features & (1ull << VIRTIO_F_RING_EVENT_IDX));
    vtest_memwrite(f->m, VTEST_AVAIL, &flags, 2);
    request_one(f);
    g_assert_cmpuint(vtest_isr(&f->d), ==, 0);
    flags = 0;
    vtest_memwrite(f->m, VTEST_AVAIL, &flags, 2);
    request_one(f);
    g_assert_cmpuint(vtest_isr(&f->d), ==, 1);
}

/* The queue wraps: more requests than entries, each completed in turn. */
static void test_ring_wraps(Fixture *f, gconstpointer data)
{
    for (unsigned i = 0; i < 3 * f->d.num + 1; i++) {
        request_one(f);
    }
    g_assert_cmpuint(vtest_used_idx(&f->d), ==, 3 * f->d.num + 1);
}

/* max-bytes per period: the first request gets the quota, the next one
 * waits in the ring until the period ends on the virtual clock. */
static void test_rate_limit(void)
{
    const char *const props[] = { "max-bytes=100", "period=1000", NULL };
    Fixture fx = { 0 };
    Fixture *f = &fx;
    uint32_t len;

    clock_use_manual_source(0);
    f->m = vtest_machine_new();
    f->dev = vtest_device_add("virtio-rng-device", NULL, props);
    vtest_driver_start(&f->d, f->m, vtest_slot_of(f->m, f->dev), UINT64_MAX,
                       8);
    VtestBuf a = { vtest_alloc(&f->d, 256), 256, true };
    VtestBuf b = { vtest_alloc(&f->d, 64), 64, true };

    vtest_add_chain(&f->d, &a, 1);
    vtest_kick(&f->d);
    vtest_wait_used(&f->d, &len);
    g_assert_cmpuint(len, ==, 100);
    vtest_add_chain(&f->d, &b, 1);
    vtest_kick(&f->d);
    g_assert_cmpuint(vtest_used_idx(&f->d), ==, 1);

    clock_manual_advance(999 * 1000000ll);
    clock_run_timers(CLOCK_KIND_VIRTUAL);
    g_assert_cmpuint(vtest_used_idx(&f->d), ==, 1);
    clock_manual_advance(1000000);
    clock_run_timers(CLOCK_KIND_VIRTUAL);
    vtest_wait_used(&f->d, &len);
    g_assert_cmpuint(len, ==, 64);
    g_assert_cmpuint(VIRTIO_RNG_DEVICE(f->dev)->bytes_given, ==, 164);
    vtest_machine_free(f->m);
    clock_reset_for_test();
}

/* The limits a user gives are checked. */
static void test_rate_limit_checked(void)
{
    VtestMachine *m = vtest_machine_new();
    const char *const zero[] = { "period=0", NULL };
    const char *const huge[] = { "max-bytes=9223372036854775808", NULL };
    Error *err = NULL;

    g_assert_null(qdev_device_add("virtio-rng-device", NULL, NULL, zero,
                                  false, &err));
    g_assert_nonnull(strstr(error_get_pretty(err), "period must be"));
    g_clear_pointer(&err, error_free);
    g_assert_null(qdev_device_add("virtio-rng-device", NULL, NULL, huge,
                                  false, &err));
    g_assert_nonnull(strstr(error_get_pretty(err), "below 2^63"));
    g_clear_pointer(&err, error_free);
    vtest_machine_free(m);
}

#define ADD(path, setup, fn) \
    g_test_add(path, Fixture, NULL, setup, fn, fixture_teardown)

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    ADD("/virtio-rng/fills-buffer", fixture_setup, test_fills_buffer);
    ADD("/virtio-rng/fills-writable-buffers-of-a-chain", fixture_setup,
        test_chain);
    ADD("/virtio-rng/huge-buffer-gets-one-chunk", fixture_setup,
        test_huge_buffer_gets_a_chunk);
    ADD("/virtio-rng/notify/event-idx-suppresses", fixture_setup,
        test_event_idx_suppresses);
    ADD("/virtio-rng/notify/no-interrupt-flag", fixture_setup_no_event_idx,
        test_no_interrupt_flag);
    ADD("/virtio-rng/ring/wraps", fixture_setup, test_ring_wraps);
    g_test_add_func("/virtio-rng/rate-limit/waits-for-the-next-period",
                    test_rate_limit);
    g_test_add_func("/virtio-rng/rate-limit/limits-checked",
                    test_rate_limit_checked);
    return g_test_run();
}

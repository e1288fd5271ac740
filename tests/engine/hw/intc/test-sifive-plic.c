/* The SiFive PLIC: level sources through its GPIO inputs, the guest's view
 * through priority, pending, enable, threshold and claim/complete, and
 * the per-context output lines. Most tests use QEMU virt's layout with two
 * harts ("MS,MS": contexts 0 = hart 0 M, 1 = hart 0 S, 2 = hart 1 M,
 * 3 = hart 1 S), 96 sources and 7 priority levels. */
#include "sifive-plic.h"

#include "device-harness.h"

enum {
    PRIORITY = 0x0,
    PENDING = 0x1000,
    ENABLE = 0x2000,
    ENABLE_STRIDE = 0x80,
    CONTEXT = 0x200000,
    CONTEXT_STRIDE = 0x1000,
    APERTURE = 0x600000,
    NUM_SOURCES = 96,
    NUM_CONTEXTS = 4,
    CTX_M0 = 0, CTX_S0 = 1, CTX_M1 = 2, CTX_S1 = 3,
};

static const char *const virt_props[] = {
    "hart-config=MS,MS", "num-sources=96", "num-priorities=7",
    "priority-base=0x4", "pending-base=0x1000", "enable-base=0x2000",
    "enable-stride=0x80", "context-base=0x200000", "context-stride=0x1000",
    "aperture-size=0x600000", NULL
};

static DeviceHarness *plic_new(const char *const *props, int contexts)
{
    DeviceHarness *h;

    sifive_plic_register_types();
    h = device_harness_new(TYPE_SIFIVE_PLIC, props, &error_abort);
    for (int i = 0; i < contexts; i++) {
        device_harness_watch_gpio(h, NULL, i);
    }
    return h;
}

static DeviceHarness *virt_plic_new(void)
{
    return plic_new(virt_props, NUM_CONTEXTS);
}

/* A device's interrupt line into source src. */
static void set_source(DeviceHarness *h, int src, int level)
{
    irq_set_level(gpio_get_in(OBJECT(h->dev), NULL, src), level);
}

static void set_priority(DeviceHarness *h, int src, uint32_t prio)
{
    device_harness_writel(h, PRIORITY + 4 * src, prio);
}

static void enable_source(DeviceHarness *h, int ctx, int src, bool on)
{
    hwaddr addr = ENABLE + ctx * ENABLE_STRIDE + src / 32 * 4;
    uint32_t bits = device_harness_readl(h, addr);

    bits = on ? bits | 1u << (src % 32) : bits & ~(1u << (src % 32));
    device_harness_writel(h, addr, bits);
}

static void set_threshold(DeviceHarness *h, int ctx, uint32_t threshold)
{
    device_harness_writel(h, CONTEXT + ctx * CONTEXT_STRIDE, threshold);
}

static uint32_t claim(DeviceHarness *h, int ctx)
{
    return device_harness_readl(h, CONTEXT + ctx * CONTEXT_STRIDE + 4);
}

static void complete(DeviceHarness *h, int ctx, uint32_t src)
{
    device_harness_writel(h, CONTEXT + ctx * CONTEXT_STRIDE + 4, src);
}

static bool pending(DeviceHarness *h, int src)
{
    return device_harness_readl(h, PENDING + src / 32 * 4) >> (src % 32) & 1;
}

/* A raised source pends; with priority and enable its context's line
 * rises, and only that context's. */
static void test_source_reaches_its_context(void)
{
    g_autoptr(DeviceHarness) h = virt_plic_new();

    set_source(h, 10, 1);
    g_assert_true(pending(h, 10));
    g_assert_cmpint(h->level[CTX_S0], ==, 0);       /* priority 0: never */
    set_priority(h, 10, 1);
    g_assert_cmpint(h->level[CTX_S0], ==, 0);       /* not enabled */
    enable_source(h, CTX_S0, 10, true);
    g_assert_cmpint(h->level[CTX_S0], ==, 1);
    g_assert_cmpint(h->level[CTX_M0], ==, 0);
    g_assert_cmpint(h->level[CTX_M1], ==, 0);
    g_assert_cmpint(h->level[CTX_S1], ==, 0);
    enable_source(h, CTX_S0, 10, false);
    g_assert_cmpint(h->level[CTX_S0], ==, 0);
}

/* A level source that drops before it is claimed stops pending. */
static void test_dropped_level_stops_pending(void)
{
    g_autoptr(DeviceHarness) h = virt_plic_new();

    set_priority(h, 5, 1);
    enable_source(h, CTX_M0, 5, true);
    set_source(h, 5, 1);
    g_assert_cmpint(h->level[CTX_M0], ==, 1);
    set_source(h, 5, 0);
    g_assert_false(pending(h, 5));
    g_assert_cmpint(h->level[CTX_M0], ==, 0);
    g_assert_cmpuint(claim(h, CTX_M0), ==, 0);
}

/* Claim gives the highest priority; equal priorities go to the lowest
 * ID; claiming clears pending and the next claim gives the next. */
static void test_claim_order(void)
{
    g_autoptr(DeviceHarness) h = virt_plic_new();
    static const int sources[] = { 3, 40, 7, 90 };
    static const uint32_t prio[] = { 2, 5, 5, 1 };

    for (size_t i = 0; i < G_N_ELEMENTS(sources); i++) {
        set_priority(h, sources[i], prio[i]);
        enable_source(h, CTX_S1, sources[i], true);
        set_source(h, sources[i], 1);
    }
    g_assert_cmpuint(claim(h, CTX_S1), ==, 7);
    g_assert_false(pending(h, 7));
    g_assert_cmpuint(claim(h, CTX_S1), ==, 40);
    g_assert_cmpuint(claim(h, CTX_S1), ==, 3);
    g_assert_cmpuint(claim(h, CTX_S1), ==, 90);
    g_assert_cmpint(h->level[CTX_S1], ==, 0);
    g_assert_cmpuint(claim(h, CTX_S1), ==, 0);
}

/* Only priorities above the threshold interrupt or claim; raising the
 * threshold lowers the line at once (OpenBSD masks that way). */
static void test_threshold(void)
{
    g_autoptr(DeviceHarness) h = virt_plic_new();

    set_priority(h, 1, 3);
    enable_source(h, CTX_M1, 1, true);
    set_source(h, 1, 1);
    g_assert_cmpint(h->level[CTX_M1], ==, 1);
    set_threshold(h, CTX_M1, 3);
    g_assert_cmpint(h->level[CTX_M1], ==, 0);
    g_assert_cmpuint(claim(h, CTX_M1), ==, 0);
    g_assert_true(pending(h, 1));
    set_threshold(h, CTX_M1, 2);
    g_assert_cmpint(h->level[CTX_M1], ==, 1);
    g_assert_cmpuint(claim(h, CTX_M1), ==, 1);
}

/* A claimed source does not interrupt again until completed; then a line
 * still high pends again at once, and one that dropped does not. */
static void test_complete_rearms_level_source(void)
{
    g_autoptr(DeviceHarness) h = virt_plic_new();

    set_priority(h, 8, 1);
    enable_source(h, CTX_S0, 8, true);
    set_source(h, 8, 1);
    g_assert_cmpuint(claim(h, CTX_S0), ==, 8);
    g_assert_cmpint(h->level[CTX_S0], ==, 0);
    set_source(h, 8, 0);
    set_source(h, 8, 1);                    /* while claimed: held back */
    g_assert_false(pending(h, 8));
    g_assert_cmpint(h->level[CTX_S0], ==, 0);
    complete(h, CTX_S0, 8);
    g_assert_true(pending(h, 8));
    g_assert_cmpint(h->level[CTX_S0], ==, 1);
    g_assert_cmpuint(claim(h, CTX_S0), ==, 8);
    set_source(h, 8, 0);
    complete(h, CTX_S0, 8);
    g_assert_false(pending(h, 8));
    g_assert_cmpint(h->level[CTX_S0], ==, 0);
}

/* A complete for a source the context has not enabled is ignored (the
 * spec's rule; Linux enables a masked source around its complete). */
static void test_complete_needs_enable(void)
{
    g_autoptr(DeviceHarness) h = virt_plic_new();

    set_priority(h, 4, 1);
    enable_source(h, CTX_M0, 4, true);
    set_source(h, 4, 1);
    g_assert_cmpuint(claim(h, CTX_M0), ==, 4);
    complete(h, CTX_S0, 4);                 /* not enabled there */
    g_assert_false(pending(h, 4));
    enable_source(h, CTX_M0, 4, false);
    complete(h, CTX_M0, 4);                 /* masked: ignored too */
    g_assert_false(pending(h, 4));
    enable_source(h, CTX_M0, 4, true);
    complete(h, CTX_M0, 4);
    g_assert_true(pending(h, 4));
    g_assert_cmpint(h->level[CTX_M0], ==, 1);
}

/* One source enabled in two contexts: either may claim it, and then it is
 * gone for both. */
static void test_shared_source_claimed_once(void)
{
    g_autoptr(DeviceHarness) h = virt_plic_new();

    set_priority(h, 33, 1);
    enable_source(h, CTX_S0, 33, true);
    enable_source(h, CTX_S1, 33, true);
    set_source(h, 33, 1);
    g_assert_cmpint(h->level[CTX_S0] & h->level[CTX_S1], ==, 1);
    g_assert_cmpuint(claim(h, CTX_S1), ==, 33);
    g_assert_cmpint(h->level[CTX_S0] | h->level[CTX_S1], ==, 0);
    g_assert_cmpuint(claim(h, CTX_S0), ==, 0);
}

/* Registers read back what they hold: priorities keep the 3 bits of 7
 * levels, enables keep only real sources (not 0, none past 95); pending is
 * read-only; source 0 has no priority register (offset 0 is unassigned,
 * as with QEMU 7.2's priority-base of 4), nor has source 96. */
static void test_registers_read_back(void)
{
    g_autoptr(DeviceHarness) h = virt_plic_new();

    set_priority(h, 12, 0xffffffff);
    g_assert_cmpuint(device_harness_readl(h, PRIORITY + 4 * 12), ==, 7);
    set_priority(h, 0, 5);
    g_assert_cmpuint(device_harness_readl(h, PRIORITY), ==, 0);
    set_priority(h, NUM_SOURCES, 5);
    g_assert_cmpuint(device_harness_readl(h, PRIORITY + 4 * NUM_SOURCES), ==,
                     0);
    set_priority(h, NUM_SOURCES - 1, 5);
    g_assert_cmpuint(device_harness_readl(h, PRIORITY + 4 *
                                             (NUM_SOURCES - 1)), ==, 5);
    set_threshold(h, CTX_S0, 0x1f);
    g_assert_cmpuint(device_harness_readl(h, CONTEXT + CONTEXT_STRIDE), ==,
                     7);
    device_harness_writel(h, ENABLE + CTX_M1 * ENABLE_STRIDE, 0xffffffff);
    g_assert_cmpuint(device_harness_readl(h, ENABLE + CTX_M1 * ENABLE_STRIDE),
                     ==, 0xfffffffe);
    device_harness_writel(h, ENABLE + CTX_M1 * ENABLE_STRIDE + 8, 0xffffffff);
    g_assert_cmpuint(device_harness_readl(h, ENABLE + CTX_M1 * ENABLE_STRIDE +
                                             8), ==, 0xffffffff);
    device_harness_writel(h, ENABLE + CTX_M1 * ENABLE_STRIDE + 12, 1);
    g_assert_cmpuint(device_harness_readl(h, ENABLE + CTX_M1 * ENABLE_STRIDE +
                                             12), ==, 0);
    device_harness_writel(h, PENDING, 0xffffffff);
    g_assert_cmpuint(device_harness_readl(h, PENDING), ==, 0);
    g_assert_cmpuint(device_harness_readl(h, PENDING + 12), ==, 0);
    g_assert_cmpuint(device_harness_readl(h, CONTEXT + 8), ==, 0);
    g_assert_cmpuint(device_harness_readl(h, CONTEXT + 4 * CONTEXT_STRIDE),
                     ==, 0);
    g_assert_cmpuint(device_harness_readl(h, APERTURE - 4), ==, 0);
}

/* With num-priorities not 2^k - 1, values above it are refused, not
 * masked (QEMU's rule). */
static void test_priority_refused_above_limit(void)
{
    const char *props[] = { "hart-config=M", "num-sources=8",
                            "num-priorities=5", "priority-base=0x4",
                            "pending-base=0x100",
                            "enable-base=0x200", "enable-stride=0x80",
                            "context-base=0x1000", "context-stride=0x1000",
                            "aperture-size=0x2000", NULL };
    g_autoptr(DeviceHarness) h = plic_new(props, 1);

    set_priority(h, 1, 4);
    set_priority(h, 1, 6);
    g_assert_cmpuint(device_harness_readl(h, PRIORITY + 4), ==, 4);
    device_harness_writel(h, 0x1000, 5);        /* threshold, context 0 */
    device_harness_writel(h, 0x1000, 9);
    g_assert_cmpuint(device_harness_readl(h, 0x1000), ==, 5);
}

/* Sources past num-sources and source 0 are not wired anywhere. */
static void test_inputs_out_of_range_ignored(void)
{
    g_autoptr(DeviceHarness) h = virt_plic_new();

    set_source(h, 0, 1);
    g_assert_false(pending(h, 0));
    g_assert_null(gpio_get_in(OBJECT(h->dev), NULL, NUM_SOURCES));
}

/* A reset forgets priorities, enables, thresholds and claims; a line
 * still high pends again. */
static void test_reset(void)
{
    g_autoptr(DeviceHarness) h = virt_plic_new();

    set_priority(h, 2, 1);
    enable_source(h, CTX_M0, 2, true);
    set_threshold(h, CTX_M0, 0);
    set_source(h, 2, 1);
    g_assert_cmpuint(claim(h, CTX_M0), ==, 2);
    sifive_plic_reset(h->dev);
    g_assert_true(pending(h, 2));
    g_assert_cmpuint(device_harness_readl(h, PRIORITY + 8), ==, 0);
    g_assert_cmpuint(device_harness_readl(h, ENABLE), ==, 0);
    g_assert_cmpint(h->level[CTX_M0], ==, 0);
}

static void expect_realize_error(const char *const *props,
                                 const char *message)
{
    Error *err = NULL;

    sifive_plic_register_types();
    g_assert_null(device_harness_new(TYPE_SIFIVE_PLIC, props, &err));
    g_assert_nonnull(err);
    g_assert_cmpstr(error_get_pretty(err), ==, message);
    error_free(err);
}

static void test_refuses_bad_configs(void)
{
    const char *base[] = { "num-sources=96", "enable-stride=0x80",
                           "context-stride=0x1000", "aperture-size=0x1000" };

    expect_realize_error((const char *[]){ base[0], base[1], base[2], base[3],
                                           NULL },
                         "riscv.sifive.plic: hart-config must be set, e.g. "
                         "\"MS,MS\"");
    expect_realize_error((const char *[]){ "hart-config=MX", base[0],
                                           base[1], base[2], base[3], NULL },
                         "riscv.sifive.plic: hart-config 'MX': 'X' is not a "
                         "mode (M, S or U)");
    expect_realize_error((const char *[]){ "hart-config=MSM", base[0],
                                           base[1], base[2], base[3], NULL },
                         "riscv.sifive.plic: hart-config 'MSM': mode 'M' "
                         "twice for hart 0");
    expect_realize_error((const char *[]){ "hart-config=MS,,S", base[0],
                                           base[1], base[2], base[3], NULL },
                         "riscv.sifive.plic: hart-config 'MS,,S': hart 1 "
                         "has no modes");
    expect_realize_error((const char *[]){ "hart-config=M",
                                           "num-sources=1025", base[1],
                                           base[2], base[3], NULL },
                         "riscv.sifive.plic: num-sources must be 1 to 1024, "
                         "not 1025");
    expect_realize_error((const char *[]){ "hart-config=M", base[0],
                                           "enable-stride=0x8", base[2],
                                           base[3], NULL },
                         "riscv.sifive.plic: enable-stride must be a power "
                         "of two of at least 12 bytes, not 8");
    expect_realize_error((const char *[]){ "hart-config=M", base[0],
                                           base[1], "context-stride=0x300",
                                           base[3], NULL },
                         "riscv.sifive.plic: context-stride must be a power "
                         "of two of at least 8 bytes, not 768");
}

/* Every offset and size over a compact layout, with sources asserted and
 * enabled so claims and completes happen too: nothing crashes, and the
 * controller still delivers afterwards. */
static void test_hostile_accesses(void)
{
    const char *props[] = { "hart-config=MS,MSU", "num-sources=40",
                            "num-priorities=7", "priority-base=0x4",
                            "pending-base=0x100",
                            "enable-base=0x200", "enable-stride=0x20",
                            "context-base=0x400", "context-stride=0x10",
                            "aperture-size=0x500", NULL };
    g_autoptr(DeviceHarness) h = plic_new(props, 5);

    for (int src = 1; src < 40; src += 3) {
        set_source(h, src, 1);
    }
    device_harness_poke_everything(h, 0, 0x500 + 8);
    /* Drain what the storm left claimed or pending, then start clean. */
    for (int ctx = 0; ctx < 5; ctx++) {
        hwaddr claim_reg = 0x400 + ctx * 0x10 + 4;

        device_harness_writel(h, 0x400 + ctx * 0x10, 0);
        device_harness_writel(h, 0x200 + ctx * 0x20, 0xfffffffe);
        device_harness_writel(h, 0x200 + ctx * 0x20 + 4, 0xff);
        for (int src = 1; src < 40; src++) {
            device_harness_writel(h, claim_reg, src);
        }
        device_harness_writel(h, 0x200 + ctx * 0x20, 0);
        device_harness_writel(h, 0x200 + ctx * 0x20 + 4, 0);
    }
    for (int src = 1; src < 40; src++) {
        set_source(h, src, 0);
        set_priority(h, src, 0);
    }
    for (int ctx = 0; ctx < 5; ctx++) {
        g_assert_cmpint(h->level[ctx], ==, 0);
    }
    /* Source 39 to context 4 (hart 1 U) still works end to end. */
    set_priority(h, 39, 7);
    device_harness_writel(h, 0x200 + 4 * 0x20 + 4, 1u << 7);
    set_source(h, 39, 1);
    g_assert_cmpint(h->level[4], ==, 1);
    g_assert_cmpuint(device_harness_readl(h, 0x400 + 4 * 0x10 + 4), ==, 39);
    g_assert_cmpint(h->level[4], ==, 0);
}

/* The virt layout's register windows and its last bytes, every offset
 * and size: nothing crashes. */
static void test_hostile_virt_layout(void)
{
    g_autoptr(DeviceHarness) h = virt_plic_new();

    set_source(h, 10, 1);
    device_harness_poke_everything(h, 0, ENABLE + NUM_CONTEXTS *
                                          ENABLE_STRIDE + 8);
    device_harness_poke_everything(h, CONTEXT - 8,
                                   NUM_CONTEXTS * CONTEXT_STRIDE + 16);
    device_harness_poke_everything(h, APERTURE - 8, 16);
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/sifive-plic/source-reaches-its-context",
                    test_source_reaches_its_context);
    g_test_add_func("/sifive-plic/dropped-level-stops-pending",
                    test_dropped_level_stops_pending);
    g_test_add_func("/sifive-plic/claim/highest-priority-then-lowest-id",
                    test_claim_order);
    g_test_add_func("/sifive-plic/threshold/masks-and-lowers-the-line",
                    test_threshold);
    g_test_add_func("/sifive-plic/complete/rearms-a-level-still-high",
                    test_complete_rearms_level_source);
    g_test_add_func("/sifive-plic/complete/ignored-unless-enabled",
                    test_complete_needs_enable);
    g_test_add_func("/sifive-plic/claim/shared-source-claimed-once",
                    test_shared_source_claimed_once);
    g_test_add_func("/sifive-plic/registers/read-back-legal-values",
                    test_registers_read_back);
    g_test_add_func("/sifive-plic/registers/priority-refused-above-limit",
                    test_priority_refused_above_limit);
    g_test_add_func("/sifive-plic/inputs/out-of-range-ignored",
                    test_inputs_out_of_range_ignored);
    g_test_add_func("/sifive-plic/reset", test_reset);
    g_test_add_func("/sifive-plic/realize/refuses-bad-configs",
                    test_refuses_bad_configs);
    g_test_add_func("/sifive-plic/hostile/every-offset-and-size",
                    test_hostile_accesses);
    g_test_add_func("/sifive-plic/hostile/virt-layout-windows",
                    test_hostile_virt_layout);
    return g_test_run();
}

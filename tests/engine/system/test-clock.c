/* Clocks and timers, driven by hand: nothing here sleeps. */
#include "clock.h"

#define START_NS (INT64_C(5) * 1000000000)
#define MS (INT64_C(1000000))

/* A log of which timers fired, in order. */
typedef struct FireLog {
    GArray *ids;                    /* int */
} FireLog;

typedef struct Probe {
    FireLog *log;
    int id;
    Timer *timer;
    Timer *victim;                  /* freed by this probe's callback */
    int64_t rearm_ns;               /* >= 0: re-arm to this on firing */
} Probe;

static void probe_fire(void *opaque)
{
    Probe *p = opaque;

    g_array_append_val(p->log->ids, p->id);
    if (p->victim) {
        g_clear_pointer(&p->victim, timer_free);
    }
    if (p->rearm_ns >= 0) {
        timer_mod(p->timer, p->rearm_ns);
    }
}

static void fixture_begin(FireLog *log)
{
    clock_reset_for_test();
    clock_use_manual_source(START_NS);
    log->ids = g_array_new(FALSE, FALSE, sizeof(int));
}

static void fixture_end(FireLog *log)
{
    g_array_unref(log->ids);
    clock_reset_for_test();
}

static Probe *probe_new(FireLog *log, ClockKind kind, int id)
{
    Probe *p = g_new0(Probe, 1);

    p->log = log;
    p->id = id;
    p->rearm_ns = -1;
    p->timer = timer_new(kind, probe_fire, p);
    return p;
}

static void probe_free(Probe *p)
{
    timer_free(p->timer);
    timer_free(p->victim);
    g_free(p);
}

static int fired(const FireLog *log, guint i)
{
    return g_array_index(log->ids, int, i);
}

/* Timers armed out of order fire by deadline. */
static void test_fires_in_deadline_order(void)
{
    FireLog log;
    fixture_begin(&log);
    static const int64_t offsets[] = { 30, 10, 50, 20, 40 };
    Probe *p[G_N_ELEMENTS(offsets)];

    for (guint i = 0; i < G_N_ELEMENTS(offsets); i++) {
        p[i] = probe_new(&log, CLOCK_KIND_REALTIME, (int)offsets[i]);
        timer_mod(p[i]->timer, START_NS + offsets[i]);
    }
    clock_manual_advance(100);
    g_assert_true(clock_run_timers(CLOCK_KIND_REALTIME));

    g_assert_cmpuint(log.ids->len, ==, 5);
    for (guint i = 0; i < 5; i++) {
        g_assert_cmpint(fired(&log, i), ==, (int)(i + 1) * 10);
    }
    for (guint i = 0; i < G_N_ELEMENTS(offsets); i++) {
        probe_free(p[i]);
    }
    fixture_end(&log);
}

/* Equal deadlines: the one armed first fires first. */
static void test_equal_deadlines_fire_in_arming_order(void)
{
    FireLog log;
    fixture_begin(&log);
    Probe *a = probe_new(&log, CLOCK_KIND_REALTIME, 1);
    Probe *b = probe_new(&log, CLOCK_KIND_REALTIME, 2);
    Probe *c = probe_new(&log, CLOCK_KIND_REALTIME, 3);

    timer_mod(b->timer, START_NS + 10);
    timer_mod(c->timer, START_NS + 10);
    timer_mod(a->timer, START_NS + 10);
    clock_manual_advance(10);
    clock_run_timers(CLOCK_KIND_REALTIME);

    g_assert_cmpuint(log.ids->len, ==, 3);
    g_assert_cmpint(fired(&log, 0), ==, 2);
    g_assert_cmpint(fired(&log, 1), ==, 3);
    g_assert_cmpint(fired(&log, 2), ==, 1);
    probe_free(a);
    probe_free(b);
    probe_free(c);
    fixture_end(&log);
}

/* One nanosecond early is too early; on the deadline fires, once. */
static void test_fires_exactly_at_deadline(void)
{
    FireLog log;
    fixture_begin(&log);
    Probe *p = probe_new(&log, CLOCK_KIND_REALTIME, 1);

    timer_mod(p->timer, START_NS + 1000);
    clock_manual_advance(999);
    g_assert_false(clock_run_timers(CLOCK_KIND_REALTIME));
    g_assert_true(timer_pending(p->timer));
    clock_manual_advance(1);
    g_assert_true(clock_run_timers(CLOCK_KIND_REALTIME));
    g_assert_false(timer_pending(p->timer));
    g_assert_false(clock_run_timers(CLOCK_KIND_REALTIME));
    g_assert_cmpuint(log.ids->len, ==, 1);
    probe_free(p);
    fixture_end(&log);
}

/* A deadline already passed, however far, is due now (and computing how
 * long to wait for it does not overflow). */
static void test_passed_deadline_is_due_now(void)
{
    FireLog log;
    fixture_begin(&log);
    Probe *p = probe_new(&log, CLOCK_KIND_REALTIME, 1);

    timer_mod(p->timer, INT64_MIN);
    g_assert_cmpint(clock_deadline_ns(), ==, 0);
    g_assert_true(clock_run_timers(CLOCK_KIND_REALTIME));
    g_assert_cmpuint(log.ids->len, ==, 1);
    probe_free(p);
    fixture_end(&log);
}

/* Re-arming an armed timer moves its deadline, it does not add a second. */
static void test_rearm_moves_deadline(void)
{
    FireLog log;
    fixture_begin(&log);
    Probe *p = probe_new(&log, CLOCK_KIND_REALTIME, 1);

    timer_mod(p->timer, START_NS + 10);
    timer_mod(p->timer, START_NS + 30);
    g_assert_cmpint(timer_expire_time(p->timer), ==, START_NS + 30);
    clock_manual_advance(10);
    g_assert_false(clock_run_timers(CLOCK_KIND_REALTIME));
    timer_mod(p->timer, START_NS + 20);     /* and earlier again */
    clock_manual_advance(10);
    g_assert_true(clock_run_timers(CLOCK_KIND_REALTIME));
    clock_manual_advance(100);
    g_assert_false(clock_run_timers(CLOCK_KIND_REALTIME));
    g_assert_cmpuint(log.ids->len, ==, 1);
    probe_free(p);
    fixture_end(&log);
}

/* A deleted timer is not pending and never fires; deleting twice is fine. */
static void test_delete_disarms(void)
{
    FireLog log;
    fixture_begin(&log);
    Probe *a = probe_new(&log, CLOCK_KIND_REALTIME, 1);
    Probe *b = probe_new(&log, CLOCK_KIND_REALTIME, 2);

    timer_mod(a->timer, START_NS + 10);
    timer_mod(b->timer, START_NS + 20);
    timer_del(a->timer);
    timer_del(a->timer);
    g_assert_false(timer_pending(a->timer));
    g_assert_cmpint(timer_expire_time(a->timer), ==, -1);
    clock_manual_advance(50);
    clock_run_timers(CLOCK_KIND_REALTIME);
    g_assert_cmpuint(log.ids->len, ==, 1);
    g_assert_cmpint(fired(&log, 0), ==, 2);
    probe_free(a);
    probe_free(b);
    fixture_end(&log);
}

/* A callback that re-arms its own timer for a passed deadline runs again at
 * the next run, not in a loop inside this one. */
static void test_self_rearm_for_now_waits_for_next_run(void)
{
    FireLog log;
    fixture_begin(&log);
    Probe *p = probe_new(&log, CLOCK_KIND_REALTIME, 1);

    p->rearm_ns = START_NS;
    timer_mod(p->timer, START_NS);
    clock_run_timers(CLOCK_KIND_REALTIME);
    g_assert_cmpuint(log.ids->len, ==, 1);
    g_assert_true(timer_pending(p->timer));
    clock_run_timers(CLOCK_KIND_REALTIME);
    g_assert_cmpuint(log.ids->len, ==, 2);
    probe_free(p);
    fixture_end(&log);
}

/* A callback may free another armed timer that was due in the same run. */
static void test_callback_frees_another_due_timer(void)
{
    FireLog log;
    fixture_begin(&log);
    Probe *killer = probe_new(&log, CLOCK_KIND_REALTIME, 1);
    Probe *victim = probe_new(&log, CLOCK_KIND_REALTIME, 2);

    timer_mod(killer->timer, START_NS + 1);
    timer_mod(victim->timer, START_NS + 2);
    killer->victim = g_steal_pointer(&victim->timer);
    clock_manual_advance(10);
    clock_run_timers(CLOCK_KIND_REALTIME);
    g_assert_cmpuint(log.ids->len, ==, 1);
    g_assert_cmpint(clock_deadline_ns(), ==, -1);
    probe_free(killer);
    probe_free(victim);
    fixture_end(&log);
}

/* Paused, the virtual clock stands still; resumed, it carries on from the
 * same value while the realtime clock kept going. */
static void test_virtual_clock_stands_still_while_paused(void)
{
    FireLog log;
    fixture_begin(&log);
    int64_t v0 = clock_get_ns(CLOCK_KIND_VIRTUAL);

    clock_manual_advance(100);
    g_assert_cmpint(clock_get_ns(CLOCK_KIND_VIRTUAL), ==, v0 + 100);
    clock_vm_stop();
    g_assert_false(clock_vm_running());
    clock_manual_advance(1000);
    g_assert_cmpint(clock_get_ns(CLOCK_KIND_VIRTUAL), ==, v0 + 100);
    g_assert_cmpint(clock_get_ns(CLOCK_KIND_REALTIME), ==, START_NS + 1100);
    clock_vm_start();
    clock_vm_start();
    clock_manual_advance(5);
    g_assert_cmpint(clock_get_ns(CLOCK_KIND_VIRTUAL), ==, v0 + 105);
    fixture_end(&log);
}

/* A virtual timer does not fire while paused, and after resuming fires when
 * virtual time (not host time) reaches its deadline. */
static void test_virtual_timer_waits_while_paused(void)
{
    FireLog log;
    fixture_begin(&log);
    Probe *p = probe_new(&log, CLOCK_KIND_VIRTUAL, 1);
    int64_t v0 = clock_get_ns(CLOCK_KIND_VIRTUAL);

    timer_mod(p->timer, v0 + 100);
    clock_manual_advance(50);
    clock_vm_stop();
    clock_manual_advance(1000);
    g_assert_false(clock_run_timers(CLOCK_KIND_VIRTUAL));
    g_assert_cmpint(clock_deadline_ns(), ==, -1);

    clock_vm_start();
    g_assert_cmpint(clock_deadline_ns(), ==, 50);
    clock_manual_advance(49);
    g_assert_false(clock_run_timers(CLOCK_KIND_VIRTUAL));
    clock_manual_advance(1);
    g_assert_true(clock_run_timers(CLOCK_KIND_VIRTUAL));
    g_assert_cmpint(clock_get_ns(CLOCK_KIND_VIRTUAL), ==, v0 + 100);
    g_assert_cmpuint(log.ids->len, ==, 1);
    probe_free(p);
    fixture_end(&log);
}

/* Switching to the manual source does not make virtual time jump. */
static void test_manual_source_keeps_virtual_time(void)
{
    clock_reset_for_test();
    clock_use_manual_source(0);
    clock_manual_advance(300);
    int64_t v = clock_get_ns(CLOCK_KIND_VIRTUAL);

    clock_use_manual_source(START_NS);
    g_assert_cmpint(clock_get_ns(CLOCK_KIND_VIRTUAL), ==, v);
    clock_reset_for_test();
}

/* The host clock is wall time: with the manual source it moves with it. */
static void test_host_clock_follows_manual_source(void)
{
    FireLog log;
    fixture_begin(&log);
    int64_t h0 = clock_get_ns(CLOCK_KIND_HOST);

    g_assert_cmpint(h0, >, INT64_C(1000000000) * 1000000000);
    clock_manual_advance(7);
    g_assert_cmpint(clock_get_ns(CLOCK_KIND_HOST), ==, h0 + 7);
    fixture_end(&log);
}

/* The real source: realtime never goes back. */
static void test_realtime_clock_is_monotonic(void)
{
    clock_reset_for_test();
    int64_t a = clock_get_ns(CLOCK_KIND_REALTIME);
    int64_t b = clock_get_ns(CLOCK_KIND_REALTIME);

    g_assert_cmpint(b, >=, a);
    g_assert_cmpint(clock_get_ns(CLOCK_KIND_VIRTUAL), >=, 0);
}

/* The poll timeout of one main-loop iteration, in ms. */
static gint loop_timeout(GMainContext *ctx)
{
    gint prio = 0;
    gint timeout = -2;
    GPollFD fds[8];

    g_assert_true(g_main_context_acquire(ctx));
    g_main_context_prepare(ctx, &prio);
    g_main_context_query(ctx, prio, &timeout, fds, G_N_ELEMENTS(fds));
    g_main_context_check(ctx, prio, fds, 0);
    g_main_context_release(ctx);
    return timeout;
}

/* The main-loop source sleeps until the nearest deadline across clocks,
 * rounded up to a whole millisecond. */
static void test_source_waits_for_nearest_deadline(void)
{
    FireLog log;
    fixture_begin(&log);
    g_autoptr(GMainContext) ctx = g_main_context_new();
    g_autoptr(GSource) src = clock_source_new();
    Probe *real = probe_new(&log, CLOCK_KIND_REALTIME, 1);
    Probe *virt = probe_new(&log, CLOCK_KIND_VIRTUAL, 2);

    g_source_attach(src, ctx);
    g_assert_cmpint(loop_timeout(ctx), ==, -1);
    timer_mod(real->timer, START_NS + 5 * MS);
    timer_mod(virt->timer, clock_get_ns(CLOCK_KIND_VIRTUAL) + 3 * MS + 1);
    g_assert_cmpint(loop_timeout(ctx), ==, 4);
    clock_vm_stop();
    g_assert_cmpint(loop_timeout(ctx), ==, 5);

    g_source_destroy(src);
    probe_free(real);
    probe_free(virt);
    fixture_end(&log);
}

/* An iteration fires nothing early and the due timer once it is due. */
static void test_source_fires_due_timers(void)
{
    FireLog log;
    fixture_begin(&log);
    g_autoptr(GMainContext) ctx = g_main_context_new();
    g_autoptr(GSource) src = clock_source_new();
    Probe *a = probe_new(&log, CLOCK_KIND_REALTIME, 1);
    Probe *b = probe_new(&log, CLOCK_KIND_VIRTUAL, 2);

    g_source_attach(src, ctx);
    timer_mod(a->timer, START_NS + 2 * MS);
    timer_mod(b->timer, clock_get_ns(CLOCK_KIND_VIRTUAL) + 1 * MS);
    g_assert_false(g_main_context_iteration(ctx, FALSE));
    g_assert_cmpuint(log.ids->len, ==, 0);

    clock_manual_advance(1 * MS);
    g_assert_true(g_main_context_iteration(ctx, FALSE));
    g_assert_cmpuint(log.ids->len, ==, 1);
    g_assert_cmpint(fired(&log, 0), ==, 2);

    clock_manual_advance(1 * MS);
    g_assert_true(g_main_context_iteration(ctx, FALSE));
    g_assert_cmpuint(log.ids->len, ==, 2);
    g_assert_cmpint(fired(&log, 1), ==, 1);

    g_source_destroy(src);
    probe_free(a);
    probe_free(b);
    fixture_end(&log);
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/clock/timer/fires-in-deadline-order",
                    test_fires_in_deadline_order);
    g_test_add_func("/clock/timer/equal-deadlines-fire-in-arming-order",
                    test_equal_deadlines_fire_in_arming_order);
    g_test_add_func("/clock/timer/fires-exactly-at-its-deadline",
                    test_fires_exactly_at_deadline);
    g_test_add_func("/clock/timer/passed-deadline-is-due-now",
                    test_passed_deadline_is_due_now);
    g_test_add_func("/clock/timer/re-arming-moves-the-deadline",
                    test_rearm_moves_deadline);
    g_test_add_func("/clock/timer/deleting-disarms", test_delete_disarms);
    g_test_add_func("/clock/timer/self-re-arm-for-now-waits-for-next-run",
                    test_self_rearm_for_now_waits_for_next_run);
    g_test_add_func("/clock/timer/callback-may-free-another-due-timer",
                    test_callback_frees_another_due_timer);
    g_test_add_func("/clock/virtual/stands-still-while-paused",
                    test_virtual_clock_stands_still_while_paused);
    g_test_add_func("/clock/virtual/timer-waits-while-paused",
                    test_virtual_timer_waits_while_paused);
    g_test_add_func("/clock/virtual/manual-source-keeps-its-value",
                    test_manual_source_keeps_virtual_time);
    g_test_add_func("/clock/host/follows-the-manual-source",
                    test_host_clock_follows_manual_source);
    g_test_add_func("/clock/realtime/is-monotonic",
                    test_realtime_clock_is_monotonic);
    g_test_add_func("/clock/main-loop/waits-for-the-nearest-deadline",
                    test_source_waits_for_nearest_deadline);
    g_test_add_func("/clock/main-loop/fires-due-timers",
                    test_source_fires_due_timers);
    return g_test_run();
}

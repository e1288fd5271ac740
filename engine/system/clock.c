/* Clocks and timers; see clock.h. */
#include "clock.h"

#include <limits.h>
#include <time.h>

/* The epoch offset a manual host clock reads on top of the manual source:
 * 2023-11-14, so a model that formats dates sees a plausible one. */
#define MANUAL_HOST_EPOCH_NS (INT64_C(1700000000) * 1000000000)

#define NOT_ARMED SIZE_MAX

struct Timer {
    ClockKind kind;
    TimerCb *cb;
    void *opaque;
    int64_t expire_ns;
    /* Arming order: breaks ties between equal deadlines, and tells a run
     * which timers were armed after it started. */
    uint64_t seq;
    size_t heap_index;              /* NOT_ARMED when not armed */
};

/* A binary min-heap on (expire_ns, seq). */
typedef struct TimerHeap {
    Timer **timers;
    size_t len;
    size_t cap;
} TimerHeap;

/* The per-process clock set (clock.h says why there is one). */
static struct {
    bool initialised;
    TimerHeap heaps[CLOCK_KIND__MAX];
    uint64_t next_seq;
    /* Virtual time is the realtime clock minus vm_offset while running,
     * vm_frozen_ns while stopped. */
    bool vm_running;
    int64_t vm_offset;
    int64_t vm_frozen_ns;
    bool manual;
    int64_t manual_ns;
} clocks;

static int64_t host_monotonic_ns(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

static int64_t realtime_ns(void)
{
    return clocks.manual ? clocks.manual_ns : host_monotonic_ns();
}

static int64_t host_ns(void)
{
    if (clocks.manual) {
        return MANUAL_HOST_EPOCH_NS + clocks.manual_ns;
    }
    return g_get_real_time() * 1000;
}

static void clock_set_init(void)
{
    if (clocks.initialised) {
        return;
    }
    clocks.initialised = true;
    clocks.vm_running = true;
    clocks.vm_offset = realtime_ns();
}

int64_t clock_get_ns(ClockKind kind)
{
    clock_set_init();
    switch (kind) {
    case CLOCK_KIND_VIRTUAL:
        return clocks.vm_running ? realtime_ns() - clocks.vm_offset
                                 : clocks.vm_frozen_ns;
    case CLOCK_KIND_REALTIME:
        return realtime_ns();
    case CLOCK_KIND_HOST:
        return host_ns();
    default:
        g_error("clock_get_ns: unknown clock %d", (int)kind);
    }
}

void clock_vm_stop(void)
{
    clock_set_init();
    if (!clocks.vm_running) {
        return;
    }
    clocks.vm_frozen_ns = clock_get_ns(CLOCK_KIND_VIRTUAL);
    clocks.vm_running = false;
}

void clock_vm_start(void)
{
    clock_set_init();
    if (clocks.vm_running) {
        return;
    }
    clocks.vm_offset = realtime_ns() - clocks.vm_frozen_ns;
    clocks.vm_running = true;
}

bool clock_vm_running(void)
{
    clock_set_init();
    return clocks.vm_running;
}

/* The heap. */

static bool timer_before(const Timer *a, const Timer *b)
{
    if (a->expire_ns != b->expire_ns) {
        return a->expire_ns < b->expire_ns;
    }
    return a->seq < b->seq;
}

static void heap_place(TimerHeap *h, size_t i, Timer *t)
{
    h->timers[i] = t;
    t->heap_index = i;
}

static void heap_sift_up(TimerHeap *h, size_t i)
{
    Timer *t = h->timers[i];

    while (i > 0) {
        size_t parent = (i - 1) / 2;
        if (!timer_before(t, h->timers[parent])) {
            break;
        }
        heap_place(h, i, h->timers[parent]);
        i = parent;
    }
    heap_place(h, i, t);
}

static void heap_sift_down(TimerHeap *h, size_t i)
{
    Timer *t = h->timers[i];

    for (;;) {
        size_t child = 2 * i + 1;
        if (child >= h->len) {
            break;
        }
        if (child + 1 < h->len &&
            timer_before(h->timers[child + 1], h->timers[child])) {
            child++;
        }
        if (!timer_before(h->timers[child], t)) {
            break;
        }
        heap_place(h, i, h->timers[child]);
        i = child;
    }
    heap_place(h, i, t);
}

static void heap_insert(TimerHeap *h, Timer *t)
{
    if (h->len == h->cap) {
        h->cap = h->cap ? h->cap * 2 : 16;
        h->timers = g_renew(Timer *, h->timers, h->cap);
    }
    h->len++;
    heap_place(h, h->len - 1, t);
    heap_sift_up(h, h->len - 1);
}

static void heap_remove(TimerHeap *h, Timer *t)
{
    size_t i = t->heap_index;
    Timer *last = h->timers[--h->len];

    t->heap_index = NOT_ARMED;
    if (last == t) {
        return;
    }
    heap_place(h, i, last);
    /* The moved timer may belong above or below its new place. */
    heap_sift_up(h, i);
    heap_sift_down(h, last->heap_index);
}

/* Timers. */

Timer *timer_new(ClockKind kind, TimerCb *cb, void *opaque)
{
    g_assert((unsigned)kind < CLOCK_KIND__MAX);
    g_assert(cb);
    clock_set_init();

    Timer *t = g_new0(Timer, 1);
    t->kind = kind;
    t->cb = cb;
    t->opaque = opaque;
    t->heap_index = NOT_ARMED;
    return t;
}

void timer_free(Timer *t)
{
    if (!t) {
        return;
    }
    timer_del(t);
    g_free(t);
}

void timer_del(Timer *t)
{
    g_assert(t);
    if (t->heap_index != NOT_ARMED) {
        heap_remove(&clocks.heaps[t->kind], t);
    }
}

void timer_mod(Timer *t, int64_t deadline_ns)
{
    g_assert(t);

    TimerHeap *h = &clocks.heaps[t->kind];
    t->seq = clocks.next_seq++;
    if (t->heap_index == NOT_ARMED) {
        t->expire_ns = deadline_ns;
        heap_insert(h, t);
        return;
    }
    /* Re-arming moves the timer in place: one sift instead of a removal
     * and an insertion. A later seq only ever pushes it down. */
    bool earlier = deadline_ns < t->expire_ns;
    t->expire_ns = deadline_ns;
    if (earlier) {
        heap_sift_up(h, t->heap_index);
    } else {
        heap_sift_down(h, t->heap_index);
    }
}

bool timer_pending(const Timer *t)
{
    g_assert(t);
    return t->heap_index != NOT_ARMED;
}

int64_t timer_expire_time(const Timer *t)
{
    g_assert(t);
    return t->heap_index != NOT_ARMED ? t->expire_ns : -1;
}

/* Running. */

static bool clock_counts(ClockKind kind)
{
    return kind != CLOCK_KIND_VIRTUAL || clocks.vm_running;
}

int64_t clock_deadline_ns(void)
{
    int64_t best = -1;

    clock_set_init();
    for (int k = 0; k < CLOCK_KIND__MAX; k++) {
        TimerHeap *h = &clocks.heaps[k];
        if (!h->len || !clock_counts(k)) {
            continue;
        }
        int64_t expire = h->timers[0]->expire_ns;
        int64_t now = clock_get_ns(k);
        /* Compared first: a deadline far in the past must not overflow. */
        int64_t d = expire <= now ? 0 : expire - now;
        if (best < 0 || d < best) {
            best = d;
        }
    }
    return best;
}

bool clock_run_timers(ClockKind kind)
{
    g_assert((unsigned)kind < CLOCK_KIND__MAX);
    clock_set_init();

    TimerHeap *h = &clocks.heaps[kind];
    uint64_t run_started = clocks.next_seq;
    bool ran = false;

    if (!clock_counts(kind)) {
        return false;
    }
    int64_t now = clock_get_ns(kind);
    while (h->len) {
        Timer *t = h->timers[0];
        if (t->expire_ns > now || t->seq >= run_started) {
            break;
        }
        heap_remove(h, t);
        /* t may be re-armed or freed by its callback: not touched after. */
        t->cb(t->opaque);
        ran = true;
        if (!clock_counts(kind)) {
            break;                  /* a callback paused the machine */
        }
    }
    return ran;
}

/* The main loop source. */

static gboolean clock_source_prepare(GSource *source, gint *timeout)
{
    int64_t d = clock_deadline_ns();

    if (d < 0) {
        *timeout = -1;
        return FALSE;
    }
    if (d == 0) {
        *timeout = 0;
        return TRUE;
    }
    /* Round up: waking a little late fires the timer, waking early costs
     * another trip round the loop. */
    int64_t ms = (d + 999999) / 1000000;
    *timeout = ms > INT_MAX ? INT_MAX : (gint)ms;
    return FALSE;
}

static gboolean clock_source_check(GSource *source)
{
    return clock_deadline_ns() == 0;
}

static gboolean clock_source_dispatch(GSource *source, GSourceFunc callback,
                                      gpointer user_data)
{
    for (int k = 0; k < CLOCK_KIND__MAX; k++) {
        clock_run_timers(k);
    }
    return G_SOURCE_CONTINUE;
}

static GSourceFuncs clock_source_funcs = {
    .prepare = clock_source_prepare,
    .check = clock_source_check,
    .dispatch = clock_source_dispatch,
};

GSource *clock_source_new(void)
{
    GSource *source = g_source_new(&clock_source_funcs, sizeof(GSource));

    g_source_set_name(source, "quern-timers");
    return source;
}

/* Tests. */

void clock_use_manual_source(int64_t start_ns)
{
    clock_set_init();

    int64_t virt = clock_get_ns(CLOCK_KIND_VIRTUAL);
    clocks.manual = true;
    clocks.manual_ns = start_ns;
    if (clocks.vm_running) {
        clocks.vm_offset = start_ns - virt;
    }
}

void clock_manual_advance(int64_t delta_ns)
{
    g_assert(clocks.manual);
    g_assert(delta_ns >= 0);
    clocks.manual_ns += delta_ns;
}

void clock_reset_for_test(void)
{
    for (int k = 0; k < CLOCK_KIND__MAX; k++) {
        TimerHeap *h = &clocks.heaps[k];
        for (size_t i = 0; i < h->len; i++) {
            h->timers[i]->heap_index = NOT_ARMED;
        }
        g_clear_pointer(&h->timers, g_free);
        h->len = h->cap = 0;
    }
    clocks.manual = false;
    clocks.manual_ns = 0;
    clocks.vm_running = true;
    clocks.vm_offset = realtime_ns();
    clocks.initialised = true;
}

/* timer-bench: how fast timers re-arm with many armed.
 *
 * Arms TIMERS timers on the realtime clock (driven by hand, so none fires)
 * and times timer_mod() moving a pseudo-randomly chosen timer to a
 * pseudo-random future deadline; then the same with 10 timers, to show the
 * heap's log n. Also times a fire-and-re-arm cycle through
 * clock_run_timers(). Usage: timer-bench [--quick] (--quick: shorter
 * rounds, for a smoke run). */
#include "bench-util.h"
#include "clock.h"

#include <stdio.h>

enum { TIMERS = 1000, ROUNDS = 3 };

static double round_seconds = 0.2;

typedef struct Armed {
    Timer **timers;
    int n;
    uint32_t rng;
    long fired;
} Armed;

static void armed_fire(void *opaque)
{
    Armed *a = opaque;

    a->fired++;
}

/* A small xorshift: the deadline pattern without libc's rand() cost. */
static uint32_t next_random(uint32_t *s)
{
    *s ^= *s << 13;
    *s ^= *s >> 17;
    *s ^= *s << 5;
    return *s;
}

static void armed_init(Armed *a, int n)
{
    int64_t now = clock_get_ns(CLOCK_KIND_REALTIME);

    a->timers = g_new(Timer *, n);
    a->n = n;
    a->rng = 2463534242u;
    a->fired = 0;
    for (int i = 0; i < n; i++) {
        a->timers[i] = timer_new(CLOCK_KIND_REALTIME, armed_fire, a);
        timer_mod(a->timers[i], now + 1000000 + next_random(&a->rng) % 1000000);
    }
}

static void armed_free(Armed *a)
{
    for (int i = 0; i < a->n; i++) {
        timer_free(a->timers[i]);
    }
    g_free(a->timers);
}

static void body_rearm(void *opaque, long n)
{
    Armed *a = opaque;
    int64_t now = clock_get_ns(CLOCK_KIND_REALTIME);

    for (long i = 0; i < n; i++) {
        uint32_t r = next_random(&a->rng);
        timer_mod(a->timers[r % (uint32_t)a->n],
                  now + 1000000 + (r >> 8) % 1000000);
    }
}

/* Each op: the earliest timer becomes due, runs, and is re-armed later. */
static void body_fire_rearm(void *opaque, long n)
{
    Armed *a = opaque;

    for (long i = 0; i < n; i++) {
        clock_manual_advance(1000);
        clock_run_timers(CLOCK_KIND_REALTIME);
        int64_t now = clock_get_ns(CLOCK_KIND_REALTIME);
        for (int k = 0; k < a->n; k++) {
            if (!timer_pending(a->timers[k])) {
                timer_mod(a->timers[k], now + 1000000);
            }
        }
    }
}

int main(int argc, char **argv)
{
    if (argc > 1 && g_str_equal(argv[1], "--quick")) {
        round_seconds = 0.02;
    } else if (argc > 1) {
        fprintf(stderr, "usage: timer-bench [--quick]\n");
        return 2;
    }
    printf("timer-bench: best of %d rounds of %.2f s\n", ROUNDS,
           round_seconds);
    clock_use_manual_source(0);

    Armed a;
    armed_init(&a, TIMERS);
    bench_print_rate("re-arms, 1000 timers armed",
                     bench_rate(round_seconds, ROUNDS, body_rearm, &a), "/s");
    armed_free(&a);

    armed_init(&a, 10);
    bench_print_rate("re-arms, 10 timers armed",
                     bench_rate(round_seconds, ROUNDS, body_rearm, &a), "/s");
    armed_free(&a);

    /* Sanity: the heap still fires what is due. */
    armed_init(&a, 1);
    body_fire_rearm(&a, 3000);
    if (a.fired < 1) {
        fprintf(stderr, "timer-bench: no timer fired\n");
        return 1;
    }
    armed_free(&a);
    clock_reset_for_test();
    return 0;
}

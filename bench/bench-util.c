/* Benchmark timing: see bench-util.h. */
#include "bench-util.h"

#include <glib.h>
#include <stdio.h>

double bench_rate(double round_seconds, int rounds, BenchBody *body,
                  void *opaque)
{
    long n = 1;
    double best = 0;

    for (;;) {
        gint64 start = g_get_monotonic_time();
        body(opaque, n);
        double secs = (g_get_monotonic_time() - start) / 1e6;
        if (secs >= round_seconds) {
            best = n / secs;
            break;
        }
        /* Aim just past a round: far below it, the timing is noise. */
        n *= secs > 0.001 ? (long)(round_seconds / secs * 1.2) + 1 : 16;
    }
    for (int r = 1; r < rounds; r++) {
        gint64 start = g_get_monotonic_time();
        body(opaque, n);
        double rate = n / ((g_get_monotonic_time() - start) / 1e6);
        best = MAX(best, rate);
    }
    return best;
}

void bench_print_rate(const char *what, double per_second, const char *unit)
{
    printf("%-46s %14.0f %s\n", what, per_second, unit);
}

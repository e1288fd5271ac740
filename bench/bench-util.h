/* Timing shared by the benchmarks: run a body until a round is long enough
 * to swamp the clock's resolution, keep the best of a few rounds, print one
 * aligned line per figure. Nothing here allocates or fails. */
#pragma once

/* body(opaque, n) does n operations. */
typedef void BenchBody(void *opaque, long n);

/* Grows n until one call takes round_seconds, then keeps the best rate of
 * `rounds` calls at that n: operations per second. */
double bench_rate(double round_seconds, int rounds, BenchBody *body,
                  void *opaque);

/* "what ........ 12345 unit" on stdout. */
void bench_print_rate(const char *what, double per_second, const char *unit);

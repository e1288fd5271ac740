/* The bare-metal guest riscv-cpu-bench runs: CPU-bound integer work
 * (a generator, table updates, branches, multiply and divide, a checksum),
 * cross-compiled at build time. The host writes the iteration count at
 * PARAMS[0]; the guest writes its checksum at PARAMS[1] and stops through
 * the finisher. */
#include <stdint.h>

#define PARAMS ((volatile uint64_t *)0x80100000)
#define FINISHER ((volatile uint32_t *)0x100000)

static uint32_t table[1024];

void bench_main(void);

void bench_main(void)
{
    uint64_t iters = PARAMS[0];
    uint64_t state = 0x2545f4914f6cdd1dULL;
    uint64_t sum = 0;

    for (uint32_t i = 0; i < 1024; i++) {
        table[i] = i * 2654435761u;
    }
    for (uint64_t i = 0; i < iters; i++) {
        uint32_t idx, v;

        state = state * 6364136223846793005ULL + 1442695040888963407ULL;
        idx = (uint32_t)(state >> 33) & 1023;
        v = table[idx] + (uint32_t)(state >> 13);
        table[idx] = v;
        if (v & 1) {
            sum += v / ((idx | 1) + 2);
        } else {
            sum ^= (uint64_t)v << (idx & 15);
        }
        sum = (sum << 7) ^ (sum >> 3) ^ table[(idx + 1) & 1023];
    }
    PARAMS[1] = sum;
    *FINISHER = 0x5555;
    for (;;) {
    }
}

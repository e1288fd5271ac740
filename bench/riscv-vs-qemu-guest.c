/* The CPU-bound bare-metal guest of bench/riscv-vs-qemu, for -M virt with
 * -bios none -kernel: integer work through a table in memory, branches,
 * multiply and divide, a small sieve; then it prints its checksum and
 * minstret on the UART and powers off through the test finisher. ITERS
 * comes from the compiler's command line. Same binary on both engines, so
 * the same instructions: the host divides our instret by each one's time
 * (QEMU's minstret counts host ticks without -icount). */
#include <stdint.h>

#define UART ((volatile uint8_t *)0x10000000)
#define UART_LSR 5
#define UART_LSR_THRE 0x20
#define FINISHER ((volatile uint32_t *)0x100000)

#ifndef ITERS
#define ITERS 10000000
#endif

static uint32_t table[4096];
static uint8_t sieve[8192];

void bench_main(void);

static void put_char(char c)
{
    while (!(UART[UART_LSR] & UART_LSR_THRE)) {
    }
    UART[0] = (uint8_t)c;
}

static void put_str(const char *s)
{
    while (*s) {
        put_char(*s++);
    }
}

static void put_dec(uint64_t v)
{
    char buf[24];
    int n = 0;

    do {
        buf[n++] = (char)('0' + v % 10);
        v /= 10;
    } while (v);
    while (n) {
        put_char(buf[--n]);
    }
}

static void put_hex(uint64_t v)
{
    for (int shift = 60; shift >= 0; shift -= 4) {
        put_char("0123456789abcdef"[(v >> shift) & 15]);
    }
}

static uint64_t count_primes(void)
{
    uint64_t n = 0;

    for (uint32_t i = 0; i < sizeof(sieve); i++) {
        sieve[i] = 1;
    }
    for (uint32_t i = 2; i < sizeof(sieve); i++) {
        if (sieve[i]) {
            n++;
            for (uint32_t j = i * 2; j < sizeof(sieve); j += i) {
                sieve[j] = 0;
            }
        }
    }
    return n;
}

void bench_main(void)
{
    uint64_t state = 0x2545f4914f6cdd1dULL;
    uint64_t sum = 0;
    uint64_t instret;

    for (uint32_t i = 0; i < 4096; i++) {
        table[i] = i * 2654435761u;
    }
    for (uint64_t i = 0; i < ITERS; i++) {
        uint32_t idx, v;

        state = state * 6364136223846793005ULL + 1442695040888963407ULL;
        idx = (uint32_t)(state >> 33) & 4095;
        v = table[idx] + (uint32_t)(state >> 13);
        table[idx] = v;
        if (v & 1) {
            sum += v / ((idx | 1) + 2);
        } else {
            sum ^= (uint64_t)v << (idx & 15);
        }
        sum = (sum << 7) ^ (sum >> 3) ^ table[(idx + 1) & 4095];
        if ((i & 0xffff) == 0) {
            sum += count_primes();
        }
    }
    __asm__ volatile("csrr %0, minstret" : "=r"(instret));
    put_str("checksum=");
    put_hex(sum);
    put_str(" instret=");
    put_dec(instret);
    put_str("\n");
    *FINISHER = 0x5555;
    for (;;) {
    }
}

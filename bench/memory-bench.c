/* memory-bench: the guest-physical access paths of the memory API.
 *
 * On a board of 64 regions (a RAM block among 63 small I/O blocks, so the
 * flat view has something to search), prints: 4-byte RAM loads through the
 * address-space lookup (address_space_ldl), the same loads through a cached
 * host pointer checked against the generation (what a CPU's TLB does), and
 * 4-byte MMIO loads dispatched to a device callback. Each figure is the best
 * of a few rounds. Usage: memory-bench [--quick] (--quick: shorter rounds,
 * for a smoke run; still checks that each path reads what was stored). */
#include "address-space.h"
#include "bench-util.h"

#include <stdio.h>
#include <string.h>

enum { ROUNDS = 3, IO_BLOCKS = 63 };
#define RAM_BASE UINT64_C(0x80000000)
#define RAM_SIZE (1u << 20)
#define IO_BASE UINT64_C(0x10000000)

typedef struct Bench {
    MemoryRegion root, ram, io[IO_BLOCKS];
    AddressSpace *as;
    uint32_t sink;
    uint64_t calls;
} Bench;

static uint64_t dev_read(void *opaque, hwaddr off, unsigned size)
{
    Bench *b = opaque;

    b->calls++;
    return off;
}

static const MemoryRegionOps dev_ops = {
    .read = dev_read, .min_access = 4, .max_access = 4,
};

/* Strides through RAM so the loads are not all one cache line. */
static hwaddr ram_addr(long i)
{
    return RAM_BASE + (((uint64_t)i * 4 * 97) & (RAM_SIZE - 4));
}

static void body_ldl_lookup(void *opaque, long n)
{
    Bench *b = opaque;
    uint32_t acc = 0;

    for (long i = 0; i < n; i++) {
        acc += address_space_ldl(b->as, ram_addr(i), NULL);
    }
    b->sink += acc;
}

static void body_ldl_cached(void *opaque, long n)
{
    Bench *b = opaque;
    uint32_t acc = 0;
    hwaddr avail = 0;
    uint64_t gen = 0;
    uint8_t *host = address_space_translate_ram(b->as, RAM_BASE, RAM_SIZE,
                                                false, &avail, &gen);

    for (long i = 0; i < n; i++) {
        if (address_space_generation(b->as) != gen) {
            host = address_space_translate_ram(b->as, RAM_BASE, RAM_SIZE,
                                               false, &avail, &gen);
        }
        uint32_t v;
        memcpy(&v, host + (ram_addr(i) - RAM_BASE), 4);
        acc += GUINT32_FROM_LE(v);
    }
    b->sink += acc;
}

static void body_mmio(void *opaque, long n)
{
    Bench *b = opaque;
    uint32_t acc = 0;

    for (long i = 0; i < n; i++) {
        acc += address_space_ldl(b->as, IO_BASE + (i % IO_BLOCKS) * 0x1000 +
                                 (i & 0xfc), NULL);
    }
    b->sink += acc;
}

int main(int argc, char **argv)
{
    double round_seconds = 0.2;
    Bench *b = NULL;

    g_set_prgname("memory-bench");
    if (argc > 1 && g_str_equal(argv[1], "--quick")) {
        round_seconds = 0.01;
    } else if (argc > 1) {
        fprintf(stderr, "usage: memory-bench [--quick]\n");
        return 1;
    }
    b = g_new0(Bench, 1);

    memory_region_init_container(&b->root, "system", MEMORY_SIZE_FULL);
    memory_region_init_ram(&b->ram, "ram", RAM_SIZE, &error_abort);
    memory_region_add_subregion(&b->root, RAM_BASE, &b->ram);
    for (int i = 0; i < IO_BLOCKS; i++) {
        g_autofree char *name = g_strdup_printf("dev%d", i);
        memory_region_init_io(&b->io[i], name, &dev_ops, b, 0x1000);
        memory_region_add_subregion(&b->root, IO_BASE + i * 0x1000, &b->io[i]);
    }
    b->as = address_space_new(&b->root, "memory");

    /* Sanity: each path sees what was stored. */
    address_space_stl(b->as, RAM_BASE + 0x40, 0xdeadbeef, NULL);
    hwaddr avail;
    uint64_t gen;
    uint8_t *host = address_space_translate_ram(b->as, RAM_BASE, 4, false,
                                                &avail, &gen);
    if (address_space_ldl(b->as, RAM_BASE + 0x40, NULL) != 0xdeadbeef ||
        !host || host[0x40] != 0xef ||
        address_space_ldl(b->as, IO_BASE + 0x2010, NULL) != 0x10) {
        fprintf(stderr, "memory-bench: sanity check failed\n");
        return 1;
    }

    bench_print_rate("RAM ldl through address-space lookup",
                     bench_rate(round_seconds, ROUNDS, body_ldl_lookup, b),
                     "loads/s");
    bench_print_rate("RAM ldl through cached host pointer",
                     bench_rate(round_seconds, ROUNDS, body_ldl_cached, b),
                     "loads/s");
    bench_print_rate("MMIO ldl dispatched to a device (64 regions)",
                     bench_rate(round_seconds, ROUNDS, body_mmio, b),
                     "loads/s");

    address_space_free(b->as);
    for (int i = 0; i < IO_BLOCKS; i++) {
        memory_region_del_subregion(&b->root, &b->io[i]);
        memory_region_finalize(&b->io[i]);
    }
    memory_region_del_subregion(&b->root, &b->ram);
    memory_region_finalize(&b->ram);
    memory_region_finalize(&b->root);
    g_free(b);
    return 0;
}

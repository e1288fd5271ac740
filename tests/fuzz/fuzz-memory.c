/* Fuzz target for the memory API (memory.c, address-space.c): the region
 * tree a board builds and the guest accesses that go through it, where
 * guest-chosen addresses and lengths meet host memory.
 *
 * Input: the first bytes describe a region tree under a root container
 * spanning 2^64: two RAM regions, a ROM, two I/O regions with their own
 * access sizes and unaligned policy, and an alias onto one of them, each at
 * a chosen address and priority, mapped or not. The rest is a sequence of
 * operations: reads, writes, loads, stores, translate_ram, and tree changes
 * (enable/disable, move, re-prioritise, map/unmap, alias offset), with
 * addresses that favour the bottom and the top of the space.
 * Checks, beyond "no crash, no leak, no undefined behaviour":
 *   - RAM changes only where a write lands on writable RAM per the flat view
 *     (a shadow copy is kept and compared after every operation), and reads
 *     of RAM or ROM give the shadow's bytes;
 *   - ROM never changes through the address space;
 *   - an I/O callback sees only offsets inside its region, aligned to the
 *     size it is given, and sizes within its declared min/max;
 *   - translate_ram never returns a pointer outside a RAM block, nor an
 *     avail beyond its end or beyond len, nor ROM for a write.
 */
#include "address-space.h"

#include <stdint.h>
#include <string.h>

#define FUZZ_MAX_LEN 256

typedef struct FuzzInput {
    const uint8_t *data;
    size_t size;
} FuzzInput;

static uint64_t fuzz_take(FuzzInput *in, unsigned bytes)
{
    uint64_t v = 0;

    for (unsigned i = 0; i < bytes; i++) {
        v <<= 8;
        if (in->size) {
            v |= *in->data++;
            in->size--;
        }
    }
    return v;
}

/* Small addresses, addresses just below 2^64, or anything. */
static hwaddr fuzz_take_addr(FuzzInput *in)
{
    switch (fuzz_take(in, 1) % 3) {
    case 0:
        return fuzz_take(in, 2);
    case 1:
        return UINT64_MAX - fuzz_take(in, 2);
    default:
        return fuzz_take(in, 8);
    }
}

enum { R_RAM0, R_RAM1, R_ROM, R_IO0, R_IO1, R_ALIAS, R_COUNT };

typedef struct FuzzIo {
    MemoryRegionOps ops;
    MemoryRegion *mr;
    unsigned calls;
} FuzzIo;

typedef struct FuzzState {
    MemoryRegion root;
    MemoryRegion regions[R_COUNT];
    bool mapped[R_COUNT];
    uint8_t *shadow[R_COUNT];   /* RAM and ROM only */
    FuzzIo io[2];
    AddressSpace *as;
} FuzzState;

static void fuzz_io_check(FuzzIo *io, hwaddr off, unsigned size)
{
    unsigned min = io->ops.min_access ? io->ops.min_access : 1;
    unsigned max = io->ops.max_access ? io->ops.max_access : 8;

    g_assert_cmpuint(size, >=, min);
    g_assert_cmpuint(size, <=, max);
    g_assert_cmpuint(off & (size - 1), ==, 0);
    /* The region's last byte is size - 1 (MEMORY_SIZE_FULL is 2^64). */
    g_assert_cmpuint(off, <=, io->mr->size - (io->mr->size != UINT64_MAX));
    io->calls++;
}

static uint64_t fuzz_io_read(void *opaque, hwaddr off, unsigned size)
{
    fuzz_io_check(opaque, off, size);
    return off * 0x0101010101010101ull ^ size;
}

static void fuzz_io_write(void *opaque, hwaddr off, uint64_t val,
                          unsigned size)
{
    fuzz_io_check(opaque, off, size);
}

static unsigned fuzz_take_access_size(FuzzInput *in)
{
    static const unsigned sizes[] = { 0, 1, 2, 4, 8 };

    return sizes[fuzz_take(in, 1) % G_N_ELEMENTS(sizes)];
}

static void fuzz_init_io(FuzzState *s, FuzzInput *in, int k)
{
    FuzzIo *io = &s->io[k - R_IO0];
    unsigned a = fuzz_take_access_size(in), b = fuzz_take_access_size(in);
    uint8_t flags = fuzz_take(in, 1);
    uint64_t size = flags & 4 ? fuzz_take(in, 8) : fuzz_take(in, 1);

    unsigned lo = a ? a : 1, hi = b ? b : 8;

    if (lo > hi) {
        unsigned t = lo;

        lo = hi;
        hi = t;
    }
    /* 0 stands for 1 as a minimum and 8 as a maximum; try both spellings. */
    io->ops.min_access = lo == 1 && (flags & 16) ? 0 : lo;
    io->ops.max_access = hi == 8 && (flags & 32) ? 0 : hi;
    io->ops.reject_unaligned = flags & 1;
    io->ops.read = flags & 2 ? NULL : fuzz_io_read;
    io->ops.write = flags & 8 ? NULL : fuzz_io_write;
    io->mr = &s->regions[k];
    memory_region_init_io(&s->regions[k], k == R_IO0 ? "io0" : "io1",
                          &io->ops, io, size ? size : 1);
}

static void fuzz_map(FuzzState *s, FuzzInput *in, int k)
{
    hwaddr addr = fuzz_take_addr(in);
    int prio = (int8_t)fuzz_take(in, 1) % 4;

    if (s->mapped[k]) {
        memory_region_del_subregion(&s->root, &s->regions[k]);
    }
    memory_region_add_subregion_overlap(&s->root, addr, &s->regions[k], prio);
    s->mapped[k] = true;
}

static void fuzz_build(FuzzState *s, FuzzInput *in)
{
    static const char *const names[] = { "ram0", "ram1", "rom" };
    int target;
    MemoryRegion *t;
    uint64_t off, size;

    memory_region_init_container(&s->root, "root", MEMORY_SIZE_FULL);
    for (int k = R_RAM0; k <= R_ROM; k++) {
        uint64_t sz = fuzz_take(in, 2) % (k == R_RAM0 ? 1024 : 256) + 1;

        if (k == R_ROM) {
            memory_region_init_rom(&s->regions[k], names[k], sz,
                                   &error_abort);
            for (uint64_t i = 0; i < sz; i++) {
                s->regions[k].ram[i] = (uint8_t)(0xa5 ^ i);
            }
        } else {
            memory_region_init_ram(&s->regions[k], names[k], sz,
                                   &error_abort);
        }
        s->shadow[k] = g_memdup2(s->regions[k].ram, sz);
    }
    fuzz_init_io(s, in, R_IO0);
    fuzz_init_io(s, in, R_IO1);

    target = fuzz_take(in, 1) % 4;
    t = &s->regions[target == 3 ? R_IO0 : target];
    off = fuzz_take(in, 2) % t->size;
    size = fuzz_take(in, 2) % (t->size - off) + 1;
    memory_region_init_alias(&s->regions[R_ALIAS], "alias", t, off, size);

    for (int k = 0; k < R_COUNT; k++) {
        if (fuzz_take(in, 1) & 1) {
            fuzz_map(s, in, k);
        }
    }
    s->as = address_space_new(&s->root, "fuzz");
}

static int fuzz_block_of(FuzzState *s, const MemoryRegion *mr)
{
    for (int k = R_RAM0; k <= R_ROM; k++) {
        if (mr == &s->regions[k]) {
            return k;
        }
    }
    return -1;
}

/* What the flat view says byte addr is backed by: a RAM/ROM block index and
 * offset, or -1. */
static int fuzz_ram_at(FuzzState *s, hwaddr addr, uint64_t *off)
{
    const FlatRange *r = address_space_lookup(s->as, addr);
    int k;

    if (!r || !r->mr->ram) {
        return -1;
    }
    k = fuzz_block_of(s, r->mr);
    g_assert_cmpint(k, >=, 0);
    *off = r->offset_in_region + (addr - r->start);
    g_assert_cmpuint(*off, <, r->mr->size);
    /* ROM is never writable through the space. */
    g_assert_true(k != R_ROM || r->readonly);
    return r->readonly ? -1 - k - 1 : k;
}

static bool fuzz_wraps(hwaddr addr, hwaddr len)
{
    return len && addr + (len - 1) < addr;
}

static void fuzz_do_read(FuzzState *s, hwaddr addr, hwaddr len)
{
    uint8_t buf[FUZZ_MAX_LEN];

    address_space_read(s->as, addr, buf, len, NULL);
    if (fuzz_wraps(addr, len)) {
        return;
    }
    for (hwaddr i = 0; i < len; i++) {
        uint64_t off;
        int k = fuzz_ram_at(s, addr + i, &off);

        if (k < -1) {
            k = -k - 2;
        }
        if (k >= 0) {
            g_assert_cmpuint(buf[i], ==, s->shadow[k][off]);
        }
    }
}

static void fuzz_do_write(FuzzState *s, hwaddr addr, const uint8_t *buf,
                          hwaddr len, int store_size, uint64_t val)
{
    /* Where each byte should land, decided before the write. */
    if (!fuzz_wraps(addr, len)) {
        for (hwaddr i = 0; i < len; i++) {
            uint64_t off;
            int k = fuzz_ram_at(s, addr + i, &off);

            if (k >= 0) {
                s->shadow[k][off] = buf[i];
            }
        }
    }
    switch (store_size) {
    case 1:
        address_space_stb(s->as, addr, val, NULL);
        break;
    case 2:
        address_space_stw(s->as, addr, val, NULL);
        break;
    case 4:
        address_space_stl(s->as, addr, val, NULL);
        break;
    case 8:
        address_space_stq(s->as, addr, val, NULL);
        break;
    default:
        address_space_write(s->as, addr, buf, len, NULL);
    }
}

static void fuzz_do_translate(FuzzState *s, hwaddr addr, hwaddr len,
                              bool for_write)
{
    hwaddr avail = 12345;
    uint64_t gen;
    uint8_t *p = address_space_translate_ram(s->as, addr, len, for_write,
                                             &avail, &gen);
    bool inside = false;

    g_assert_cmpuint(gen, ==, address_space_generation(s->as));
    if (!p) {
        g_assert_cmpuint(avail, ==, 0);
        return;
    }
    g_assert_cmpuint(avail, >=, 1);
    g_assert_cmpuint(avail, <=, len);
    for (int k = R_RAM0; k <= R_ROM; k++) {
        MemoryRegion *mr = &s->regions[k];

        if (p >= mr->ram && p < mr->ram + mr->size) {
            g_assert_cmpuint(avail, <=, (uint64_t)(mr->ram + mr->size - p));
            g_assert_true(!for_write || k != R_ROM);
            inside = true;
        }
    }
    g_assert_true(inside);
}

static void fuzz_check_blocks(FuzzState *s)
{
    for (int k = R_RAM0; k <= R_ROM; k++) {
        g_assert_true(memcmp(s->regions[k].ram, s->shadow[k],
                             s->regions[k].size) == 0);
    }
}

static void fuzz_op(FuzzState *s, FuzzInput *in)
{
    uint8_t op = fuzz_take(in, 1);
    int k = (op >> 4) % R_COUNT;
    hwaddr addr;
    hwaddr len;
    uint8_t buf[FUZZ_MAX_LEN];
    static const int ld_sizes[] = { 1, 2, 4, 8 };
    int sz;
    uint64_t val;
    MemoryRegion *alias = &s->regions[R_ALIAS];

    switch (op % 10) {
    case 0:
        addr = fuzz_take_addr(in);
        fuzz_do_read(s, addr, fuzz_take(in, 1) % (FUZZ_MAX_LEN + 1));
        break;
    case 1:
        addr = fuzz_take_addr(in);
        len = fuzz_take(in, 1) % (FUZZ_MAX_LEN + 1);
        for (hwaddr i = 0; i < len; i++) {
            buf[i] = (uint8_t)(op + i * 31);
        }
        fuzz_do_write(s, addr, buf, len, 0, 0);
        break;
    case 2:
        addr = fuzz_take_addr(in);
        sz = ld_sizes[(op >> 4) & 3];
        fuzz_do_read(s, addr, sz);
        val = sz == 1 ? address_space_ldub(s->as, addr, NULL)
            : sz == 2 ? address_space_lduw(s->as, addr, NULL)
            : sz == 4 ? address_space_ldl(s->as, addr, NULL)
            : address_space_ldq(s->as, addr, NULL);
        (void)val;
        break;
    case 3:
        addr = fuzz_take_addr(in);
        sz = ld_sizes[(op >> 4) & 3];
        val = fuzz_take(in, 8);
        for (int i = 0; i < sz; i++) {
            buf[i] = val >> (i * 8);
        }
        fuzz_do_write(s, addr, buf, sz, sz, val);
        break;
    case 4:
        addr = fuzz_take_addr(in);
        len = fuzz_take(in, 1) & 1 ? UINT64_MAX - fuzz_take(in, 1)
                                   : fuzz_take(in, 2);
        fuzz_do_translate(s, addr, len, op & 0x10);
        break;
    case 5:
        memory_region_set_enabled(&s->regions[k],
                                  !s->regions[k].enabled);
        break;
    case 6:
        memory_region_set_address(&s->regions[k], fuzz_take_addr(in));
        break;
    case 7:
        fuzz_map(s, in, k);
        break;
    case 8:
        if (s->mapped[k]) {
            memory_region_del_subregion(&s->root, &s->regions[k]);
            s->mapped[k] = false;
        }
        break;
    default:
        /* The window must stay inside its target. */
        val = fuzz_take(in, 2);
        memory_region_set_alias_offset(
            alias, val % (alias->alias->size - alias->size + 1));
        break;
    }
    fuzz_check_blocks(s);
}

static void fuzz_free(FuzzState *s)
{
    address_space_free(s->as);
    for (int k = 0; k < R_COUNT; k++) {
        if (s->mapped[k]) {
            memory_region_del_subregion(&s->root, &s->regions[k]);
        }
    }
    for (int k = R_COUNT - 1; k >= 0; k--) {
        memory_region_finalize(&s->regions[k]);
        g_free(s->shadow[k]);
    }
    memory_region_finalize(&s->root);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    FuzzInput in = { data, size };
    FuzzState s = { 0 };

    fuzz_build(&s, &in);
    /* Bounded so one input cannot run for long. */
    for (int n = 0; n < 256 && in.size; n++) {
        fuzz_op(&s, &in);
    }
    fuzz_free(&s);
    return 0;
}

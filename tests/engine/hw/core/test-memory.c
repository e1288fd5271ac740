/* Memory regions: how an I/O region's declared access sizes turn one guest
 * access into device calls. */
#include "memory.h"

#include <glib.h>

/* A device that records its calls and answers with bytes equal to their
 * offset (byte at offset k reads as k), so combined values are checkable. */
typedef struct Recorder {
    unsigned reads, writes;
    hwaddr last_off;
    unsigned last_size;
    uint8_t mem[16];
} Recorder;

static uint64_t recorder_read(void *opaque, hwaddr off, unsigned size)
{
    Recorder *r = opaque;
    uint64_t v = 0;

    r->reads++;
    r->last_off = off;
    r->last_size = size;
    for (unsigned i = 0; i < size; i++) {
        v |= (uint64_t)r->mem[off + i] << (i * 8);
    }
    return v;
}

static void recorder_write(void *opaque, hwaddr off, uint64_t val,
                           unsigned size)
{
    Recorder *r = opaque;

    r->writes++;
    r->last_off = off;
    r->last_size = size;
    for (unsigned i = 0; i < size; i++) {
        r->mem[off + i] = val >> (i * 8);
    }
}

static void recorder_init(Recorder *r)
{
    *r = (Recorder){ 0 };
    for (unsigned i = 0; i < sizeof(r->mem); i++) {
        r->mem[i] = i;
    }
}

static const MemoryRegionOps byte_ops = {
    .read = recorder_read, .write = recorder_write,
    .min_access = 1, .max_access = 1,
};

static const MemoryRegionOps word_ops = {
    .read = recorder_read, .write = recorder_write,
    .min_access = 4, .max_access = 4,
};

static const MemoryRegionOps strict_ops = {
    .read = recorder_read, .write = recorder_write,
    .min_access = 1, .max_access = 8, .reject_unaligned = true,
};

/* Wider than the device: a 4-byte read of a byte-only region is four calls,
 * assembled little-endian. */
static void test_read_split_into_bytes(void)
{
    Recorder rec;
    MemoryRegion mr;
    uint64_t v = 0;

    recorder_init(&rec);
    memory_region_init_io(&mr, "bytes", &byte_ops, &rec, 16);
    g_assert_cmpint(memory_region_dispatch_read(&mr, 4, &v, 4), ==, MEMTX_OK);
    g_assert_cmpuint(rec.reads, ==, 4);
    g_assert_cmphex(v, ==, 0x07060504);
    memory_region_finalize(&mr);
}

/* An 8-byte access to a 4-byte region is two calls, low word first. */
static void test_wide_access_two_calls(void)
{
    Recorder rec;
    MemoryRegion mr;
    uint64_t v = 0;

    recorder_init(&rec);
    memory_region_init_io(&mr, "words", &word_ops, &rec, 16);
    g_assert_cmpint(memory_region_dispatch_read(&mr, 8, &v, 8), ==, MEMTX_OK);
    g_assert_cmpuint(rec.reads, ==, 2);
    g_assert_cmphex(v, ==, UINT64_C(0x0f0e0d0c0b0a0908));
    g_assert_cmpint(memory_region_dispatch_write(&mr, 0,
                                                 UINT64_C(0x1122334455667788),
                                                 8), ==, MEMTX_OK);
    g_assert_cmpuint(rec.writes, ==, 2);
    g_assert_cmphex(rec.mem[0], ==, 0x88);
    g_assert_cmphex(rec.mem[7], ==, 0x11);
    memory_region_finalize(&mr);
}

/* Narrower than the device: a byte read is one 4-byte call at the aligned
 * offset, its byte extracted. */
static void test_narrow_read_combined(void)
{
    Recorder rec;
    MemoryRegion mr;
    uint64_t v = 0;

    recorder_init(&rec);
    memory_region_init_io(&mr, "words", &word_ops, &rec, 16);
    g_assert_cmpint(memory_region_dispatch_read(&mr, 6, &v, 1), ==, MEMTX_OK);
    g_assert_cmpuint(rec.reads, ==, 1);
    g_assert_cmpuint(rec.last_off, ==, 4);
    g_assert_cmpuint(rec.last_size, ==, 4);
    g_assert_cmphex(v, ==, 6);
    memory_region_finalize(&mr);
}

/* A narrow write to a 4-byte-only device keeps its neighbours: read, merge,
 * write back. */
static void test_narrow_write_merges(void)
{
    Recorder rec;
    MemoryRegion mr;

    recorder_init(&rec);
    memory_region_init_io(&mr, "words", &word_ops, &rec, 16);
    g_assert_cmpint(memory_region_dispatch_write(&mr, 5, 0xab, 1), ==,
                    MEMTX_OK);
    g_assert_cmpuint(rec.writes, ==, 1);
    g_assert_cmpuint(rec.last_size, ==, 4);
    g_assert_cmphex(rec.mem[4], ==, 4);
    g_assert_cmphex(rec.mem[5], ==, 0xab);
    g_assert_cmphex(rec.mem[6], ==, 6);
    memory_region_finalize(&mr);
}

/* Declared strict: a 4-byte access at offset 2 fails, the device untouched. */
static void test_unaligned_rejected(void)
{
    Recorder rec;
    MemoryRegion mr;
    uint64_t v = 0;

    recorder_init(&rec);
    memory_region_init_io(&mr, "strict", &strict_ops, &rec, 16);
    g_assert_cmpint(memory_region_dispatch_read(&mr, 2, &v, 4), ==,
                    MEMTX_ACCESS_ERROR);
    g_assert_cmpint(memory_region_dispatch_write(&mr, 1, 0, 2), ==,
                    MEMTX_ACCESS_ERROR);
    g_assert_cmpuint(rec.reads + rec.writes, ==, 0);
    memory_region_finalize(&mr);
}

/* Not declared strict: a 4-byte read at offset 1 becomes aligned pieces of
 * 1, 2 and 1 bytes. */
static void test_unaligned_split(void)
{
    Recorder rec;
    MemoryRegion mr;
    uint64_t v = 0;
    static const MemoryRegionOps ops = {
        .read = recorder_read, .write = recorder_write,
        .min_access = 1, .max_access = 4,
    };

    recorder_init(&rec);
    memory_region_init_io(&mr, "lenient", &ops, &rec, 16);
    g_assert_cmpint(memory_region_dispatch_read(&mr, 1, &v, 4), ==, MEMTX_OK);
    g_assert_cmpuint(rec.reads, ==, 3);
    g_assert_cmphex(v, ==, 0x04030201);
    memory_region_finalize(&mr);
}

/* Each change to a tree moves the generation; a no-op change does not. */
static void test_generation_moves_on_change(void)
{
    MemoryRegion root, sub;
    uint64_t g0;

    memory_region_init_container(&root, "root", 0x1000);
    memory_region_init_container(&sub, "sub", 0x10);
    g0 = memory_generation();
    memory_region_add_subregion(&root, 0, &sub);
    g_assert_cmpuint(memory_generation(), >, g0);
    g0 = memory_generation();
    memory_region_set_address(&sub, 0);
    memory_region_set_enabled(&sub, true);
    g_assert_cmpuint(memory_generation(), ==, g0);
    memory_region_set_address(&sub, 0x10);
    g_assert_cmpuint(memory_generation(), >, g0);
    memory_region_del_subregion(&root, &sub);
    memory_region_finalize(&sub);
    memory_region_finalize(&root);
}

/* A RAM block nobody could allocate is an error, not an abort. */
static void test_ram_size_checked(void)
{
    MemoryRegion mr;
    Error *err = NULL;

    g_assert_false(memory_region_init_ram(&mr, "huge", MEMORY_SIZE_FULL, &err));
    g_assert_nonnull(err);
    error_free(err);
    g_assert_true(memory_region_init_rom(&mr, "rom", 64, &error_abort));
    g_assert_cmpstr(memory_region_type(&mr), ==, "rom");
    memory_region_finalize(&mr);
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/memory/dispatch/wide-read-split-into-byte-calls",
                    test_read_split_into_bytes);
    g_test_add_func("/memory/dispatch/8-byte-access-to-4-byte-device-is-two-calls",
                    test_wide_access_two_calls);
    g_test_add_func("/memory/dispatch/narrow-read-widened-and-extracted",
                    test_narrow_read_combined);
    g_test_add_func("/memory/dispatch/narrow-write-merges-neighbours",
                    test_narrow_write_merges);
    g_test_add_func("/memory/dispatch/unaligned-rejected-where-declared",
                    test_unaligned_rejected);
    g_test_add_func("/memory/dispatch/unaligned-split-where-allowed",
                    test_unaligned_split);
    g_test_add_func("/memory/generation/moves-only-on-real-change",
                    test_generation_moves_on_change);
    g_test_add_func("/memory/ram/impossible-size-is-an-error",
                    test_ram_size_checked);
    return g_test_run();
}

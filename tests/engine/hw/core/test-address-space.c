/* Address spaces: flattening region trees, accesses across them, the
 * unassigned answer, the RAM translation cache and `info mtree`. */
#include "address-space.h"

#include <glib.h>
#include <string.h>

/* A fresh little board per test: a full-width root, 64 KiB of RAM at 0,
 * a 4 KiB ROM over its start at priority 1, a byte-wide register block at
 * 0x10000000 and an alias of RAM's upper half at 0x20000000. */
typedef struct Board {
    MemoryRegion root, ram, rom, regs, ram_hi;
    AddressSpace *as;
    unsigned reg_reads;
} Board;

static uint64_t regs_read(void *opaque, hwaddr off, unsigned size)
{
    Board *b = opaque;

    b->reg_reads++;
    return 0xa0 + off;
}

static void regs_write(void *opaque, hwaddr off, uint64_t val, unsigned size)
{
}

static const MemoryRegionOps regs_ops = {
    .read = regs_read, .write = regs_write, .min_access = 1, .max_access = 1,
};

static Board *board_new(void)
{
    Board *b = g_new0(Board, 1);

    memory_region_init_container(&b->root, "system", MEMORY_SIZE_FULL);
    memory_region_init_ram(&b->ram, "ram", 0x10000, &error_abort);
    memory_region_init_rom(&b->rom, "boot", 0x1000, &error_abort);
    memory_region_init_io(&b->regs, "uart", &regs_ops, b, 0x100);
    memory_region_init_alias(&b->ram_hi, "ram-hi", &b->ram, 0x8000, 0x8000);
    memory_region_add_subregion(&b->root, 0, &b->ram);
    memory_region_add_subregion_overlap(&b->root, 0, &b->rom, 1);
    memory_region_add_subregion(&b->root, 0x10000000, &b->regs);
    memory_region_add_subregion(&b->root, 0x20000000, &b->ram_hi);
    b->as = address_space_new(&b->root, "memory");
    return b;
}

static void board_free(Board *b)
{
    MemoryRegion *subs[] = { &b->ram, &b->rom, &b->regs, &b->ram_hi };

    address_space_free(b->as);
    for (size_t i = 0; i < G_N_ELEMENTS(subs); i++) {
        if (subs[i]->container) {
            memory_region_del_subregion(subs[i]->container, subs[i]);
        }
        memory_region_finalize(subs[i]);
    }
    memory_region_finalize(&b->root);
    g_free(b);
}

/* The ROM (priority 1) hides RAM's start; the alias shows RAM's upper half. */
static void test_priority_and_alias(void)
{
    Board *b = board_new();
    uint8_t *ram = memory_region_get_ram_ptr(&b->ram);
    uint8_t *rom = memory_region_get_ram_ptr(&b->rom);
    const FlatRange *r;

    ram[0x10] = 0x11;
    rom[0x10] = 0x22;
    ram[0x8004] = 0x33;
    g_assert_cmphex(address_space_ldub(b->as, 0x10, NULL), ==, 0x22);
    g_assert_cmphex(address_space_ldub(b->as, 0x20000004, NULL), ==, 0x33);
    r = address_space_lookup(b->as, 0x1000);
    g_assert_true(r && r->mr == &b->ram && r->offset_in_region == 0x1000);
    r = address_space_lookup(b->as, 0x20007fff);
    g_assert_true(r && r->mr == &b->ram && r->offset_in_region == 0x8000);
    g_assert_null(address_space_lookup(b->as, 0x20008000));
    board_free(b);
}

/* Equal priority: the region added later wins where they overlap. */
static void test_equal_priority_later_wins(void)
{
    Board *b = board_new();
    MemoryRegion late;

    memory_region_init_ram(&late, "late", 0x100, &error_abort);
    memory_region_add_subregion(&b->root, 0x2000, &late);
    g_assert_true(address_space_lookup(b->as, 0x2000)->mr == &late);
    g_assert_true(address_space_lookup(b->as, 0x2100)->mr == &b->ram);
    memory_region_del_subregion(&b->root, &late);
    memory_region_finalize(&late);
    g_assert_true(address_space_lookup(b->as, 0x2000)->mr == &b->ram);
    board_free(b);
}

/* Disabling the ROM uncovers RAM; moving the registers moves the lookup. */
static void test_disable_and_move(void)
{
    Board *b = board_new();

    memory_region_set_enabled(&b->rom, false);
    g_assert_true(address_space_lookup(b->as, 0x10)->mr == &b->ram);
    memory_region_set_address(&b->regs, 0x30000000);
    g_assert_null(address_space_lookup(b->as, 0x10000000));
    g_assert_true(address_space_lookup(b->as, 0x300000ff)->mr == &b->regs);
    memory_region_set_enabled(&b->rom, true);
    g_assert_true(address_space_lookup(b->as, 0x10)->mr == &b->rom);
    board_free(b);
}

/* An ldl of the byte-wide registers is four device calls. */
static void test_ldl_of_byte_registers(void)
{
    Board *b = board_new();
    MemTxResult res = MEMTX_DECODE_ERROR;

    g_assert_cmphex(address_space_ldl(b->as, 0x10000000, &res), ==,
                    0xa3a2a1a0);
    g_assert_cmpint(res, ==, MEMTX_OK);
    g_assert_cmpuint(b->reg_reads, ==, 4);
    board_free(b);
}

/* Nothing mapped: the configured value, a decode error, one count each. */
static void test_unassigned_read(void)
{
    Board *b = board_new();
    MemTxResult res = MEMTX_OK;

    g_assert_cmphex(address_space_ldl(b->as, 0x40000000, &res), ==,
                    0xffffffff);
    g_assert_cmpint(res, ==, MEMTX_DECODE_ERROR);
    g_assert_cmpuint(address_space_unassigned_count(b->as), ==, 1);
    address_space_set_unassigned_value(b->as, 0);
    g_assert_cmphex(address_space_ldq(b->as, 0x40000000, &res), ==, 0);
    address_space_stl(b->as, 0x40000000, 1, &res);
    g_assert_cmpint(res, ==, MEMTX_DECODE_ERROR);
    g_assert_cmpuint(address_space_unassigned_count(b->as), ==, 3);
    board_free(b);
}

/* An 8-byte load at RAM's last 4 bytes: 4 from RAM, 4 unassigned; nothing
 * past the block is touched (ASan would tell). */
static void test_ram_straddle_end(void)
{
    Board *b = board_new();
    uint8_t *ram = memory_region_get_ram_ptr(&b->ram);
    uint8_t buf[8] = { 0 };
    uint8_t pattern[8] = { 1, 2, 3, 4, 5, 6, 7, 8 };
    MemTxResult res = MEMTX_OK;

    memcpy(ram + 0xfffc, pattern, 4);
    g_assert_cmphex(address_space_ldq(b->as, 0xfffc, &res), ==,
                    UINT64_C(0xffffffff04030201));
    g_assert_cmpint(res, ==, MEMTX_DECODE_ERROR);
    g_assert_false(address_space_write(b->as, 0xfffc, pattern, 8, &res));
    g_assert_cmpint(ram[0xffff], ==, 4);
    g_assert_true(address_space_read(b->as, 0xfff8, buf, 8, &res));
    g_assert_cmpint(buf[4], ==, 1);
    board_free(b);
}

/* addr + len past 2^64: refused whole, buffer filled, nothing dereferenced;
 * and the very last byte of the space is still reachable. */
static void test_length_overflow(void)
{
    Board *b = board_new();
    uint8_t buf[16];
    MemTxResult res = MEMTX_OK;

    g_assert_false(address_space_read(b->as, UINT64_MAX - 3, buf, 16, &res));
    g_assert_cmpint(res, ==, MEMTX_DECODE_ERROR);
    g_assert_cmphex(buf[15], ==, 0xff);
    g_assert_false(address_space_write(b->as, 0x8000, buf, UINT64_MAX, &res));
    g_assert_cmpint(res, ==, MEMTX_DECODE_ERROR);
    g_assert_cmphex(address_space_ldub(b->as, UINT64_MAX, &res), ==, 0xff);
    g_assert_cmpint(res, ==, MEMTX_DECODE_ERROR);
    board_free(b);
}

/* The ROM drops guest writes; the host filled it. */
static void test_rom_ignores_writes(void)
{
    Board *b = board_new();
    uint8_t *rom = memory_region_get_ram_ptr(&b->rom);
    hwaddr avail;
    uint64_t gen;

    rom[0] = 0x5a;
    address_space_stb(b->as, 0, 0, NULL);
    g_assert_cmphex(address_space_ldub(b->as, 0, NULL), ==, 0x5a);
    g_assert_null(address_space_translate_ram(b->as, 0, 1, true, &avail, &gen));
    g_assert_nonnull(address_space_translate_ram(b->as, 0, 1, false, &avail,
                                                 &gen));
    board_free(b);
}

/* A cached host pointer is good while the generation holds; moving the
 * alias changes it and the new translation points elsewhere. */
static void test_translate_cache_invalidated(void)
{
    Board *b = board_new();
    uint8_t *ram = memory_region_get_ram_ptr(&b->ram);
    hwaddr avail = 0;
    uint64_t gen = 0;
    uint8_t *p;

    p = address_space_translate_ram(b->as, 0x20000010, 0x100000, false,
                                    &avail, &gen);
    g_assert_true(p == ram + 0x8010);
    g_assert_cmpuint(avail, ==, 0x8000 - 0x10);   /* clipped at the block */
    g_assert_cmpuint(address_space_generation(b->as), ==, gen);

    memory_region_set_alias_offset(&b->ram_hi, 0);
    g_assert_cmpuint(address_space_generation(b->as), !=, gen);
    p = address_space_translate_ram(b->as, 0x20000010, 4, false, &avail, &gen);
    g_assert_true(p == ram + 0x10);
    g_assert_cmpuint(avail, ==, 4);
    g_assert_null(address_space_translate_ram(b->as, 0x10000000, 4, false,
                                              &avail, &gen));
    g_assert_cmpuint(avail, ==, 0);
    board_free(b);
}

static void check_mtree(Board *b, bool flat, const char *file)
{
    g_autofree char *path = g_build_filename(MTREE_DATA_DIR, file, NULL);
    g_autofree char *expected = NULL;
    g_autofree char *text = address_space_mtree_text(&b->as, 1, flat, false);

    g_assert_true(g_file_get_contents(path, &expected, NULL, NULL));
    g_assert_cmpstr(text, ==, expected);
}

/* `info mtree`, tree form: addresses, priorities, alias line, the aliased
 * region listed after the space; the disabled region hidden. */
static void test_mtree_tree(void)
{
    Board *b = board_new();
    MemoryRegion off;

    memory_region_init_io(&off, "unplugged", &regs_ops, b, 0x1000);
    memory_region_add_subregion(&b->root, 0x30000000, &off);
    memory_region_set_enabled(&off, false);
    check_mtree(b, false, "mtree.txt");
    memory_region_del_subregion(&b->root, &off);
    memory_region_finalize(&off);
    board_free(b);
}

/* `info mtree -f`: the flattened view with offsets into regions. */
static void test_mtree_flat(void)
{
    Board *b = board_new();

    check_mtree(b, true, "mtree-flat.txt");
    board_free(b);
}

/* An alias onto the register block: the device sees offsets in its own
 * region (alias offset added), not the alias's. */
static void test_alias_onto_io(void)
{
    Board *b = board_new();
    MemoryRegion window;

    memory_region_init_alias(&window, "uart-window", &b->regs, 0x10, 0x10);
    memory_region_add_subregion(&b->root, 0x50000000, &window);
    g_assert_cmphex(address_space_ldub(b->as, 0x50000002, NULL), ==, 0xb2);
    g_assert_null(address_space_lookup(b->as, 0x50000010));
    memory_region_del_subregion(&b->root, &window);
    memory_region_finalize(&window);
    board_free(b);
}

/* A device spanning the whole space: its last bytes are reachable and the
 * split loop does not wrap at 2^64. */
static void test_io_reaching_top_of_space(void)
{
    Board *b = board_new();
    MemoryRegion all;
    MemTxResult res = MEMTX_DECODE_ERROR;

    memory_region_init_io(&all, "everything", &regs_ops, b, MEMORY_SIZE_FULL);
    memory_region_add_subregion_overlap(&b->root, 0, &all, -1);
    g_assert_cmphex(address_space_ldl(b->as, UINT64_MAX - 3, &res), ==,
                    (uint32_t)0x9f9e9d9c);
    g_assert_cmpint(res, ==, MEMTX_OK);
    g_assert_cmpuint(b->reg_reads, ==, 4);
    /* RAM above it still wins. */
    g_assert_true(address_space_lookup(b->as, 0x2000)->mr == &b->ram);
    memory_region_del_subregion(&b->root, &all);
    memory_region_finalize(&all);
    board_free(b);
}

/* `info mtree -D`: a disabled region is listed, marked. */
static void test_mtree_shows_disabled(void)
{
    Board *b = board_new();
    g_autofree char *text = NULL;

    memory_region_set_enabled(&b->regs, false);
    text = address_space_mtree_text(&b->as, 1, false, true);
    g_assert_nonnull(strstr(text,
        "    0000000010000000-00000000100000ff (prio 0, i/o): uart [disabled]\n"));
    board_free(b);
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/address-space/flatten/priority-and-alias",
                    test_priority_and_alias);
    g_test_add_func("/address-space/flatten/equal-priority-later-added-wins",
                    test_equal_priority_later_wins);
    g_test_add_func("/address-space/flatten/disable-and-move-then-lookup",
                    test_disable_and_move);
    g_test_add_func("/address-space/access/ldl-of-byte-registers-is-four-calls",
                    test_ldl_of_byte_registers);
    g_test_add_func("/address-space/access/unassigned-read-value-and-count",
                    test_unassigned_read);
    g_test_add_func("/address-space/access/straddling-end-of-ram",
                    test_ram_straddle_end);
    g_test_add_func("/address-space/access/length-overflowing-2^64-refused",
                    test_length_overflow);
    g_test_add_func("/address-space/access/rom-ignores-guest-writes",
                    test_rom_ignores_writes);
    g_test_add_func("/address-space/translate/cache-invalidated-by-change",
                    test_translate_cache_invalidated);
    g_test_add_func("/address-space/flatten/alias-onto-io-region",
                    test_alias_onto_io);
    g_test_add_func("/address-space/access/io-region-reaching-2^64",
                    test_io_reaching_top_of_space);
    g_test_add_func("/address-space/mtree/tree-form", test_mtree_tree);
    g_test_add_func("/address-space/mtree/disabled-shown-when-asked",
                    test_mtree_shows_disabled);
    g_test_add_func("/address-space/mtree/flat-form", test_mtree_flat);
    return g_test_run();
}

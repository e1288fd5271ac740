/* Loaders: ROM blobs that a reset restores, whole-file reads with a cap,
 * raw images, and ELF images -- real ones built at build time with the
 * riscv64 cross compiler (elf/fw.S) and hand-made malformed ones whose
 * every hostile field must give one clear error, never a crash. */
#include "loader-elf.h"

#include <elf.h>
#include <glib.h>
#include <glib/gstdio.h>
#include <string.h>
#include <unistd.h>

#define RAM_BASE 0x80000000u
#define RAM_SIZE 0x10000u
#define ROM_BASE 0x1000u
#define ROM_SIZE 0x1000u
#define IO_BASE 0x10000000u

/* A fresh board per test: 64 KiB of RAM at 0x80000000 filled with 0xaa (so
 * zeroing shows), a 4 KiB ROM at 0x1000 and a register block at
 * 0x10000000, under a full-width root. */
typedef struct Board {
    MemoryRegion root, ram, rom, io;
    AddressSpace *as;
    RomSet *roms;
} Board;

static const MemoryRegionOps io_ops = { .min_access = 1, .max_access = 8 };

static void board_setup(Board *b, gconstpointer data)
{
    memory_region_init_container(&b->root, "system", MEMORY_SIZE_FULL);
    memory_region_init_ram(&b->ram, "ram", RAM_SIZE, &error_abort);
    memory_region_init_rom(&b->rom, "mrom", ROM_SIZE, &error_abort);
    memory_region_init_io(&b->io, "regs", &io_ops, b, 0x1000);
    memory_region_add_subregion(&b->root, RAM_BASE, &b->ram);
    memory_region_add_subregion(&b->root, ROM_BASE, &b->rom);
    memory_region_add_subregion(&b->root, IO_BASE, &b->io);
    memset(memory_region_get_ram_ptr(&b->ram), 0xaa, RAM_SIZE);
    b->as = address_space_new(&b->root, "memory");
    b->roms = rom_set_new(b->as);
}

static void board_teardown(Board *b, gconstpointer data)
{
    MemoryRegion *subs[] = { &b->ram, &b->rom, &b->io };

    rom_set_free(b->roms);
    address_space_free(b->as);
    for (size_t i = 0; i < G_N_ELEMENTS(subs); i++) {
        memory_region_del_subregion(&b->root, subs[i]);
        memory_region_finalize(subs[i]);
    }
    memory_region_finalize(&b->root);
}

static uint8_t *ram_at(Board *b, hwaddr addr)
{
    return (uint8_t *)memory_region_get_ram_ptr(&b->ram) + (addr - RAM_BASE);
}

/* Asserts that errp holds an error whose message contains each of the
 * NULL-terminated fragments, then frees it. */
static void assert_error(Error **errp, ...)
{
    va_list ap;

    g_assert_nonnull(*errp);
    va_start(ap, errp);
    for (const char *s; (s = va_arg(ap, const char *));) {
        if (!strstr(error_get_pretty(*errp), s)) {
            g_error("error '%s' lacks '%s'", error_get_pretty(*errp), s);
        }
    }
    va_end(ap);
    error_free_or_abort(errp);
}

/* --- ROM blobs ---------------------------------------------------------- */

/* A blob is in memory as soon as it is added, in RAM and in ROM alike
 * (the guest cannot write ROM, the loader can). */
static void test_blob_lands_in_ram_and_rom(Board *b, gconstpointer data)
{
    static const uint8_t bytes[] = { 1, 2, 3, 4, 5 };
    uint8_t back[sizeof(bytes)];

    g_assert_true(rom_set_add_blob(b->roms, "reset", bytes, sizeof(bytes),
                                   ROM_BASE + 8, &error_abort));
    g_assert_true(rom_set_add_blob(b->roms, "dtb", bytes, sizeof(bytes),
                                   RAM_BASE + 0x100, &error_abort));
    g_assert_true(address_space_read(b->as, ROM_BASE + 8, back, sizeof(back),
                                     NULL));
    g_assert_cmpmem(back, sizeof(back), bytes, sizeof(bytes));
    g_assert_cmpmem(ram_at(b, RAM_BASE + 0x100), sizeof(bytes), bytes,
                    sizeof(bytes));
    g_assert_cmpuint(rom_set_count(b->roms), ==, 2);
    g_assert_cmpstr(rom_set_find(b->roms, ROM_BASE + 12)->name, ==, "reset");
    g_assert_null(rom_set_find(b->roms, ROM_BASE + 13));
}

/* system_reset puts back what the guest overwrote, zero fill included. */
static void test_reset_restores_blobs(Board *b, gconstpointer data)
{
    static const uint8_t bytes[] = { 0x11, 0x22, 0x33, 0x44 };
    g_autoptr(GBytes) gb = g_bytes_new_static(bytes, sizeof(bytes));
    static const uint8_t junk[16] = { [0 ... 15] = 0x5a };
    static const uint8_t want[16] = { 0x11, 0x22, 0x33, 0x44 };

    g_assert_true(rom_set_add_bytes(b->roms, "fw", gb, 16, RAM_BASE,
                                    &error_abort));
    g_assert_cmpmem(ram_at(b, RAM_BASE), 16, want, 16);
    g_assert_true(address_space_write(b->as, RAM_BASE, junk, sizeof(junk),
                                      NULL));
    rom_set_reset_handler(b->roms);
    g_assert_cmpmem(ram_at(b, RAM_BASE), 16, want, 16);
    /* The byte after the blob was never the blob's. */
    g_assert_cmphex(*ram_at(b, RAM_BASE + 16), ==, 0xaa);
}

/* Outside RAM and ROM, straddling RAM's end, or over registers: refused,
 * naming the blob and its range, and nothing is written. */
static void test_blob_outside_memory(Board *b, gconstpointer data)
{
    uint8_t bytes[32] = { 0 };
    Error *err = NULL;

    g_assert_false(rom_set_add_blob(b->roms, "kernel", bytes, sizeof(bytes),
                                    0x40000000, &err));
    assert_error(&err, "'kernel'", "0x40000000..0x4000001f",
                 "not all guest RAM or ROM", NULL);
    g_assert_false(rom_set_add_blob(b->roms, "initrd", bytes, sizeof(bytes),
                                    RAM_BASE + RAM_SIZE - 16, &err));
    assert_error(&err, "'initrd'", "0x8000fff0..0x8001000f", NULL);
    g_assert_cmphex(*ram_at(b, RAM_BASE + RAM_SIZE - 16), ==, 0xaa);
    g_assert_false(rom_set_add_blob(b->roms, "regs", bytes, 4, IO_BASE,
                                    &err));
    assert_error(&err, "'regs'", NULL);
    g_assert_cmpuint(rom_set_count(b->roms), ==, 0);
}

/* Two images claiming the same bytes: the second is refused. */
static void test_blob_overlap(Board *b, gconstpointer data)
{
    uint8_t bytes[64] = { 0 };
    Error *err = NULL;

    g_assert_true(rom_set_add_blob(b->roms, "fw", bytes, 64, RAM_BASE,
                                   &error_abort));
    g_assert_false(rom_set_add_blob(b->roms, "kernel", bytes, 8,
                                    RAM_BASE + 63, &err));
    assert_error(&err, "'kernel' (0x8000003f..0x80000046) overlaps 'fw' "
                 "(0x80000000..0x8000003f)", NULL);
    /* Adjacent is fine. */
    g_assert_true(rom_set_add_blob(b->roms, "kernel", bytes, 8,
                                   RAM_BASE + 64, &error_abort));
}

/* A blob whose end would pass 2^64. */
static void test_blob_wraps(Board *b, gconstpointer data)
{
    uint8_t bytes[8] = { 0 };
    Error *err = NULL;

    g_assert_false(rom_set_add_blob(b->roms, "wrap", bytes, 8,
                                    UINT64_MAX - 3, &err));
    assert_error(&err, "'wrap'", "wraps", NULL);
    g_assert_false(loader_range_is_memory(b->as, UINT64_MAX, 2));
    g_assert_false(loader_range_is_memory(b->as, RAM_BASE, 0));
    g_assert_true(loader_range_is_memory(b->as, RAM_BASE, RAM_SIZE));
}

/* The memory map changed after loading (RAM unmapped): a reset writes
 * nothing there, and restores the blob once RAM is back. */
static void test_reset_after_map_change(Board *b, gconstpointer data)
{
    uint8_t bytes[4] = { 1, 2, 3, 4 };

    g_assert_true(rom_set_add_blob(b->roms, "fw", bytes, 4, RAM_BASE,
                                   &error_abort));
    memory_region_set_enabled(&b->ram, false);
    *ram_at(b, RAM_BASE) = 0x77;
    rom_set_write_all(b->roms);
    g_assert_cmphex(*ram_at(b, RAM_BASE), ==, 0x77);
    memory_region_set_enabled(&b->ram, true);
    rom_set_write_all(b->roms);
    g_assert_cmphex(*ram_at(b, RAM_BASE), ==, 1);
}

/* A device mapped over part of a blob after loading (HTIF over an image's
 * tohost word) keeps those bytes at reset; the rest is restored. */
static void test_reset_skips_device_over_blob(Board *b, gconstpointer data)
{
    static const uint8_t bytes[16] = { 1, 2, 3, 4, 5, 6, 7, 8,
                                       9, 10, 11, 12, 13, 14, 15, 16 };
    MemoryRegion dev;

    g_assert_true(rom_set_add_blob(b->roms, "image", bytes, 16, RAM_BASE,
                                   &error_abort));
    memory_region_init_io(&dev, "htif", &io_ops, b, 8);
    memory_region_add_subregion_overlap(&b->root, RAM_BASE + 4, &dev, 1);
    memset(ram_at(b, RAM_BASE), 0x5a, 16);
    rom_set_write_all(b->roms);
    g_assert_cmpmem(ram_at(b, RAM_BASE), 4, bytes, 4);
    for (unsigned i = 4; i < 12; i++) {
        g_assert_cmphex(*ram_at(b, RAM_BASE + i), ==, 0x5a);
    }
    g_assert_cmpmem(ram_at(b, RAM_BASE + 12), 4, bytes + 12, 4);
    memory_region_del_subregion(&b->root, &dev);
    memory_region_finalize(&dev);
}

/* --- files -------------------------------------------------------------- */

static char *write_temp(const void *data, size_t len)
{
    g_autoptr(GError) gerr = NULL;
    char *path = NULL;
    int fd = g_file_open_tmp("quern-loader-XXXXXX", &path, &gerr);

    g_assert_no_error(gerr);
    g_assert_cmpint(write(fd, data, len), ==, (ssize_t)len);
    close(fd);
    return path;
}

static void test_read_file(void)
{
    g_autofree char *path = write_temp("hello", 5);
    g_autoptr(GBytes) data = loader_read_file(path, 5, &error_abort);

    g_assert_cmpmem(g_bytes_get_data(data, NULL), g_bytes_get_size(data),
                    "hello", 5);
    g_unlink(path);
}

/* The cap is checked before reading: a sparse 1 TiB file is refused at
 * once, naming its size. */
static void test_read_file_over_cap(void)
{
    g_autofree char *path = write_temp("", 0);
    Error *err = NULL;

    g_assert_cmpint(truncate(path, (off_t)1 << 40), ==, 0);
    g_assert_null(loader_read_file(path, 1 << 20, &err));
    assert_error(&err, path, "1099511627776 bytes", "1048576", NULL);
    g_unlink(path);
}

/* A device with no size of its own stops at the cap too. */
static void test_read_device_over_cap(void)
{
    Error *err = NULL;

    g_assert_null(loader_read_file("/dev/zero", 100000, &err));
    assert_error(&err, "'/dev/zero' is more than the 100000 bytes", NULL);
}

static void test_read_missing_and_directory(void)
{
    Error *err = NULL;

    g_assert_null(loader_read_file("/nonexistent/quern", 10, &err));
    assert_error(&err, "could not read '/nonexistent/quern'",
                 "No such file", NULL);
    g_assert_null(loader_read_file("/", 10, &err));
    assert_error(&err, "could not read '/'", NULL);
}

static void test_load_raw(Board *b, gconstpointer data)
{
    g_autofree char *path = write_temp("RAWIMAGE", 8);
    uint64_t size = 0;
    Error *err = NULL;

    g_assert_true(loader_load_raw(b->roms, path, RAM_BASE + 0x200, 8, &size,
                                  &error_abort));
    g_assert_cmpuint(size, ==, 8);
    g_assert_cmpmem(ram_at(b, RAM_BASE + 0x200), 8, "RAWIMAGE", 8);
    /* Bigger than the room it is given. */
    g_assert_false(loader_load_raw(b->roms, path, RAM_BASE + 0x400, 7, NULL,
                                   &err));
    assert_error(&err, path, "8 bytes", NULL);
    /* Where there is no RAM. */
    g_assert_false(loader_load_raw(b->roms, path, RAM_BASE + RAM_SIZE - 4,
                                   8, NULL, &err));
    assert_error(&err, path, "not all guest RAM or ROM", NULL);
    g_unlink(path);
}

/* --- ELF images built by the cross compiler ---------------------------- */

static const char *fw_elf(void)
{
    return LOADER_ELF_DIR "/fw.elf";
}

/* Segments land at p_paddr: code at 0x80000000, the data segment linked at
 * 0x90000000 lands at its load address 0x80002000, and its bss after it
 * is zeroed (RAM was 0xaa), up to and not past the segment's end. */
static void test_elf_segments(Board *b, gconstpointer data)
{
    g_autoptr(ElfImage) img = elf_image_new_from_file(fw_elf(),
                                                      &error_abort);
    static const uint8_t data_word[] = { 0x88, 0x77, 0x66, 0x55,
                                         0x44, 0x33, 0x22, 0x11 };
    static const uint8_t zeros[4096];

    g_assert_cmphex(elf_image_entry(img), ==, 0x80000000);
    g_assert_cmphex(elf_image_low(img), ==, 0x80000000);
    g_assert_cmphex(elf_image_high(img), ==, 0x80002000 + 8 + 4096);
    g_assert_cmpuint(elf_image_segment_count(img), ==, 3);
    const ElfSegment *seg = elf_image_segment(img, 2);
    g_assert_cmphex(seg->addr, ==, 0x80002000);
    g_assert_cmpuint(seg->file_size, ==, 8);
    g_assert_cmphex(seg->mem_size, ==, 0x1008);
    g_assert_true(elf_image_load(img, b->roms, &error_abort));

    /* li t0, 1 = addi t0, zero, 1 */
    g_assert_cmphex(address_space_ldl(b->as, 0x80000000, NULL), ==,
                    0x00100293);
    g_assert_cmpmem(ram_at(b, 0x80002000), 8, data_word, 8);
    g_assert_cmpmem(ram_at(b, 0x80002008), 4096, zeros, 4096);
    g_assert_cmphex(*ram_at(b, 0x80002008 + 4096), ==, 0xaa);
    g_assert_cmpuint(rom_set_count(b->roms), ==, 3);
}

static void test_elf_symbols(void)
{
    g_autoptr(ElfImage) img = elf_image_new_from_file(fw_elf(),
                                                      &error_abort);
    uint64_t v = 0;

    g_assert_true(elf_image_lookup_symbol(img, "tohost", &v));
    g_assert_cmphex(v, ==, 0x80001000);
    g_assert_true(elf_image_lookup_symbol(img, "fromhost", &v));
    g_assert_cmphex(v, ==, 0x80001040);
    g_assert_true(elf_image_lookup_symbol(img, "data_word", &v));
    g_assert_cmphex(v, ==, 0x90000000);     /* symbols are link addresses */
    g_assert_false(elf_image_lookup_symbol(img, "tohos", &v));
    g_assert_false(elf_image_lookup_symbol(img, "no_such_symbol", &v));
}

/* RAM that ends before the data segment: refused naming the file and the
 * segment, and no segment is loaded. */
static void test_elf_segment_outside_ram(Board *b, gconstpointer data)
{
    g_autoptr(ElfImage) img = elf_image_new_from_file(fw_elf(),
                                                      &error_abort);
    MemoryRegion small;
    Error *err = NULL;

    memory_region_del_subregion(&b->root, &b->ram);
    memory_region_init_ram(&small, "small", 0x2000, &error_abort);
    memory_region_add_subregion(&b->root, RAM_BASE, &small);
    g_assert_false(elf_image_load(img, b->roms, &err));
    assert_error(&err, "fw.elf segment 3", "0x80002000..0x80003007",
                 "not all guest RAM or ROM", NULL);
    g_assert_cmpuint(rom_set_count(b->roms), ==, 0);
    memory_region_del_subregion(&b->root, &small);
    memory_region_finalize(&small);
    memory_region_add_subregion(&b->root, RAM_BASE, &b->ram);
}

/* A second image over the first one's bytes. */
static void test_elf_overlaps_loaded_image(Board *b, gconstpointer data)
{
    g_autoptr(ElfImage) img = elf_image_new_from_file(fw_elf(),
                                                      &error_abort);
    Error *err = NULL;

    g_assert_true(elf_image_load(img, b->roms, &error_abort));
    g_assert_false(elf_image_load(img, b->roms, &err));
    assert_error(&err, "overlaps", NULL);
    g_assert_cmpuint(rom_set_count(b->roms), ==, 3);
}

/* The guest overwrites its code and data; reset brings the image back. */
static void test_elf_reset_restores(Board *b, gconstpointer data)
{
    g_autoptr(ElfImage) img = elf_image_new_from_file(fw_elf(),
                                                      &error_abort);

    g_assert_true(elf_image_load(img, b->roms, &error_abort));
    address_space_stl(b->as, 0x80000000, 0xdeadbeef, NULL);
    address_space_stq(b->as, 0x80002008, 0x1234, NULL);
    rom_set_write_all(b->roms);
    g_assert_cmphex(address_space_ldl(b->as, 0x80000000, NULL), ==,
                    0x00100293);
    g_assert_cmphex(address_space_ldq(b->as, 0x80002008, NULL), ==, 0);
}

/* --- hand-made ELF images ---------------------------------------------- */

/* A valid little image laid out as:
 *     0    Elf64_Ehdr
 *     64   two Elf64_Phdr: 16 file bytes at 0x80000000 (memory 32),
 *          8 bytes at 0x80000100
 *     256  segment 0's bytes, 272 segment 1's
 *     320  symbol table: null, tohost, fromhost
 *     400  string table
 *     448  three section headers: null, .symtab, .strtab
 * Tests break one field at a time. */
enum {
    T_PHOFF = 64, T_SEG0 = 256, T_SEG1 = 272, T_SYMTAB = 320,
    T_STRTAB = 400, T_SHOFF = 448, T_SIZE = 640,
};
static const char t_strtab[] = "\0tohost\0fromhost";

typedef struct TestElf {
    uint8_t b[T_SIZE];
    size_t size;
} TestElf;

static void wr16(uint8_t *p, uint16_t v)
{
    p[0] = v;
    p[1] = v >> 8;
}

static void wr32(uint8_t *p, uint32_t v)
{
    wr16(p, v);
    wr16(p + 2, v >> 16);
}

static void wr64(uint8_t *p, uint64_t v)
{
    wr32(p, v);
    wr32(p + 4, v >> 32);
}

#define EH(e, f) ((e)->b + offsetof(Elf64_Ehdr, f))
#define PH(e, i, f) \
    ((e)->b + T_PHOFF + (i) * sizeof(Elf64_Phdr) + offsetof(Elf64_Phdr, f))
#define SH(e, i, f) \
    ((e)->b + T_SHOFF + (i) * sizeof(Elf64_Shdr) + offsetof(Elf64_Shdr, f))
#define SY(e, i, f) \
    ((e)->b + T_SYMTAB + (i) * sizeof(Elf64_Sym) + offsetof(Elf64_Sym, f))

static void test_elf_init(TestElf *e)
{
    memset(e, 0, sizeof(*e));
    e->size = T_SIZE;
    memcpy(e->b, ELFMAG, SELFMAG);
    e->b[EI_CLASS] = ELFCLASS64;
    e->b[EI_DATA] = ELFDATA2LSB;
    e->b[EI_VERSION] = EV_CURRENT;
    wr16(EH(e, e_type), ET_EXEC);
    wr16(EH(e, e_machine), EM_RISCV);
    wr32(EH(e, e_version), EV_CURRENT);
    wr64(EH(e, e_entry), 0x80000004);
    wr64(EH(e, e_phoff), T_PHOFF);
    wr64(EH(e, e_shoff), T_SHOFF);
    wr16(EH(e, e_ehsize), sizeof(Elf64_Ehdr));
    wr16(EH(e, e_phentsize), sizeof(Elf64_Phdr));
    wr16(EH(e, e_phnum), 2);
    wr16(EH(e, e_shentsize), sizeof(Elf64_Shdr));
    wr16(EH(e, e_shnum), 3);

    const uint64_t seg[2][4] = {    /* offset, paddr, filesz, memsz */
        { T_SEG0, 0x80000000, 16, 32 },
        { T_SEG1, 0x80000100, 8, 8 },
    };
    for (unsigned i = 0; i < 2; i++) {
        wr32(PH(e, i, p_type), PT_LOAD);
        wr64(PH(e, i, p_offset), seg[i][0]);
        wr64(PH(e, i, p_vaddr), seg[i][1]);
        wr64(PH(e, i, p_paddr), seg[i][1]);
        wr64(PH(e, i, p_filesz), seg[i][2]);
        wr64(PH(e, i, p_memsz), seg[i][3]);
    }
    for (unsigned i = 0; i < 24; i++) {
        e->b[T_SEG0 + i] = 0x10 + i;
    }

    wr32(SY(e, 1, st_name), 1);             /* tohost */
    wr16(SY(e, 1, st_shndx), 1);
    wr64(SY(e, 1, st_value), 0x80000100);
    wr32(SY(e, 2, st_name), 8);             /* fromhost */
    wr16(SY(e, 2, st_shndx), 1);
    wr64(SY(e, 2, st_value), 0x80000108);
    memcpy(e->b + T_STRTAB, t_strtab, sizeof(t_strtab));

    wr32(SH(e, 1, sh_type), SHT_SYMTAB);
    wr64(SH(e, 1, sh_offset), T_SYMTAB);
    wr64(SH(e, 1, sh_size), 3 * sizeof(Elf64_Sym));
    wr32(SH(e, 1, sh_link), 2);
    wr64(SH(e, 1, sh_entsize), sizeof(Elf64_Sym));
    wr32(SH(e, 2, sh_type), SHT_STRTAB);
    wr64(SH(e, 2, sh_offset), T_STRTAB);
    wr64(SH(e, 2, sh_size), sizeof(t_strtab));
}

static ElfImage *test_elf_parse(const TestElf *e, Error **errp)
{
    g_autoptr(GBytes) data = g_bytes_new(e->b, e->size);

    return elf_image_new("bad.elf", data, errp);
}

/* Parsing must fail with a message naming the image and containing what. */
static void expect_parse_error(const TestElf *e, const char *what)
{
    Error *err = NULL;

    g_assert_null(test_elf_parse(e, &err));
    assert_error(&err, "bad.elf", what, NULL);
}

/* The builder's image is valid: loads, with bss and symbols. */
static void test_handmade_valid(Board *b, gconstpointer data)
{
    TestElf e;
    uint64_t v = 0;

    test_elf_init(&e);
    g_autoptr(ElfImage) img = test_elf_parse(&e, &error_abort);
    g_assert_true(elf_image_load(img, b->roms, &error_abort));
    g_assert_cmphex(*ram_at(b, 0x80000000), ==, 0x10);
    g_assert_cmphex(*ram_at(b, 0x8000000f), ==, 0x1f);
    g_assert_cmphex(*ram_at(b, 0x80000010), ==, 0);      /* bss */
    g_assert_cmphex(*ram_at(b, 0x8000001f), ==, 0);
    g_assert_cmphex(*ram_at(b, 0x80000020), ==, 0xaa);
    g_assert_cmphex(*ram_at(b, 0x80000100), ==, 0x20);
    g_assert_true(elf_image_lookup_symbol(img, "fromhost", &v));
    g_assert_cmphex(v, ==, 0x80000108);
}

static void test_handmade_bad_header(void)
{
    TestElf e;

    test_elf_init(&e);
    e.size = 40;                            /* truncated header */
    expect_parse_error(&e, "not an ELF image");
    test_elf_init(&e);
    e.b[1] = 'X';
    expect_parse_error(&e, "not an ELF image");
    test_elf_init(&e);
    e.b[EI_CLASS] = ELFCLASS32;
    expect_parse_error(&e, "not a 64-bit ELF");
    test_elf_init(&e);
    e.b[EI_DATA] = ELFDATA2MSB;
    expect_parse_error(&e, "not a little-endian ELF");
    test_elf_init(&e);
    wr16(EH(&e, e_machine), EM_X86_64);
    expect_parse_error(&e, "not a RISC-V ELF image (machine 62)");
    test_elf_init(&e);
    wr16(EH(&e, e_type), ET_REL);
    expect_parse_error(&e, "not an executable");
}

static void test_handmade_bad_program_headers(void)
{
    TestElf e;

    test_elf_init(&e);
    wr16(EH(&e, e_phentsize), 32);
    expect_parse_error(&e, "program headers are 32 bytes");
    test_elf_init(&e);
    wr64(EH(&e, e_phoff), T_SIZE - 100);    /* table runs off the end */
    expect_parse_error(&e, "program header table");
    test_elf_init(&e);
    wr64(EH(&e, e_phoff), UINT64_MAX - 8);  /* offset + size wraps */
    expect_parse_error(&e, "program header table");
    test_elf_init(&e);
    wr16(EH(&e, e_phnum), 0xffff);
    expect_parse_error(&e, "program header table");
    test_elf_init(&e);
    wr32(PH(&e, 0, p_type), PT_NOTE);
    wr32(PH(&e, 1, p_type), PT_DYNAMIC);
    expect_parse_error(&e, "no loadable segment");
}

static void test_handmade_bad_segments(void)
{
    TestElf e;

    /* File bytes past the end of the file. */
    test_elf_init(&e);
    wr64(PH(&e, 1, p_offset), T_SIZE - 4);
    expect_parse_error(&e, "segment 1 (0x8 bytes at file offset 0x27c) is "
                       "past the end of the file");
    /* An offset so large that offset + size wraps. */
    test_elf_init(&e);
    wr64(PH(&e, 0, p_offset), UINT64_MAX - 4);
    expect_parse_error(&e, "segment 0");
    /* A file size past any file. */
    test_elf_init(&e);
    wr64(PH(&e, 0, p_filesz), UINT64_MAX);
    wr64(PH(&e, 0, p_memsz), UINT64_MAX);
    expect_parse_error(&e, "segment 0");
    /* More file bytes than memory bytes. */
    test_elf_init(&e);
    wr64(PH(&e, 1, p_memsz), 4);
    expect_parse_error(&e, "segment 1 has more file bytes (0x8) than "
                       "memory bytes (0x4)");
    /* Memory that wraps past 2^64. */
    test_elf_init(&e);
    wr64(PH(&e, 1, p_paddr), UINT64_MAX - 0xf);
    wr64(PH(&e, 1, p_memsz), 0x1000);
    expect_parse_error(&e, "segment 1 (0x1000 bytes at 0xfffffffffffffff0) "
                       "wraps");
    /* Ending exactly at 2^64 is refused too: the end is not
     * representable. */
    test_elf_init(&e);
    wr64(PH(&e, 1, p_paddr), UINT64_MAX - 7);
    expect_parse_error(&e, "wraps");
    /* Overlapping segments. */
    test_elf_init(&e);
    wr64(PH(&e, 1, p_paddr), 0x80000018);
    expect_parse_error(&e, "segments 0 (0x80000000..0x8000001f) and 1 "
                       "(from 0x80000018) overlap");
}

/* A huge p_memsz that does not wrap parses, then is refused for not being
 * RAM -- before anything is allocated or written. */
static void test_handmade_huge_memsz(Board *b, gconstpointer data)
{
    TestElf e;
    Error *err = NULL;

    test_elf_init(&e);
    wr64(PH(&e, 0, p_memsz), (uint64_t)1 << 40);
    wr64(PH(&e, 1, p_paddr), 0x80000000 + ((uint64_t)1 << 40));
    g_autoptr(ElfImage) img = test_elf_parse(&e, &error_abort);
    g_assert_false(elf_image_load(img, b->roms, &err));
    assert_error(&err, "bad.elf segment 0", "not all guest RAM or ROM",
                 NULL);
    g_assert_cmphex(*ram_at(b, 0x80000000), ==, 0xaa);
}

static void test_handmade_bad_symbols(void)
{
    TestElf e;
    uint64_t v = 0;

    test_elf_init(&e);
    wr16(EH(&e, e_shentsize), 40);
    expect_parse_error(&e, "section headers are 40 bytes");
    test_elf_init(&e);
    wr64(EH(&e, e_shoff), T_SIZE - 64);
    expect_parse_error(&e, "section header table");
    test_elf_init(&e);
    wr64(SH(&e, 1, sh_offset), T_SIZE);
    expect_parse_error(&e, "symbol table (section 1)");
    test_elf_init(&e);
    wr64(SH(&e, 1, sh_size), 25);
    expect_parse_error(&e, "symbol table (section 1)");
    test_elf_init(&e);
    wr32(SH(&e, 1, sh_link), 7);
    expect_parse_error(&e, "links to section 7 of 3");
    test_elf_init(&e);
    wr32(SH(&e, 2, sh_type), SHT_PROGBITS);
    expect_parse_error(&e, "string table (section 2)");
    test_elf_init(&e);
    wr64(SH(&e, 2, sh_size), UINT64_MAX);
    expect_parse_error(&e, "string table (section 2)");

    /* Names outside the string table, or running off its end, match
     * nothing; the other symbols still do. */
    test_elf_init(&e);
    wr32(SY(&e, 1, st_name), 0xffffffff);
    wr64(SH(&e, 2, sh_size), sizeof(t_strtab) - 1);  /* "fromhost" unended */
    g_autoptr(ElfImage) img = test_elf_parse(&e, &error_abort);
    g_assert_false(elf_image_lookup_symbol(img, "tohost", &v));
    g_assert_false(elf_image_lookup_symbol(img, "fromhost", &v));
    g_assert_false(elf_image_lookup_symbol(img, "", &v));

    /* No section headers at all (stripped): loads, has no symbols. */
    test_elf_init(&e);
    wr64(EH(&e, e_shoff), 0);
    g_autoptr(ElfImage) stripped = test_elf_parse(&e, &error_abort);
    g_assert_false(elf_image_lookup_symbol(stripped, "tohost", &v));
}

/* Every truncation of a valid image either parses or fails cleanly. */
static void test_handmade_every_truncation(void)
{
    TestElf e;

    test_elf_init(&e);
    for (size_t n = 0; n < T_SIZE; n++) {
        g_autoptr(GBytes) data = g_bytes_new(e.b, n);
        Error *err = NULL;
        ElfImage *img = elf_image_new("cut.elf", data, &err);

        /* The section headers end the image: every cut breaks a table. */
        g_assert_null(img);
        error_free(err);
    }
}

#define BOARD_TEST(path, fn) \
    g_test_add("/loader/" path, Board, NULL, board_setup, fn, board_teardown)

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    BOARD_TEST("rom/blob-lands-in-ram-and-rom", test_blob_lands_in_ram_and_rom);
    BOARD_TEST("rom/reset-restores-blobs", test_reset_restores_blobs);
    BOARD_TEST("rom/refuses-blob-outside-memory", test_blob_outside_memory);
    BOARD_TEST("rom/refuses-overlapping-blobs", test_blob_overlap);
    BOARD_TEST("rom/refuses-wrapping-blob", test_blob_wraps);
    BOARD_TEST("rom/reset-writes-only-where-memory-is-now",
               test_reset_after_map_change);
    BOARD_TEST("rom/reset-skips-what-a-device-now-covers",
               test_reset_skips_device_over_blob);
    g_test_add_func("/loader/file/reads-whole-file", test_read_file);
    g_test_add_func("/loader/file/refuses-file-over-cap-before-reading",
                    test_read_file_over_cap);
    g_test_add_func("/loader/file/stops-a-device-at-the-cap",
                    test_read_device_over_cap);
    g_test_add_func("/loader/file/names-missing-file-and-directory",
                    test_read_missing_and_directory);
    BOARD_TEST("raw/loads-at-address-within-max-size", test_load_raw);
    BOARD_TEST("elf/segments-land-at-physical-addresses", test_elf_segments);
    g_test_add_func("/loader/elf/finds-htif-symbols", test_elf_symbols);
    BOARD_TEST("elf/refuses-segment-outside-ram",
               test_elf_segment_outside_ram);
    BOARD_TEST("elf/refuses-overlapping-a-loaded-image",
               test_elf_overlaps_loaded_image);
    BOARD_TEST("elf/reset-restores-image", test_elf_reset_restores);
    BOARD_TEST("elf/handmade/valid-image-loads", test_handmade_valid);
    g_test_add_func("/loader/elf/handmade/bad-header",
                    test_handmade_bad_header);
    g_test_add_func("/loader/elf/handmade/bad-program-headers",
                    test_handmade_bad_program_headers);
    g_test_add_func("/loader/elf/handmade/bad-segments",
                    test_handmade_bad_segments);
    BOARD_TEST("elf/handmade/huge-memsz-refused-before-allocating",
               test_handmade_huge_memsz);
    g_test_add_func("/loader/elf/handmade/bad-symbol-tables",
                    test_handmade_bad_symbols);
    g_test_add_func("/loader/elf/handmade/every-truncation-fails-cleanly",
                    test_handmade_every_truncation);
    return g_test_run();
}

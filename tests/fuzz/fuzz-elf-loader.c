/* Fuzz target for the ELF loader (loader-elf.c) and the ROM blobs it
 * loads into (loader.c): an image file is the user's, but its every
 * header field is hostile, and it decides where guest memory is written.
 *
 * Input: the bytes of an ELF image, loaded into a small board: 64 KiB of
 * RAM at 0x80000000 (filled with a marker byte first), a 4 KiB ROM at
 * 0x1000 and a register block at 0x10000000 whose callbacks must never
 * run. Then a few symbols are looked up, the guest scribbles on RAM and a
 * reset restores the blobs.
 * Checks, beyond "no crash, no leak, no undefined behaviour":
 *   - a parsed image has segments in address order, disjoint, each with
 *     file bytes inside the input and no more of them than memory bytes,
 *     between elf_image_low() and elf_image_high();
 *   - a failed load changes nothing: no blob, RAM and ROM untouched;
 *   - a successful load puts exactly each segment's file bytes then zeros
 *     at its address, and leaves every other byte of RAM and ROM alone;
 *     after the guest overwrites RAM, rom_set_write_all() brings the
 *     segments back;
 *   - loading never calls a device.
 */
#include "loader-elf.h"

#include <stdlib.h>
#include <string.h>

#define RAM_BASE 0x80000000u
#define RAM_SIZE 0x10000u
#define ROM_BASE 0x1000u
#define ROM_SIZE 0x1000u
#define MARK 0xa5

static void io_touched(void)
{
    abort();                    /* a loader must never reach a device */
}

static uint64_t io_read(void *opaque, hwaddr off, unsigned size)
{
    io_touched();
    return 0;
}

static void io_write(void *opaque, hwaddr off, uint64_t val, unsigned size)
{
    io_touched();
}

static const MemoryRegionOps io_ops = {
    .read = io_read, .write = io_write, .min_access = 1, .max_access = 8,
};

typedef struct Board {
    MemoryRegion root, ram, rom, io;
    AddressSpace *as;
} Board;

static Board *board_get(void)
{
    static Board b;

    if (!b.as) {
        memory_region_init_container(&b.root, "system", MEMORY_SIZE_FULL);
        memory_region_init_ram(&b.ram, "ram", RAM_SIZE, &error_abort);
        memory_region_init_rom(&b.rom, "rom", ROM_SIZE, &error_abort);
        memory_region_init_io(&b.io, "regs", &io_ops, NULL, 0x1000);
        memory_region_add_subregion(&b.root, RAM_BASE, &b.ram);
        memory_region_add_subregion(&b.root, ROM_BASE, &b.rom);
        memory_region_add_subregion(&b.root, 0x10000000, &b.io);
        b.as = address_space_new(&b.root, "memory");
    }
    memset(memory_region_get_ram_ptr(&b.ram), MARK, RAM_SIZE);
    memset(memory_region_get_ram_ptr(&b.rom), MARK, ROM_SIZE);
    return &b;
}

/* Every byte of RAM and ROM is what the image put there, else the mark.
 * After a successful load each segment lies wholly in RAM or in ROM. */
static void check_memory(Board *b, const ElfImage *img, const uint8_t *data)
{
    static uint8_t want_ram[RAM_SIZE], want_rom[ROM_SIZE];

    memset(want_ram, MARK, sizeof(want_ram));
    memset(want_rom, MARK, sizeof(want_rom));
    for (size_t i = 0; img && i < elf_image_segment_count(img); i++) {
        const ElfSegment *s = elf_image_segment(img, i);
        uint8_t *dst;

        if (s->addr >= RAM_BASE && s->addr - RAM_BASE <= RAM_SIZE &&
            s->mem_size <= RAM_SIZE - (s->addr - RAM_BASE)) {
            dst = want_ram + (s->addr - RAM_BASE);
        } else if (s->addr >= ROM_BASE && s->addr - ROM_BASE <= ROM_SIZE &&
                   s->mem_size <= ROM_SIZE - (s->addr - ROM_BASE)) {
            dst = want_rom + (s->addr - ROM_BASE);
        } else {
            abort();            /* loaded, yet not in RAM or ROM */
        }
        memcpy(dst, data + s->offset, s->file_size);
        memset(dst + s->file_size, 0, s->mem_size - s->file_size);
    }
    if (memcmp(memory_region_get_ram_ptr(&b->ram), want_ram, RAM_SIZE) ||
        memcmp(memory_region_get_ram_ptr(&b->rom), want_rom, ROM_SIZE)) {
        abort();
    }
}

static void check_segments(const ElfImage *img, size_t size)
{
    size_t n = elf_image_segment_count(img);

    if (n == 0 || elf_image_low(img) != elf_image_segment(img, 0)->addr) {
        abort();
    }
    for (size_t i = 0; i < n; i++) {
        const ElfSegment *s = elf_image_segment(img, i);

        if (s->mem_size == 0 || s->file_size > s->mem_size ||
            s->offset > size || s->file_size > size - s->offset ||
            s->addr + s->mem_size < s->addr ||
            s->addr + s->mem_size > elf_image_high(img)) {
            abort();
        }
        if (i && elf_image_segment(img, i - 1)->addr +
                 elf_image_segment(img, i - 1)->mem_size > s->addr) {
            abort();
        }
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const char *const symbols[] = { "tohost", "fromhost", "_start",
                                           "", "a" };
    Board *b = board_get();
    g_autoptr(GBytes) bytes = g_bytes_new(data, size);
    Error *err = NULL;
    g_autoptr(ElfImage) img = elf_image_new("fuzz.elf", bytes, &err);
    uint64_t value;

    if (!img) {
        if (!err) {
            abort();
        }
        error_free(err);
        return 0;
    }
    check_segments(img, size);
    for (size_t i = 0; i < G_N_ELEMENTS(symbols); i++) {
        elf_image_lookup_symbol(img, symbols[i], &value);
    }

    g_autoptr(RomSet) roms = rom_set_new(b->as);

    if (!elf_image_load(img, roms, &err)) {
        if (!err || rom_set_count(roms) != 0) {
            abort();
        }
        error_free(err);
        check_memory(b, NULL, data);
        return 0;
    }
    check_memory(b, img, data);
    /* The guest scribbles on RAM; a reset restores what was loaded. */
    memset(memory_region_get_ram_ptr(&b->ram), MARK, RAM_SIZE);
    memset(memory_region_get_ram_ptr(&b->rom), MARK, ROM_SIZE);
    rom_set_write_all(roms);
    check_memory(b, img, data);
    return 0;
}

/* ELF images: a 64-bit little-endian RISC-V executable checked and loaded
 * into guest memory the way QEMU loads one for riscv.
 *
 * elf_image_new() checks everything before anything is loaded: the
 * header (class, byte order, machine, type), the program header table and
 * each PT_LOAD segment (file bytes inside the file, file size within
 * memory size, no wrap past 2^64, no two segments overlapping), and the
 * symbol table when there is one (sections inside the file, names inside
 * their string table). Every field is treated as hostile; a bad one is one
 * error naming the image and the field or segment, never a crash.
 *
 * elf_image_load() adds each PT_LOAD segment to a RomSet (loader.h) at its
 * physical address (p_paddr, as QEMU's riscv loader does), the bytes past
 * p_filesz zeroed (bss): a segment that would land outside guest RAM and
 * ROM is refused there, naming the image and the segment, and so are
 * segments overlapping something loaded earlier. The blobs are restored at
 * every reset like any ROM blob.
 *
 * Ownership: the image keeps a reference on the bytes it was made from and
 * lends its name and symbol lookups; free it with elf_image_free(). */
#pragma once

#include "loader.h"

typedef struct ElfImage ElfImage;

/* A PT_LOAD segment with a memory size. */
typedef struct ElfSegment {
    unsigned index;             /* in the program header table */
    hwaddr addr;                /* p_paddr */
    uint64_t offset;            /* of its file bytes */
    uint64_t file_size;
    uint64_t mem_size;          /* > 0, >= file_size */
} ElfSegment;

/* The bytes start with the ELF magic: worth trying elf_image_new() on. */
bool elf_image_probe(GBytes *data);

/* Checks data (a reference is taken) as described at the top; name is
 * what errors call it (a file name). */
ElfImage *elf_image_new(const char *name, GBytes *data, Error **errp);
/* loader_read_file() with LOADER_MAX_FILE_SIZE, then elf_image_new(). */
ElfImage *elf_image_new_from_file(const char *path, Error **errp);
void elf_image_free(ElfImage *img);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(ElfImage, elf_image_free)

const char *elf_image_name(const ElfImage *img);
uint64_t elf_image_entry(const ElfImage *img);
/* The lowest loaded address and the end (exclusive) of the highest loaded
 * byte, over the PT_LOAD segments with a memory size. */
hwaddr elf_image_low(const ElfImage *img);
hwaddr elf_image_high(const ElfImage *img);
/* The PT_LOAD segments with a memory size, in address order. */
size_t elf_image_segment_count(const ElfImage *img);
const ElfSegment *elf_image_segment(const ElfImage *img, size_t i);

/* A defined symbol's value (st_value), e.g. HTIF's "tohost"; false when
 * the image has no such symbol (or no symbol table). */
bool elf_image_lookup_symbol(const ElfImage *img, const char *name,
                             uint64_t *value);

/* Adds every segment to roms, as described at the top. Every segment is
 * checked before the first is added: on failure roms is unchanged. */
bool elf_image_load(const ElfImage *img, RomSet *roms, Error **errp);

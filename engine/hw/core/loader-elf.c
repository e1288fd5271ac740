/* ELF images: checks every header field, then loads PT_LOAD segments as
 * ROM blobs. Fields are read byte by byte as little-endian, so nothing
 * depends on the host's byte order or on the file's alignment. */
#include "loader-elf.h"

#include <elf.h>
#include <inttypes.h>
#include <stddef.h>
#include <string.h>

struct ElfImage {
    char *name;
    GBytes *data;
    uint64_t entry;
    GArray *segments;           /* ElfSegment, by address */
    /* The symbol table, when there is one: sym_count Elf64_Sym at
     * sym_offset, names in the string table at [str_offset, + str_size). */
    uint64_t sym_offset, sym_count;
    uint64_t str_offset, str_size;
};

static uint16_t rd16(const uint8_t *p)
{
    return p[0] | (uint16_t)p[1] << 8;
}

static uint32_t rd32(const uint8_t *p)
{
    return rd16(p) | (uint32_t)rd16(p + 2) << 16;
}

static uint64_t rd64(const uint8_t *p)
{
    return rd32(p) | (uint64_t)rd32(p + 4) << 32;
}

#define EHDR(base, field) ((base) + offsetof(Elf64_Ehdr, field))
#define PHDR(base, field) ((base) + offsetof(Elf64_Phdr, field))
#define SHDR(base, field) ((base) + offsetof(Elf64_Shdr, field))
#define SYM(base, field) ((base) + offsetof(Elf64_Sym, field))

/* [off, off + len) lies inside a file of size bytes. */
static bool in_file(size_t size, uint64_t off, uint64_t len)
{
    return off <= size && len <= size - off;
}

bool elf_image_probe(GBytes *data)
{
    size_t size = 0;
    const uint8_t *p = g_bytes_get_data(data, &size);

    return size >= SELFMAG && memcmp(p, ELFMAG, SELFMAG) == 0;
}

void elf_image_free(ElfImage *img)
{
    if (!img) {
        return;
    }
    g_free(img->name);
    g_bytes_unref(img->data);
    if (img->segments) {
        g_array_unref(img->segments);
    }
    g_free(img);
}

static bool check_header(ElfImage *img, const uint8_t *p, size_t size,
                         Error **errp)
{
    const char *name = img->name;

    if (size < sizeof(Elf64_Ehdr) || memcmp(p, ELFMAG, SELFMAG) != 0) {
        error_setg(errp, "'%s' is not an ELF image", name);
        return false;
    }
    if (p[EI_CLASS] != ELFCLASS64) {
        error_setg(errp, "'%s' is not a 64-bit ELF image (class %u)", name,
                   p[EI_CLASS]);
        return false;
    }
    if (p[EI_DATA] != ELFDATA2LSB) {
        error_setg(errp, "'%s' is not a little-endian ELF image", name);
        return false;
    }
    uint16_t machine = rd16(EHDR(p, e_machine));
    if (machine != EM_RISCV) {
        error_setg(errp, "'%s' is not a RISC-V ELF image (machine %u)",
                   name, machine);
        return false;
    }
    uint16_t type = rd16(EHDR(p, e_type));
    if (type != ET_EXEC && type != ET_DYN) {
        error_setg(errp, "'%s' is not an executable ELF image (type %u)",
                   name, type);
        return false;
    }
    img->entry = rd64(EHDR(p, e_entry));
    return true;
}

static gint segment_cmp(gconstpointer a, gconstpointer b)
{
    const ElfSegment *x = a, *y = b;

    return x->addr < y->addr ? -1 : x->addr > y->addr;
}

static bool check_segments(ElfImage *img, const uint8_t *p, size_t size,
                           Error **errp)
{
    const char *name = img->name;
    uint64_t phoff = rd64(EHDR(p, e_phoff));
    uint16_t phnum = rd16(EHDR(p, e_phnum));
    uint16_t phentsize = rd16(EHDR(p, e_phentsize));

    if (phnum && phentsize != sizeof(Elf64_Phdr)) {
        error_setg(errp, "'%s': program headers are %u bytes, not %zu",
                   name, phentsize, sizeof(Elf64_Phdr));
        return false;
    }
    if (!in_file(size, phoff, (uint64_t)phnum * sizeof(Elf64_Phdr))) {
        error_setg(errp, "'%s': the program header table (%u entries at "
                   "0x%" PRIx64 ") is past the end of the file", name, phnum,
                   phoff);
        return false;
    }

    img->segments = g_array_new(false, false, sizeof(ElfSegment));
    for (unsigned i = 0; i < phnum; i++) {
        const uint8_t *ph = p + phoff + (uint64_t)i * sizeof(Elf64_Phdr);
        ElfSegment seg = {
            .index = i,
            .addr = rd64(PHDR(ph, p_paddr)),
            .offset = rd64(PHDR(ph, p_offset)),
            .file_size = rd64(PHDR(ph, p_filesz)),
            .mem_size = rd64(PHDR(ph, p_memsz)),
        };

        if (rd32(PHDR(ph, p_type)) != PT_LOAD || seg.mem_size == 0) {
            continue;
        }
        if (seg.file_size > seg.mem_size) {
            error_setg(errp, "'%s': segment %u has more file bytes (0x%"
                       PRIx64 ") than memory bytes (0x%" PRIx64 ")", name, i,
                       seg.file_size, seg.mem_size);
            return false;
        }
        if (!in_file(size, seg.offset, seg.file_size)) {
            error_setg(errp, "'%s': segment %u (0x%" PRIx64 " bytes at file "
                       "offset 0x%" PRIx64 ") is past the end of the file",
                       name, i, seg.file_size, seg.offset);
            return false;
        }
        /* The end must be representable: elf_image_high() returns it. */
        if (seg.addr + seg.mem_size < seg.addr ||
            seg.addr + seg.mem_size == 0) {
            error_setg(errp, "'%s': segment %u (0x%" PRIx64 " bytes at 0x%"
                       PRIx64 ") wraps past the end of the address space",
                       name, i, seg.mem_size, seg.addr);
            return false;
        }
        g_array_append_val(img->segments, seg);
    }
    if (img->segments->len == 0) {
        error_setg(errp, "'%s' has no loadable segment", name);
        return false;
    }

    g_array_sort(img->segments, segment_cmp);
    for (guint i = 1; i < img->segments->len; i++) {
        const ElfSegment *a = &g_array_index(img->segments, ElfSegment, i - 1);
        const ElfSegment *b = &g_array_index(img->segments, ElfSegment, i);

        if (a->addr + a->mem_size > b->addr) {
            error_setg(errp, "'%s': segments %u (0x%" PRIx64 "..0x%" PRIx64
                       ") and %u (from 0x%" PRIx64 ") overlap", name,
                       a->index, a->addr, a->addr + a->mem_size - 1, b->index,
                       b->addr);
            return false;
        }
    }
    return true;
}

/* Finds the symbol table and its string table. An image without section
 * headers or without a symbol table (stripped) simply has no symbols; a
 * table that is there but broken is an error. */
static bool check_symbols(ElfImage *img, const uint8_t *p, size_t size,
                          Error **errp)
{
    const char *name = img->name;
    uint64_t shoff = rd64(EHDR(p, e_shoff));
    uint16_t shnum = rd16(EHDR(p, e_shnum));
    uint16_t shentsize = rd16(EHDR(p, e_shentsize));

    /* shnum 0 with shoff set is extended numbering (count in section 0);
     * images that need it are not guest images, so they go unread. */
    if (shoff == 0 || shnum == 0) {
        return true;
    }
    if (shentsize != sizeof(Elf64_Shdr)) {
        error_setg(errp, "'%s': section headers are %u bytes, not %zu",
                   name, shentsize, sizeof(Elf64_Shdr));
        return false;
    }
    if (!in_file(size, shoff, (uint64_t)shnum * sizeof(Elf64_Shdr))) {
        error_setg(errp, "'%s': the section header table (%u entries at 0x%"
                   PRIx64 ") is past the end of the file", name, shnum,
                   shoff);
        return false;
    }

    const uint8_t *sh = p + shoff;

    for (unsigned i = 0; i < shnum; i++) {
        const uint8_t *sec = sh + (uint64_t)i * sizeof(Elf64_Shdr);

        if (rd32(SHDR(sec, sh_type)) != SHT_SYMTAB) {
            continue;
        }
        uint64_t off = rd64(SHDR(sec, sh_offset));
        uint64_t len = rd64(SHDR(sec, sh_size));
        uint32_t link = rd32(SHDR(sec, sh_link));

        if (rd64(SHDR(sec, sh_entsize)) != sizeof(Elf64_Sym) ||
            len % sizeof(Elf64_Sym) || !in_file(size, off, len)) {
            error_setg(errp, "'%s': symbol table (section %u) is malformed "
                       "or past the end of the file", name, i);
            return false;
        }
        if (link >= shnum) {
            error_setg(errp, "'%s': symbol table (section %u) links to "
                       "section %u of %u", name, i, link, shnum);
            return false;
        }

        const uint8_t *str = sh + (uint64_t)link * sizeof(Elf64_Shdr);
        uint64_t str_off = rd64(SHDR(str, sh_offset));
        uint64_t str_len = rd64(SHDR(str, sh_size));

        if (rd32(SHDR(str, sh_type)) != SHT_STRTAB ||
            !in_file(size, str_off, str_len)) {
            error_setg(errp, "'%s': string table (section %u) is malformed "
                       "or past the end of the file", name, link);
            return false;
        }
        img->sym_offset = off;
        img->sym_count = len / sizeof(Elf64_Sym);
        img->str_offset = str_off;
        img->str_size = str_len;
        return true;
    }
    return true;
}

ElfImage *elf_image_new(const char *name, GBytes *data, Error **errp)
{
    g_autoptr(ElfImage) img = g_new0(ElfImage, 1);
    size_t size = 0;
    const uint8_t *p = g_bytes_get_data(data, &size);

    img->name = g_strdup(name);
    img->data = g_bytes_ref(data);
    if (!check_header(img, p, size, errp) ||
        !check_segments(img, p, size, errp) ||
        !check_symbols(img, p, size, errp)) {
        return NULL;
    }
    return g_steal_pointer(&img);
}

ElfImage *elf_image_new_from_file(const char *path, Error **errp)
{
    g_autoptr(GBytes) data = loader_read_file(path, LOADER_MAX_FILE_SIZE,
                                              errp);

    return data ? elf_image_new(path, data, errp) : NULL;
}

const char *elf_image_name(const ElfImage *img)
{
    return img->name;
}

uint64_t elf_image_entry(const ElfImage *img)
{
    return img->entry;
}

hwaddr elf_image_low(const ElfImage *img)
{
    return g_array_index(img->segments, ElfSegment, 0).addr;
}

hwaddr elf_image_high(const ElfImage *img)
{
    const ElfSegment *last = &g_array_index(img->segments, ElfSegment,
                                            img->segments->len - 1);

    /* Sorted and disjoint: the last segment ends highest. */
    return last->addr + last->mem_size;
}

size_t elf_image_segment_count(const ElfImage *img)
{
    return img->segments->len;
}

const ElfSegment *elf_image_segment(const ElfImage *img, size_t i)
{
    g_assert(i < img->segments->len);
    return &g_array_index(img->segments, ElfSegment, i);
}

bool elf_image_lookup_symbol(const ElfImage *img, const char *name,
                             uint64_t *value)
{
    const uint8_t *p = g_bytes_get_data(img->data, NULL);
    const char *strtab = (const char *)p + img->str_offset;
    size_t want = strlen(name) + 1;

    for (uint64_t i = 0; i < img->sym_count; i++) {
        const uint8_t *sym = p + img->sym_offset + i * sizeof(Elf64_Sym);
        uint32_t st_name = rd32(SYM(sym, st_name));

        /* The name and its NUL must lie inside the string table. */
        if (rd16(SYM(sym, st_shndx)) == SHN_UNDEF ||
            st_name >= img->str_size || img->str_size - st_name < want ||
            memcmp(strtab + st_name, name, want) != 0) {
            continue;
        }
        *value = rd64(SYM(sym, st_value));
        return true;
    }
    return false;
}

static char *segment_name(const ElfImage *img, const ElfSegment *seg)
{
    return g_strdup_printf("%s segment %u", img->name, seg->index);
}

bool elf_image_load(const ElfImage *img, RomSet *roms, Error **errp)
{
    for (guint i = 0; i < img->segments->len; i++) {
        const ElfSegment *seg = &g_array_index(img->segments, ElfSegment, i);
        g_autofree char *name = segment_name(img, seg);

        if (!rom_set_check_blob(roms, name, seg->mem_size, seg->addr,
                                errp)) {
            return false;
        }
    }
    for (guint i = 0; i < img->segments->len; i++) {
        const ElfSegment *seg = &g_array_index(img->segments, ElfSegment, i);
        g_autofree char *name = segment_name(img, seg);
        g_autoptr(GBytes) bytes = g_bytes_new_from_bytes(img->data,
                                                         seg->offset,
                                                         seg->file_size);

        if (!rom_set_add_bytes(roms, name, bytes, seg->mem_size, seg->addr,
                               errp)) {
            return false;   /* checked above: not reached */
        }
    }
    return true;
}

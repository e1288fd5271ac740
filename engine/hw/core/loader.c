/* Loaders: ROM blobs restored at reset, whole-file reads, raw images. */
#include "loader.h"

#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

struct RomSet {
    AddressSpace *as;           /* borrowed */
    GPtrArray *blobs;           /* RomBlob *, in the order added */
};

static void rom_blob_free(gpointer p)
{
    RomBlob *blob = p;

    g_free(blob->name);
    g_bytes_unref(blob->data);
    g_free(blob);
}

RomSet *rom_set_new(AddressSpace *as)
{
    RomSet *roms = g_new0(RomSet, 1);

    roms->as = as;
    roms->blobs = g_ptr_array_new_with_free_func(rom_blob_free);
    return roms;
}

void rom_set_free(RomSet *roms)
{
    if (!roms) {
        return;
    }
    g_ptr_array_unref(roms->blobs);
    g_free(roms);
}

AddressSpace *rom_set_get_address_space(RomSet *roms)
{
    return roms->as;
}

/* The last byte of [addr, addr + size), size > 0; false when it wraps. */
static bool range_last(hwaddr addr, uint64_t size, hwaddr *last)
{
    *last = addr + (size - 1);
    return *last >= addr;
}

bool loader_range_is_memory(AddressSpace *as, hwaddr addr, uint64_t size)
{
    hwaddr last;

    if (size == 0 || !range_last(addr, size, &last)) {
        return false;
    }
    for (hwaddr cur = addr;;) {
        const FlatRange *r = address_space_lookup(as, cur);

        if (!r || !memory_region_get_ram_ptr(r->mr)) {
            return false;
        }
        if (r->last >= last) {
            return true;
        }
        cur = r->last + 1;
    }
}

/* Writes data (len bytes) then zeros, size bytes in all, at addr into
 * whatever RAM and ROM lies there now, skipping bytes that a device or
 * nothing covers. */
static void write_present(AddressSpace *as, hwaddr addr, const uint8_t *data,
                          size_t len, uint64_t size)
{
    hwaddr last = addr + (size - 1);
    size_t n = 0;
    const FlatRange *view = address_space_flat_view(as, &n);

    for (size_t i = 0; i < n; i++) {
        const FlatRange *r = &view[i];
        uint8_t *host = memory_region_get_ram_ptr(r->mr);

        if (!host || r->last < addr || r->start > last) {
            continue;
        }
        hwaddr s = MAX(r->start, addr), e = MIN(r->last, last);
        uint8_t *dst = host + r->offset_in_region + (s - r->start);
        uint64_t k = s - addr;              /* offset in the blob */
        uint64_t count = e - s + 1;         /* >= 1: e >= s, no wrap */
        uint64_t from_data = k < len ? MIN(count, len - k) : 0;

        if (from_data) {
            memcpy(dst, data + k, from_data);
        }
        memset(dst + from_data, 0, count - from_data);
    }
}

/* [addr, addr + size) does not wrap and is all RAM or ROM. */
static bool check_memory_range(AddressSpace *as, const char *name,
                               hwaddr addr, uint64_t size, Error **errp)
{
    hwaddr last;

    if (size == 0 || !range_last(addr, size, &last)) {
        error_setg(errp, "'%s' at 0x%" PRIx64 " wraps past the end of the "
                   "address space", name, addr);
        return false;
    }
    if (!loader_range_is_memory(as, addr, size)) {
        error_setg(errp, "'%s' (0x%" PRIx64 "..0x%" PRIx64 ") is not all "
                   "guest RAM or ROM", name, addr, last);
        return false;
    }
    return true;
}

static void rom_blob_write(AddressSpace *as, const RomBlob *blob)
{
    size_t len = 0;
    const void *data = g_bytes_get_data(blob->data, &len);

    write_present(as, blob->addr, data, len, blob->size);
}

bool rom_set_check_blob(RomSet *roms, const char *name, uint64_t size,
                        hwaddr addr, Error **errp)
{
    hwaddr last = addr + (size - 1);

    if (!check_memory_range(roms->as, name, addr, size, errp)) {
        return false;
    }
    for (guint i = 0; i < roms->blobs->len; i++) {
        const RomBlob *other = g_ptr_array_index(roms->blobs, i);
        hwaddr other_last = other->addr + (other->size - 1);

        if (addr <= other_last && other->addr <= last) {
            error_setg(errp, "'%s' (0x%" PRIx64 "..0x%" PRIx64 ") overlaps "
                       "'%s' (0x%" PRIx64 "..0x%" PRIx64 ")", name, addr,
                       last, other->name, other->addr, other_last);
            return false;
        }
    }
    return true;
}

bool rom_set_add_bytes(RomSet *roms, const char *name, GBytes *data,
                       uint64_t size, hwaddr addr, Error **errp)
{
    g_assert(size >= g_bytes_get_size(data));
    if (size == 0) {
        return true;
    }
    if (!rom_set_check_blob(roms, name, size, addr, errp)) {
        return false;
    }

    RomBlob *blob = g_new0(RomBlob, 1);

    blob->name = g_strdup(name);
    blob->addr = addr;
    blob->data = g_bytes_ref(data);
    blob->size = size;
    g_ptr_array_add(roms->blobs, blob);
    rom_blob_write(roms->as, blob);
    return true;
}

bool rom_set_add_blob(RomSet *roms, const char *name, const void *data,
                      size_t len, hwaddr addr, Error **errp)
{
    g_autoptr(GBytes) bytes = g_bytes_new(data, len);

    return rom_set_add_bytes(roms, name, bytes, len, addr, errp);
}

void rom_set_write_all(RomSet *roms)
{
    for (guint i = 0; i < roms->blobs->len; i++) {
        rom_blob_write(roms->as, g_ptr_array_index(roms->blobs, i));
    }
}

void rom_set_reset_handler(void *opaque)
{
    rom_set_write_all(opaque);
}

size_t rom_set_count(const RomSet *roms)
{
    return roms->blobs->len;
}

const RomBlob *rom_set_get_blob(const RomSet *roms, size_t i)
{
    g_assert(i < roms->blobs->len);
    return g_ptr_array_index(roms->blobs, i);
}

const RomBlob *rom_set_find(const RomSet *roms, hwaddr addr)
{
    for (guint i = 0; i < roms->blobs->len; i++) {
        const RomBlob *blob = g_ptr_array_index(roms->blobs, i);

        if (addr >= blob->addr && addr - blob->addr < blob->size) {
            return blob;
        }
    }
    return NULL;
}

static void close_fd(int *fd)
{
    if (*fd >= 0) {
        close(*fd);
    }
}

GBytes *loader_read_file(const char *path, uint64_t max_size, Error **errp)
{
    __attribute__((cleanup(close_fd))) int fd =
        open(path, O_RDONLY | O_CLOEXEC);
    struct stat st;

    max_size = MIN(max_size, LOADER_MAX_FILE_SIZE);
    if (fd < 0 || fstat(fd, &st) < 0) {
        error_setg_errno(errp, errno, "could not read '%s'", path);
        return NULL;
    }
    if (S_ISDIR(st.st_mode)) {
        error_setg_errno(errp, EISDIR, "could not read '%s'", path);
        return NULL;
    }
    if (S_ISREG(st.st_mode) && (uint64_t)st.st_size > max_size) {
        error_setg(errp, "'%s' is %" PRIu64 " bytes, more than the %" PRIu64
                   " allowed", path, (uint64_t)st.st_size, max_size);
        return NULL;
    }

    /* Read to the end rather than trusting st_size: a pipe or a device has
     * none, and a file may change under us. */
    g_autoptr(GByteArray) buf =
        g_byte_array_sized_new(S_ISREG(st.st_mode) ? st.st_size : 0);
    uint8_t chunk[64 * 1024];

    for (;;) {
        ssize_t n = read(fd, chunk, sizeof(chunk));

        if (n < 0 && errno == EINTR) {
            continue;
        }
        if (n < 0) {
            error_setg_errno(errp, errno, "could not read '%s'", path);
            return NULL;
        }
        if (n == 0) {
            break;
        }
        if ((uint64_t)buf->len + (uint64_t)n > max_size) {
            error_setg(errp, "'%s' is more than the %" PRIu64 " bytes "
                       "allowed", path, max_size);
            return NULL;
        }
        g_byte_array_append(buf, chunk, n);
    }
    return g_byte_array_free_to_bytes(g_steal_pointer(&buf));
}

bool loader_load_raw(RomSet *roms, const char *path, hwaddr addr,
                     uint64_t max_size, uint64_t *size, Error **errp)
{
    g_autoptr(GBytes) data = loader_read_file(path, max_size, errp);

    if (!data) {
        return false;
    }
    if (g_bytes_get_size(data) == 0) {
        error_setg(errp, "'%s' is empty", path);
        return false;
    }
    if (!rom_set_add_bytes(roms, path, data, g_bytes_get_size(data), addr,
                           errp)) {
        return false;
    }
    if (size) {
        *size = g_bytes_get_size(data);
    }
    return true;
}

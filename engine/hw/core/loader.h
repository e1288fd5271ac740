/* Loaders: host files and host-made blobs put into guest memory, and kept
 * so a machine reset puts them back.
 *
 * A RomSet is a machine's list of ROM blobs (QEMU's rom_add_blob idea):
 * the firmware, the kernel and initrd, the reset vector, the device tree.
 * Each blob is bytes at a guest address, optionally followed by zeros up
 * to its full size (an ELF segment's bss). Adding a blob checks that every
 * byte of it lands in guest RAM or ROM of the set's address space and that
 * it overlaps no other blob, then writes it at once; rom_set_write_all()
 * writes every blob again, which is what a machine reset does (register
 * rom_set_reset_handler() as a reset handler), so `system_reset` restores
 * a firmware the guest scribbled over. Writes go straight to the host
 * blocks, so ROM is filled too (the guest's own writes to ROM are dropped).
 * A device mapped over a blob after it was added (HTIF over an image's
 * tohost word) keeps those bytes: a reset writes the parts of each blob
 * that are RAM or ROM at that moment and skips the rest, as QEMU does.
 *
 * Files: loader_read_file() reads a whole file with a size cap, checked
 * before anything is read; loader_load_raw() adds a file as one blob.
 * ELF images are loader-elf.h's business; they end up here as blobs too.
 *
 * Ownership: the set borrows its address space, which must outlive it; it
 * holds a reference on every blob's bytes. Blobs handed out by
 * rom_set_get_blob() are lent until the set is freed. Failures name the
 * blob and its address range in one line. Main thread only. */
#pragma once

#include "address-space.h"

#include <glib.h>

/* The biggest file any loader reads: a guest image is at most a few
 * hundred MiB; this stops a -kernel pointing at a disk image from making
 * the engine swallow gigabytes before it can say what is wrong. */
#define LOADER_MAX_FILE_SIZE ((uint64_t)2 << 30)

typedef struct RomSet RomSet;

/* One blob: data (data_len bytes) at addr, then zeros up to size. */
typedef struct RomBlob {
    char *name;
    hwaddr addr;
    GBytes *data;
    uint64_t size;              /* >= the data's length, > 0 */
} RomBlob;

RomSet *rom_set_new(AddressSpace *as);
void rom_set_free(RomSet *roms);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(RomSet, rom_set_free)

AddressSpace *rom_set_get_address_space(RomSet *roms);

/* Adds (and writes) len bytes copied from data at addr. */
bool rom_set_add_blob(RomSet *roms, const char *name, const void *data,
                      size_t len, hwaddr addr, Error **errp);
/* Adds data (a reference is taken) at addr, zero-filled up to size bytes
 * (size >= the data's length; a size of 0 adds nothing). */
bool rom_set_add_bytes(RomSet *roms, const char *name, GBytes *data,
                       uint64_t size, hwaddr addr, Error **errp);

/* The checks rom_set_add_bytes() makes, without adding: [addr, addr +
 * size) is all guest RAM or ROM and overlaps no blob of the set. */
bool rom_set_check_blob(RomSet *roms, const char *name, uint64_t size,
                        hwaddr addr, Error **errp);

/* Writes every blob again, in the order they were added, where RAM or ROM
 * is now (see the top). */
void rom_set_write_all(RomSet *roms);
/* rom_set_write_all() with the RomSet as opaque: a RunStateResetHandler. */
void rom_set_reset_handler(void *opaque);

size_t rom_set_count(const RomSet *roms);
const RomBlob *rom_set_get_blob(const RomSet *roms, size_t i);
/* The blob holding addr, or NULL. */
const RomBlob *rom_set_find(const RomSet *roms, hwaddr addr);

/* Whether every byte of [addr, addr + size) is guest RAM or ROM; size 0
 * is refused, as is a range that wraps past 2^64. */
bool loader_range_is_memory(AddressSpace *as, hwaddr addr, uint64_t size);
/* The whole file, at most max_size (and LOADER_MAX_FILE_SIZE) bytes:
 * "could not read 'PATH': ..." or "'PATH' is N bytes, more than the MAX
 * allowed". A new reference. */
GBytes *loader_read_file(const char *path, uint64_t max_size, Error **errp);
/* Adds the file as one blob at addr; it may be at most max_size bytes.
 * *size (may be NULL) gets its size. */
bool loader_load_raw(RomSet *roms, const char *path, hwaddr addr,
                     uint64_t max_size, uint64_t *size, Error **errp);

/* Memory regions: the pieces a guest's physical address map is built from.
 *
 * A MemoryRegion is one of:
 *   - RAM: one host allocation the guest reads and writes directly;
 *   - ROM: the same, but guest writes are dropped (the host fills it through
 *     memory_region_get_ram_ptr());
 *   - I/O: guest accesses become calls to a device's MemoryRegionOps;
 *   - a container: no contents of its own, only subregions;
 *   - an alias: a window onto [offset, offset + size) of another region.
 * Any region may hold subregions at offsets; where they overlap the higher
 * priority wins, and at equal priority the one added later wins. Gaps in a
 * RAM, ROM or I/O region with subregions show the region itself; gaps in a
 * container are unassigned.
 *
 * Ownership: a MemoryRegion is a plain struct embedded in (and owned by) its
 * device, not a QOM object: its lifetime is the device's, so no reference
 * counting is needed. memory_region_init_*() fill it in; the owner calls
 * memory_region_finalize() after removing it from its container. The region
 * never owns its subregions or alias target; they must outlive it while
 * mapped. RAM and ROM blocks are owned by the region.
 *
 * Every change to a mapped region tree (add/remove, enable, move, alias
 * offset) bumps memory_generation(); address spaces rebuild their flattened
 * view lazily when it differs. Single-threaded: callers serialise changes and
 * accesses (one big lock, as QEMU's BQL).
 *
 * Sizes are uint64_t; MEMORY_SIZE_FULL (UINT64_MAX) stands for 2^64, the
 * whole address space. Fallible calls take Error **errp last and return
 * false. */
#pragma once

#include "error.h"

#include <glib.h>
#include <stdbool.h>
#include <stdint.h>

typedef uint64_t hwaddr;

/* 2^64 bytes: what a root container spanning everything declares. */
#define MEMORY_SIZE_FULL UINT64_MAX

/* Result of a guest access; the CPU turns a non-OK result into a fault. */
typedef enum MemTxResult {
    MEMTX_OK = 0,
    MEMTX_DECODE_ERROR,   /* nothing is mapped there (unassigned) */
    MEMTX_ACCESS_ERROR,   /* mapped, but the region refuses this access */
} MemTxResult;

/* A device's access callbacks. min_access/max_access (1, 2, 4 or 8; 0 means
 * 1 and 8) are the sizes the callbacks implement: a wider guest access is
 * split into several calls, a narrower one widened (reads extract their bytes;
 * writes read, merge and write back). Offsets passed are aligned to the size
 * passed. When reject_unaligned is set, an access whose offset is not a
 * multiple of its size fails with MEMTX_ACCESS_ERROR and no call is made;
 * otherwise it is split into aligned pieces. Values are little-endian: byte
 * 0 of the guest access is bits 0..7. write may be NULL (writes ignored);
 * read may be NULL (reads give 0). */
typedef struct MemoryRegionOps {
    uint64_t (*read)(void *opaque, hwaddr off, unsigned size);
    void (*write)(void *opaque, hwaddr off, uint64_t val, unsigned size);
    unsigned min_access;
    unsigned max_access;
    bool reject_unaligned;
} MemoryRegionOps;

typedef enum MemoryRegionKind {
    MEMORY_REGION_CONTAINER,
    MEMORY_REGION_RAM,
    MEMORY_REGION_ROM,
    MEMORY_REGION_IO,
    MEMORY_REGION_ALIAS,
} MemoryRegionKind;

typedef struct MemoryRegion MemoryRegion;

/* Fields are read by address-space.c; others use the functions below. */
struct MemoryRegion {
    char *name;
    MemoryRegionKind kind;
    uint64_t size;              /* MEMORY_SIZE_FULL = 2^64 */
    hwaddr addr;                /* offset in the container */
    int priority;
    bool enabled;
    uint8_t *ram;               /* RAM/ROM host block, owned */
    const MemoryRegionOps *ops; /* I/O */
    void *opaque;               /* I/O */
    MemoryRegion *alias;        /* ALIAS: the region looked through */
    hwaddr alias_offset;
    MemoryRegion *container;    /* where this one is mapped, or NULL */
    GPtrArray *subregions;      /* MemoryRegion *, priority descending,
                                   later-added first at equal priority */
};

void memory_region_init_container(MemoryRegion *mr, const char *name,
                                  uint64_t size);
/* Zero-filled host block of size bytes; fails if it cannot be allocated. */
bool memory_region_init_ram(MemoryRegion *mr, const char *name, uint64_t size,
                            Error **errp);
bool memory_region_init_rom(MemoryRegion *mr, const char *name, uint64_t size,
                            Error **errp);
void memory_region_init_io(MemoryRegion *mr, const char *name,
                           const MemoryRegionOps *ops, void *opaque,
                           uint64_t size);
void memory_region_init_alias(MemoryRegion *mr, const char *name,
                              MemoryRegion *target, hwaddr offset,
                              uint64_t size);
/* Frees the name, the RAM block and the subregion list. The region must not
 * be mapped in a container. */
void memory_region_finalize(MemoryRegion *mr);

/* Maps sub at offset in parent with priority 0 / the given priority. sub
 * must not be mapped elsewhere. */
void memory_region_add_subregion(MemoryRegion *parent, hwaddr offset,
                                 MemoryRegion *sub);
void memory_region_add_subregion_overlap(MemoryRegion *parent, hwaddr offset,
                                         MemoryRegion *sub, int priority);
void memory_region_del_subregion(MemoryRegion *parent, MemoryRegion *sub);

/* Run-time changes: each bumps memory_generation() when it changes anything. */
void memory_region_set_enabled(MemoryRegion *mr, bool enabled);
void memory_region_set_address(MemoryRegion *mr, hwaddr addr);
void memory_region_set_alias_offset(MemoryRegion *mr, hwaddr offset);

const char *memory_region_name(const MemoryRegion *mr);
/* The host block of a RAM or ROM region (lent), NULL for other kinds. */
void *memory_region_get_ram_ptr(MemoryRegion *mr);
/* "ram", "rom", "i/o" (containers too, as QEMU prints them); an alias shows
 * its target's type. */
const char *memory_region_type(const MemoryRegion *mr);

/* Counts every change to any region tree; starts at 1. */
uint64_t memory_generation(void);

/* One guest access of size 1..8 bytes at off inside an I/O region, split or
 * widened as its ops declare. *val is little-endian. */
MemTxResult memory_region_dispatch_read(MemoryRegion *mr, hwaddr off,
                                        uint64_t *val, unsigned size);
MemTxResult memory_region_dispatch_write(MemoryRegion *mr, hwaddr off,
                                         uint64_t val, unsigned size);

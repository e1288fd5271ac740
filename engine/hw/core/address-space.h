/* Address spaces: what a CPU or DMA-capable device sees through a root
 * memory region.
 *
 * The region tree is flattened into a sorted list of non-overlapping ranges
 * (the "flat view"), rebuilt lazily on the first access after
 * memory_generation() moves; lookups binary-search it. Accesses cross region
 * boundaries. A byte nobody maps is "unassigned": a read of it gives the
 * space's unassigned value (little-endian bytes of it, by address modulo 8),
 * a write is dropped, the access is counted and reports MEMTX_DECODE_ERROR;
 * it never crashes. An access whose address range wraps past 2^64 is
 * unassigned as a whole.
 *
 * The space borrows its root region, which must outlive it. Strings returned
 * by address_space_mtree_text() are the caller's (g_free). */
#pragma once

#include "memory.h"

typedef struct AddressSpace AddressSpace;

/* One range of a flat view: [start, last] shows mr at offset_in_region. */
typedef struct FlatRange {
    hwaddr start;
    hwaddr last;
    MemoryRegion *mr;
    hwaddr offset_in_region;
    bool readonly;
} FlatRange;

AddressSpace *address_space_new(MemoryRegion *root, const char *name);
void address_space_free(AddressSpace *as);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(AddressSpace, address_space_free)

const char *address_space_name(const AddressSpace *as);
MemoryRegion *address_space_root(const AddressSpace *as);

/* What unassigned reads return; default all-ones. */
void address_space_set_unassigned_value(AddressSpace *as, uint64_t value);
/* Accesses (reads and writes) that touched unassigned space so far. */
uint64_t address_space_unassigned_count(const AddressSpace *as);

/* The current flat view (rebuilt if stale): *n ranges, lent until the next
 * change to any region tree. */
const FlatRange *address_space_flat_view(AddressSpace *as, size_t *n);
/* The range holding addr, or NULL when it is unassigned. */
const FlatRange *address_space_lookup(AddressSpace *as, hwaddr addr);

/* Copies len bytes, crossing regions. Returns true when every byte was
 * MEMTX_OK; *result (may be NULL) gets the first failure or MEMTX_OK. */
bool address_space_read(AddressSpace *as, hwaddr addr, void *buf, hwaddr len,
                        MemTxResult *result);
bool address_space_write(AddressSpace *as, hwaddr addr, const void *buf,
                         hwaddr len, MemTxResult *result);

/* Little-endian loads and stores of 1, 2, 4 and 8 bytes. result may be NULL. */
uint8_t address_space_ldub(AddressSpace *as, hwaddr addr, MemTxResult *result);
uint16_t address_space_lduw(AddressSpace *as, hwaddr addr, MemTxResult *result);
uint32_t address_space_ldl(AddressSpace *as, hwaddr addr, MemTxResult *result);
uint64_t address_space_ldq(AddressSpace *as, hwaddr addr, MemTxResult *result);
void address_space_stb(AddressSpace *as, hwaddr addr, uint8_t val,
                       MemTxResult *result);
void address_space_stw(AddressSpace *as, hwaddr addr, uint16_t val,
                       MemTxResult *result);
void address_space_stl(AddressSpace *as, hwaddr addr, uint32_t val,
                       MemTxResult *result);
void address_space_stq(AddressSpace *as, hwaddr addr, uint64_t val,
                       MemTxResult *result);

/* The view's generation: equal to a cached value means a host pointer from
 * address_space_translate_ram() is still good. */
uint64_t address_space_generation(AddressSpace *as);
/* A host pointer for guest RAM at addr, with *avail (<= len) bytes usable
 * from it without leaving the RAM block, and *generation to cache with it.
 * NULL (and *avail 0) when addr is not RAM. ROM is not returned when
 * for_write. Never points outside a RAM block. */
void *address_space_translate_ram(AddressSpace *as, hwaddr addr, hwaddr len,
                                  bool for_write, hwaddr *avail,
                                  uint64_t *generation);

/* `info mtree` text in QEMU's layout for these spaces: the region trees
 * (flat = false) or the flattened views (`info mtree -f`). show_disabled is
 * `-D`. */
char *address_space_mtree_text(AddressSpace *const *spaces, size_t n,
                               bool flat, bool show_disabled);

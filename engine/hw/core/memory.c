#include "memory.h"

#include <string.h>

/* One counter for every tree: regions do not know which address spaces see
 * them (an alias may put one region in several), so any change invalidates
 * every flattened view. Changes are rare next to accesses. */
static uint64_t generation = 1;

static void memory_changed(void)
{
    generation++;
}

uint64_t memory_generation(void)
{
    return generation;
}

static void memory_region_init_common(MemoryRegion *mr, const char *name,
                                      MemoryRegionKind kind, uint64_t size)
{
    memset(mr, 0, sizeof(*mr));
    mr->name = g_strdup(name);
    mr->kind = kind;
    mr->size = size;
    mr->enabled = true;
    mr->subregions = g_ptr_array_new();
}

void memory_region_init_container(MemoryRegion *mr, const char *name,
                                  uint64_t size)
{
    memory_region_init_common(mr, name, MEMORY_REGION_CONTAINER, size);
}

static bool memory_region_init_block(MemoryRegion *mr, const char *name,
                                     MemoryRegionKind kind, uint64_t size,
                                     Error **errp)
{
    /* A host block must be addressable: SIZE_MAX bounds it on 32-bit hosts,
     * and MEMORY_SIZE_FULL (2^64) can never be allocated. */
    uint8_t *block = NULL;

    if (size == 0 || size == MEMORY_SIZE_FULL || size > SIZE_MAX) {
        error_setg(errp, "memory region '%s': bad RAM size %" G_GUINT64_FORMAT,
                   name, size);
        return false;
    }
    block = g_try_malloc0(size);
    if (!block) {
        error_setg(errp, "memory region '%s': cannot allocate %"
                   G_GUINT64_FORMAT " bytes", name, size);
        return false;
    }
    memory_region_init_common(mr, name, kind, size);
    mr->ram = block;
    return true;
}

bool memory_region_init_ram(MemoryRegion *mr, const char *name, uint64_t size,
                            Error **errp)
{
    return memory_region_init_block(mr, name, MEMORY_REGION_RAM, size, errp);
}

bool memory_region_init_rom(MemoryRegion *mr, const char *name, uint64_t size,
                            Error **errp)
{
    return memory_region_init_block(mr, name, MEMORY_REGION_ROM, size, errp);
}

void memory_region_init_io(MemoryRegion *mr, const char *name,
                           const MemoryRegionOps *ops, void *opaque,
                           uint64_t size)
{
    memory_region_init_common(mr, name, MEMORY_REGION_IO, size);
    mr->ops = ops;
    mr->opaque = opaque;
}

void memory_region_init_alias(MemoryRegion *mr, const char *name,
                              MemoryRegion *target, hwaddr offset,
                              uint64_t size)
{
    memory_region_init_common(mr, name, MEMORY_REGION_ALIAS, size);
    mr->alias = target;
    mr->alias_offset = offset;
}

void memory_region_finalize(MemoryRegion *mr)
{
    g_assert(!mr->container);
    while (mr->subregions && mr->subregions->len) {
        memory_region_del_subregion(mr, g_ptr_array_index(mr->subregions, 0));
    }
    g_clear_pointer(&mr->subregions, g_ptr_array_unref);
    g_clear_pointer(&mr->name, g_free);
    g_clear_pointer(&mr->ram, g_free);
}

void memory_region_add_subregion_overlap(MemoryRegion *parent, hwaddr offset,
                                         MemoryRegion *sub, int priority)
{
    guint i;

    g_assert(!sub->container);
    sub->container = parent;
    sub->addr = offset;
    sub->priority = priority;
    /* Before the first one of equal or lower priority: so at equal priority
     * the later-added region comes first, and wins when flattening. */
    for (i = 0; i < parent->subregions->len; i++) {
        MemoryRegion *other = g_ptr_array_index(parent->subregions, i);
        if (other->priority <= priority) {
            break;
        }
    }
    g_ptr_array_insert(parent->subregions, i, sub);
    memory_changed();
}

void memory_region_add_subregion(MemoryRegion *parent, hwaddr offset,
                                 MemoryRegion *sub)
{
    memory_region_add_subregion_overlap(parent, offset, sub, 0);
}

void memory_region_del_subregion(MemoryRegion *parent, MemoryRegion *sub)
{
    g_assert(sub->container == parent);
    g_ptr_array_remove(parent->subregions, sub);
    sub->container = NULL;
    memory_changed();
}

void memory_region_set_enabled(MemoryRegion *mr, bool enabled)
{
    if (mr->enabled != enabled) {
        mr->enabled = enabled;
        memory_changed();
    }
}

void memory_region_set_address(MemoryRegion *mr, hwaddr addr)
{
    if (mr->addr != addr) {
        mr->addr = addr;
        memory_changed();
    }
}

void memory_region_set_alias_offset(MemoryRegion *mr, hwaddr offset)
{
    g_assert(mr->kind == MEMORY_REGION_ALIAS);
    if (mr->alias_offset != offset) {
        mr->alias_offset = offset;
        memory_changed();
    }
}

const char *memory_region_name(const MemoryRegion *mr)
{
    return mr->name;
}

void *memory_region_get_ram_ptr(MemoryRegion *mr)
{
    return mr->ram;
}

const char *memory_region_type(const MemoryRegion *mr)
{
    /* Bounded: an alias chain longer than this is a board bug, not a loop
     * worth following. */
    for (int depth = 0; mr->kind == MEMORY_REGION_ALIAS && depth < 16; depth++) {
        mr = mr->alias;
    }
    switch (mr->kind) {
    case MEMORY_REGION_RAM:
        return "ram";
    case MEMORY_REGION_ROM:
        return "rom";
    default:
        return "i/o";
    }
}

static unsigned ops_min(const MemoryRegionOps *ops)
{
    return ops->min_access ? ops->min_access : 1;
}

static unsigned ops_max(const MemoryRegionOps *ops)
{
    return ops->max_access ? ops->max_access : 8;
}

static uint64_t size_mask(unsigned size)
{
    return size >= 8 ? UINT64_MAX : (UINT64_C(1) << (size * 8)) - 1;
}

static uint64_t ops_read(MemoryRegion *mr, hwaddr off, unsigned size)
{
    if (!mr->ops->read) {
        return 0;
    }
    return mr->ops->read(mr->opaque, off, size) & size_mask(size);
}

/* Walks [off, off + size) in pieces the ops implement: the widest allowed
 * size the position is aligned to and that fits, never below min_access
 * (then the piece is widened to an aligned min_access unit). */
static MemTxResult memory_region_dispatch(MemoryRegion *mr, hwaddr off,
                                          uint64_t *val, unsigned size,
                                          bool is_write)
{
    const MemoryRegionOps *ops = mr->ops;
    unsigned min = ops_min(ops), max = ops_max(ops);
    uint64_t result = 0;

    g_assert(mr->kind == MEMORY_REGION_IO && size >= 1 && size <= 8);
    if (ops->reject_unaligned && (off & (size - 1))) {
        return MEMTX_ACCESS_ERROR;
    }
    /* Counted in bytes done, not end addresses: a region reaching 2^64
     * would make off + size wrap. */
    for (unsigned done = 0; done < size;) {
        hwaddr pos = off + done;
        unsigned p = max;
        while (p > min && ((pos & (p - 1)) || p > size - done)) {
            p /= 2;
        }
        hwaddr base = pos & ~(hwaddr)(p - 1);
        unsigned skip = pos - base;
        unsigned n = MIN(size - done, p - skip);
        unsigned shift = done * 8;
        uint64_t mask = size_mask(n);

        if (!is_write) {
            uint64_t v = ops_read(mr, base, p);
            result |= ((v >> (skip * 8)) & mask) << shift;
        } else if (ops->write) {
            uint64_t part = (*val >> shift) & mask;
            uint64_t v = 0;
            if (n < p) {
                /* Narrower than the device implements: read, merge, write. */
                v = ops_read(mr, base, p) & ~(mask << (skip * 8));
            }
            ops->write(mr->opaque, base, v | (part << (skip * 8)), p);
        }
        done += n;
    }
    if (!is_write) {
        *val = result;
    }
    return MEMTX_OK;
}

MemTxResult memory_region_dispatch_read(MemoryRegion *mr, hwaddr off,
                                        uint64_t *val, unsigned size)
{
    return memory_region_dispatch(mr, off, val, size, false);
}

MemTxResult memory_region_dispatch_write(MemoryRegion *mr, hwaddr off,
                                         uint64_t val, unsigned size)
{
    return memory_region_dispatch(mr, off, &val, size, true);
}

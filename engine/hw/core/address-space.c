#include "address-space.h"

#include <string.h>

typedef __int128 Addr128;   /* region bases: an alias may start below 0 */

struct AddressSpace {
    char *name;
    MemoryRegion *root;
    GArray *view;           /* FlatRange, sorted, non-overlapping */
    uint64_t view_generation;
    uint64_t unassigned_value;
    uint64_t unassigned_count;
};

/* Alias chains and nesting deeper than this are board bugs; stopping keeps
 * a cycle from recursing forever. */
enum { RENDER_MAX_DEPTH = 32 };

static Addr128 region_size(const MemoryRegion *mr)
{
    return mr->size == MEMORY_SIZE_FULL ? (Addr128)1 << 64 : (Addr128)mr->size;
}

/* Puts mr into the holes of [s, l] that nothing of higher precedence took. */
static void view_fill_gaps(GArray *view, hwaddr s, hwaddr l, MemoryRegion *mr,
                           hwaddr offset_at_s, bool readonly)
{
    guint i = 0;
    hwaddr cur = s;

    while (i < view->len && g_array_index(view, FlatRange, i).last < s) {
        i++;
    }
    for (;;) {
        if (i < view->len && g_array_index(view, FlatRange, i).start <= cur) {
            const FlatRange *taken = &g_array_index(view, FlatRange, i);
            if (taken->last >= l) {
                return;
            }
            cur = taken->last + 1;
            i++;
            continue;
        }
        hwaddr gap_last = l;
        if (i < view->len && g_array_index(view, FlatRange, i).start <= l) {
            gap_last = g_array_index(view, FlatRange, i).start - 1;
        }
        FlatRange r = {
            .start = cur, .last = gap_last, .mr = mr,
            .offset_in_region = offset_at_s + (cur - s), .readonly = readonly,
        };
        g_array_insert_val(view, i, r);
        i++;
        if (gap_last == l) {
            return;
        }
        cur = gap_last + 1;
    }
}

/* Subregions first, highest precedence first, each clipped to its parent;
 * then the region itself fills what is left. */
static void render(GArray *view, MemoryRegion *mr, Addr128 base,
                   hwaddr clip_s, hwaddr clip_l, int depth)
{
    if (!mr || !mr->enabled || depth > RENDER_MAX_DEPTH) {
        return;
    }
    Addr128 start = MAX(base, (Addr128)clip_s);
    Addr128 last = MIN(base + region_size(mr) - 1, (Addr128)clip_l);
    if (start > last) {
        return;
    }
    hwaddr s = start, l = last;

    if (mr->kind == MEMORY_REGION_ALIAS) {
        render(view, mr->alias, base - (Addr128)mr->alias_offset, s, l,
               depth + 1);
        return;
    }
    for (guint i = 0; i < mr->subregions->len; i++) {
        MemoryRegion *sub = g_ptr_array_index(mr->subregions, i);
        render(view, sub, base + sub->addr, s, l, depth + 1);
    }
    if (mr->kind != MEMORY_REGION_CONTAINER) {
        view_fill_gaps(view, s, l, mr, (hwaddr)(start - base),
                       mr->kind == MEMORY_REGION_ROM);
    }
}

/* Joins neighbours that continue the same region, as QEMU's flat view does. */
static void view_simplify(GArray *view)
{
    guint out = 0;

    for (guint i = 0; i < view->len; i++) {
        FlatRange *r = &g_array_index(view, FlatRange, i);
        if (out > 0) {
            FlatRange *prev = &g_array_index(view, FlatRange, out - 1);
            if (prev->mr == r->mr && prev->readonly == r->readonly &&
                prev->last + 1 == r->start &&
                prev->offset_in_region + (prev->last - prev->start) + 1 ==
                    r->offset_in_region) {
                prev->last = r->last;
                continue;
            }
        }
        g_array_index(view, FlatRange, out++) = *r;
    }
    g_array_set_size(view, out);
}

static void address_space_update(AddressSpace *as)
{
    if (as->view_generation == memory_generation()) {
        return;
    }
    g_array_set_size(as->view, 0);
    render(as->view, as->root, 0, 0, UINT64_MAX, 0);
    view_simplify(as->view);
    as->view_generation = memory_generation();
}

AddressSpace *address_space_new(MemoryRegion *root, const char *name)
{
    AddressSpace *as = g_new0(AddressSpace, 1);

    as->name = g_strdup(name);
    as->root = root;
    as->view = g_array_new(FALSE, FALSE, sizeof(FlatRange));
    as->unassigned_value = UINT64_MAX;
    return as;
}

void address_space_free(AddressSpace *as)
{
    if (!as) {
        return;
    }
    g_array_unref(as->view);
    g_free(as->name);
    g_free(as);
}

const char *address_space_name(const AddressSpace *as)
{
    return as->name;
}

MemoryRegion *address_space_root(const AddressSpace *as)
{
    return as->root;
}

void address_space_set_unassigned_value(AddressSpace *as, uint64_t value)
{
    as->unassigned_value = value;
}

uint64_t address_space_unassigned_count(const AddressSpace *as)
{
    return as->unassigned_count;
}

uint64_t address_space_generation(AddressSpace *as)
{
    address_space_update(as);
    return as->view_generation;
}

const FlatRange *address_space_flat_view(AddressSpace *as, size_t *n)
{
    address_space_update(as);
    *n = as->view->len;
    return (const FlatRange *)(void *)as->view->data;
}

/* Index of the first range whose last byte is >= addr (view->len if none). */
static guint view_search(GArray *view, hwaddr addr)
{
    guint lo = 0, hi = view->len;

    while (lo < hi) {
        guint mid = lo + (hi - lo) / 2;
        if (g_array_index(view, FlatRange, mid).last < addr) {
            lo = mid + 1;
        } else {
            hi = mid;
        }
    }
    return lo;
}

const FlatRange *address_space_lookup(AddressSpace *as, hwaddr addr)
{
    address_space_update(as);
    guint i = view_search(as->view, addr);
    if (i < as->view->len && g_array_index(as->view, FlatRange, i).start <= addr) {
        return &g_array_index(as->view, FlatRange, i);
    }
    return NULL;
}

/* min(len, bytes from addr to last inclusive) without overflowing when the
 * range reaches 2^64 - 1. len > 0, addr <= last. */
static hwaddr chunk_len(hwaddr addr, hwaddr last, hwaddr len)
{
    hwaddr room_minus_1 = last - addr;
    return len - 1 <= room_minus_1 ? len : room_minus_1 + 1;
}

static void unassigned_fill(AddressSpace *as, hwaddr addr, uint8_t *buf,
                            hwaddr len)
{
    for (hwaddr i = 0; i < len; i++) {
        buf[i] = as->unassigned_value >> (((addr + i) & 7) * 8);
    }
}

/* Guest access to an I/O range: power-of-two pieces go whole to the region
 * (which splits, widens or refuses them); others in aligned pieces. */
static MemTxResult io_access(MemoryRegion *mr, hwaddr off, uint8_t *buf,
                             hwaddr len, bool is_write)
{
    MemTxResult worst = MEMTX_OK;

    while (len) {
        unsigned p;
        if (len <= 8 && (len & (len - 1)) == 0) {
            p = len;
        } else {
            p = 8;
            while (p > len || (off & (p - 1))) {
                p /= 2;
            }
        }
        uint64_t v = 0;
        MemTxResult r;
        if (is_write) {
            for (unsigned i = 0; i < p; i++) {
                v |= (uint64_t)buf[i] << (i * 8);
            }
            r = memory_region_dispatch_write(mr, off, v, p);
        } else {
            r = memory_region_dispatch_read(mr, off, &v, p);
            for (unsigned i = 0; i < p; i++) {
                buf[i] = v >> (i * 8);
            }
        }
        if (worst == MEMTX_OK) {
            worst = r;
        }
        off += p;
        buf += p;
        len -= p;
    }
    return worst;
}

static bool address_space_rw(AddressSpace *as, hwaddr addr, uint8_t *buf,
                             hwaddr len, bool is_write, MemTxResult *result)
{
    MemTxResult worst = MEMTX_OK;

    if (len == 0) {
        goto out;
    }
    address_space_update(as);
    if (addr + (len - 1) < addr) {
        /* Wraps past 2^64: no bus decodes it; touch nothing. */
        if (!is_write) {
            unassigned_fill(as, addr, buf, len);
        }
        as->unassigned_count++;
        worst = MEMTX_DECODE_ERROR;
        goto out;
    }
    while (len) {
        guint i = view_search(as->view, addr);
        const FlatRange *r = i < as->view->len ?
            &g_array_index(as->view, FlatRange, i) : NULL;
        hwaddr n;
        MemTxResult res = MEMTX_OK;

        if (!r || r->start > addr) {
            n = r ? chunk_len(addr, r->start - 1, len) : len;
            if (!is_write) {
                unassigned_fill(as, addr, buf, n);
            }
            as->unassigned_count++;
            res = MEMTX_DECODE_ERROR;
        } else {
            MemoryRegion *mr = r->mr;
            hwaddr off = r->offset_in_region + (addr - r->start);
            n = chunk_len(addr, r->last, len);
            if (mr->ram) {
                /* The view only holds ranges inside the region; check
                 * anyway, as this is where guest numbers meet host memory. */
                g_assert(off < mr->size && n <= mr->size - off);
                if (!is_write) {
                    memcpy(buf, mr->ram + off, n);
                } else if (!r->readonly) {
                    memcpy(mr->ram + off, buf, n);
                }
            } else {
                res = io_access(mr, off, buf, n, is_write);
            }
        }
        if (worst == MEMTX_OK) {
            worst = res;
        }
        buf += n;
        len -= n;
        addr += n;   /* may wrap to 0 exactly when len reaches 0 */
    }
out:
    if (result) {
        *result = worst;
    }
    return worst == MEMTX_OK;
}

bool address_space_read(AddressSpace *as, hwaddr addr, void *buf, hwaddr len,
                        MemTxResult *result)
{
    return address_space_rw(as, addr, buf, len, false, result);
}

bool address_space_write(AddressSpace *as, hwaddr addr, const void *buf,
                         hwaddr len, MemTxResult *result)
{
    /* Not written through: the write path only reads buf. */
    return address_space_rw(as, addr, (uint8_t *)buf, len, true, result);
}

static uint64_t address_space_ld(AddressSpace *as, hwaddr addr, unsigned size,
                                 MemTxResult *result)
{
    uint8_t b[8] = { 0 };
    uint64_t v = 0;

    address_space_rw(as, addr, b, size, false, result);
    for (unsigned i = 0; i < size; i++) {
        v |= (uint64_t)b[i] << (i * 8);
    }
    return v;
}

static void address_space_st(AddressSpace *as, hwaddr addr, uint64_t v,
                             unsigned size, MemTxResult *result)
{
    uint8_t b[8];

    for (unsigned i = 0; i < size; i++) {
        b[i] = v >> (i * 8);
    }
    address_space_rw(as, addr, b, size, true, result);
}

uint8_t address_space_ldub(AddressSpace *as, hwaddr addr, MemTxResult *result)
{
    return address_space_ld(as, addr, 1, result);
}

uint16_t address_space_lduw(AddressSpace *as, hwaddr addr, MemTxResult *result)
{
    return address_space_ld(as, addr, 2, result);
}

uint32_t address_space_ldl(AddressSpace *as, hwaddr addr, MemTxResult *result)
{
    return address_space_ld(as, addr, 4, result);
}

uint64_t address_space_ldq(AddressSpace *as, hwaddr addr, MemTxResult *result)
{
    return address_space_ld(as, addr, 8, result);
}

void address_space_stb(AddressSpace *as, hwaddr addr, uint8_t val,
                       MemTxResult *result)
{
    address_space_st(as, addr, val, 1, result);
}

void address_space_stw(AddressSpace *as, hwaddr addr, uint16_t val,
                       MemTxResult *result)
{
    address_space_st(as, addr, val, 2, result);
}

void address_space_stl(AddressSpace *as, hwaddr addr, uint32_t val,
                       MemTxResult *result)
{
    address_space_st(as, addr, val, 4, result);
}

void address_space_stq(AddressSpace *as, hwaddr addr, uint64_t val,
                       MemTxResult *result)
{
    address_space_st(as, addr, val, 8, result);
}

void *address_space_translate_ram(AddressSpace *as, hwaddr addr, hwaddr len,
                                  bool for_write, hwaddr *avail,
                                  uint64_t *generation)
{
    const FlatRange *r = address_space_lookup(as, addr);

    *avail = 0;
    *generation = as->view_generation;
    if (!r || !r->mr->ram || (for_write && r->readonly) || len == 0) {
        return NULL;
    }
    hwaddr off = r->offset_in_region + (addr - r->start);
    *avail = chunk_len(addr, r->last, len);
    return r->mr->ram + off;
}

/* ---- info mtree ---- */

static hwaddr mtree_last(hwaddr start, uint64_t size)
{
    if (size == MEMORY_SIZE_FULL) {
        return start + UINT64_MAX;
    }
    return start + (size ? size - 1 : 0);
}

static void mtree_indent(GString *out, unsigned level)
{
    for (unsigned i = 0; i < level; i++) {
        g_string_append(out, "  ");
    }
}

static void mtree_print_mr(GString *out, MemoryRegion *mr, unsigned level,
                           hwaddr base, GPtrArray *aliased,
                           bool show_disabled)
{
    hwaddr start = base + mr->addr;
    hwaddr last = mtree_last(start, mr->size);

    if (mr->kind == MEMORY_REGION_ALIAS &&
        !g_ptr_array_find(aliased, mr->alias, NULL)) {
        g_ptr_array_add(aliased, mr->alias);
    }
    if (mr->enabled || show_disabled) {
        mtree_indent(out, level);
        g_string_append_printf(out, "%016" G_GINT64_MODIFIER "x-%016"
                               G_GINT64_MODIFIER "x (prio %d, %s): ",
                               start, last, mr->priority,
                               memory_region_type(mr));
        if (mr->kind == MEMORY_REGION_ALIAS) {
            g_string_append_printf(out, "alias %s @%s %016" G_GINT64_MODIFIER
                                   "x-%016" G_GINT64_MODIFIER "x",
                                   mr->name, mr->alias->name, mr->alias_offset,
                                   mtree_last(mr->alias_offset, mr->size));
        } else {
            g_string_append(out, mr->name);
        }
        g_string_append(out, mr->enabled ? "\n" : " [disabled]\n");
    }

    /* Children by address, then higher priority first; stable otherwise. */
    g_autoptr(GPtrArray) order = g_ptr_array_new();
    for (guint i = 0; i < mr->subregions->len; i++) {
        MemoryRegion *sub = g_ptr_array_index(mr->subregions, i);
        guint j = order->len;
        while (j > 0) {
            MemoryRegion *prev = g_ptr_array_index(order, j - 1);
            if (prev->addr < sub->addr ||
                (prev->addr == sub->addr && prev->priority >= sub->priority)) {
                break;
            }
            j--;
        }
        g_ptr_array_insert(order, j, sub);
    }
    for (guint i = 0; i < order->len; i++) {
        mtree_print_mr(out, g_ptr_array_index(order, i), level + 1, start,
                       aliased, show_disabled);
    }
}

static void mtree_print_tree(GString *out, AddressSpace *const *spaces,
                             size_t n, bool show_disabled)
{
    g_autoptr(GPtrArray) aliased = g_ptr_array_new();
    g_autofree bool *done = g_new0(bool, n);

    /* Spaces sharing a root are listed together above one tree. */
    for (size_t i = 0; i < n; i++) {
        if (done[i]) {
            continue;
        }
        for (size_t j = i; j < n; j++) {
            if (!done[j] && spaces[j]->root == spaces[i]->root) {
                g_string_append_printf(out, "address-space: %s\n",
                                       spaces[j]->name);
                done[j] = true;
            }
        }
        mtree_print_mr(out, spaces[i]->root, 1, 0, aliased, show_disabled);
        g_string_append(out, "\n");
    }
    /* The queue grows while printed when aliases point at aliases. */
    for (guint i = 0; i < aliased->len; i++) {
        MemoryRegion *mr = g_ptr_array_index(aliased, i);
        g_string_append_printf(out, "memory-region: %s\n", mr->name);
        mtree_print_mr(out, mr, 1, 0, aliased, show_disabled);
        g_string_append(out, "\n");
    }
}

static void mtree_print_flat(GString *out, AddressSpace *const *spaces,
                             size_t n)
{
    g_autofree bool *done = g_new0(bool, n);
    int counter = 0;

    for (size_t i = 0; i < n; i++) {
        if (done[i]) {
            continue;
        }
        g_string_append_printf(out, "FlatView #%d\n", counter++);
        for (size_t j = i; j < n; j++) {
            if (!done[j] && spaces[j]->root == spaces[i]->root) {
                g_string_append_printf(out, " AS \"%s\", root: %s",
                                       spaces[j]->name, spaces[j]->root->name);
                if (spaces[j]->root->kind == MEMORY_REGION_ALIAS) {
                    g_string_append_printf(out, ", alias %s",
                                           spaces[j]->root->alias->name);
                }
                g_string_append(out, "\n");
                done[j] = true;
            }
        }
        g_string_append_printf(out, " Root memory region: %s\n",
                               spaces[i]->root->name);
        size_t nr;
        const FlatRange *r = address_space_flat_view(spaces[i], &nr);
        if (nr == 0) {
            g_string_append(out, "  No rendered FlatView\n\n");
            continue;
        }
        for (size_t k = 0; k < nr; k++) {
            g_string_append_printf(out, "  %016" G_GINT64_MODIFIER "x-%016"
                                   G_GINT64_MODIFIER "x (prio %d, %s): %s",
                                   r[k].start, r[k].last, r[k].mr->priority,
                                   r[k].readonly ? "rom" :
                                       memory_region_type(r[k].mr),
                                   r[k].mr->name);
            if (r[k].offset_in_region) {
                g_string_append_printf(out, " @%016" G_GINT64_MODIFIER "x",
                                       r[k].offset_in_region);
            }
            g_string_append(out, "\n");
        }
        g_string_append(out, "\n");
    }
}

char *address_space_mtree_text(AddressSpace *const *spaces, size_t n,
                               bool flat, bool show_disabled)
{
    GString *out = g_string_new(NULL);

    if (flat) {
        mtree_print_flat(out, spaces, n);
    } else {
        mtree_print_tree(out, spaces, n, show_disabled);
    }
    return g_string_free(out, FALSE);
}

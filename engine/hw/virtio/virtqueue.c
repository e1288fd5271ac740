/* Virtqueues: split rings, their checks and their notifications (see the
 * header). */
#include "virtqueue.h"

#include <inttypes.h>
#include <stdarg.h>
#include <string.h>

/* Sizes in guest memory (virtio 1.x, 2.6): a descriptor; the available
 * ring's flags, idx, ring[num] and used_event; the used ring's flags, idx,
 * ring[num] of {id, len} and avail_event. */
enum {
    VRING_DESC_SIZE = 16,
    VRING_AVAIL_HEADER = 4,
    VRING_AVAIL_ELEM = 2,
    VRING_USED_HEADER = 4,
    VRING_USED_ELEM = 8,
};

struct VirtQueue {
    AddressSpace *as;           /* borrowed */
    unsigned index;
    unsigned num_max;
    VirtQueueErrorFn *on_error;
    void *opaque;

    /* The driver's set-up. */
    unsigned num;
    hwaddr desc;
    hwaddr avail;
    hwaddr used;
    bool ready;
    bool indirect;              /* VIRTIO_F_RING_INDIRECT_DESC negotiated */
    bool event_idx;             /* VIRTIO_F_RING_EVENT_IDX negotiated */

    /* The device's progress. */
    bool broken;
    uint16_t last_avail_idx;
    uint16_t used_idx;
    uint16_t signalled_used;    /* used_idx when we last interrupted */
    bool signalled_used_valid;
    unsigned in_use;
    uint64_t epoch;             /* resets so far: stale elements' test */

    /* Host views of the three rings, good while the address space's
     * generation is map_generation. */
    bool mapped;
    uint64_t map_generation;
    uint8_t *desc_host;
    uint8_t *avail_host;
    uint8_t *used_host;
};

/* One descriptor, copied out of guest memory before it is looked at. */
typedef struct VringDesc {
    uint64_t addr;
    uint32_t len;
    uint16_t flags;
    uint16_t next;
} VringDesc;

static uint16_t load_le16(const uint8_t *p)
{
    uint16_t v;

    memcpy(&v, p, sizeof(v));
    return GUINT16_FROM_LE(v);
}

static void store_le16(uint8_t *p, uint16_t v)
{
    v = GUINT16_TO_LE(v);
    memcpy(p, &v, sizeof(v));
}

static void store_le32(uint8_t *p, uint32_t v)
{
    v = GUINT32_TO_LE(v);
    memcpy(p, &v, sizeof(v));
}

static void virtqueue_error(VirtQueue *vq, const char *fmt, ...)
    G_GNUC_PRINTF(2, 3);

static void virtqueue_error(VirtQueue *vq, const char *fmt, ...)
{
    va_list ap;

    if (vq->broken) {
        return;
    }
    va_start(ap, fmt);
    g_autofree char *msg = g_strdup_vprintf(fmt, ap);
    va_end(ap);
    g_autofree char *reason = g_strdup_printf("queue %u: %s", vq->index,
                                              msg);

    vq->broken = true;
    if (vq->on_error) {
        vq->on_error(vq->opaque, reason);
    }
}

VirtQueue *virtqueue_new(AddressSpace *as, unsigned index, unsigned num_max,
                         VirtQueueErrorFn *on_error, void *opaque)
{
    g_assert(as);
    g_assert(num_max && num_max <= VIRTQUEUE_MAX_SIZE &&
             !(num_max & (num_max - 1)));
    VirtQueue *vq = g_new0(VirtQueue, 1);

    vq->as = as;
    vq->index = index;
    vq->num_max = num_max;
    vq->on_error = on_error;
    vq->opaque = opaque;
    virtqueue_reset(vq);
    return vq;
}

void virtqueue_free(VirtQueue *vq)
{
    g_free(vq);
}

unsigned virtqueue_get_num_max(const VirtQueue *vq)
{
    return vq->num_max;
}

unsigned virtqueue_get_index(const VirtQueue *vq)
{
    return vq->index;
}

void virtqueue_reset(VirtQueue *vq)
{
    vq->num = vq->num_max;
    vq->desc = vq->avail = vq->used = 0;
    vq->ready = false;
    vq->indirect = vq->event_idx = false;
    vq->broken = false;
    vq->last_avail_idx = vq->used_idx = 0;
    vq->signalled_used = 0;
    vq->signalled_used_valid = false;
    vq->in_use = 0;
    vq->epoch++;
    vq->mapped = false;
}

bool virtqueue_configure(VirtQueue *vq, unsigned num, hwaddr desc,
                         hwaddr avail, hwaddr used)
{
    if (!num || num > vq->num_max || (num & (num - 1))) {
        virtqueue_error(vq, "size %u is not a power of two up to %u", num,
                        vq->num_max);
        return false;
    }
    vq->num = num;
    vq->desc = desc;
    vq->avail = avail;
    vq->used = used;
    vq->mapped = false;
    return true;
}

void virtqueue_set_ready(VirtQueue *vq, bool ready)
{
    vq->ready = ready;
}

bool virtqueue_is_ready(const VirtQueue *vq)
{
    return vq->ready;
}

void virtqueue_set_features(VirtQueue *vq, uint64_t features)
{
    vq->indirect = features & (1ull << VIRTIO_F_RING_INDIRECT_DESC);
    vq->event_idx = features & (1ull << VIRTIO_F_RING_EVENT_IDX);
}

void virtqueue_set_broken(VirtQueue *vq)
{
    vq->broken = true;
}

bool virtqueue_is_broken(const VirtQueue *vq)
{
    return vq->broken;
}

unsigned virtqueue_in_use(const VirtQueue *vq)
{
    return vq->in_use;
}

/* len bytes at addr, wholly inside one RAM block (writable when
 * for_write), or NULL. */
static void *virtqueue_translate(VirtQueue *vq, hwaddr addr, hwaddr len,
                                 bool for_write)
{
    hwaddr avail;
    uint64_t generation;
    void *p = address_space_translate_ram(vq->as, addr, len, for_write,
                                          &avail, &generation);

    return p && avail == len ? p : NULL;
}

static bool virtqueue_map_ring(VirtQueue *vq, const char *what, hwaddr addr,
                               hwaddr len, bool for_write, uint8_t **host)
{
    *host = virtqueue_translate(vq, addr, len, for_write);
    if (!*host) {
        virtqueue_error(vq, "the %s at 0x%" PRIx64 " (%" PRIu64 " bytes) "
                        "is not in %sguest RAM", what, addr, len,
                        for_write ? "writable " : "");
        return false;
    }
    return true;
}

/* The rings' host views, remapped whenever the memory map has changed. */
static bool virtqueue_map(VirtQueue *vq)
{
    uint64_t generation = address_space_generation(vq->as);
    hwaddr n = vq->num;

    if (vq->mapped && vq->map_generation == generation) {
        return true;
    }
    vq->mapped = false;
    if (!virtqueue_map_ring(vq, "descriptor table", vq->desc,
                            n * VRING_DESC_SIZE, false, &vq->desc_host) ||
        !virtqueue_map_ring(vq, "available ring", vq->avail,
                            VRING_AVAIL_HEADER + n * VRING_AVAIL_ELEM + 2,
                            false, &vq->avail_host) ||
        !virtqueue_map_ring(vq, "used ring", vq->used,
                            VRING_USED_HEADER + n * VRING_USED_ELEM + 2, true,
                            &vq->used_host)) {
        return false;
    }
    vq->map_generation = generation;
    vq->mapped = true;
    return true;
}

static uint16_t vring_avail_flags(VirtQueue *vq)
{
    return load_le16(vq->avail_host);
}

static uint16_t vring_avail_idx(VirtQueue *vq)
{
    return load_le16(vq->avail_host + 2);
}

static uint16_t vring_avail_ring(VirtQueue *vq, unsigned i)
{
    return load_le16(vq->avail_host + VRING_AVAIL_HEADER +
                     i * VRING_AVAIL_ELEM);
}

static uint16_t vring_used_event(VirtQueue *vq)
{
    return vring_avail_ring(vq, vq->num);
}

static void vring_set_avail_event(VirtQueue *vq, uint16_t val)
{
    store_le16(vq->used_host + VRING_USED_HEADER + vq->num * VRING_USED_ELEM,
               val);
}

static void vring_desc_read(const uint8_t *table, unsigned i, VringDesc *d)
{
    const uint8_t *p = table + (size_t)i * VRING_DESC_SIZE;
    uint64_t addr;
    uint32_t len;

    memcpy(&addr, p, 8);
    memcpy(&len, p + 8, 4);
    d->addr = GUINT64_FROM_LE(addr);
    d->len = GUINT32_FROM_LE(len);
    d->flags = load_le16(p + 12);
    d->next = load_le16(p + 14);
}

/* The chain being walked: buffers collected so far. */
typedef struct ChainWalk {
    GArray *out;                /* struct iovec */
    GArray *in;
    size_t out_len;
    size_t in_len;
} ChainWalk;

static bool virtqueue_add_buffer(VirtQueue *vq, ChainWalk *w,
                                 const VringDesc *d, unsigned i)
{
    bool writable = d->flags & VRING_DESC_F_WRITE;
    size_t *total = writable ? &w->in_len : &w->out_len;

    if (!d->len) {
        virtqueue_error(vq, "descriptor %u has length 0", i);
        return false;
    }
    if (!writable && w->in->len) {
        virtqueue_error(vq, "descriptor %u is device-readable but follows "
                        "a device-writable one", i);
        return false;
    }
    if (d->len > VIRTQUEUE_ELEM_MAX_BYTES - *total) {
        virtqueue_error(vq, "descriptor chain carries more than %u bytes",
                        VIRTQUEUE_ELEM_MAX_BYTES);
        return false;
    }
    void *host = virtqueue_translate(vq, d->addr, d->len, writable);

    if (!host) {
        virtqueue_error(vq, "descriptor %u: [0x%" PRIx64 ", +0x%" PRIx32
                        ") is not in %sguest RAM", i, d->addr, d->len,
                        writable ? "writable " : "");
        return false;
    }
    struct iovec iov = { .iov_base = host, .iov_len = d->len };

    g_array_append_val(writable ? w->in : w->out, iov);
    *total += d->len;
    return true;
}

/* Switches the walk to the indirect table d names. */
static const uint8_t *virtqueue_enter_indirect(VirtQueue *vq,
                                               const VringDesc *d,
                                               unsigned i, unsigned *size)
{
    if (!vq->indirect) {
        virtqueue_error(vq, "descriptor %u is indirect, which was not "
                        "negotiated", i);
        return NULL;
    }
    if (d->flags & VRING_DESC_F_NEXT) {
        virtqueue_error(vq, "indirect descriptor %u also has NEXT set", i);
        return NULL;
    }
    if (!d->len || d->len % VRING_DESC_SIZE ||
        d->len / VRING_DESC_SIZE > VIRTQUEUE_INDIRECT_MAX) {
        virtqueue_error(vq, "indirect table of descriptor %u has length %"
                        PRIu32 ": not a multiple of %u from %u to %u", i,
                        d->len, VRING_DESC_SIZE, VRING_DESC_SIZE,
                        VRING_DESC_SIZE * VIRTQUEUE_INDIRECT_MAX);
        return NULL;
    }
    const uint8_t *table = virtqueue_translate(vq, d->addr, d->len, false);

    if (!table) {
        virtqueue_error(vq, "indirect table of descriptor %u at 0x%" PRIx64
                        " is not in guest RAM", i, d->addr);
        return NULL;
    }
    *size = d->len / VRING_DESC_SIZE;
    return table;
}

/* Walks the chain at head into w: the direct descriptors, then at most one
 * indirect table at the end. A chain visits each descriptor of a table at
 * most once unless it loops, so more steps than the table has entries
 * means a loop. */
static bool virtqueue_walk(VirtQueue *vq, unsigned head, ChainWalk *w)
{
    const uint8_t *table = vq->desc_host;
    unsigned size = vq->num;
    unsigned steps = 0;
    bool indirect = false;
    unsigned i = head;

    for (;;) {
        VringDesc d;

        if (++steps > size) {
            virtqueue_error(vq, "descriptor chain at %u is longer than its "
                            "table (%u): a loop", head, size);
            return false;
        }
        vring_desc_read(table, i, &d);
        if (d.flags & VRING_DESC_F_INDIRECT) {
            if (indirect) {
                virtqueue_error(vq, "indirect table holds an indirect "
                                "descriptor (%u)", i);
                return false;
            }
            table = virtqueue_enter_indirect(vq, &d, i, &size);
            if (!table) {
                return false;
            }
            indirect = true;
            steps = 0;
            i = 0;
            continue;
        }
        if (!virtqueue_add_buffer(vq, w, &d, i)) {
            return false;
        }
        if (!(d.flags & VRING_DESC_F_NEXT)) {
            return true;
        }
        if (d.next >= size) {
            virtqueue_error(vq, "descriptor %u: next %u is beyond the %s "
                            "(%u entries)", i, d.next,
                            indirect ? "indirect table" : "queue", size);
            return false;
        }
        i = d.next;
    }
}

static VirtQueueElement *virtqueue_elem_new(unsigned head,
                                            const ChainWalk *w)
{
    VirtQueueElement *elem = g_new0(VirtQueueElement, 1);

    elem->index = head;
    elem->out_num = w->out->len;
    elem->in_num = w->in->len;
    elem->out_len = w->out_len;
    elem->in_len = w->in_len;
    elem->out_sg = g_memdup2(w->out->data,
                             w->out->len * sizeof(struct iovec));
    elem->in_sg = g_memdup2(w->in->data, w->in->len * sizeof(struct iovec));
    return elem;
}

void virtqueue_elem_free(VirtQueueElement *elem)
{
    if (!elem) {
        return;
    }
    g_free(elem->out_sg);
    g_free(elem->in_sg);
    g_free(elem);
}

/* Whether a chain is waiting; with EVENT_IDX, an empty queue first asks
 * the driver to kick at the next one and looks again, so a chain added
 * in between is not missed. */
static bool virtqueue_has_work(VirtQueue *vq, uint16_t *avail_idx)
{
    *avail_idx = vring_avail_idx(vq);
    if (*avail_idx == vq->last_avail_idx && vq->event_idx) {
        vring_set_avail_event(vq, vq->last_avail_idx);
        __atomic_thread_fence(__ATOMIC_SEQ_CST);
        *avail_idx = vring_avail_idx(vq);
    }
    /* The ring entries are read after the index that published them. */
    __atomic_thread_fence(__ATOMIC_ACQUIRE);
    return *avail_idx != vq->last_avail_idx;
}

VirtQueueElement *virtqueue_pop(VirtQueue *vq)
{
    uint16_t avail_idx;

    if (vq->broken || !vq->ready || !virtqueue_map(vq) ||
        !virtqueue_has_work(vq, &avail_idx)) {
        return NULL;
    }
    if ((uint16_t)(avail_idx - vq->last_avail_idx) > vq->num) {
        virtqueue_error(vq, "available index moved from %u to %u, more "
                        "than the queue size %u", vq->last_avail_idx,
                        avail_idx, vq->num);
        return NULL;
    }
    unsigned head = vring_avail_ring(vq, vq->last_avail_idx % vq->num);

    if (head >= vq->num) {
        virtqueue_error(vq, "available ring entry %u names descriptor %u "
                        "of %u", vq->last_avail_idx % vq->num, head,
                        vq->num);
        return NULL;
    }
    ChainWalk w = {
        .out = g_array_new(FALSE, FALSE, sizeof(struct iovec)),
        .in = g_array_new(FALSE, FALSE, sizeof(struct iovec)),
    };
    VirtQueueElement *elem = NULL;

    if (virtqueue_walk(vq, head, &w)) {
        elem = virtqueue_elem_new(head, &w);
        elem->epoch = vq->epoch;
        vq->last_avail_idx++;
        vq->in_use++;
    }
    g_array_free(w.out, TRUE);
    g_array_free(w.in, TRUE);
    return elem;
}

void virtqueue_push(VirtQueue *vq, VirtQueueElement *elem, uint32_t len)
{
    g_assert(len <= elem->in_len);
    if (elem->epoch != vq->epoch) {
        /* Popped before a reset: the guest has forgotten it. */
        virtqueue_elem_free(elem);
        return;
    }
    vq->in_use--;
    if (vq->broken || !virtqueue_map(vq)) {
        virtqueue_elem_free(elem);
        return;
    }
    uint8_t *slot = vq->used_host + VRING_USED_HEADER +
                    (size_t)(vq->used_idx % vq->num) * VRING_USED_ELEM;

    store_le32(slot, elem->index);
    store_le32(slot + 4, len);
    /* The entry is visible before the index that publishes it. */
    __atomic_thread_fence(__ATOMIC_RELEASE);
    vq->used_idx++;
    store_le16(vq->used_host + 2, vq->used_idx);
    virtqueue_elem_free(elem);
}

/* virtio 1.x 2.6.7.2: interrupt when the used index passed used_event
 * since the last interrupt (old..new, modulo 2^16). */
static bool vring_need_event(uint16_t event, uint16_t new_idx, uint16_t old)
{
    return (uint16_t)(new_idx - event - 1) < (uint16_t)(new_idx - old);
}

bool virtqueue_should_notify(VirtQueue *vq)
{
    if (vq->broken || !vq->ready || !virtqueue_map(vq)) {
        return false;
    }
    /* The driver's flags are read after our used index was published. */
    __atomic_thread_fence(__ATOMIC_SEQ_CST);
    if (!vq->event_idx) {
        return !(vring_avail_flags(vq) & VRING_AVAIL_F_NO_INTERRUPT);
    }
    uint16_t old = vq->signalled_used;
    bool valid = vq->signalled_used_valid;

    vq->signalled_used = vq->used_idx;
    vq->signalled_used_valid = true;
    return !valid || vring_need_event(vring_used_event(vq), vq->used_idx,
                                      old);
}

size_t virtqueue_elem_read(const VirtQueueElement *elem, size_t offset,
                           void *buf, size_t len)
{
    size_t done = 0;

    for (unsigned i = 0; i < elem->out_num && done < len; i++) {
        const struct iovec *v = &elem->out_sg[i];

        if (offset >= v->iov_len) {
            offset -= v->iov_len;
            continue;
        }
        size_t n = MIN(v->iov_len - offset, len - done);

        memcpy((uint8_t *)buf + done, (uint8_t *)v->iov_base + offset, n);
        done += n;
        offset = 0;
    }
    return done;
}

size_t virtqueue_elem_write(const VirtQueueElement *elem, size_t offset,
                            const void *buf, size_t len)
{
    size_t done = 0;

    for (unsigned i = 0; i < elem->in_num && done < len; i++) {
        const struct iovec *v = &elem->in_sg[i];

        if (offset >= v->iov_len) {
            offset -= v->iov_len;
            continue;
        }
        size_t n = MIN(v->iov_len - offset, len - done);

        memcpy((uint8_t *)v->iov_base + offset, (const uint8_t *)buf + done,
               n);
        done += n;
        offset = 0;
    }
    return done;
}

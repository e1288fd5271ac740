/* Fuzz target for virtqueues (engine/hw/virtio/virtqueue.c): a guest that
 * writes anything it likes into its descriptor table and rings.
 *
 * Memory: two adjacent RAM blocks (64 KiB, then 4 KiB), a ROM and an I/O
 * region (which must never be touched through a queue: its callbacks
 * abort). Input: the queue's size, negotiated features and ring addresses
 * (in RAM, straddling the blocks, in ROM, on the I/O region or nowhere),
 * the initial RAM contents, then operations: pop, push (with any length
 * the element allows), drop, should_notify, guest writes to RAM,
 * reset and reconfigure, and memory map changes.
 * Checks, beyond "no crash, no leak, no undefined behaviour":
 *   - every buffer of a popped element lies inside one RAM block, and
 *     device-writable buffers never in ROM;
 *   - an element's totals match its buffers and stay within
 *     VIRTQUEUE_ELEM_MAX_BYTES; its head is below the queue size;
 *   - the error function runs at most once per break, and a broken queue
 *     pops nothing.
 */
#include "virtqueue.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#define RAM0_BASE 0x80000000ull
#define RAM0_SIZE 0x10000
#define RAM1_BASE (RAM0_BASE + RAM0_SIZE)
#define RAM1_SIZE 0x1000
#define ROM_BASE 0x20000000ull
#define ROM_SIZE 0x1000
#define IO_BASE 0x10000000ull
#define IO_SIZE 0x1000
#define MAX_HELD 16

typedef struct FuzzInput {
    const uint8_t *data;
    size_t size;
} FuzzInput;

typedef struct FuzzState {
    MemoryRegion sys, ram0, ram1, rom, io;
    AddressSpace *as;
    VirtQueue *vq;
    unsigned errors;
    bool broken_seen;
    VirtQueueElement *held[MAX_HELD];
    unsigned n_held;
} FuzzState;

static uint64_t take(FuzzInput *in, unsigned bytes)
{
    uint64_t v = 0;

    for (unsigned i = 0; i < bytes; i++) {
        v <<= 8;
        if (in->size) {
            v |= *in->data++;
            in->size--;
        }
    }
    return v;
}

static uint64_t io_read(void *opaque, hwaddr off, unsigned size)
{
    abort();            /* a queue must never reach device registers */
}

static void io_write(void *opaque, hwaddr off, uint64_t val, unsigned size)
{
    abort();
}

static const MemoryRegionOps io_ops = {
    .read = io_read, .write = io_write, .min_access = 1, .max_access = 8,
};

static void on_error(void *opaque, const char *reason)
{
    FuzzState *s = opaque;

    if (s->broken_seen) {
        abort();        /* once per break */
    }
    s->broken_seen = true;
    s->errors++;
}

/* A ring address: inside RAM, across the block boundary, in ROM, on the
 * I/O region, unassigned, or near 2^64. */
static hwaddr take_addr(FuzzInput *in)
{
    uint64_t off = take(in, 2);

    switch (take(in, 1) % 8) {
    case 0:
        return RAM1_BASE - (off % 64);
    case 1:
        return ROM_BASE + off % ROM_SIZE;
    case 2:
        return IO_BASE + off % IO_SIZE;
    case 3:
        return off;
    case 4:
        return UINT64_MAX - off;
    default:
        return RAM0_BASE + off % (RAM0_SIZE + RAM1_SIZE);
    }
}

static bool in_block(const uint8_t *p, size_t len, MemoryRegion *mr)
{
    const uint8_t *base = memory_region_get_ram_ptr(mr);

    return p >= base && len <= mr->size && (size_t)(p - base) <= mr->size - len;
}

static void check_elem(FuzzState *s, const VirtQueueElement *e)
{
    size_t out = 0, in = 0;

    if (e->index >= VIRTQUEUE_MAX_SIZE) {
        abort();
    }
    for (unsigned i = 0; i < e->out_num; i++) {
        const struct iovec *v = &e->out_sg[i];

        if (!v->iov_len || (!in_block(v->iov_base, v->iov_len, &s->ram0) &&
                            !in_block(v->iov_base, v->iov_len, &s->ram1) &&
                            !in_block(v->iov_base, v->iov_len, &s->rom))) {
            abort();
        }
        out += v->iov_len;
    }
    for (unsigned i = 0; i < e->in_num; i++) {
        const struct iovec *v = &e->in_sg[i];

        if (!v->iov_len || (!in_block(v->iov_base, v->iov_len, &s->ram0) &&
                            !in_block(v->iov_base, v->iov_len, &s->ram1))) {
            abort();
        }
        in += v->iov_len;
    }
    if (out != e->out_len || in != e->in_len ||
        out > VIRTQUEUE_ELEM_MAX_BYTES || in > VIRTQUEUE_ELEM_MAX_BYTES) {
        abort();
    }
}

static void configure(FuzzState *s, FuzzInput *in)
{
    unsigned num = 1u << (take(in, 1) % 9);     /* 1..256 */
    hwaddr desc = take_addr(in);
    hwaddr avail = take_addr(in);
    hwaddr used = take_addr(in);
    uint64_t features = 0;
    uint8_t f = take(in, 1);

    if (f & 1) {
        features |= 1ull << VIRTIO_F_RING_INDIRECT_DESC;
    }
    if (f & 2) {
        features |= 1ull << VIRTIO_F_RING_EVENT_IDX;
    }
    if (f & 4) {
        num = 3;        /* not a power of two: refused */
    }
    virtqueue_configure(s->vq, num, desc, avail, used);
    virtqueue_set_features(s->vq, features);
    virtqueue_set_ready(s->vq, true);
}

static void release_held(FuzzState *s, unsigned i, bool push, uint32_t len)
{
    VirtQueueElement *e = s->held[i];

    s->held[i] = s->held[--s->n_held];
    if (push) {
        virtqueue_push(s->vq, e, e->in_len ? len % (e->in_len + 1) : 0);
    } else {
        virtqueue_elem_free(e);
    }
}

static void op(FuzzState *s, FuzzInput *in)
{
    switch (take(in, 1) % 8) {
    case 0:
    case 1: {
        bool was_broken = virtqueue_is_broken(s->vq);
        VirtQueueElement *e = virtqueue_pop(s->vq);

        if (!e) {
            return;
        }
        if (was_broken) {
            abort();
        }
        check_elem(s, e);
        if (s->n_held < MAX_HELD) {
            s->held[s->n_held++] = e;
        } else {
            virtqueue_push(s->vq, e, 0);
        }
        break;
    }
    case 2:
        if (s->n_held) {
            release_held(s, take(in, 1) % s->n_held, true, take(in, 4));
        }
        break;
    case 3:
        if (s->n_held) {
            release_held(s, take(in, 1) % s->n_held, false, 0);
        }
        break;
    case 4:
        virtqueue_should_notify(s->vq);
        break;
    case 5: {
        /* The guest rewrites a few bytes, typically a ring. */
        hwaddr addr = RAM0_BASE + take(in, 2) % (RAM0_SIZE + RAM1_SIZE);
        uint8_t buf[8];

        for (unsigned i = 0; i < sizeof(buf); i++) {
            buf[i] = take(in, 1);
        }
        address_space_write(s->as, addr, buf, sizeof(buf), NULL);
        break;
    }
    case 6:
        /* Elements popped before a reset may still be pushed (and must
         * then change nothing). */
        virtqueue_reset(s->vq);
        s->broken_seen = false;
        configure(s, in);
        break;
    case 7:
        /* The map changes under the cached ring pointers. */
        memory_region_set_enabled(&s->ram1, !s->ram1.enabled);
        break;
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    FuzzInput in = { data, size };
    FuzzState s = { 0 };

    memory_region_init_container(&s.sys, "system", MEMORY_SIZE_FULL);
    memory_region_init_ram(&s.ram0, "ram0", RAM0_SIZE, &error_abort);
    memory_region_init_ram(&s.ram1, "ram1", RAM1_SIZE, &error_abort);
    memory_region_init_rom(&s.rom, "rom", ROM_SIZE, &error_abort);
    memory_region_init_io(&s.io, "io", &io_ops, &s, IO_SIZE);
    memory_region_add_subregion(&s.sys, RAM0_BASE, &s.ram0);
    memory_region_add_subregion(&s.sys, RAM1_BASE, &s.ram1);
    memory_region_add_subregion(&s.sys, ROM_BASE, &s.rom);
    memory_region_add_subregion(&s.sys, IO_BASE, &s.io);
    s.as = address_space_new(&s.sys, "fuzz");
    s.vq = virtqueue_new(s.as, 0, 256, on_error, &s);

    configure(&s, &in);
    /* The guest's initial memory: the next bytes, up to all of RAM. */
    size_t fill = take(&in, 2) + 1;

    fill = MIN(fill, in.size);

    address_space_write(s.as, RAM0_BASE, in.data, fill, NULL);
    in.data += fill;
    in.size -= fill;
    while (in.size) {
        op(&s, &in);
    }

    while (s.n_held) {
        release_held(&s, 0, false, 0);
    }
    virtqueue_free(s.vq);
    address_space_free(s.as);
    memory_region_del_subregion(&s.sys, &s.ram0);
    memory_region_del_subregion(&s.sys, &s.ram1);
    memory_region_del_subregion(&s.sys, &s.rom);
    memory_region_del_subregion(&s.sys, &s.io);
    memory_region_finalize(&s.ram0);
    memory_region_finalize(&s.ram1);
    memory_region_finalize(&s.rom);
    memory_region_finalize(&s.io);
    memory_region_finalize(&s.sys);
    return 0;
}

/* Virtqueues: split rings (virtio 1.x) in guest memory, as a device sees
 * them.
 *
 * The driver posts descriptor chains in the available ring; the device
 * takes one with virtqueue_pop(), which walks the chain (following direct
 * and, when negotiated, indirect descriptors) and maps every buffer to a
 * host pointer into guest RAM: out_sg are the device-readable buffers, in_sg
 * the device-writable ones. The device returns it with virtqueue_push() and
 * asks virtqueue_should_notify() whether to interrupt the driver (the
 * no-interrupt flag, or the used_event index with EVENT_IDX).
 *
 * Nothing the guest writes is trusted. Ring and buffer addresses must lie
 * wholly inside one RAM block of the address space (never I/O, never ROM
 * for what the device writes: a buffer spanning two blocks is refused too);
 * indices are checked against the queue size; a chain longer than the queue
 * (a loop), an indirect table not allowed, nested, empty, misaligned or
 * larger than VIRTQUEUE_INDIRECT_MAX, a zero-length buffer, a device-readable
 * buffer after a device-writable one, or a chain carrying more than
 * VIRTQUEUE_ELEM_MAX_BYTES in one direction: each makes the queue broken.
 * A broken queue calls its error function once (the device then marks
 * itself as needing a reset), pops nothing more and ignores pushes; only
 * virtqueue_reset() mends it. Every descriptor is copied before it is
 * checked, so a guest rewriting it meanwhile cannot slip past the checks.
 *
 * Ownership: virtqueue_new() returns a queue the caller owns
 * (virtqueue_free()); it borrows the address space, which must outlive it.
 * virtqueue_pop() returns an element the caller owns until it hands it back
 * with virtqueue_push() (which frees it) or drops it with
 * virtqueue_elem_free(). The element's host pointers stay valid while the
 * guest's RAM stays mapped: a device that keeps an element across an
 * asynchronous operation finishes (or drains) it before the board changes
 * the memory map or frees RAM. Main thread only; the memory fences the spec
 * asks for are there for a driver running on another thread. */
#pragma once

#include "address-space.h"

#include <stdbool.h>
#include <stdint.h>
#include <sys/uio.h>

/* The largest queue a split ring can have (virtio 1.x, 2.6). */
#define VIRTQUEUE_MAX_SIZE 32768
/* Descriptors in one indirect table, as QEMU allows: enough for any
 * driver's scatter list (Linux's block layer stops at a few hundred), and
 * it bounds the segments one element costs the host. */
#define VIRTQUEUE_INDIRECT_MAX 1024
/* Bytes one element may carry in each direction. used.len is 32 bits, and
 * no request a driver makes comes near 1 GiB; the bound keeps every byte
 * count a device computes far from overflow. */
#define VIRTQUEUE_ELEM_MAX_BYTES (1u << 30)

/* Descriptor flags and ring flags (virtio 1.x, 2.6). */
enum {
    VRING_DESC_F_NEXT = 1,
    VRING_DESC_F_WRITE = 2,
    VRING_DESC_F_INDIRECT = 4,
    VRING_AVAIL_F_NO_INTERRUPT = 1,
    VRING_USED_F_NO_NOTIFY = 1,
};

/* Feature bits the ring itself depends on. */
#define VIRTIO_F_RING_INDIRECT_DESC 28
#define VIRTIO_F_RING_EVENT_IDX 29
#define VIRTIO_F_VERSION_1 32

typedef struct VirtQueue VirtQueue;

/* One popped chain. The iovecs point into guest RAM. */
typedef struct VirtQueueElement {
    unsigned index;             /* the head descriptor: used ring's id */
    unsigned out_num;           /* device-readable buffers */
    unsigned in_num;            /* device-writable buffers */
    size_t out_len;             /* their total sizes */
    size_t in_len;
    struct iovec *out_sg;
    struct iovec *in_sg;
    uint64_t epoch;             /* private: the queue's resets at pop */
} VirtQueueElement;

/* Called once when the queue breaks, with why ("queue 0: descriptor 3
 * points outside guest RAM"). */
typedef void VirtQueueErrorFn(void *opaque, const char *reason);

/* A queue of up to num_max entries (a power of two, 1..VIRTQUEUE_MAX_SIZE)
 * over guest memory as. index names it in messages. */
VirtQueue *virtqueue_new(AddressSpace *as, unsigned index, unsigned num_max,
                         VirtQueueErrorFn *on_error, void *opaque);
void virtqueue_free(VirtQueue *vq);

unsigned virtqueue_get_num_max(const VirtQueue *vq);
unsigned virtqueue_get_index(const VirtQueue *vq);

/* The driver's set-up, applied when it enables the queue: size and the
 * guest addresses of the descriptor table, available (driver) ring and
 * used (device) ring. Refuses (and breaks the queue) a size that is not a
 * power of two up to num_max; the addresses are checked at each use,
 * since the memory map may change under them. */
bool virtqueue_configure(VirtQueue *vq, unsigned num, hwaddr desc,
                         hwaddr avail, hwaddr used);
void virtqueue_set_ready(VirtQueue *vq, bool ready);
bool virtqueue_is_ready(const VirtQueue *vq);
/* The negotiated feature bits (indirect descriptors, EVENT_IDX). */
void virtqueue_set_features(VirtQueue *vq, uint64_t features);

/* Back to the state after a device reset: not ready, no addresses,
 * indices 0, not broken. Elements still out stay the caller's; pushing
 * them later does nothing. */
void virtqueue_reset(VirtQueue *vq);

/* Breaks the queue from outside (the device broke): it stops as if it had
 * found an error itself, without calling the error function. */
void virtqueue_set_broken(VirtQueue *vq);
bool virtqueue_is_broken(const VirtQueue *vq);

/* The next available chain, or NULL when there is none, the queue is not
 * ready or it is broken (the error function has run then). With EVENT_IDX,
 * an empty queue asks the driver to notify on the next chain. */
VirtQueueElement *virtqueue_pop(VirtQueue *vq);
/* Hands elem back as used, with len bytes written to its in_sg (at most
 * in_len), and frees it. Nothing reaches the guest when the queue is
 * broken or was reset since elem was popped. */
void virtqueue_push(VirtQueue *vq, VirtQueueElement *elem, uint32_t len);
/* Frees an element without handing it back. NULL is allowed. */
void virtqueue_elem_free(VirtQueueElement *elem);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(VirtQueueElement, virtqueue_elem_free)

/* Whether the driver wants an interrupt for what was pushed since the last
 * time this said yes. */
bool virtqueue_should_notify(VirtQueue *vq);

/* Elements popped since the last reset and not pushed back (one freed
 * without a push still counts: the guest never got it back). */
unsigned virtqueue_in_use(const VirtQueue *vq);

/* Copies up to len bytes from the element's device-readable buffers,
 * starting offset bytes in, to buf; returns how many it copied. */
size_t virtqueue_elem_read(const VirtQueueElement *elem, size_t offset,
                           void *buf, size_t len);
/* Copies up to len bytes from buf into the device-writable buffers,
 * starting offset bytes in; returns how many it copied. */
size_t virtqueue_elem_write(const VirtQueueElement *elem, size_t offset,
                            const void *buf, size_t len);

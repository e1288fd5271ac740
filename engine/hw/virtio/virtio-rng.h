/* virtio-rng-device: entropy for the guest (virtio 1.x, 5.4). One queue of
 * device-writable buffers; each is filled from the host's getrandom() and
 * handed back with the number of bytes written.
 *
 * Rate limit, as QEMU's: at most max-bytes per period milliseconds of
 * virtual (guest) time. A period starts with the first request after the
 * previous one ended; once its quota is spent, requests wait in the ring
 * until the period's timer refills it. A buffer also gets at most
 * VIRTIO_RNG_CHUNK bytes per request, so a guest posting a huge buffer
 * cannot hold the main loop in getrandom(); drivers take what they get
 * (used.len) and ask again. Device-readable buffers are ignored. No
 * configuration space, no device features.
 *
 * Ownership: the device owns its timer (clock.h), made at realize and
 * freed at unrealize. Main thread only. */
#pragma once

#include "clock.h"
#include "virtio.h"

OBJECT_DECLARE_SIMPLE_TYPE(VirtIORNG, VIRTIO_RNG_DEVICE)

#define VIRTIO_RNG_QUEUE_SIZE 8
#define VIRTIO_RNG_CHUNK (64 * 1024)

struct VirtIORNG {
    VirtIODevice parent_obj;
    VirtioRngDeviceProperties props;
    VirtQueue *vq;
    Timer *period_timer;
    bool period_running;        /* the timer is armed for this period */
    uint64_t quota;             /* bytes left in this period */
    uint64_t bytes_given;       /* since realize, for tests and the monitor */
};

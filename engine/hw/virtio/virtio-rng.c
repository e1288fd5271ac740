/* virtio-rng-device: fill the guest's buffers from getrandom(), within the
 * rate limit (see the header). */
#include "virtio-rng.h"

#include <errno.h>
#include <sys/random.h>

/* Fills len bytes at buf; returns how many it managed (short only if the
 * host's generator fails, which leaves the guest with fewer bytes). */
static size_t virtio_rng_fill(uint8_t *buf, size_t len)
{
    size_t done = 0;

    while (done < len) {
        ssize_t n = getrandom(buf + done, len - done, 0);

        if (n < 0) {
            if (errno == EINTR) {
                continue;
            }
            break;
        }
        done += n;
    }
    return done;
}

static void virtio_rng_handle_queue(VirtIODevice *vdev, VirtQueue *vq)
{
    VirtIORNG *s = VIRTIO_RNG_DEVICE(vdev);
    VirtQueueElement *elem;

    if (!s->period_running) {
        timer_mod(s->period_timer, clock_get_ns(CLOCK_KIND_VIRTUAL) +
                                       (int64_t)s->props.period * 1000000);
        s->period_running = true;
    }
    /* With the quota spent, requests stay in the ring for the next
     * period. */
    while (s->quota && (elem = virtqueue_pop(vq))) {
        size_t want = MIN(MIN(elem->in_len, (size_t)VIRTIO_RNG_CHUNK),
                          s->quota);
        size_t given = 0;

        for (unsigned i = 0; i < elem->in_num && given < want; i++) {
            size_t len = MIN(elem->in_sg[i].iov_len, want - given);
            size_t n = virtio_rng_fill(elem->in_sg[i].iov_base, len);

            given += n;
            if (n < len) {
                break;
            }
        }
        s->quota -= given;
        s->bytes_given += given;
        virtqueue_push(vq, elem, given);
    }
    virtio_notify(vdev, vq);
}

/* A new period: a full quota for what waits and what comes. */
static void virtio_rng_period_end(void *opaque)
{
    VirtIORNG *s = opaque;

    s->quota = s->props.max_bytes;
    s->period_running = false;
    virtio_queue_notify(VIRTIO_DEVICE(s), 0);
}

static bool virtio_rng_realize(VirtIODevice *vdev, Error **errp)
{
    VirtIORNG *s = VIRTIO_RNG_DEVICE(vdev);

    if (s->props.max_bytes > INT64_MAX) {
        error_setg(errp, "virtio-rng-device: max-bytes must be below 2^63");
        return false;
    }
    if (!s->props.period) {
        error_setg(errp, "virtio-rng-device: period must be at least 1 "
                   "(milliseconds)");
        return false;
    }
    s->vq = virtio_add_queue(vdev, VIRTIO_RNG_QUEUE_SIZE,
                             virtio_rng_handle_queue);
    s->period_timer = timer_new(CLOCK_KIND_VIRTUAL, virtio_rng_period_end,
                                s);
    s->period_running = false;
    s->quota = s->props.max_bytes;
    s->bytes_given = 0;
    return true;
}

static void virtio_rng_unrealize(VirtIODevice *vdev)
{
    VirtIORNG *s = VIRTIO_RNG_DEVICE(vdev);

    g_clear_pointer(&s->period_timer, timer_free);
    s->vq = NULL;
}

static void virtio_rng_reset(VirtIODevice *vdev)
{
    VirtIORNG *s = VIRTIO_RNG_DEVICE(vdev);

    timer_del(s->period_timer);
    s->period_running = false;
    s->quota = s->props.max_bytes;
}

static void virtio_rng_class_init(ObjectClass *oc, const void *data)
{
    VirtioDeviceClass *vdc = VIRTIO_DEVICE_CLASS(oc);

    qom_virtio_rng_device_class_add_properties(
        oc, QOM_PROPS_OFFSET(VirtIORNG, props, VirtioRngDeviceProperties));
    vdc->device_id = VIRTIO_ID_RNG;
    vdc->realize = virtio_rng_realize;
    vdc->unrealize = virtio_rng_unrealize;
    vdc->reset = virtio_rng_reset;
}

static const TypeInfo virtio_rng_type_info = {
    QOM_VIRTIO_RNG_DEVICE_TYPE_INFO,
    .instance_size = sizeof(VirtIORNG),
    .class_init = virtio_rng_class_init,
};

static void virtio_rng_register_types(void)
{
    type_register_static(&virtio_rng_type_info);
}

type_init(virtio_rng_register_types)

/* virtio-blk-device: requests, config space, drain (see the header). */
#include "virtio-blk.h"

#include <string.h>

#include "block-registry.h"

/* The request header the driver puts first (virtio 1.x, 5.2.6). */
enum { VIRTIO_BLK_HEADER_SIZE = 16 };

/* One request on its way through the disk. */
typedef struct VirtIOBlockReq {
    VirtIOBlock *s;
    VirtQueueElement *elem;
    uint32_t type;
    uint64_t offset;            /* bytes into the image */
    size_t data_len;
    unsigned pending;           /* block operations not yet complete */
    bool failed;
    bool flush_after;           /* write-through: flush before completing */
} VirtIOBlockReq;

unsigned virtio_blk_in_flight(const VirtIOBlock *s)
{
    return s->in_flight;
}

/* Writes the status byte (the last device-writable byte), hands the
 * element back with len bytes written and interrupts the driver. */
static void virtio_blk_complete(VirtIOBlock *s, VirtQueueElement *elem,
                                uint8_t status, size_t len)
{
    VirtIODevice *vdev = VIRTIO_DEVICE(s);

    virtqueue_elem_write(elem, elem->in_len - 1, &status, 1);
    virtqueue_push(s->vq, elem, len);
    virtio_notify(vdev, s->vq);
}

static void virtio_blk_req_finish(VirtIOBlockReq *req)
{
    VirtIOBlock *s = req->s;
    bool ok = !req->failed;
    size_t len = 1;

    if (ok && req->type == VIRTIO_BLK_T_IN) {
        len += req->data_len;
    }
    virtio_blk_complete(s, req->elem, ok ? VIRTIO_BLK_S_OK
                                         : VIRTIO_BLK_S_IOERR, len);
    s->in_flight--;
    g_free(req);
}

static void virtio_blk_op_done(void *opaque, int64_t ret, const Error *err)
{
    VirtIOBlockReq *req = opaque;

    if (ret < 0) {
        req->failed = true;
    }
    if (--req->pending) {
        return;
    }
    if (!req->failed && req->flush_after) {
        req->flush_after = false;
        req->pending = 1;
        block_file_aio_flush(req->s->blk, virtio_blk_op_done, req);
        return;
    }
    virtio_blk_req_finish(req);
}

/* One block operation per guest buffer, skipping the first skip bytes of
 * the list (the header, for a write) and stopping after data_len. The
 * callbacks never run inside these calls, so pending is complete before
 * the first one does. */
static void virtio_blk_submit_rw(VirtIOBlockReq *req, const struct iovec *sg,
                                 unsigned n, size_t skip, bool write)
{
    VirtIOBlock *s = req->s;
    size_t left = req->data_len;
    uint64_t offset = req->offset;

    for (unsigned i = 0; i < n && left; i++) {
        if (skip >= sg[i].iov_len) {
            skip -= sg[i].iov_len;
            continue;
        }
        uint8_t *base = (uint8_t *)sg[i].iov_base + skip;
        size_t len = MIN(sg[i].iov_len - skip, left);

        skip = 0;
        req->pending++;
        if (write) {
            block_file_aio_write(s->blk, offset, base, len,
                                 virtio_blk_op_done, req);
        } else {
            block_file_aio_read(s->blk, offset, base, len,
                                virtio_blk_op_done, req);
        }
        offset += len;
        left -= len;
    }
}

/* Whether [sector, +len bytes) is whole sectors inside the image. */
static bool virtio_blk_range_ok(VirtIOBlock *s, uint64_t sector, size_t len)
{
    uint64_t sectors = block_file_get_size(s->blk) / VIRTIO_BLK_SECTOR_SIZE;

    return len % VIRTIO_BLK_SECTOR_SIZE == 0 && sector <= sectors &&
           len / VIRTIO_BLK_SECTOR_SIZE <= sectors - sector;
}

static void virtio_blk_get_id(VirtIOBlock *s, VirtQueueElement *elem)
{
    const char *serial = s->props.serial ? s->props.serial : "";
    size_t len = MIN(strlen(serial) + 1,
                     MIN(elem->in_len - 1, (size_t)VIRTIO_BLK_ID_BYTES));

    virtqueue_elem_write(elem, 0, serial, len);
    virtio_blk_complete(s, elem, VIRTIO_BLK_S_OK, len + 1);
}

/* Starts one request; false when it broke the device. */
static bool virtio_blk_handle_request(VirtIOBlock *s, VirtQueueElement *elem)
{
    uint8_t header[VIRTIO_BLK_HEADER_SIZE];

    if (elem->out_len < VIRTIO_BLK_HEADER_SIZE || elem->in_len < 1) {
        virtio_error(VIRTIO_DEVICE(s), "request %u has no room for its "
                     "%s", elem->index,
                     elem->in_len < 1 ? "status byte" : "header");
        virtqueue_elem_free(elem);
        return false;
    }
    virtqueue_elem_read(elem, 0, header, sizeof(header));

    uint32_t type;
    uint64_t sector;

    memcpy(&type, header, 4);
    memcpy(&sector, header + 8, 8);
    type = GUINT32_FROM_LE(type);
    sector = GUINT64_FROM_LE(sector);

    bool write = type == VIRTIO_BLK_T_OUT;
    size_t data_len = write ? elem->out_len - VIRTIO_BLK_HEADER_SIZE
                            : elem->in_len - 1;

    switch (type) {
    case VIRTIO_BLK_T_IN:
    case VIRTIO_BLK_T_OUT:
        if ((write && block_file_is_read_only(s->blk)) ||
            !virtio_blk_range_ok(s, sector, data_len)) {
            virtio_blk_complete(s, elem, VIRTIO_BLK_S_IOERR, 1);
            return true;
        }
        break;
    case VIRTIO_BLK_T_FLUSH:
        break;
    case VIRTIO_BLK_T_GET_ID:
        virtio_blk_get_id(s, elem);
        return true;
    default:
        virtio_blk_complete(s, elem, VIRTIO_BLK_S_UNSUPP, 1);
        return true;
    }
    VirtIOBlockReq *req = g_new0(VirtIOBlockReq, 1);

    req->s = s;
    req->elem = elem;
    req->type = type;
    req->offset = sector * VIRTIO_BLK_SECTOR_SIZE;
    req->data_len = type == VIRTIO_BLK_T_FLUSH ? 0 : data_len;
    req->flush_after = write && !s->writeback;
    s->in_flight++;
    if (type == VIRTIO_BLK_T_FLUSH) {
        req->pending = 1;
        block_file_aio_flush(s->blk, virtio_blk_op_done, req);
    } else if (write) {
        virtio_blk_submit_rw(req, elem->out_sg, elem->out_num,
                             VIRTIO_BLK_HEADER_SIZE, true);
    } else {
        virtio_blk_submit_rw(req, elem->in_sg, elem->in_num, 0, false);
    }
    if (!req->pending) {
        /* No data: a zero-length read or write, done at once (with the
         * flush a write-through write owes). */
        req->pending = 1;
        virtio_blk_op_done(req, 0, NULL);
    }
    return true;
}

static void virtio_blk_handle_queue(VirtIODevice *vdev, VirtQueue *vq)
{
    VirtIOBlock *s = VIRTIO_BLK_DEVICE(vdev);
    VirtQueueElement *elem;

    while ((elem = virtqueue_pop(vq))) {
        if (!virtio_blk_handle_request(s, elem)) {
            return;
        }
    }
}

/* Waits for every request in flight: their completions run on the main
 * context they were submitted from. */
static void virtio_blk_drain(VirtIOBlock *s)
{
    while (s->in_flight) {
        g_main_context_iteration(s->ctx, TRUE);
    }
}

static uint64_t virtio_blk_get_features(VirtIODevice *vdev)
{
    VirtIOBlock *s = VIRTIO_BLK_DEVICE(vdev);
    uint64_t f = (1ull << VIRTIO_BLK_F_SEG_MAX) |
                 (1ull << VIRTIO_BLK_F_BLK_SIZE) |
                 (1ull << VIRTIO_BLK_F_FLUSH);

    if (s->props.config_wce) {
        f |= 1ull << VIRTIO_BLK_F_CONFIG_WCE;
    }
    if (block_file_is_read_only(s->blk)) {
        f |= 1ull << VIRTIO_BLK_F_RO;
    }
    return f;
}

/* A driver that cannot flush gets a write-through disk (virtio 1.x,
 * 5.2.5.1). */
static void virtio_blk_set_features(VirtIODevice *vdev, uint64_t features)
{
    VirtIOBlock *s = VIRTIO_BLK_DEVICE(vdev);

    if (!(features & (1ull << VIRTIO_BLK_F_FLUSH))) {
        s->writeback = false;
    }
}

static void put_le32(uint8_t *p, uint32_t v)
{
    v = GUINT32_TO_LE(v);
    memcpy(p, &v, 4);
}

static void virtio_blk_get_config(VirtIODevice *vdev, uint8_t *config)
{
    VirtIOBlock *s = VIRTIO_BLK_DEVICE(vdev);
    uint64_t capacity = GUINT64_TO_LE(block_file_get_size(s->blk) /
                                      VIRTIO_BLK_SECTOR_SIZE);
    uint16_t num_queues = GUINT16_TO_LE(1);

    memset(config, 0, VIRTIO_BLK_CFG_SIZE);
    memcpy(config + VIRTIO_BLK_CFG_CAPACITY, &capacity, 8);
    put_le32(config + VIRTIO_BLK_CFG_SEG_MAX, s->props.queue_size - 2);
    put_le32(config + VIRTIO_BLK_CFG_BLK_SIZE, VIRTIO_BLK_SECTOR_SIZE);
    config[VIRTIO_BLK_CFG_WRITEBACK] = s->writeback;
    memcpy(config + VIRTIO_BLK_CFG_NUM_QUEUES, &num_queues, 2);
}

/* Only the writeback byte is writable, and only with CONFIG_WCE. */
static void virtio_blk_set_config(VirtIODevice *vdev, const uint8_t *config)
{
    VirtIOBlock *s = VIRTIO_BLK_DEVICE(vdev);

    if (virtio_has_feature(vdev, VIRTIO_BLK_F_CONFIG_WCE)) {
        s->writeback = config[VIRTIO_BLK_CFG_WRITEBACK] != 0;
    }
}

static bool virtio_blk_realize(VirtIODevice *vdev, Error **errp)
{
    VirtIOBlock *s = VIRTIO_BLK_DEVICE(vdev);
    unsigned qs = s->props.queue_size;

    if (qs < 4 || qs > 1024 || (qs & (qs - 1))) {
        error_setg(errp, "virtio-blk-device: queue-size must be a power "
                   "of two from 4 to 1024, not %u", qs);
        return false;
    }
    if (!s->props.drive) {
        error_setg(errp, "virtio-blk-device needs property 'drive' (the "
                   "name of a block node)");
        return false;
    }
    g_autofree char *who = qdev_describe(DEVICE(s));

    s->blk = block_registry_attach(block_registry_default(), s->props.drive,
                                   who, errp);
    if (!s->blk) {
        return false;
    }
    s->vq = virtio_add_queue(vdev, qs, virtio_blk_handle_queue);
    s->writeback = true;
    s->ctx = g_main_context_ref_thread_default();
    return true;
}

static void virtio_blk_unrealize(VirtIODevice *vdev)
{
    VirtIOBlock *s = VIRTIO_BLK_DEVICE(vdev);

    virtio_blk_drain(s);
    block_registry_detach(block_registry_default(), s->props.drive);
    s->blk = NULL;
    s->vq = NULL;
    g_clear_pointer(&s->ctx, g_main_context_unref);
}

static void virtio_blk_reset(VirtIODevice *vdev)
{
    VirtIOBlock *s = VIRTIO_BLK_DEVICE(vdev);

    virtio_blk_drain(s);
    s->writeback = true;
}

static void virtio_blk_class_init(ObjectClass *oc, const void *data)
{
    VirtioDeviceClass *vdc = VIRTIO_DEVICE_CLASS(oc);

    qom_virtio_blk_device_class_add_properties(
        oc, QOM_PROPS_OFFSET(VirtIOBlock, props, VirtioBlkDeviceProperties));
    vdc->device_id = VIRTIO_ID_BLOCK;
    vdc->config_size = VIRTIO_BLK_CFG_SIZE;
    vdc->get_features = virtio_blk_get_features;
    vdc->set_features = virtio_blk_set_features;
    vdc->get_config = virtio_blk_get_config;
    vdc->set_config = virtio_blk_set_config;
    vdc->realize = virtio_blk_realize;
    vdc->unrealize = virtio_blk_unrealize;
    vdc->reset = virtio_blk_reset;
}

static const TypeInfo virtio_blk_type_info = {
    QOM_VIRTIO_BLK_DEVICE_TYPE_INFO,
    .instance_size = sizeof(VirtIOBlock),
    .class_init = virtio_blk_class_init,
};

static void virtio_blk_register_types(void)
{
    type_register_static(&virtio_blk_type_info);
}

type_init(virtio_blk_register_types)

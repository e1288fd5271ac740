/* virtio-blk-device: a disk for the guest, backed by a named block node
 * (block-registry.h) and served through one request queue (virtio 1.x,
 * 5.2).
 *
 * Requests: IN (read), OUT (write), FLUSH and GET_ID (the serial); any
 * other type completes with UNSUPP. Each request is a header the device
 * reads (type, sector), data, and a status byte the device writes last.
 * Sector ranges are checked against the image: a request past the end,
 * whose length is not whole sectors, or a write to a read-only drive
 * completes with IOERR; the host never sees it. A request without room
 * for its header or status breaks the device (virtio.h).
 *
 * Data moves with block_file_aio_*() straight between the image and guest
 * RAM, one operation per buffer; completions come back on the main loop,
 * which never waits for the disk. Reset and unrealize wait for requests
 * in flight (iterating the main context they complete on) so nothing
 * touches guest RAM after the driver or the board let go of it.
 *
 * Config space: capacity (512-byte sectors, rounded down), seg_max
 * (queue-size - 2), blk_size 512, the writeback flag, num_queues 1.
 * Features: SEG_MAX, BLK_SIZE, FLUSH, CONFIG_WCE (property config-wce),
 * RO for a read-only node. Without FLUSH negotiated, or with writeback
 * switched off by the driver, every write is flushed before it completes.
 *
 * Ownership: the device attaches its node at realize (one device per
 * node) and detaches it at unrealize; the registry keeps owning it. */
#pragma once

#include "block-file.h"
#include "virtio.h"

OBJECT_DECLARE_SIMPLE_TYPE(VirtIOBlock, VIRTIO_BLK_DEVICE)

/* Request types and status values (virtio 1.x, 5.2.6). */
enum {
    VIRTIO_BLK_T_IN = 0,
    VIRTIO_BLK_T_OUT = 1,
    VIRTIO_BLK_T_FLUSH = 4,
    VIRTIO_BLK_T_GET_ID = 8,
    VIRTIO_BLK_S_OK = 0,
    VIRTIO_BLK_S_IOERR = 1,
    VIRTIO_BLK_S_UNSUPP = 2,
};

/* Feature bits. */
enum {
    VIRTIO_BLK_F_SEG_MAX = 2,
    VIRTIO_BLK_F_RO = 5,
    VIRTIO_BLK_F_BLK_SIZE = 6,
    VIRTIO_BLK_F_FLUSH = 9,
    VIRTIO_BLK_F_CONFIG_WCE = 11,
};

/* Config space offsets. */
enum {
    VIRTIO_BLK_CFG_CAPACITY = 0,
    VIRTIO_BLK_CFG_SEG_MAX = 12,
    VIRTIO_BLK_CFG_BLK_SIZE = 20,
    VIRTIO_BLK_CFG_WRITEBACK = 32,
    VIRTIO_BLK_CFG_NUM_QUEUES = 34,
    VIRTIO_BLK_CFG_SIZE = 36,
};

#define VIRTIO_BLK_SECTOR_SIZE 512
/* GET_ID's answer is at most this long (not NUL-terminated when full). */
#define VIRTIO_BLK_ID_BYTES 20

struct VirtIOBlock {
    VirtIODevice parent_obj;
    VirtioBlkDeviceProperties props;
    BlockNode *blk;             /* lent by the registry while realized */
    VirtQueue *vq;
    bool writeback;             /* config's writeback byte */
    unsigned in_flight;         /* requests waiting for the disk */
    GMainContext *ctx;          /* where their completions run; a ref */
};

/* Requests waiting for the disk (for tests and the monitor). */
unsigned virtio_blk_in_flight(const VirtIOBlock *s);

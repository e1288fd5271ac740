/* virtio-net-device: a network card for the guest (virtio 1.x, 5.1),
 * connected to a network back-end from the netdev registry
 * (netdev-registry.h) by its `netdev` property.
 *
 * Two queues: receive (0), whose device-writable buffers the driver posts
 * for frames coming in, and transmit (1), whose device-readable chains
 * each carry one frame going out. Every frame is preceded by the 12-byte
 * virtio_net_hdr (VERSION_1's layout). No offloads are offered, so the
 * header of a frame going out is skipped and that of a frame coming in is
 * zero with num_buffers 1.
 *
 * Going out: each chain is copied (header skipped) and handed to the
 * back-end at once; a chain without room for its header breaks the
 * device (virtio.h); a frame shorter than an Ethernet header or longer
 * than NET_BACKEND_FRAME_MAX is dropped and counted, its chain returned.
 * Coming in: a frame takes the next receive buffer; with none posted (or
 * before DRIVER_OK) it waits in the back-end's bounded queue
 * (net-backend.h) until the driver posts buffers and notifies. A buffer
 * too small for the frame gets its first bytes (counted as truncated); one
 * too small for even the header breaks the device. Nothing a guest writes
 * makes the device touch memory outside the buffers it posted.
 *
 * Config space: mac (6 bytes), status (LINK_UP while a back-end is
 * connected). Features: MAC, STATUS.
 *
 * Ownership: the device attaches its back-end at realize (one device per
 * back-end) and detaches it at unrealize; the registry keeps owning it.
 * Main thread only. */
#pragma once

#include "net-backend.h"
#include "virtio.h"

OBJECT_DECLARE_SIMPLE_TYPE(VirtIONet, VIRTIO_NET_DEVICE)

/* Feature bits and status bits (virtio 1.x, 5.1.3). */
enum {
    VIRTIO_NET_F_MAC = 5,
    VIRTIO_NET_F_STATUS = 16,
    VIRTIO_NET_S_LINK_UP = 1,
};

/* Config space offsets. */
enum {
    VIRTIO_NET_CFG_MAC = 0,
    VIRTIO_NET_CFG_STATUS = 6,
    VIRTIO_NET_CFG_SIZE = 8,
};

enum { VIRTIO_NET_RX_QUEUE = 0, VIRTIO_NET_TX_QUEUE = 1 };

/* struct virtio_net_hdr_v1: flags, gso_type, hdr_len, gso_size,
 * csum_start, csum_offset, num_buffers. */
#define VIRTIO_NET_HDR_SIZE 12
#define VIRTIO_NET_QUEUE_SIZE 256

struct VirtIONet {
    VirtIODevice parent_obj;
    VirtioNetDeviceProperties props;
    uint8_t mac[6];
    NetBackend *nb;             /* lent by the registry while realized */
    VirtQueue *rx_vq;
    VirtQueue *tx_vq;
    uint8_t *tx_buf;            /* NET_BACKEND_FRAME_MAX bytes */
    uint64_t tx_dropped;        /* frames of a bad size, or no back-end */
    uint64_t rx_truncated;      /* frames cut to fit a small buffer */
};

/* "52:54:00:12:34:56" (or with '-') into mac; refuses a multicast
 * address, which no card may have. */
bool virtio_net_parse_mac(const char *text, uint8_t mac[6], Error **errp);

/* virtio-net-device: frames between the guest's queues and a network
 * back-end (see the header). */
#include "virtio-net.h"

#include <string.h>

#include "netdev-registry.h"

bool virtio_net_parse_mac(const char *text, uint8_t mac[6], Error **errp)
{
    unsigned parsed = 0;
    const char *p = text;

    while (parsed < 6) {
        if (!g_ascii_isxdigit(p[0]) || !g_ascii_isxdigit(p[1])) {
            break;
        }
        mac[parsed++] = g_ascii_xdigit_value(p[0]) << 4 |
                        g_ascii_xdigit_value(p[1]);
        p += 2;
        if (parsed < 6 && *p != ':' && *p != '-') {
            break;
        }
        p += parsed < 6;
    }
    if (parsed < 6 || *p) {
        error_setg(errp, "'%s' is not a MAC address: expected six hex bytes "
                   "separated by ':', such as 52:54:00:12:34:56", text);
        return false;
    }
    if (mac[0] & 1) {
        error_setg(errp, "'%s' is a multicast address, which no card may "
                   "have (the first byte must be even)", text);
        return false;
    }
    return true;
}

/* Frames the guest sends: one chain each, header first. */
static void virtio_net_handle_tx(VirtIODevice *vdev, VirtQueue *vq)
{
    VirtIONet *s = VIRTIO_NET_DEVICE(vdev);
    VirtQueueElement *elem;

    while ((elem = virtqueue_pop(vq))) {
        size_t len;

        if (elem->out_len < VIRTIO_NET_HDR_SIZE) {
            virtio_error(vdev, "transmit chain of %zu bytes has no room for "
                         "its %u-byte header", elem->out_len,
                         VIRTIO_NET_HDR_SIZE);
            virtqueue_elem_free(elem);
            return;
        }
        len = elem->out_len - VIRTIO_NET_HDR_SIZE;
        if (!s->nb || len < NET_BACKEND_FRAME_MIN ||
            len > NET_BACKEND_FRAME_MAX) {
            s->tx_dropped++;
        } else {
            virtqueue_elem_read(elem, VIRTIO_NET_HDR_SIZE, s->tx_buf, len);
            net_backend_send(s->nb, s->tx_buf, len);
        }
        virtqueue_push(vq, elem, 0);
    }
    virtio_notify(vdev, vq);
}

/* The driver posted receive buffers: frames waiting can come in. */
static void virtio_net_handle_rx(VirtIODevice *vdev, VirtQueue *vq)
{
    VirtIONet *s = VIRTIO_NET_DEVICE(vdev);

    if (s->nb) {
        net_backend_frontend_ready(s->nb);
    }
}

/* A frame for the guest (NetFrontendOps.receive). */
static bool virtio_net_receive(void *opaque, const uint8_t *frame,
                               size_t len)
{
    VirtIONet *s = opaque;
    VirtIODevice *vdev = VIRTIO_DEVICE(s);
    uint8_t hdr[VIRTIO_NET_HDR_SIZE] = { 0 };
    VirtQueueElement *elem;
    size_t n;

    if (!(vdev->status & VIRTIO_CONFIG_S_DRIVER_OK) ||
        virtio_is_broken(vdev)) {
        return false;
    }
    elem = virtqueue_pop(s->rx_vq);
    if (!elem) {
        return false;
    }
    if (elem->in_len < VIRTIO_NET_HDR_SIZE) {
        virtio_error(vdev, "receive buffer of %zu bytes has no room for "
                     "the %u-byte header", elem->in_len,
                     VIRTIO_NET_HDR_SIZE);
        virtqueue_elem_free(elem);
        return false;
    }
    hdr[10] = 1;                /* num_buffers, little-endian */
    virtqueue_elem_write(elem, 0, hdr, sizeof(hdr));
    n = virtqueue_elem_write(elem, VIRTIO_NET_HDR_SIZE, frame, len);
    if (n < len) {
        s->rx_truncated++;
    }
    virtqueue_push(s->rx_vq, elem, VIRTIO_NET_HDR_SIZE + n);
    virtio_notify(vdev, s->rx_vq);
    return true;
}

static const NetFrontendOps virtio_net_frontend_ops = {
    .receive = virtio_net_receive,
};

static uint64_t virtio_net_get_features(VirtIODevice *vdev)
{
    return (1ull << VIRTIO_NET_F_MAC) | (1ull << VIRTIO_NET_F_STATUS);
}

static void virtio_net_get_config(VirtIODevice *vdev, uint8_t *config)
{
    VirtIONet *s = VIRTIO_NET_DEVICE(vdev);
    uint16_t status = GUINT16_TO_LE(s->nb ? VIRTIO_NET_S_LINK_UP : 0);

    memcpy(config + VIRTIO_NET_CFG_MAC, s->mac, sizeof(s->mac));
    memcpy(config + VIRTIO_NET_CFG_STATUS, &status, sizeof(status));
}

static bool virtio_net_realize(VirtIODevice *vdev, Error **errp)
{
    VirtIONet *s = VIRTIO_NET_DEVICE(vdev);
    NetdevRegistry *reg = netdev_registry_default();

    if (s->props.mac && *s->props.mac) {
        if (!virtio_net_parse_mac(s->props.mac, s->mac, errp)) {
            error_prepend(errp, "virtio-net-device: ");
            return false;
        }
    } else {
        /* The assigned address reads back, and a configuration written
         * from this VM keeps it. */
        netdev_registry_next_default_mac(reg, s->mac);
        g_free(s->props.mac);
        s->props.mac = g_strdup_printf("%02x:%02x:%02x:%02x:%02x:%02x",
                                       s->mac[0], s->mac[1], s->mac[2],
                                       s->mac[3], s->mac[4], s->mac[5]);
    }
    if (s->props.netdev && *s->props.netdev) {
        g_autofree char *who = qdev_describe(DEVICE(s));

        s->nb = netdev_registry_attach(reg, s->props.netdev, who,
                                       &virtio_net_frontend_ops, s, errp);
        if (!s->nb) {
            return false;
        }
    }
    s->rx_vq = virtio_add_queue(vdev, VIRTIO_NET_QUEUE_SIZE,
                                virtio_net_handle_rx);
    s->tx_vq = virtio_add_queue(vdev, VIRTIO_NET_QUEUE_SIZE,
                                virtio_net_handle_tx);
    s->tx_buf = g_malloc(NET_BACKEND_FRAME_MAX);
    s->tx_dropped = 0;
    s->rx_truncated = 0;
    return true;
}

static void virtio_net_unrealize(VirtIODevice *vdev)
{
    VirtIONet *s = VIRTIO_NET_DEVICE(vdev);

    if (s->nb) {
        netdev_registry_detach(netdev_registry_default(), s->props.netdev);
        s->nb = NULL;
    }
    g_clear_pointer(&s->tx_buf, g_free);
    s->rx_vq = NULL;
    s->tx_vq = NULL;
}

static void virtio_net_class_init(ObjectClass *oc, const void *data)
{
    VirtioDeviceClass *vdc = VIRTIO_DEVICE_CLASS(oc);

    qom_virtio_net_device_class_add_properties(
        oc, QOM_PROPS_OFFSET(VirtIONet, props, VirtioNetDeviceProperties));
    vdc->device_id = VIRTIO_ID_NET;
    vdc->config_size = VIRTIO_NET_CFG_SIZE;
    vdc->get_features = virtio_net_get_features;
    vdc->get_config = virtio_net_get_config;
    vdc->realize = virtio_net_realize;
    vdc->unrealize = virtio_net_unrealize;
}

static const TypeInfo virtio_net_type_info = {
    QOM_VIRTIO_NET_DEVICE_TYPE_INFO,
    .instance_size = sizeof(VirtIONet),
    .class_init = virtio_net_class_init,
};

static void virtio_net_register_types(void)
{
    type_register_static(&virtio_net_type_info);
}

type_init(virtio_net_register_types)

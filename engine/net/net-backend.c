/* Network back-ends and the link to their device (see the header). */
#include "net-backend.h"

#include <string.h>

struct NetBackend {
    char *id;
    const NetBackendOps *ops;
    void *opaque;
    char *frontend;                 /* NULL: no device attached */
    const NetFrontendOps *fe_ops;
    void *fe_opaque;
    GQueue queue;                   /* GBytes *, oldest first */
    size_t queued_bytes;
    bool delivering;                /* inside the device's receive */
    NetBackendStats stats;
};

NetBackend *net_backend_new(const char *id, const NetBackendOps *ops,
                            void *opaque)
{
    NetBackend *nb = g_new0(NetBackend, 1);

    nb->id = g_strdup(id);
    nb->ops = ops;
    nb->opaque = opaque;
    g_queue_init(&nb->queue);
    return nb;
}

static void net_backend_drop_queue(NetBackend *nb)
{
    g_queue_clear_full(&nb->queue, (GDestroyNotify)g_bytes_unref);
    nb->queued_bytes = 0;
}

void net_backend_free(NetBackend *nb)
{
    if (!nb) {
        return;
    }
    /* A device still attached would keep a dangling pointer. */
    g_assert(!nb->frontend);
    net_backend_drop_queue(nb);
    if (nb->ops->free) {
        nb->ops->free(nb);
    }
    g_free(nb->id);
    g_free(nb);
}

const char *net_backend_get_id(const NetBackend *nb)
{
    return nb->id;
}

const NetBackendOps *net_backend_get_ops(const NetBackend *nb)
{
    return nb->ops;
}

void *net_backend_get_opaque(const NetBackend *nb)
{
    return nb->opaque;
}

char *net_backend_describe(NetBackend *nb)
{
    return nb->ops->describe ? nb->ops->describe(nb) : g_strdup("");
}

void net_backend_get_stats(const NetBackend *nb, NetBackendStats *stats)
{
    *stats = nb->stats;
    stats->queued = nb->queue.length;
}

bool net_backend_attach(NetBackend *nb, const char *who,
                        const NetFrontendOps *ops, void *opaque,
                        Error **errp)
{
    if (nb->frontend) {
        error_setg(errp, "netdev '%s' is already in use by device '%s'",
                   nb->id, nb->frontend);
        return false;
    }
    nb->frontend = g_strdup(who);
    nb->fe_ops = ops;
    nb->fe_opaque = opaque;
    return true;
}

void net_backend_detach(NetBackend *nb)
{
    g_clear_pointer(&nb->frontend, g_free);
    nb->fe_ops = NULL;
    nb->fe_opaque = NULL;
    net_backend_drop_queue(nb);
}

const char *net_backend_get_frontend(const NetBackend *nb)
{
    return nb->frontend;
}

static bool frame_size_ok(size_t len)
{
    return len >= NET_BACKEND_FRAME_MIN && len <= NET_BACKEND_FRAME_MAX;
}

void net_backend_send(NetBackend *nb, const uint8_t *frame, size_t len)
{
    if (!frame_size_ok(len)) {
        return;
    }
    nb->stats.tx_frames++;
    nb->ops->receive(nb, frame, len);
}

/* Offers queued frames to the device until it has no room. */
static void net_backend_flush(NetBackend *nb)
{
    if (nb->delivering || !nb->fe_ops) {
        return;
    }
    nb->delivering = true;
    while (!g_queue_is_empty(&nb->queue)) {
        GBytes *frame = g_queue_peek_head(&nb->queue);
        size_t len;
        const uint8_t *data = g_bytes_get_data(frame, &len);

        if (!nb->fe_ops->receive(nb->fe_opaque, data, len)) {
            break;
        }
        /* The device may have detached from inside its receive. */
        if (g_queue_peek_head(&nb->queue) != frame) {
            break;
        }
        g_queue_pop_head(&nb->queue);
        nb->queued_bytes -= len;
        nb->stats.rx_frames++;
        g_bytes_unref(frame);
    }
    nb->delivering = false;
}

void net_backend_frontend_ready(NetBackend *nb)
{
    net_backend_flush(nb);
}

void net_backend_deliver(NetBackend *nb, const uint8_t *frame, size_t len)
{
    if (!frame_size_ok(len)) {
        return;
    }
    if (!nb->fe_ops) {
        nb->stats.rx_dropped++;
        return;
    }
    /* Straight to the device when nothing waits before it (no copy). */
    if (g_queue_is_empty(&nb->queue) && !nb->delivering) {
        bool taken;

        nb->delivering = true;
        taken = nb->fe_ops->receive(nb->fe_opaque, frame, len);
        nb->delivering = false;
        if (taken) {
            nb->stats.rx_frames++;
            /* Frames the back-end sent meanwhile were queued. */
            net_backend_flush(nb);
            return;
        }
        if (!nb->fe_ops) {
            nb->stats.rx_dropped++;
            return;
        }
    }
    if (g_queue_get_length(&nb->queue) >= NET_BACKEND_QUEUE_FRAMES ||
        nb->queued_bytes + len > NET_BACKEND_QUEUE_BYTES) {
        nb->stats.rx_dropped++;
        return;
    }
    /* Behind what already waits, so frames arrive in order. */
    g_queue_push_tail(&nb->queue, g_bytes_new(frame, len));
    nb->queued_bytes += len;
    net_backend_flush(nb);
}

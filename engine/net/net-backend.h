/* Network back-ends as a front-end device sees them: one Ethernet link
 * between a back-end (user-mode networking, ...) and at most one device
 * (virtio-net-device, ...), frames going both ways.
 *
 * A back-end kind implements NetBackendOps and makes its NetBackend with
 * net_backend_new(). A device attaches with net_backend_attach() and hands
 * the guest's frames to net_backend_send(); the back-end hands frames for
 * the guest to net_backend_deliver(), which gives them to the device's
 * receive function. A device with no room (no receive buffers from its
 * driver yet) says so by returning false: the frame waits in the link's
 * queue, bounded by NET_BACKEND_QUEUE_FRAMES and NET_BACKEND_QUEUE_BYTES,
 * and further frames are dropped (and counted) while it is full. Nothing
 * here ever blocks: the protocols above (TCP, DHCP's retries) cope with
 * drops, as on a real wire. The device calls net_backend_frontend_ready()
 * when room appears; queued frames then go first, in order. A frame that
 * arrives while the device is taking another (the device sent a frame and
 * the back-end answered at once) joins the queue behind it, so a device's
 * receive function never runs inside itself.
 *
 * Frames are whole Ethernet frames without the FCS, from
 * NET_BACKEND_FRAME_MIN to NET_BACKEND_FRAME_MAX bytes; anything else is
 * dropped at the door, whichever side sent it.
 *
 * Ownership: the back-end's owner (the netdev registry) frees it with
 * net_backend_free(), which calls the kind's free hook; a device must
 * have detached first (asserted). Frames are copied when queued; the
 * receive function's frame is lent for the call. Main thread only. */
#pragma once

#include <glib.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "error.h"

#define NET_BACKEND_FRAME_MIN 14                /* an Ethernet header */
/* The largest frame either side may send: a 64 KiB IP packet plus its
 * Ethernet and VLAN headers (a driver doing TSO itself could send one). */
#define NET_BACKEND_FRAME_MAX (65536 + 18)
/* Frames waiting for the device: enough for a TCP window's burst, small
 * enough that a guest that never posts buffers costs the host little. */
#define NET_BACKEND_QUEUE_FRAMES 256
#define NET_BACKEND_QUEUE_BYTES (1024 * 1024)

typedef struct NetBackend NetBackend;

typedef struct NetBackendOps {
    const char *kind;               /* "user" */
    /* A frame from the device (the guest sent it). */
    void (*receive)(NetBackend *nb, const uint8_t *frame, size_t len);
    /* QEMU's `info network` text for the back-end after its type
     * ("net=10.0.2.0,restrict=off"); new string. NULL: "". */
    char *(*describe)(NetBackend *nb);
    /* Frees the kind's state (the opaque). */
    void (*free)(NetBackend *nb);
} NetBackendOps;

typedef struct NetFrontendOps {
    /* A frame for the guest. false: no room now (see the top); the frame
     * is kept and offered again later. */
    bool (*receive)(void *opaque, const uint8_t *frame, size_t len);
} NetFrontendOps;

typedef struct NetBackendStats {
    uint64_t tx_frames;             /* device -> back-end */
    uint64_t rx_frames;             /* back-end -> device */
    uint64_t rx_dropped;            /* queue full, or no device */
    unsigned queued;                /* frames waiting now */
} NetBackendStats;

/* A back-end called id of the given kind; opaque is its state. */
NetBackend *net_backend_new(const char *id, const NetBackendOps *ops,
                            void *opaque);
void net_backend_free(NetBackend *nb);

const char *net_backend_get_id(const NetBackend *nb);
const NetBackendOps *net_backend_get_ops(const NetBackend *nb);
void *net_backend_get_opaque(const NetBackend *nb);
char *net_backend_describe(NetBackend *nb);
void net_backend_get_stats(const NetBackend *nb, NetBackendStats *stats);

/* The device side. who names the device in messages (its id or path).
 * Fails when another device is attached. */
bool net_backend_attach(NetBackend *nb, const char *who,
                        const NetFrontendOps *ops, void *opaque,
                        Error **errp);
/* Queued frames are dropped. A no-op when nothing is attached. */
void net_backend_detach(NetBackend *nb);
/* The attached device's name, NULL when none is. */
const char *net_backend_get_frontend(const NetBackend *nb);
/* A frame the guest sent; copied or consumed before this returns. */
void net_backend_send(NetBackend *nb, const uint8_t *frame, size_t len);
/* The device has room again: offers it the queued frames. */
void net_backend_frontend_ready(NetBackend *nb);

/* The back-end side: a frame for the guest (copied if it must wait). */
void net_backend_deliver(NetBackend *nb, const uint8_t *frame, size_t len);

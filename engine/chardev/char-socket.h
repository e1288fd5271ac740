/* The "socket" back-end, unix stream sockets only. Options: path (required),
 * server (default off), wait (only off is supported), reconnect (seconds) or
 * reconnect-ms (client only; 0: none).
 *
 * Server: listens at path (and unlinks it when finalized); serves one client
 * at a time: while one is connected, others wait in the listen queue, and the
 * next is accepted after a disconnect. Client: connects at creation; with
 * reconnect, a failed or lost connection is retried every period by a GLib
 * timeout, and creation succeeds even when the first try fails.
 *
 * A new connection starts at the oldest backlog byte (see chardev.h), then
 * gets live output; sends never block: what does not fit waits in the
 * backlog for G_IO_OUT. */
#pragma once

#include "chardev.h"

#define TYPE_CHARDEV_SOCKET "chardev-socket"

void char_socket_register_types(void);

/* Hands a listening server's socket to a caller that serves many clients
 * on it (the QMP server): returns the fd, which the caller now owns; the
 * chardev stops accepting but still removes the socket file when it goes.
 * Fails (-1) for a client, another back-end, or a server with a client. */
int char_socket_take_listener(Chardev *chr, Error **errp);

/* Whether a peer is connected (false for another back-end). */
bool char_socket_is_connected(Chardev *chr);

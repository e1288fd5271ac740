/* The QMP server: QEMU's QMP wire protocol for any number of clients.
 *
 * A QmpServer owns its sessions. Clients come two ways:
 *  - a listening unix socket (-qmp unix:PATH,server=on,wait=off, or a
 *    socket chardev in server mode handed over by -mon): every connection
 *    is a session of its own, and there is no limit on how many;
 *  - any other chardev (-mon chardev=pty0, stdio): one session on it, which
 *    starts afresh (new greeting, new negotiation) whenever the chardev's
 *    peer reconnects.
 *
 * Each session gets the greeting {"QMP": {"version": ..., "capabilities":
 * []}}, must negotiate with qmp_capabilities before anything else, then may
 * run every command of the server's list; replies echo the request's id;
 * events (monitor-events.h) go to every negotiated session, in order with
 * its replies. Requests run one at a time, in arrival order.
 *
 * A session's misbehaviour is its own: a malformed message gets an error
 * reply and the session goes on; a message over the size limit gets an
 * error and the session is closed; a peer that disconnects mid-message
 * leaves nothing behind; a peer that stops reading has its replies queued
 * up to QMP_SERVER_OUTPUT_LIMIT bytes and is then dropped. None of it
 * blocks the engine or another session.
 *
 * Everything runs on the default GMainContext. Fallible calls take
 * Error **errp last and return false/NULL. */
#pragma once

#include "chardev.h"
#include "qmp-dispatch.h"

/* A client further behind than this is dropped. */
#define QMP_SERVER_OUTPUT_LIMIT ((size_t)16 << 20)

typedef struct QmpServer QmpServer;

/* cmds is borrowed and must outlive the server. */
QmpServer *qmp_server_new(const QmpCommandList *cmds);
/* Closes every session and listener, removes socket files it created. */
void qmp_server_free(QmpServer *server);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(QmpServer, qmp_server_free)

/* Listens at a unix socket path it creates (an existing socket file there
 * is replaced; any other file is an error). */
bool qmp_server_listen_unix(QmpServer *server, const char *path,
                            Error **errp);
/* Serves a chardev: a listening socket chardev is taken over for many
 * clients, anything else gets one session. The server keeps a reference. */
bool qmp_server_add_chardev(QmpServer *server, Chardev *chr, Error **errp);

/* The dispatch context's preconfig flag for every session (the machine is
 * not built yet). */
void qmp_server_set_preconfig(QmpServer *server, bool preconfig);

/* Sessions alive now (negotiated or not), for tests and `info`. */
unsigned qmp_server_session_count(const QmpServer *server);

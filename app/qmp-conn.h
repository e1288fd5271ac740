/* QMP connection: an asynchronous QMP client on a GLib main context.
 *
 * qmp_conn_open() connects to a unix socket, reads the greeting and
 * negotiates capabilities (blocking, bounded by a timeout) so a returned
 * connection is ready for commands. After that everything is asynchronous:
 * qmp_conn_send() writes a request with a fresh id and calls the callback
 * with the reply's "return" value or an Error when the reply (matched by id)
 * arrives; events go to the event handler; a closed socket fails every
 * pending request ("the engine closed the QMP connection") and calls the
 * close handler once. Replies arrive from the context's dispatch, never
 * from inside qmp_conn_send().
 *
 * qmp_conn_call() is the synchronous form for command-line tools: it
 * iterates the connection's context until the reply comes or the timeout
 * passes; events that arrive meanwhile still reach the event handler.
 *
 * Ownership: the connection owns its socket and pending requests. A
 * callback gets a borrowed result (ref it to keep it) or an Error it must
 * not free. Freeing the connection drops pending callbacks without calling
 * them. Bytes from the engine go through a JsonStream, so a malformed or
 * oversized message costs that message, never the client. */
#pragma once

#include <glib.h>
#include <stdbool.h>

#include "error.h"
#include "qdict.h"

typedef struct QmpConn QmpConn;

typedef void (*QmpReplyFunc)(QmpConn *conn, QObject *result, Error *err,
                             void *opaque);
typedef void (*QmpEventFunc)(QmpConn *conn, const char *event, QDict *data,
                             QDict *timestamp, void *opaque);
typedef void (*QmpCloseFunc)(QmpConn *conn, void *opaque);

/* context NULL: the thread-default context. timeout_ms bounds the
 * greeting and negotiation. */
QmpConn *qmp_conn_open(const char *socket_path, GMainContext *context,
                       unsigned timeout_ms, Error **errp);
void qmp_conn_free(QmpConn *conn);

/* The greeting's "QMP" member (borrowed). */
QDict *qmp_conn_get_greeting(const QmpConn *conn);
bool qmp_conn_is_open(const QmpConn *conn);

void qmp_conn_set_event_handler(QmpConn *conn, QmpEventFunc fn, void *opaque);
void qmp_conn_set_close_handler(QmpConn *conn, QmpCloseFunc fn,
                                void *opaque);

/* Takes args (may be NULL). Returns the request's id. */
uint64_t qmp_conn_send(QmpConn *conn, const char *command, QDict *args,
                       QmpReplyFunc fn, void *opaque);
/* Sends a whole request given as JSON text (an object with "execute");
 * its own "id", if any, is replaced by the connection's. */
bool qmp_conn_send_json(QmpConn *conn, const char *json, QmpReplyFunc fn,
                        void *opaque, Error **errp);

/* Synchronous: the result (a new reference) or NULL with errp set. Takes
 * args. */
QObject *qmp_conn_call(QmpConn *conn, const char *command, QDict *args,
                       unsigned timeout_ms, Error **errp);
QObject *qmp_conn_call_json(QmpConn *conn, const char *json,
                            unsigned timeout_ms, Error **errp);

G_DEFINE_AUTOPTR_CLEANUP_FUNC(QmpConn, qmp_conn_free)

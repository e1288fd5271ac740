/* The QMP server: see qmp-server.h. */
#define _GNU_SOURCE             /* accept4 */
#include "qmp-server.h"

#include "char-socket.h"
#include "json-stream.h"
#include "monitor-events.h"
#include "qapi-visit.h"
#include "qjson.h"
#include "qlist.h"
#include "qmp-control.h"
#include "qobject-input-visitor.h"
#include "qobject-output-visitor.h"
#include "visitor.h"

#include <errno.h>
#include <glib-unix.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

typedef struct QmpSession QmpSession;

/* A listening socket whose every connection is a session. */
typedef struct QmpListener {
    QmpServer *server;
    int fd;
    guint watch;
    char *unlink_path;          /* the socket file we created, or NULL */
    Chardev *chr;               /* the chardev it came from, or NULL */
} QmpListener;

struct QmpServer {
    const QmpCommandList *cmds;
    QmpCommandList *negotiation;    /* only qmp_capabilities */
    GPtrArray *listeners;           /* QmpListener, owned */
    GPtrArray *sessions;            /* QmpSession, owned */
    bool preconfig;
};

struct QmpSession {
    QmpServer *server;
    JsonStream *parser;
    bool negotiated;
    bool closing;               /* drop once the current work is done */
    /* A socket session: */
    int fd;
    guint in_watch, out_watch;
    GByteArray *out;            /* replies and events not yet written */
    size_t out_sent;            /* bytes of out already written */
    /* A chardev session: */
    Chardev *chr;
};

/* The session whose request is being dispatched, for qmp_capabilities in
 * the negotiation list (a marshaller has no context argument). */
static QmpSession *dispatching_session;

static void session_free(QmpSession *s);
static void session_send(QmpSession *s, QObject *msg);

/* Output */

static gboolean session_out_ready(gint fd, GIOCondition cond, gpointer opaque);

static void session_drop(QmpSession *s)
{
    /* Freed from the server's list; never while its own callback runs with
     * state still to touch -- callers return right after. */
    g_ptr_array_remove(s->server->sessions, s);
}

/* Writes what the socket takes now; false when the session must go. */
static bool session_flush(QmpSession *s)
{
    while (s->out_sent < s->out->len) {
        ssize_t n = send(s->fd, s->out->data + s->out_sent,
                         s->out->len - s->out_sent, MSG_NOSIGNAL);

        if (n < 0) {
            if (errno == EINTR) {
                continue;
            }
            if (errno == EAGAIN || errno == EWOULDBLOCK) {
                break;
            }
            return false;
        }
        s->out_sent += (size_t)n;
    }
    if (s->out_sent == s->out->len) {
        g_byte_array_set_size(s->out, 0);
        s->out_sent = 0;
        g_clear_handle_id(&s->out_watch, g_source_remove);
    } else if (!s->out_watch) {
        s->out_watch = g_unix_fd_add(s->fd, G_IO_OUT, session_out_ready, s);
    }
    return true;
}

static gboolean session_out_ready(gint fd, GIOCondition cond, gpointer opaque)
{
    QmpSession *s = opaque;

    if (!session_flush(s)) {
        s->out_watch = 0;
        session_drop(s);
        return G_SOURCE_REMOVE;
    }
    if (!s->out_watch) {
        return G_SOURCE_REMOVE;     /* caught up: session_flush cleared it */
    }
    return G_SOURCE_CONTINUE;
}

static void session_send(QmpSession *s, QObject *msg)
{
    g_autofree char *text = qobject_to_json(msg);
    size_t len = strlen(text);

    if (s->closing) {
        return;
    }
    if (s->chr) {
        chardev_write(s->chr, text, len);
        chardev_write(s->chr, "\r\n", 2);
        return;
    }
    if (s->out->len - s->out_sent + len + 2 > QMP_SERVER_OUTPUT_LIMIT) {
        /* The peer stopped reading: it loses the session, nobody else
         * waits for it. */
        s->closing = true;
        return;
    }
    g_byte_array_append(s->out, (const guint8 *)text, len);
    g_byte_array_append(s->out, (const guint8 *)"\r\n", 2);
    if (!s->out_watch && !session_flush(s)) {
        s->closing = true;
    }
}

static void session_greet(QmpSession *s)
{
    g_autoptr(VersionInfo) version = NULL;
    g_autoptr(QObject) version_obj = NULL;
    g_autoptr(QDict) greeting = qdict_new();
    QDict *qmp = qdict_new();
    Visitor *v;

    qmp_query_version(&version, &error_abort);
    v = qobject_output_visitor_new(&version_obj);
    visit_type_VersionInfo(v, NULL, &version, &error_abort);
    visit_complete(v, &version_obj);
    visit_free(v);
    qdict_put_obj(qmp, "version", qobject_ref(version_obj));
    /* No out-of-band execution yet, so none is offered. */
    qdict_put_obj(qmp, "capabilities", QOBJECT(qlist_new()));
    qdict_put_obj(greeting, "QMP", QOBJECT(qmp));
    session_send(s, QOBJECT(greeting));
}

/* Input */

static void session_handle_message(void *opaque, QObject *req, Error *err)
{
    QmpSession *s = opaque;
    QmpServer *server = s->server;
    QmpDispatchContext ctx = { .preconfig = server->preconfig };
    g_autoptr(QDict) reply = NULL;

    if (err) {
        reply = qmp_error_response(err);
    } else {
        dispatching_session = s;
        reply = qmp_dispatch(s->negotiated ? server->cmds
                                           : server->negotiation, req, &ctx);
        dispatching_session = NULL;
        qobject_unref(req);
        if (reply && !s->negotiated) {
            QDict *error = qdict_get_qdict(reply, "error");

            /* QEMU's words for anything but qmp_capabilities here. */
            if (error && g_str_equal(qdict_get_try_str(error, "class") ?: "",
                                     "CommandNotFound")) {
                qdict_put_str(error, "desc", "Expecting capabilities "
                              "negotiation with 'qmp_capabilities'");
            }
        }
    }
    if (reply) {
        session_send(s, QOBJECT(reply));
    }
}

/* qmp_capabilities before negotiation: checks the arguments as the schema
 * says, refuses capabilities not offered, and opens the session. */
static bool negotiation_marshal(QDict *args, QObject **ret, Error **errp)
{
    g_autoptr(q_obj_qmp_capabilities_arg) arg = NULL;
    Visitor *v = qobject_input_visitor_new(QOBJECT(args));
    bool ok = visit_type_q_obj_qmp_capabilities_arg(v, NULL, &arg, errp);

    visit_free(v);
    if (!ok) {
        return false;
    }
    if (arg->enable) {
        error_setg(errp, "Capability '%s' not available",
                   qapi_enum_lookup(&QMPCapability_lookup, arg->enable->value));
        return false;
    }
    g_assert(dispatching_session);
    dispatching_session->negotiated = true;
    return true;
}

static gboolean session_in_ready(gint fd, GIOCondition cond, gpointer opaque)
{
    QmpSession *s = opaque;
    char buf[65536];
    ssize_t n = recv(s->fd, buf, sizeof(buf), 0);

    if (n < 0 && (errno == EINTR || errno == EAGAIN)) {
        return G_SOURCE_CONTINUE;
    }
    if (n <= 0) {
        /* Gone, perhaps mid-message: the half message dies with it. */
        s->in_watch = 0;
        session_drop(s);
        return G_SOURCE_REMOVE;
    }
    json_stream_feed(s->parser, buf, (size_t)n);
    if (json_stream_overflowed(s->parser)) {
        /* The error reply is queued; send what we can, then hang up. */
        session_flush(s);
        s->closing = true;
    }
    if (s->closing) {
        s->in_watch = 0;
        session_drop(s);
        return G_SOURCE_REMOVE;
    }
    return G_SOURCE_CONTINUE;
}

static QmpSession *session_new(QmpServer *server)
{
    QmpSession *s = g_new0(QmpSession, 1);

    s->server = server;
    s->fd = -1;
    s->parser = json_stream_new(session_handle_message, s);
    g_ptr_array_add(server->sessions, s);
    return s;
}

static void session_free(QmpSession *s)
{
    g_clear_handle_id(&s->in_watch, g_source_remove);
    g_clear_handle_id(&s->out_watch, g_source_remove);
    if (s->fd >= 0) {
        close(s->fd);
    }
    if (s->chr) {
        chardev_detach_handlers(s->chr, s);
        object_unref(OBJECT(s->chr));
    }
    json_stream_free(s->parser);
    if (s->out) {
        g_byte_array_unref(s->out);
    }
    g_free(s);
}

/* Socket sessions */

static gboolean listener_accept_ready(gint fd, GIOCondition cond,
                                      gpointer opaque)
{
    QmpListener *l = opaque;
    int conn = accept4(l->fd, NULL, NULL, SOCK_NONBLOCK | SOCK_CLOEXEC);
    QmpSession *s;

    if (conn < 0) {
        return G_SOURCE_CONTINUE;
    }
    s = session_new(l->server);
    s->fd = conn;
    s->out = g_byte_array_new();
    s->in_watch = g_unix_fd_add(conn, G_IO_IN | G_IO_HUP | G_IO_ERR,
                                session_in_ready, s);
    session_greet(s);
    if (s->closing) {
        session_drop(s);
    }
    return G_SOURCE_CONTINUE;
}

static void listener_free(QmpListener *l)
{
    g_clear_handle_id(&l->watch, g_source_remove);
    close(l->fd);
    if (l->unlink_path) {
        unlink(l->unlink_path);
        g_free(l->unlink_path);
    }
    if (l->chr) {
        object_unref(OBJECT(l->chr));
    }
    g_free(l);
}

static void listener_add(QmpServer *server, int fd, char *unlink_path,
                         Chardev *chr)
{
    QmpListener *l = g_new0(QmpListener, 1);

    l->server = server;
    l->fd = fd;
    l->unlink_path = unlink_path;
    l->chr = chr ? CHARDEV(object_ref(OBJECT(chr))) : NULL;
    l->watch = g_unix_fd_add(fd, G_IO_IN, listener_accept_ready, l);
    g_ptr_array_add(server->listeners, l);
}

bool qmp_server_listen_unix(QmpServer *server, const char *path,
                            Error **errp)
{
    struct sockaddr_un sun = { .sun_family = AF_UNIX };
    struct stat st;
    int fd;

    if (strlen(path) >= sizeof(sun.sun_path)) {
        error_setg(errp, "QMP socket path '%s' is longer than %zu bytes",
                   path, sizeof(sun.sun_path) - 1);
        return false;
    }
    strcpy(sun.sun_path, path);
    if (lstat(path, &st) == 0) {
        if (!S_ISSOCK(st.st_mode)) {
            error_setg(errp, "QMP socket path '%s' exists and is not a "
                       "socket", path);
            return false;
        }
        unlink(path);
    }
    fd = socket(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
    if (fd < 0 || bind(fd, (struct sockaddr *)&sun, sizeof(sun)) < 0 ||
        listen(fd, 16) < 0) {
        error_setg_errno(errp, errno, "cannot listen on QMP socket '%s'",
                         path);
        if (fd >= 0) {
            close(fd);
        }
        return false;
    }
    listener_add(server, fd, g_strdup(path), NULL);
    return true;
}

/* Chardev sessions */

static size_t chr_session_can_read(void *opaque)
{
    return 65536;
}

static void chr_session_read(void *opaque, const uint8_t *buf, size_t len)
{
    QmpSession *s = opaque;

    json_stream_feed(s->parser, (const char *)buf, len);
}

static void chr_session_event(void *opaque, ChardevEvent event)
{
    QmpSession *s = opaque;

    if (event != CHARDEV_EVENT_OPENED && event != CHARDEV_EVENT_CLOSED) {
        return;
    }
    /* A new peer is a new session: forget the old one's state. */
    json_stream_free(s->parser);
    s->parser = json_stream_new(session_handle_message, s);
    s->negotiated = false;
    s->closing = false;
    if (event == CHARDEV_EVENT_OPENED) {
        session_greet(s);
    }
}

bool qmp_server_add_chardev(QmpServer *server, Chardev *chr, Error **errp)
{
    QmpSession *s;

    if (object_dynamic_cast(OBJECT(chr), TYPE_CHARDEV_SOCKET)) {
        Error *local_err = NULL;
        int fd = char_socket_take_listener(chr, &local_err);

        if (fd >= 0) {
            listener_add(server, fd, NULL, chr);
            return true;
        }
        error_free(local_err);  /* a client socket: one session on it */
    }
    s = session_new(server);
    s->chr = CHARDEV(object_ref(OBJECT(chr)));
    /* Stdio, a pty or a file has its peer from the start: OPENED (and the
     * greeting) comes from chardev_set_handlers when it is open. */
    chardev_set_handlers(chr, chr_session_can_read, chr_session_read,
                         chr_session_event, s);
    return true;
}

/* Events */

static void server_hear_event(void *opaque, QAPIEvent kind, QDict *event)
{
    QmpServer *server = opaque;

    for (guint i = 0; i < server->sessions->len; i++) {
        QmpSession *s = g_ptr_array_index(server->sessions, i);

        if (s->negotiated) {
            session_send(s, QOBJECT(event));
        }
    }
    /* Sessions that fell too far behind go now, not on their next read. */
    for (guint i = server->sessions->len; i-- > 0;) {
        QmpSession *s = g_ptr_array_index(server->sessions, i);

        if (s->closing && !s->chr) {
            g_ptr_array_remove_index(server->sessions, i);
        }
    }
}

/* The server */

QmpServer *qmp_server_new(const QmpCommandList *cmds)
{
    QmpServer *server = g_new0(QmpServer, 1);

    server->cmds = cmds;
    server->negotiation = qmp_command_list_new();
    qmp_register_command(server->negotiation, "qmp_capabilities",
                         negotiation_marshal, QCO_ALLOW_PRECONFIG, 0);
    server->listeners = g_ptr_array_new_with_free_func(
        (GDestroyNotify)listener_free);
    server->sessions = g_ptr_array_new_with_free_func(
        (GDestroyNotify)session_free);
    monitor_events_add_listener(server_hear_event, server);
    return server;
}

void qmp_server_free(QmpServer *server)
{
    if (!server) {
        return;
    }
    monitor_events_remove_listener(server_hear_event, server);
    g_ptr_array_unref(server->sessions);
    g_ptr_array_unref(server->listeners);
    qmp_command_list_free(server->negotiation);
    g_free(server);
}

void qmp_server_set_preconfig(QmpServer *server, bool preconfig)
{
    server->preconfig = preconfig;
}

unsigned qmp_server_session_count(const QmpServer *server)
{
    return server->sessions->len;
}

#include "qmp-conn.h"

#include <errno.h>
#include <fcntl.h>
#include <glib-unix.h>
#include <poll.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "json-stream.h"
#include "qjson.h"
#include "qlist.h"
#include "unix-socket.h"

/* A request the engine has not answered yet. */
typedef struct Pending {
    uint64_t id;
    QmpReplyFunc fn;
    void *opaque;
} Pending;

struct QmpConn {
    int refs;          /* the owner's, plus one per dispatch under way */
    int fd;            /* -1 once closed */
    GMainContext *context;
    GSource *source;
    JsonStream *stream;
    GQueue inbox;      /* QDict *: parsed messages not handled yet */
    GHashTable *pending;   /* id -> Pending * */
    uint64_t next_id;
    QDict *greeting;
    QmpEventFunc event_fn;
    void *event_opaque;
    QmpCloseFunc close_fn;
    void *close_opaque;
};

/* Why: a write to a stalled engine must not hang a front-end forever. */
#define QMP_WRITE_TIMEOUT_MS 5000

static void conn_unref(QmpConn *conn);

static void stream_emit(void *opaque, QObject *value, Error *err)
{
    QmpConn *conn = opaque;

    if (err) {
        /* The engine sent something that is not JSON: drop that message. */
        error_free(err);
        return;
    }
    QDict *msg = qobject_to(QDict, value);
    if (!msg) {
        qobject_unref(value);
        return;
    }
    g_queue_push_tail(&conn->inbox, msg);
}

static void conn_close(QmpConn *conn)
{
    if (conn->fd < 0) {
        return;
    }
    if (conn->source) {
        g_source_destroy(conn->source);
        g_source_unref(conn->source);
        conn->source = NULL;
    }
    close(conn->fd);
    conn->fd = -1;
}

/* Fails every pending request and tells the owner, once. */
static void conn_lost(QmpConn *conn)
{
    bool was_open = conn->fd >= 0;

    conn_close(conn);
    GHashTableIter iter;
    gpointer value;
    g_autoptr(GPtrArray) failed = g_ptr_array_new_with_free_func(g_free);
    g_hash_table_iter_init(&iter, conn->pending);
    while (g_hash_table_iter_next(&iter, NULL, &value)) {
        g_ptr_array_add(failed, value);
        g_hash_table_iter_steal(&iter);
    }
    for (size_t i = 0; i < failed->len; i++) {
        Pending *p = failed->pdata[i];
        g_autoptr(Error) err = NULL;

        error_setg(&err, "the engine closed the QMP connection");
        if (p->fn) {
            p->fn(conn, NULL, err, p->opaque);
        }
    }
    if (was_open && conn->close_fn) {
        conn->close_fn(conn, conn->close_opaque);
    }
}

static void handle_reply(QmpConn *conn, QDict *msg)
{
    QObject *id_obj = qdict_get(msg, "id");
    QNum *id_num = id_obj ? qobject_to(QNum, id_obj) : NULL;
    uint64_t id;

    if (!id_num || !qnum_get_try_uint(id_num, &id)) {
        return;   /* not ours: an id we never sent */
    }
    Pending *p = g_hash_table_lookup(conn->pending, &id);
    if (!p) {
        return;
    }
    g_hash_table_steal(conn->pending, &id);
    QDict *error = qdict_get_qdict(msg, "error");
    if (error) {
        g_autoptr(Error) err = NULL;
        ErrorClass cls = ERROR_CLASS_GENERIC_ERROR;
        const char *cls_name = qdict_get_try_str(error, "class");
        const char *desc = qdict_get_try_str(error, "desc");

        if (cls_name) {
            error_class_from_name(cls_name, &cls);
        }
        error_set(&err, cls, "%s", desc ? desc : "unknown error");
        if (p->fn) {
            p->fn(conn, NULL, err, p->opaque);
        }
    } else if (p->fn) {
        QObject *ret = qdict_get(msg, "return");
        g_autoptr(QDict) empty = qdict_new();

        p->fn(conn, ret ? ret : QOBJECT(empty), NULL, p->opaque);
    }
    g_free(p);
}

static void handle_message(QmpConn *conn, QDict *msg)
{
    const char *event = qdict_get_try_str(msg, "event");

    if (event) {
        if (conn->event_fn) {
            conn->event_fn(conn, event, qdict_get_qdict(msg, "data"),
                           qdict_get_qdict(msg, "timestamp"),
                           conn->event_opaque);
        }
        return;
    }
    if (qdict_haskey(msg, "QMP")) {
        if (!conn->greeting) {
            conn->greeting = qobject_ref(qdict_get_qdict(msg, "QMP"));
        }
        return;
    }
    handle_reply(conn, msg);
}

static void dispatch_inbox(QmpConn *conn)
{
    QDict *msg;

    conn->refs++;
    while (conn->refs > 1 && (msg = g_queue_pop_head(&conn->inbox))) {
        handle_message(conn, msg);
        qobject_unref(msg);
    }
    conn_unref(conn);
}

/* Reads what is there; false when the connection is gone. */
static bool conn_read(QmpConn *conn)
{
    char buf[65536];
    ssize_t n = read(conn->fd, buf, sizeof(buf));

    if (n < 0 && (errno == EAGAIN || errno == EINTR)) {
        return true;
    }
    if (n <= 0) {
        return false;
    }
    json_stream_feed(conn->stream, buf, n);
    return true;
}

static gboolean on_readable(gint fd, GIOCondition cond, gpointer opaque)
{
    QmpConn *conn = opaque;

    conn->refs++;
    if (!conn_read(conn)) {
        dispatch_inbox(conn);
        conn_lost(conn);
    } else {
        dispatch_inbox(conn);
    }
    conn_unref(conn);
    return G_SOURCE_CONTINUE;   /* conn_lost destroys the source */
}

static bool conn_write(QmpConn *conn, const char *text, size_t len)
{
    while (len && conn->fd >= 0) {
        ssize_t n = send(conn->fd, text, len, MSG_NOSIGNAL);

        if (n > 0) {
            text += n;
            len -= n;
        } else if (n < 0 && errno == EAGAIN) {
            struct pollfd pfd = { .fd = conn->fd, .events = POLLOUT };
            if (poll(&pfd, 1, QMP_WRITE_TIMEOUT_MS) <= 0) {
                return false;
            }
        } else if (!(n < 0 && errno == EINTR)) {
            return false;
        }
    }
    return len == 0;
}

/* Blocking wait, during the handshake only, for one reply to id. */
static QDict *wait_blocking(QmpConn *conn, const char *want_key,
                            int64_t deadline, Error **errp)
{
    for (;;) {
        QDict *msg;
        while ((msg = g_queue_pop_head(&conn->inbox))) {
            if (qdict_haskey(msg, want_key)) {
                return msg;
            }
            handle_message(conn, msg);
            qobject_unref(msg);
        }
        int64_t left = (deadline - g_get_monotonic_time()) / 1000;
        struct pollfd pfd = { .fd = conn->fd, .events = POLLIN };
        if (left <= 0 || poll(&pfd, 1, (int)left) == 0) {
            error_setg(errp, "the engine did not answer on QMP in time");
            return NULL;
        }
        if (!conn_read(conn)) {
            error_setg(errp, "the engine closed the QMP connection");
            return NULL;
        }
    }
}

QmpConn *qmp_conn_open(const char *socket_path, GMainContext *context,
                       unsigned timeout_ms, Error **errp)
{
    int fd = unix_socket_connect(socket_path, errp);

    if (fd < 0) {
        return NULL;
    }
    QmpConn *conn = g_new0(QmpConn, 1);
    conn->refs = 1;
    conn->fd = fd;
    conn->next_id = 1;
    conn->context = context ? g_main_context_ref(context)
                            : g_main_context_ref_thread_default();
    conn->stream = json_stream_new(stream_emit, conn);
    conn->pending = g_hash_table_new(g_int64_hash, g_int64_equal);
    g_queue_init(&conn->inbox);
    g_unix_set_fd_nonblocking(fd, TRUE, NULL);

    /* Declared before the first goto: cleanup must never see them
     * uninitialised. */
    g_autoptr(QDict) greeting = NULL;
    g_autoptr(QDict) reply = NULL;
    int64_t deadline = g_get_monotonic_time() + (int64_t)timeout_ms * 1000;
    greeting = wait_blocking(conn, "QMP", deadline, errp);
    if (!greeting) {
        goto fail;
    }
    conn->greeting = qobject_ref(qdict_get_qdict(greeting, "QMP"));
    static const char negotiate[] = "{\"execute\":\"qmp_capabilities\"}\n";
    if (!conn_write(conn, negotiate, strlen(negotiate))) {
        error_setg(errp, "cannot write to QMP socket '%s'", socket_path);
        goto fail;
    }
    reply = wait_blocking(conn, "return", deadline, errp);
    if (!reply) {
        goto fail;
    }
    conn->source = g_unix_fd_source_new(fd, G_IO_IN | G_IO_HUP | G_IO_ERR);
    g_source_set_callback(conn->source, G_SOURCE_FUNC(on_readable), conn,
                          NULL);
    g_source_attach(conn->source, conn->context);
    return conn;

fail:
    error_prepend(errp, "QMP on '%s': ", socket_path);
    qmp_conn_free(conn);
    return NULL;
}

static void conn_unref(QmpConn *conn)
{
    if (--conn->refs > 0) {
        return;
    }
    conn_close(conn);
    GHashTableIter iter;
    gpointer value;
    g_hash_table_iter_init(&iter, conn->pending);
    while (g_hash_table_iter_next(&iter, NULL, &value)) {
        g_free(value);
    }
    g_hash_table_destroy(conn->pending);
    QDict *msg;
    while ((msg = g_queue_pop_head(&conn->inbox))) {
        qobject_unref(msg);
    }
    json_stream_free(conn->stream);
    qobject_unref(conn->greeting);
    g_main_context_unref(conn->context);
    g_free(conn);
}

void qmp_conn_free(QmpConn *conn)
{
    if (!conn) {
        return;
    }
    /* Callbacks of a connection its owner dropped are never called. */
    conn->event_fn = NULL;
    conn->close_fn = NULL;
    GHashTableIter iter;
    gpointer value;
    g_hash_table_iter_init(&iter, conn->pending);
    while (g_hash_table_iter_next(&iter, NULL, &value)) {
        ((Pending *)value)->fn = NULL;
    }
    conn_close(conn);
    conn_unref(conn);
}

QDict *qmp_conn_get_greeting(const QmpConn *conn)
{
    return conn->greeting;
}

bool qmp_conn_is_open(const QmpConn *conn)
{
    return conn->fd >= 0;
}

void qmp_conn_set_event_handler(QmpConn *conn, QmpEventFunc fn, void *opaque)
{
    conn->event_fn = fn;
    conn->event_opaque = opaque;
}

void qmp_conn_set_close_handler(QmpConn *conn, QmpCloseFunc fn, void *opaque)
{
    conn->close_fn = fn;
    conn->close_opaque = opaque;
}

static gboolean conn_lost_idle(gpointer opaque)
{
    QmpConn *conn = opaque;

    conn_lost(conn);
    conn_unref(conn);
    return G_SOURCE_REMOVE;
}

/* Sends request (whose id this sets); a failure is reported through fn
 * from the context, like any reply. */
static uint64_t send_request(QmpConn *conn, QDict *request, QmpReplyFunc fn,
                             void *opaque)
{
    Pending *p = g_new0(Pending, 1);

    p->id = conn->next_id++;
    p->fn = fn;
    p->opaque = opaque;
    qdict_put_uint(request, "id", p->id);
    g_hash_table_insert(conn->pending, &p->id, p);

    g_autofree char *json = qobject_to_json(QOBJECT(request));
    g_autofree char *line = g_strconcat(json, "\n", NULL);
    if (conn->fd < 0 || !conn_write(conn, line, strlen(line))) {
        /* Reported from the context, never from inside the send. */
        GSource *idle = g_idle_source_new();
        conn->refs++;
        g_source_set_callback(idle, G_SOURCE_FUNC(conn_lost_idle), conn,
                              NULL);
        g_source_attach(idle, conn->context);
        g_source_unref(idle);
    }
    return p->id;
}

uint64_t qmp_conn_send(QmpConn *conn, const char *command, QDict *args,
                       QmpReplyFunc fn, void *opaque)
{
    g_autoptr(QDict) request = qdict_new();

    qdict_put_str(request, "execute", command);
    if (args) {
        qdict_put(request, "arguments", args);
    }
    return send_request(conn, request, fn, opaque);
}

bool qmp_conn_send_json(QmpConn *conn, const char *json, QmpReplyFunc fn,
                        void *opaque, Error **errp)
{
    g_autoptr(QDict) request = qdict_from_json(json, errp);

    if (!request) {
        return false;
    }
    if (!qdict_get_try_str(request, "execute")) {
        error_setg(errp, "a QMP request needs an \"execute\" member "
                   "naming the command");
        return false;
    }
    send_request(conn, request, fn, opaque);
    return true;
}

typedef struct SyncCall {
    bool done;
    QObject *result;
    Error *err;
} SyncCall;

static void sync_reply(QmpConn *conn, QObject *result, Error *err,
                       void *opaque)
{
    SyncCall *call = opaque;

    call->done = true;
    call->result = result ? qobject_ref(result) : NULL;
    call->err = err ? error_copy(err) : NULL;
}

static gboolean sync_timeout(gpointer opaque)
{
    *(bool *)opaque = true;
    return G_SOURCE_REMOVE;
}

static QObject *sync_wait(QmpConn *conn, SyncCall *call, unsigned timeout_ms,
                          Error **errp)
{
    bool timed_out = false;
    GSource *timer = g_timeout_source_new(timeout_ms);

    g_source_set_callback(timer, sync_timeout, &timed_out, NULL);
    g_source_attach(timer, conn->context);
    while (!call->done && !timed_out) {
        g_main_context_iteration(conn->context, TRUE);
    }
    g_source_destroy(timer);
    g_source_unref(timer);
    if (!call->done) {
        error_setg(errp, "the engine did not answer within %u ms",
                   timeout_ms);
        return NULL;
    }
    if (call->err) {
        error_propagate(errp, call->err);
        return NULL;
    }
    return call->result;
}

/* The pending request of a timed-out call must not write to the dead
 * SyncCall on the stack later. */
static void sync_forget(QmpConn *conn, uint64_t id)
{
    Pending *p = g_hash_table_lookup(conn->pending, &id);

    if (p) {
        p->fn = NULL;
    }
}

QObject *qmp_conn_call(QmpConn *conn, const char *command, QDict *args,
                       unsigned timeout_ms, Error **errp)
{
    SyncCall call = { 0 };
    uint64_t id = qmp_conn_send(conn, command, args, sync_reply, &call);
    QObject *result = sync_wait(conn, &call, timeout_ms, errp);

    sync_forget(conn, id);
    return result;
}

QObject *qmp_conn_call_json(QmpConn *conn, const char *json,
                            unsigned timeout_ms, Error **errp)
{
    SyncCall call = { 0 };
    uint64_t id = conn->next_id;

    if (!qmp_conn_send_json(conn, json, sync_reply, &call, errp)) {
        return NULL;
    }
    QObject *result = sync_wait(conn, &call, timeout_ms, errp);
    sync_forget(conn, id);
    return result;
}

/* The "socket" back-end: see char-socket.h. */
#define _GNU_SOURCE             /* accept4 */
#include "char-socket.h"

#include <errno.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>
#include <glib-unix.h>

OBJECT_DECLARE_SIMPLE_TYPE(CharSocket, CHARDEV_SOCKET)

struct CharSocket {
    Chardev parent;
    char *path;
    bool server;
    uint64_t reconnect_ms;

    int listen_fd;
    bool is_listener;           /* we created the socket file at path */
    guint listen_src;
    int fd;                     /* the connection, -1 if none */
    guint in_src;
    guint out_src;
    guint reconnect_src;
    uint64_t send_pos;          /* backlog position of the next byte to send */
};

static void char_socket_watch_listen(CharSocket *s);
static void char_socket_schedule_reconnect(CharSocket *s);

static bool char_socket_make_addr(CharSocket *s, struct sockaddr_un *sun,
                                  Error **errp)
{
    memset(sun, 0, sizeof(*sun));
    sun->sun_family = AF_UNIX;
    if (strlen(s->path) >= sizeof(sun->sun_path)) {
        error_setg(errp, "chardev '%s': socket path '%s' is too long",
                   s->parent.label, s->path);
        return false;
    }
    strcpy(sun->sun_path, s->path);
    return true;
}

static void char_socket_drop_sources(CharSocket *s)
{
    g_clear_handle_id(&s->in_src, g_source_remove);
    g_clear_handle_id(&s->out_src, g_source_remove);
}

static void char_socket_disconnect(CharSocket *s)
{
    if (s->fd < 0) {
        return;
    }
    char_socket_drop_sources(s);
    close(s->fd);
    s->fd = -1;
    chardev_be_event(CHARDEV(s), CHARDEV_EVENT_CLOSED);
    if (s->server) {
        char_socket_watch_listen(s);
    } else if (s->reconnect_ms) {
        char_socket_schedule_reconnect(s);
    }
}

static gboolean char_socket_out_ready(gint fd, GIOCondition cond,
                                      gpointer opaque);

/* Sends backlog bytes until caught up or the socket is full. */
static void char_socket_flush(CharSocket *s)
{
    int err;

    if (s->fd < 0) {
        return;
    }
    if (chardev_backlog_send(CHARDEV(s), s->fd, true, &s->send_pos, &err)) {
        g_clear_handle_id(&s->out_src, g_source_remove);
    } else if (err) {
        char_socket_disconnect(s);
    } else if (!s->out_src) {
        s->out_src = g_unix_fd_add(s->fd, G_IO_OUT, char_socket_out_ready, s);
    }
}

static gboolean char_socket_out_ready(gint fd, GIOCondition cond,
                                      gpointer opaque)
{
    CharSocket *s = opaque;

    s->out_src = 0;
    char_socket_flush(s);
    return G_SOURCE_REMOVE;
}

static gboolean char_socket_in_ready(gint fd, GIOCondition cond,
                                     gpointer opaque)
{
    CharSocket *s = opaque;
    Chardev *chr = CHARDEV(s);
    uint8_t buf[4096];
    size_t want = chardev_be_can_read(chr);
    ssize_t n;

    if (!want) {
        /* The front-end is full: stop until chardev_accept_input(). */
        s->in_src = 0;
        return G_SOURCE_REMOVE;
    }
    n = recv(s->fd, buf, MIN(want, sizeof(buf)), MSG_DONTWAIT);
    if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR)) {
        return G_SOURCE_CONTINUE;
    }
    if (n <= 0) {
        s->in_src = 0;          /* the source goes with this return */
        char_socket_disconnect(s);
        return G_SOURCE_REMOVE;
    }
    chardev_be_read(chr, buf, n);
    return G_SOURCE_CONTINUE;
}

static void char_socket_watch_input(CharSocket *s)
{
    if (s->fd >= 0 && !s->in_src) {
        s->in_src = g_unix_fd_add(s->fd, G_IO_IN | G_IO_HUP | G_IO_ERR,
                                  char_socket_in_ready, s);
    }
}

static void char_socket_connected(CharSocket *s, int fd)
{
    Chardev *chr = CHARDEV(s);

    s->fd = fd;
    s->send_pos = chardev_backlog_start(chr);
    char_socket_watch_input(s);
    chardev_be_event(chr, CHARDEV_EVENT_OPENED);
    char_socket_flush(s);
}

static gboolean char_socket_accept_ready(gint fd, GIOCondition cond,
                                         gpointer opaque)
{
    CharSocket *s = opaque;
    int conn = accept4(s->listen_fd, NULL, NULL,
                       SOCK_NONBLOCK | SOCK_CLOEXEC);

    if (conn < 0) {
        return G_SOURCE_CONTINUE;
    }
    /* One client at a time: stop listening until this one goes. */
    s->listen_src = 0;
    char_socket_connected(s, conn);
    return G_SOURCE_REMOVE;
}

static void char_socket_watch_listen(CharSocket *s)
{
    if (s->listen_fd >= 0 && !s->listen_src) {
        s->listen_src = g_unix_fd_add(s->listen_fd, G_IO_IN,
                                      char_socket_accept_ready, s);
    }
}

static bool char_socket_try_connect(CharSocket *s, Error **errp)
{
    struct sockaddr_un sun;
    int fd;

    if (!char_socket_make_addr(s, &sun, errp)) {
        return false;
    }
    fd = socket(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
    if (fd < 0) {
        error_setg_errno(errp, errno, "chardev '%s': cannot create socket",
                         s->parent.label);
        return false;
    }
    if (connect(fd, (struct sockaddr *)&sun, sizeof(sun)) < 0) {
        error_setg_errno(errp, errno, "chardev '%s': cannot connect to '%s'",
                         s->parent.label, s->path);
        close(fd);
        return false;
    }
    char_socket_connected(s, fd);
    return true;
}

static gboolean char_socket_reconnect_timer(gpointer opaque)
{
    CharSocket *s = opaque;

    if (char_socket_try_connect(s, NULL)) {
        s->reconnect_src = 0;
        return G_SOURCE_REMOVE;
    }
    return G_SOURCE_CONTINUE;
}

static void char_socket_schedule_reconnect(CharSocket *s)
{
    if (!s->reconnect_src) {
        s->reconnect_src = g_timeout_add(MIN(s->reconnect_ms, G_MAXUINT),
                                         char_socket_reconnect_timer, s);
    }
}

static bool char_socket_listen(CharSocket *s, Error **errp)
{
    struct sockaddr_un sun;
    int fd;

    if (!char_socket_make_addr(s, &sun, errp)) {
        return false;
    }
    fd = socket(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
    if (fd < 0) {
        error_setg_errno(errp, errno, "chardev '%s': cannot create socket",
                         s->parent.label);
        return false;
    }
    if (bind(fd, (struct sockaddr *)&sun, sizeof(sun)) < 0 ||
        listen(fd, 1) < 0) {
        error_setg_errno(errp, errno, "chardev '%s': cannot listen on '%s'",
                         s->parent.label, s->path);
        close(fd);
        return false;
    }
    s->listen_fd = fd;
    s->is_listener = true;
    char_socket_watch_listen(s);
    return true;
}

static bool char_socket_open(Chardev *chr, const QDict *opts, Error **errp)
{
    CharSocket *s = CHARDEV_SOCKET(chr);
    const char *path = chardev_opt_str_required(chr, opts, "path", errp);
    bool wait;
    uint64_t reconnect_s, reconnect_ms;

    if (!path ||
        !chardev_opt_bool(chr, opts, "server", false, &s->server, errp) ||
        !chardev_opt_bool(chr, opts, "wait", false, &wait, errp) ||
        !chardev_opt_uint(chr, opts, "reconnect", 0, &reconnect_s, errp) ||
        !chardev_opt_uint(chr, opts, "reconnect-ms", 0, &reconnect_ms,
                          errp)) {
        return false;
    }
    if (wait) {
        error_setg(errp, "chardev '%s': wait=on is not supported", chr->label);
        return false;
    }
    if (reconnect_s > G_MAXUINT / 1000) {
        error_setg(errp, "chardev '%s': 'reconnect' is too large", chr->label);
        return false;
    }
    s->reconnect_ms = reconnect_ms ? reconnect_ms : reconnect_s * 1000;
    if (s->server && s->reconnect_ms) {
        error_setg(errp, "chardev '%s': reconnect is for clients only",
                   chr->label);
        return false;
    }
    s->path = g_strdup(path);
    if (s->server) {
        return char_socket_listen(s, errp);
    }
    if (!s->reconnect_ms) {
        return char_socket_try_connect(s, errp);
    }
    if (!char_socket_try_connect(s, NULL)) {
        char_socket_schedule_reconnect(s);
    }
    return true;
}

static void char_socket_write(Chardev *chr, const uint8_t *buf, size_t len)
{
    CharSocket *s = CHARDEV_SOCKET(chr);
    size_t pending;

    if (s->fd < 0) {
        return;
    }
    if (s->out_src) {
        /* Still waiting for room: only count what the ring overwrote. */
        chardev_backlog_peek(chr, &s->send_pos, &pending);
        return;
    }
    char_socket_flush(s);
}

static void char_socket_accept_input(Chardev *chr)
{
    char_socket_watch_input(CHARDEV_SOCKET(chr));
}

bool char_socket_is_connected(Chardev *chr)
{
    Object *obj = object_dynamic_cast(OBJECT(chr), TYPE_CHARDEV_SOCKET);

    return obj && CHARDEV_SOCKET(obj)->fd >= 0;
}

int char_socket_take_listener(Chardev *chr, Error **errp)
{
    Object *obj = object_dynamic_cast(OBJECT(chr), TYPE_CHARDEV_SOCKET);
    CharSocket *s = obj ? CHARDEV_SOCKET(obj) : NULL;
    int fd;

    if (!s || s->listen_fd < 0) {
        error_setg(errp, "chardev '%s' is not a listening socket",
                   chardev_get_label(chr));
        return -1;
    }
    if (s->fd >= 0) {
        error_setg(errp, "chardev '%s' already has a client",
                   chardev_get_label(chr));
        return -1;
    }
    g_clear_handle_id(&s->listen_src, g_source_remove);
    fd = s->listen_fd;
    s->listen_fd = -1;
    return fd;
}

static void char_socket_init(Object *obj)
{
    CharSocket *s = CHARDEV_SOCKET(obj);

    s->fd = -1;
    s->listen_fd = -1;
}

static void char_socket_finalize(Object *obj)
{
    CharSocket *s = CHARDEV_SOCKET(obj);

    char_socket_drop_sources(s);
    g_clear_handle_id(&s->listen_src, g_source_remove);
    g_clear_handle_id(&s->reconnect_src, g_source_remove);
    if (s->fd >= 0) {
        close(s->fd);
    }
    if (s->listen_fd >= 0) {
        close(s->listen_fd);
    }
    if (s->is_listener) {
        unlink(s->path);
    }
    g_free(s->path);
}

static const char *const char_socket_options[] = {
    "path", "server", "wait", "reconnect", "reconnect-ms", NULL
};

static void char_socket_class_init(ObjectClass *oc, const void *data)
{
    ChardevClass *cc = CHARDEV_CLASS(oc);

    cc->options = char_socket_options;
    cc->open = char_socket_open;
    cc->write = char_socket_write;
    cc->accept_input = char_socket_accept_input;
}

static const TypeInfo char_socket_info = {
    .name = TYPE_CHARDEV_SOCKET,
    .parent = TYPE_CHARDEV,
    .instance_size = sizeof(CharSocket),
    .instance_init = char_socket_init,
    .instance_finalize = char_socket_finalize,
    .class_init = char_socket_class_init,
};

void char_socket_register_types(void)
{
    type_register_static(&char_socket_info);
}

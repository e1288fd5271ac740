#include "console-stream.h"

#include <errno.h>
#include <glib-unix.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include "unix-socket.h"

#define CONSOLE_WRITE_TIMEOUT_MS 5000

struct ConsoleStream {
    int fd;
    GSource *source;
    GByteArray *tail;
    ConsoleDataFunc data_fn;
    ConsoleCloseFunc close_fn;
    void *opaque;
};

static void stream_close(ConsoleStream *cs)
{
    if (cs->fd < 0) {
        return;
    }
    g_source_destroy(cs->source);
    g_source_unref(cs->source);
    cs->source = NULL;
    close(cs->fd);
    cs->fd = -1;
}

static void keep_tail(ConsoleStream *cs, const char *buf, size_t len)
{
    g_byte_array_append(cs->tail, (const guint8 *)buf, len);
    if (cs->tail->len > CONSOLE_STREAM_TAIL_BYTES) {
        g_byte_array_remove_range(cs->tail, 0,
                                  cs->tail->len - CONSOLE_STREAM_TAIL_BYTES);
    }
}

static gboolean on_readable(gint fd, GIOCondition cond, gpointer opaque)
{
    ConsoleStream *cs = opaque;
    char buf[16384];
    ssize_t n = read(cs->fd, buf, sizeof(buf));

    if (n < 0 && (errno == EAGAIN || errno == EINTR)) {
        return G_SOURCE_CONTINUE;
    }
    if (n <= 0) {
        stream_close(cs);
        if (cs->close_fn) {
            cs->close_fn(cs, cs->opaque);
        }
        return G_SOURCE_REMOVE;
    }
    keep_tail(cs, buf, n);
    if (cs->data_fn) {
        cs->data_fn(cs, buf, n, cs->opaque);
    }
    return G_SOURCE_CONTINUE;
}

ConsoleStream *console_stream_open(const char *socket_path,
                                   GMainContext *context,
                                   ConsoleDataFunc data_fn,
                                   ConsoleCloseFunc close_fn, void *opaque,
                                   Error **errp)
{
    int fd = unix_socket_connect(socket_path, errp);

    if (fd < 0) {
        return NULL;
    }
    g_unix_set_fd_nonblocking(fd, TRUE, NULL);
    ConsoleStream *cs = g_new0(ConsoleStream, 1);
    cs->fd = fd;
    cs->tail = g_byte_array_new();
    cs->data_fn = data_fn;
    cs->close_fn = close_fn;
    cs->opaque = opaque;
    cs->source = g_unix_fd_source_new(fd, G_IO_IN | G_IO_HUP | G_IO_ERR);
    g_source_set_callback(cs->source, G_SOURCE_FUNC(on_readable), cs, NULL);
    g_source_attach(cs->source,
                    context ? context : g_main_context_get_thread_default());
    return cs;
}

void console_stream_free(ConsoleStream *cs)
{
    if (!cs) {
        return;
    }
    stream_close(cs);
    g_byte_array_unref(cs->tail);
    g_free(cs);
}

bool console_stream_write(ConsoleStream *cs, const void *buf, size_t len,
                          Error **errp)
{
    const char *p = buf;

    while (len) {
        if (cs->fd < 0) {
            error_setg(errp, "the console is closed");
            return false;
        }
        ssize_t n = send(cs->fd, p, len, MSG_NOSIGNAL);
        if (n > 0) {
            p += n;
            len -= n;
        } else if (n < 0 && errno == EAGAIN) {
            struct pollfd pfd = { .fd = cs->fd, .events = POLLOUT };
            if (poll(&pfd, 1, CONSOLE_WRITE_TIMEOUT_MS) <= 0) {
                error_setg(errp, "the engine does not read its console");
                return false;
            }
        } else if (!(n < 0 && errno == EINTR)) {
            error_setg_errno(errp, errno, "cannot write to the console");
            return false;
        }
    }
    return true;
}

bool console_stream_is_open(const ConsoleStream *cs)
{
    return cs->fd >= 0;
}

const GByteArray *console_stream_get_tail(const ConsoleStream *cs)
{
    return cs->tail;
}

/* The "pty" back-end: see char-pty.h. */
#include "char-pty.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <pty.h>
#include <stdio.h>
#include <termios.h>
#include <unistd.h>
#include <glib-unix.h>

OBJECT_DECLARE_SIMPLE_TYPE(CharPty, CHARDEV_PTY)

struct CharPty {
    Chardev parent;
    int master;
    int slave;                  /* kept open: see char-pty.h */
    char *path;
    guint in_src;
    guint out_src;
    uint64_t send_pos;          /* backlog position of the next byte to send */
};

static gboolean char_pty_out_ready(gint fd, GIOCondition cond,
                                   gpointer opaque);

/* Sends backlog bytes until caught up or the tty is full. */
static void char_pty_flush(CharPty *s)
{
    int err;

    if (chardev_backlog_send(CHARDEV(s), s->master, false, &s->send_pos,
                             &err)) {
        g_clear_handle_id(&s->out_src, g_source_remove);
    } else if (!s->out_src) {
        /* Full (or failing): wait for room; the backlog keeps the rest. */
        s->out_src = g_unix_fd_add(s->master, G_IO_OUT, char_pty_out_ready,
                                   s);
    }
}

static gboolean char_pty_out_ready(gint fd, GIOCondition cond,
                                   gpointer opaque)
{
    CharPty *s = opaque;

    s->out_src = 0;
    char_pty_flush(s);
    return G_SOURCE_REMOVE;
}

static gboolean char_pty_in_ready(gint fd, GIOCondition cond,
                                  gpointer opaque)
{
    CharPty *s = opaque;
    Chardev *chr = CHARDEV(s);
    uint8_t buf[4096];
    size_t want = chardev_be_can_read(chr);
    ssize_t n;

    if (!want) {
        /* The front-end is full: stop until chardev_accept_input(). */
        s->in_src = 0;
        return G_SOURCE_REMOVE;
    }
    n = read(s->master, buf, MIN(want, sizeof(buf)));
    if (n > 0) {
        chardev_be_read(chr, buf, n);
    }
    return G_SOURCE_CONTINUE;
}

static void char_pty_accept_input(Chardev *chr)
{
    CharPty *s = CHARDEV_PTY(chr);

    if (s->master >= 0 && !s->in_src) {
        s->in_src = g_unix_fd_add(s->master, G_IO_IN, char_pty_in_ready, s);
    }
}

static bool char_pty_open(Chardev *chr, const QDict *opts, Error **errp)
{
    CharPty *s = CHARDEV_PTY(chr);
    struct termios tio;
    char name[PATH_MAX];
    GError *gerr = NULL;

    if (openpty(&s->master, &s->slave, name, NULL, NULL) < 0) {
        error_setg_errno(errp, errno, "chardev '%s': cannot open a pty",
                         chr->label);
        return false;
    }
    if (!g_unix_set_fd_nonblocking(s->master, TRUE, &gerr)) {
        error_setg(errp, "chardev '%s': %s", chr->label, gerr->message);
        g_error_free(gerr);
        return false;
    }
    fcntl(s->master, F_SETFD, FD_CLOEXEC);
    fcntl(s->slave, F_SETFD, FD_CLOEXEC);
    if (tcgetattr(s->slave, &tio) == 0) {
        cfmakeraw(&tio);
        tcsetattr(s->slave, TCSAFLUSH, &tio);
    }
    s->path = g_strdup(name);
    s->send_pos = chardev_backlog_start(chr);
    fprintf(stderr, "char device redirected to %s (label %s)\n", s->path,
            chr->label);
    char_pty_accept_input(chr);
    chardev_be_event(chr, CHARDEV_EVENT_OPENED);
    return true;
}

static void char_pty_write(Chardev *chr, const uint8_t *buf, size_t len)
{
    CharPty *s = CHARDEV_PTY(chr);

    if (!s->out_src) {
        char_pty_flush(s);
    }
}

const char *char_pty_get_path(Chardev *chr)
{
    CharPty *s = (CharPty *)object_dynamic_cast(OBJECT(chr), TYPE_CHARDEV_PTY);

    return s ? s->path : NULL;
}

static void char_pty_init(Object *obj)
{
    CharPty *s = CHARDEV_PTY(obj);

    s->master = -1;
    s->slave = -1;
}

static void char_pty_finalize(Object *obj)
{
    CharPty *s = CHARDEV_PTY(obj);

    g_clear_handle_id(&s->in_src, g_source_remove);
    g_clear_handle_id(&s->out_src, g_source_remove);
    if (s->master >= 0) {
        close(s->master);
    }
    if (s->slave >= 0) {
        close(s->slave);
    }
    g_free(s->path);
}

static void char_pty_class_init(ObjectClass *oc, const void *data)
{
    ChardevClass *cc = CHARDEV_CLASS(oc);

    cc->open = char_pty_open;
    cc->write = char_pty_write;
    cc->accept_input = char_pty_accept_input;
}

static const TypeInfo char_pty_info = {
    .name = TYPE_CHARDEV_PTY,
    .parent = TYPE_CHARDEV,
    .instance_size = sizeof(CharPty),
    .instance_init = char_pty_init,
    .instance_finalize = char_pty_finalize,
    .class_init = char_pty_class_init,
};

void char_pty_register_types(void)
{
    type_register_static(&char_pty_info);
}

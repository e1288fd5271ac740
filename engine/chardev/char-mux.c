/* The "mux" back-end: see char-mux.h. */
#include "char-mux.h"

#include <string.h>

OBJECT_DECLARE_SIMPLE_TYPE(CharMux, CHARDEV_MUX)

typedef struct MuxFrontend {
    ChardevCanRead *can_read;
    ChardevRead *read;
    ChardevEventHandler *event;
    void *opaque;
} MuxFrontend;

struct CharMux {
    Chardev parent;
    Chardev *backend;           /* our reference */
    MuxFrontend fe[MUX_MAX_FRONTENDS];
    int count;
    int focus;                  /* -1: no front-end */
    bool escape;                /* the last byte was an unused Ctrl-a */
    GByteArray *pending;        /* input the focused front-end had no room for */
    bool timestamps;            /* C-a t: each output line starts with one */
    bool at_line_start;
    gint64 created_us;
};

/* What C-a x and C-a s do belongs to the engine (see the header). */
static MuxCommandHandler *mux_command_handler;
static void *mux_command_opaque;

void mux_set_command_handler(MuxCommandHandler *fn, void *opaque)
{
    mux_command_handler = fn;
    mux_command_opaque = opaque;
}

static const char mux_help[] =
    "\r\n"
    "C-a h    print this help\r\n"
    "C-a x    exit emulator\r\n"
    "C-a s    save disk data back to file (if -snapshot)\r\n"
    "C-a t    toggle console timestamps\r\n"
    "C-a b    send break (magic sysrq)\r\n"
    "C-a c    switch between console and monitor\r\n"
    "C-a C-a  sends C-a\r\n";

static size_t mux_fe_room(CharMux *m)
{
    MuxFrontend *fe;

    if (m->focus < 0) {
        return SIZE_MAX;        /* nobody listens: input is discarded */
    }
    fe = &m->fe[m->focus];
    if (!fe->read) {
        return SIZE_MAX;
    }
    return fe->can_read ? fe->can_read(fe->opaque) : SIZE_MAX;
}

static void mux_fe_deliver(CharMux *m, const uint8_t *buf, size_t len)
{
    MuxFrontend *fe = m->focus >= 0 ? &m->fe[m->focus] : NULL;

    if (fe && fe->read && len) {
        fe->read(fe->opaque, buf, len);
    }
}

static void mux_command(CharMux *m, uint8_t ch)
{
    switch (ch) {
    case 'c':
        if (m->count) {
            m->focus = (m->focus + 1) % m->count;
        }
        break;
    case 'h':
    case '?':
        chardev_write(m->backend, mux_help, strlen(mux_help));
        break;
    case 'x':
    case 's':
        if (mux_command_handler) {
            mux_command_handler(mux_command_opaque, CHARDEV(m), ch);
        }
        break;
    case 'b':
        if (m->focus >= 0 && m->fe[m->focus].event) {
            m->fe[m->focus].event(m->fe[m->focus].opaque,
                                  CHARDEV_EVENT_BREAK);
        }
        break;
    case 't':
        m->timestamps = !m->timestamps;
        m->at_line_start = true;
        break;
    default:
        break;                  /* unknown command: dropped */
    }
}

/* Hands pending input to the focused front-end as far as it has room,
 * acting on escapes on the way. */
static void mux_flush(CharMux *m)
{
    const uint8_t *p = m->pending->data;
    size_t len = m->pending->len;
    size_t i = 0;

    while (i < len) {
        uint8_t ch = p[i];
        size_t run, room;

        if (m->escape && ch != MUX_ESCAPE_CHAR) {
            m->escape = false;
            i++;
            mux_command(m, ch);
            continue;
        }
        if (!m->escape && ch == MUX_ESCAPE_CHAR) {
            m->escape = true;
            i++;
            continue;
        }
        /* Plain bytes up to the next escape, or one literal Ctrl-a. */
        run = 1;
        if (!m->escape) {
            const uint8_t *esc = memchr(p + i, MUX_ESCAPE_CHAR, len - i);

            run = esc ? (size_t)(esc - (p + i)) : len - i;
        }
        room = mux_fe_room(m);
        if (!room) {
            break;
        }
        run = MIN(run, room);
        m->escape = false;
        mux_fe_deliver(m, p + i, run);
        i += run;
    }
    g_byte_array_remove_range(m->pending, 0, i);
}

static size_t mux_be_can_read(void *opaque)
{
    CharMux *m = opaque;

    /* Escapes take no room, but stopping one byte early is harmless. */
    return m->pending->len ? 0 : MAX(mux_fe_room(m), 1);
}

static void mux_be_read(void *opaque, const uint8_t *buf, size_t len)
{
    CharMux *m = opaque;

    g_byte_array_append(m->pending, buf, len);
    mux_flush(m);
}

static void mux_be_event(void *opaque, ChardevEvent event)
{
    CharMux *m = opaque;

    chardev_be_event(CHARDEV(m), event);
    for (int i = 0; i < m->count; i++) {
        if (m->fe[i].event) {
            m->fe[i].event(m->fe[i].opaque, event);
        }
    }
}

static bool char_mux_open(Chardev *chr, const QDict *opts, Error **errp)
{
    CharMux *m = CHARDEV_MUX(chr);
    const char *id = chardev_opt_str_required(chr, opts, "chardev", errp);
    Chardev *backend;

    if (!id) {
        return false;
    }
    backend = chardev_find(id);
    if (!backend) {
        error_setg(errp, "chardev '%s': chardev '%s' does not exist",
                   chr->label, id);
        return false;
    }
    if (object_dynamic_cast(OBJECT(backend), TYPE_CHARDEV_MUX)) {
        error_setg(errp, "chardev '%s': '%s' is a mux itself", chr->label, id);
        return false;
    }
    m->backend = CHARDEV(object_ref(OBJECT(backend)));
    /* Reports OPENED to us at once if the back-end is open. */
    chardev_set_handlers(backend, mux_be_can_read, mux_be_read, mux_be_event,
                         m);
    return true;
}

static void char_mux_write(Chardev *chr, const uint8_t *buf, size_t len)
{
    CharMux *m = CHARDEV_MUX(chr);

    if (!m->timestamps) {
        chardev_write(m->backend, buf, len);
        return;
    }
    /* QEMU's layout: [hh:mm:ss.mmm] since the mux was made. */
    for (size_t i = 0; i < len;) {
        const uint8_t *nl = memchr(buf + i, '\n', len - i);
        size_t chunk = nl ? (size_t)(nl - (buf + i)) + 1 : len - i;

        if (m->at_line_start) {
            gint64 ms = (g_get_monotonic_time() - m->created_us) / 1000;
            g_autofree char *stamp = g_strdup_printf(
                "[%02d:%02d:%02d.%03d] ", (int)(ms / 3600000),
                (int)(ms / 60000 % 60), (int)(ms / 1000 % 60),
                (int)(ms % 1000));

            chardev_write(m->backend, stamp, strlen(stamp));
        }
        chardev_write(m->backend, buf + i, chunk);
        m->at_line_start = nl != NULL;
        i += chunk;
    }
}

static void char_mux_accept_input(Chardev *chr)
{
    CharMux *m = CHARDEV_MUX(chr);

    if (!m->backend) {
        return;                 /* not open yet */
    }
    mux_flush(m);
    if (!m->pending->len) {
        chardev_accept_input(m->backend);
    }
}

static CharMux *char_mux_check(Chardev *chr, Error **errp)
{
    CharMux *m = (CharMux *)object_dynamic_cast(OBJECT(chr), TYPE_CHARDEV_MUX);

    if (!m) {
        error_setg(errp, "chardev '%s' is not a mux", chr->label);
    }
    return m;
}

int mux_add_frontend(Chardev *mux, ChardevCanRead *can_read,
                     ChardevRead *read, ChardevEventHandler *event,
                     void *opaque, Error **errp)
{
    CharMux *m = char_mux_check(mux, errp);
    int index;

    if (!m) {
        return -1;
    }
    if (m->count == MUX_MAX_FRONTENDS) {
        error_setg(errp, "chardev '%s': too many front-ends", mux->label);
        return -1;
    }
    index = m->count++;
    m->fe[index] = (MuxFrontend) {
        .can_read = can_read, .read = read, .event = event, .opaque = opaque,
    };
    if (m->focus < 0) {
        m->focus = index;
    }
    if (mux->be_open && event) {
        event(opaque, CHARDEV_EVENT_OPENED);
    }
    char_mux_accept_input(mux);
    return index;
}

/* chardev_set_handlers() on a mux: a known opaque updates its front-end,
 * a new one is added and takes the focus. */
static void char_mux_attach(Chardev *chr, ChardevCanRead *can_read,
                            ChardevRead *read, ChardevEventHandler *event,
                            void *opaque)
{
    CharMux *m = CHARDEV_MUX(chr);
    Error *err = NULL;
    int index;

    for (int i = 0; i < m->count; i++) {
        if (m->fe[i].opaque == opaque) {
            m->fe[i] = (MuxFrontend) {
                .can_read = can_read, .read = read, .event = event,
                .opaque = opaque,
            };
            return;
        }
    }
    index = mux_add_frontend(chr, can_read, read, event, opaque, &err);
    if (index < 0) {
        /* chardev_in_use() said there was room; a caller that did not
         * ask loses its input rather than the engine. */
        warn_report_err(err);
        return;
    }
    m->focus = index;
}

static void char_mux_detach(Chardev *chr, void *opaque)
{
    CharMux *m = CHARDEV_MUX(chr);

    for (int i = 0; i < m->count; i++) {
        if (m->fe[i].opaque == opaque) {
            memmove(&m->fe[i], &m->fe[i + 1],
                    (m->count - i - 1) * sizeof(m->fe[0]));
            m->count--;
            if (m->focus >= m->count) {
                m->focus = m->count - 1;
            }
            return;
        }
    }
}

static unsigned char_mux_frontend_count(Chardev *chr)
{
    return (unsigned)CHARDEV_MUX(chr)->count;
}

int mux_get_focus(Chardev *mux)
{
    CharMux *m = char_mux_check(mux, NULL);

    return m ? m->focus : -1;
}

bool mux_set_focus(Chardev *mux, int index, Error **errp)
{
    CharMux *m = char_mux_check(mux, errp);

    if (!m) {
        return false;
    }
    if (index < 0 || index >= m->count) {
        error_setg(errp, "chardev '%s' has no front-end %d", mux->label,
                   index);
        return false;
    }
    m->focus = index;
    char_mux_accept_input(mux);
    return true;
}

static void char_mux_init(Object *obj)
{
    CharMux *m = CHARDEV_MUX(obj);

    m->focus = -1;
    m->pending = g_byte_array_new();
    m->at_line_start = true;
    m->created_us = g_get_monotonic_time();
}

static void char_mux_finalize(Object *obj)
{
    CharMux *m = CHARDEV_MUX(obj);

    if (m->backend) {
        chardev_detach_handlers(m->backend, m);
        object_unref(OBJECT(m->backend));
    }
    g_byte_array_unref(m->pending);
}

static const char *const char_mux_options[] = { "chardev", NULL };

static void char_mux_class_init(ObjectClass *oc, const void *data)
{
    ChardevClass *cc = CHARDEV_CLASS(oc);

    cc->options = char_mux_options;
    cc->open = char_mux_open;
    cc->write = char_mux_write;
    cc->accept_input = char_mux_accept_input;
    cc->attach = char_mux_attach;
    cc->detach = char_mux_detach;
    cc->frontend_count = char_mux_frontend_count;
    cc->max_frontends = MUX_MAX_FRONTENDS;
}

static const TypeInfo char_mux_info = {
    .name = TYPE_CHARDEV_MUX,
    .parent = TYPE_CHARDEV,
    .instance_size = sizeof(CharMux),
    .instance_init = char_mux_init,
    .instance_finalize = char_mux_finalize,
    .class_init = char_mux_class_init,
};

void char_mux_register_types(void)
{
    type_register_static(&char_mux_info);
}

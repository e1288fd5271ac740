/* The "stdio" back-end: see char-stdio.h. */
#include "char-stdio.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdlib.h>
#include <termios.h>
#include <unistd.h>
#include <glib-unix.h>

OBJECT_DECLARE_SIMPLE_TYPE(CharStdio, CHARDEV_STDIO)

struct CharStdio {
    Chardev parent;
    bool owner;                 /* this one holds stdio (see char_stdio_owner) */
    guint in_src;
    guint out_src;
    bool in_eof;                /* stdin ended or failed: read no more */
    uint64_t send_pos;          /* backlog position of the next byte to send */
};

/* Process-wide state, not per chardev: there is one stdin and one stdout,
 * and the atexit and fatal-signal paths that restore the terminal cannot
 * find a chardev. The signal handler reads only the sig_atomic_t flags and
 * the saved values, which are written before the flags are set. */
static const int char_stdio_signals[] = { SIGINT, SIGTERM, SIGHUP };
#define CHAR_STDIO_NSIG G_N_ELEMENTS(char_stdio_signals)

static CharStdio *char_stdio_owner;
static struct termios char_stdio_saved_tio;
static volatile sig_atomic_t char_stdio_tio_saved;
static int char_stdio_saved_flags[2];
static volatile sig_atomic_t char_stdio_flags_saved;
static struct sigaction char_stdio_old_action[CHAR_STDIO_NSIG];
static bool char_stdio_handler_installed[CHAR_STDIO_NSIG];
static bool char_stdio_atexit_registered;

/* Async-signal-safe: tcsetattr and fcntl only. */
static void char_stdio_restore(void)
{
    if (char_stdio_tio_saved) {
        tcsetattr(STDIN_FILENO, TCSANOW, &char_stdio_saved_tio);
    }
    if (char_stdio_flags_saved) {
        fcntl(STDIN_FILENO, F_SETFL, char_stdio_saved_flags[0]);
        fcntl(STDOUT_FILENO, F_SETFL, char_stdio_saved_flags[1]);
    }
}

static void char_stdio_atexit(void)
{
    char_stdio_restore();
}

static void char_stdio_fatal_signal(int sig)
{
    int saved_errno = errno;
    struct sigaction dfl = { .sa_handler = SIG_DFL };

    char_stdio_restore();
    /* Die of the same signal, so the parent sees the real cause: the
     * re-raised signal is blocked until this handler returns, then kills. */
    sigemptyset(&dfl.sa_mask);
    sigaction(sig, &dfl, NULL);
    raise(sig);
    errno = saved_errno;
}

static void char_stdio_install_handlers(void)
{
    for (size_t i = 0; i < CHAR_STDIO_NSIG; i++) {
        struct sigaction sa = { .sa_handler = char_stdio_fatal_signal };
        struct sigaction old;

        if (sigaction(char_stdio_signals[i], NULL, &old) < 0 ||
            old.sa_handler != SIG_DFL) {
            /* Ignored (nohup) or the program's own handler: leave it. */
            continue;
        }
        sigemptyset(&sa.sa_mask);
        for (size_t j = 0; j < CHAR_STDIO_NSIG; j++) {
            /* One restore at a time: a second signal waits for the first. */
            sigaddset(&sa.sa_mask, char_stdio_signals[j]);
        }
        if (sigaction(char_stdio_signals[i], &sa,
                      &char_stdio_old_action[i]) == 0) {
            char_stdio_handler_installed[i] = true;
        }
    }
}

static void char_stdio_remove_handlers(void)
{
    for (size_t i = 0; i < CHAR_STDIO_NSIG; i++) {
        struct sigaction cur;

        if (!char_stdio_handler_installed[i]) {
            continue;
        }
        char_stdio_handler_installed[i] = false;
        /* Someone may have replaced ours since: then theirs stays. */
        if (sigaction(char_stdio_signals[i], NULL, &cur) == 0 &&
            cur.sa_handler == char_stdio_fatal_signal) {
            sigaction(char_stdio_signals[i], &char_stdio_old_action[i], NULL);
        }
    }
}

/* Raw input, as a serial line wants it; OPOST stays so the host's output
 * still reads as lines. ISIG only goes with signal=off. */
static void char_stdio_make_raw(struct termios *tio, bool allow_signals)
{
    tio->c_iflag &= ~(IGNBRK | BRKINT | PARMRK | ISTRIP | INLCR | IGNCR |
                      ICRNL | IXON);
    tio->c_oflag |= OPOST;
    tio->c_lflag &= ~(ECHO | ECHONL | ICANON | IEXTEN);
    if (!allow_signals) {
        tio->c_lflag &= ~ISIG;
    }
    tio->c_cflag &= ~(CSIZE | PARENB);
    tio->c_cflag |= CS8;
    tio->c_cc[VMIN] = 1;
    tio->c_cc[VTIME] = 0;
}

static gboolean char_stdio_out_ready(gint fd, GIOCondition cond,
                                     gpointer opaque);

/* Sends backlog bytes until caught up or stdout is full. */
static void char_stdio_flush(CharStdio *s)
{
    Chardev *chr = CHARDEV(s);
    int err;

    if (chardev_backlog_send(chr, STDOUT_FILENO, false, &s->send_pos, &err)) {
        g_clear_handle_id(&s->out_src, g_source_remove);
    } else if (err) {
        /* Gone (a closed pipe, a hung-up tty): waiting would spin, so what
         * is pending is dropped; later output tries again. */
        chardev_backlog_discard(chr, &s->send_pos);
        g_clear_handle_id(&s->out_src, g_source_remove);
    } else if (!s->out_src) {
        /* Full: wait for room; the backlog keeps the rest. */
        s->out_src = g_unix_fd_add(STDOUT_FILENO, G_IO_OUT,
                                   char_stdio_out_ready, s);
    }
}

static gboolean char_stdio_out_ready(gint fd, GIOCondition cond,
                                     gpointer opaque)
{
    CharStdio *s = opaque;

    s->out_src = 0;
    char_stdio_flush(s);
    return G_SOURCE_REMOVE;
}

static gboolean char_stdio_in_ready(gint fd, GIOCondition cond,
                                    gpointer opaque)
{
    CharStdio *s = opaque;
    Chardev *chr = CHARDEV(s);
    uint8_t buf[4096];
    size_t want = chardev_be_can_read(chr);
    ssize_t n;

    if (!want) {
        /* The front-end is full: stop until chardev_accept_input(). */
        s->in_src = 0;
        return G_SOURCE_REMOVE;
    }
    n = read(STDIN_FILENO, buf, MIN(want, sizeof(buf)));
    if (n > 0) {
        chardev_be_read(chr, buf, n);
        return G_SOURCE_CONTINUE;
    }
    if (n < 0 && (errno == EINTR || errno == EAGAIN || errno == EWOULDBLOCK)) {
        return G_SOURCE_CONTINUE;
    }
    /* End of input (or an error): stdin stays readable for ever, so
     * watching it longer would spin. */
    s->in_eof = true;
    s->in_src = 0;
    return G_SOURCE_REMOVE;
}

static void char_stdio_accept_input(Chardev *chr)
{
    CharStdio *s = CHARDEV_STDIO(chr);

    if (s->owner && !s->in_eof && !s->in_src) {
        s->in_src = g_unix_fd_add(STDIN_FILENO, G_IO_IN, char_stdio_in_ready,
                                  s);
    }
}

static bool char_stdio_set_nonblocking(Chardev *chr, Error **errp)
{
    int in_flags = fcntl(STDIN_FILENO, F_GETFL);
    int out_flags = fcntl(STDOUT_FILENO, F_GETFL);

    if (in_flags < 0 || out_flags < 0) {
        error_setg_errno(errp, errno, "chardev '%s': stdin or stdout is "
                         "not open", chr->label);
        return false;
    }
    char_stdio_saved_flags[0] = in_flags;
    char_stdio_saved_flags[1] = out_flags;
    char_stdio_flags_saved = 1;
    if (fcntl(STDIN_FILENO, F_SETFL, in_flags | O_NONBLOCK) < 0 ||
        fcntl(STDOUT_FILENO, F_SETFL, out_flags | O_NONBLOCK) < 0) {
        error_setg_errno(errp, errno, "chardev '%s': cannot make stdio "
                         "non-blocking", chr->label);
        return false;
    }
    return true;
}

static bool char_stdio_open(Chardev *chr, const QDict *opts, Error **errp)
{
    CharStdio *s = CHARDEV_STDIO(chr);
    bool allow_signals;

    if (char_stdio_owner) {
        error_setg(errp, "chardev '%s': stdio is already in use by "
                   "chardev '%s'", chr->label,
                   CHARDEV(char_stdio_owner)->label);
        return false;
    }
    if (!chardev_opt_bool(chr, opts, "signal", true, &allow_signals, errp)) {
        return false;
    }
    /* From here finalize undoes whatever was done, also on failure. */
    char_stdio_owner = s;
    s->owner = true;
    if (!char_stdio_atexit_registered) {
        atexit(char_stdio_atexit);
        char_stdio_atexit_registered = true;
    }
    if (!char_stdio_set_nonblocking(chr, errp)) {
        return false;
    }
    if (isatty(STDIN_FILENO) &&
        tcgetattr(STDIN_FILENO, &char_stdio_saved_tio) == 0) {
        struct termios raw = char_stdio_saved_tio;

        /* Saved first, so every exit path can restore from here on. */
        char_stdio_tio_saved = 1;
        char_stdio_install_handlers();
        char_stdio_make_raw(&raw, allow_signals);
        if (tcsetattr(STDIN_FILENO, TCSANOW, &raw) < 0) {
            error_setg_errno(errp, errno, "chardev '%s': cannot put the "
                             "terminal in raw mode", chr->label);
            return false;
        }
    }
    s->send_pos = chardev_backlog_start(chr);
    char_stdio_accept_input(chr);
    chardev_be_event(chr, CHARDEV_EVENT_OPENED);
    return true;
}

static void char_stdio_write(Chardev *chr, const uint8_t *buf, size_t len)
{
    CharStdio *s = CHARDEV_STDIO(chr);

    if (!s->out_src) {
        char_stdio_flush(s);
    }
}

static void char_stdio_finalize(Object *obj)
{
    CharStdio *s = CHARDEV_STDIO(obj);

    g_clear_handle_id(&s->in_src, g_source_remove);
    g_clear_handle_id(&s->out_src, g_source_remove);
    if (!s->owner) {
        /* A refused second stdio chardev: the owner's state is not ours. */
        return;
    }
    char_stdio_restore();
    char_stdio_tio_saved = 0;
    char_stdio_flags_saved = 0;
    char_stdio_remove_handlers();
    char_stdio_owner = NULL;
}

static const char *const char_stdio_options[] = { "signal", NULL };

static void char_stdio_class_init(ObjectClass *oc, const void *data)
{
    ChardevClass *cc = CHARDEV_CLASS(oc);

    cc->options = char_stdio_options;
    cc->open = char_stdio_open;
    cc->write = char_stdio_write;
    cc->accept_input = char_stdio_accept_input;
}

static const TypeInfo char_stdio_info = {
    .name = TYPE_CHARDEV_STDIO,
    .parent = TYPE_CHARDEV,
    .instance_size = sizeof(CharStdio),
    .instance_finalize = char_stdio_finalize,
    .class_init = char_stdio_class_init,
};

void char_stdio_register_types(void)
{
    type_register_static(&char_stdio_info);
}

/* Character devices: the host end of a guest's serial line or console.
 *
 * A Chardev is an abstract QOM type ("chardev"); each back-end is a subtype
 * named "chardev-<backend>" (null, file, ringbuf, socket, pty, mux, stdio).
 * Chardevs made by chardev_new_from_qdict()/_from_keyval() live in the QOM
 * tree at /chardevs/<id>, which holds a reference; chardev_remove()
 * unparents one.
 *
 * Output (guest to host): chardev_write() never blocks and always takes all
 * the bytes. It first appends them to the chardev's backlog, a 64 KiB ring
 * (CHARDEV_BACKLOG_SIZE) that keeps the newest output and never grows, then
 * lets the back-end push what it can without blocking. A back-end with a
 * consumer that may be slow (a socket) sends from the backlog at its own
 * position: when the consumer falls more than the backlog behind, the oldest
 * bytes are skipped and counted in chardev_get_dropped(). A consumer that
 * connects later starts at the oldest byte the backlog holds, so it first
 * sees what was printed before it came.
 *
 * Every back-end also takes the common options logfile=PATH,
 * logappend=on|off and logsize=BYTES (chardev-log.h): whatever
 * chardev_write() takes is copied to the file, whichever back-end it is.
 *
 * Input (host to guest): the front-end installs handlers with
 * chardev_set_handlers(); can_read says how many bytes it takes now, read
 * gets them, event hears CHARDEV_EVENT_OPENED/CLOSED. A front-end whose
 * can_read said 0 calls chardev_accept_input() once it has room again.
 * Without a front-end, input is read and discarded.
 *
 * Everything runs in the default GMainContext; nothing is thread-safe.
 * Fallible calls take Error **errp last and return false/NULL.
 */
#pragma once

#include "object.h"
#include "object-path.h"
#include "qdict.h"
#include "error.h"
#include "chardev-ring.h"
#include "chardev-log.h"

#define TYPE_CHARDEV "chardev"
#define CHARDEV_BACKLOG_SIZE ((size_t)64 * 1024)

typedef enum ChardevEvent {
    CHARDEV_EVENT_OPENED,
    CHARDEV_EVENT_CLOSED,
    CHARDEV_EVENT_BREAK,        /* a serial break (mux: C-a b) */
} ChardevEvent;

typedef size_t ChardevCanRead(void *opaque);
typedef void ChardevRead(void *opaque, const uint8_t *buf, size_t len);
typedef void ChardevEventHandler(void *opaque, ChardevEvent event);

OBJECT_DECLARE_TYPE(Chardev, ChardevClass, CHARDEV)

struct Chardev {
    Object parent;
    char *label;                /* the id */
    CharRing backlog;
    ChardevLog log;             /* logfile=: closed when not asked for */
    uint64_t dropped;           /* output bytes a consumer never got */
    bool be_open;               /* the back-end has a peer */
    ChardevCanRead *fe_can_read;
    ChardevRead *fe_read;
    ChardevEventHandler *fe_event;
    void *fe_opaque;
    char *backend;              /* "socket": the type less "chardev-" */
    QDict *opts;                /* the flat options it was opened with */
};

struct ChardevClass {
    ObjectClass parent_class;
    /* The option names open accepts (NULL-terminated; NULL: none), beside
     * the common logfile, logappend and logsize, which open never sees. */
    const char *const *options;
    /* Takes the back-end options (a flat dict: strings from keyval, typed
     * values from QMP; read them with chardev_opt_*) and opens. */
    bool (*open)(Chardev *chr, const QDict *opts, Error **errp);
    /* New output is in the backlog; push what fits without blocking. */
    void (*write)(Chardev *chr, const uint8_t *buf, size_t len);
    /* The front-end has room again. */
    void (*accept_input)(Chardev *chr);
    /* A back-end that takes several front-ends (the mux) attaches and
     * detaches them itself; NULL: one front-end in the Chardev's fields. */
    void (*attach)(Chardev *chr, ChardevCanRead *can_read, ChardevRead *read,
                   ChardevEventHandler *event, void *opaque);
    void (*detach)(Chardev *chr, void *opaque);
    /* How many front-ends are attached, and how many fit. */
    unsigned (*frontend_count)(Chardev *chr);
    unsigned max_frontends;     /* 0: one */
};

/* Creation in QMP chardev-add's shape: {"id": ID, "backend": {"type": T,
 * "data": {...}}}; a socket's "addr" ({"type": "unix", "data": {"path"}})
 * and a file's "out" become the flat "path". Returns a new reference; the
 * tree holds another at /chardevs/ID. */
Chardev *chardev_new_from_qdict(const QDict *args, Error **errp);
/* Creation from -chardev's "BACKEND,id=ID,key=value,..." text. */
Chardev *chardev_new_from_keyval(const char *params, Error **errp);
/* The same from the parsed dict (all values strings; "backend" and "id"
 * among them). mux=on, as in QEMU, makes the back-end "ID-base" and a mux
 * "ID" over it, which is what the returned reference is. */
Chardev *chardev_new_from_opts(const QDict *opts, Error **errp);
/* Both end here: backend is the name without "chardev-"; opts is flat. */
Chardev *chardev_new(const char *id, const char *backend, const QDict *opts,
                     Error **errp);

/* QEMU's description for query-chardev: "pty:/dev/pts/3",
 * "unix:/run/x.sock,server=on", "stdio", ... (a new string). */
char *chardev_describe(Chardev *chr);
/* The options as -chardev text would give them (a new dict of strings,
 * "backend" first, no "id"): what -writeconfig writes. */
QDict *chardev_get_config(Chardev *chr);

/* The chardev at /chardevs/ID (lent), or NULL. */
Chardev *chardev_find(const char *id);
/* Takes it out of the tree: "chardev 'x' does not exist". */
bool chardev_remove(const char *id, Error **errp);

/* Output: see the top. Returns len. */
size_t chardev_write(Chardev *chr, const void *buf, size_t len);
uint64_t chardev_get_dropped(const Chardev *chr);
const char *chardev_get_label(const Chardev *chr);

/* Front-end: all may be NULL. If the back-end is open, event hears OPENED
 * at once. On a mux each call with a new opaque adds a front-end, which
 * takes the focus (QEMU's rule: the newest, so -serial mon:stdio shows the
 * serial port first when the monitor attached before it). */
void chardev_set_handlers(Chardev *chr, ChardevCanRead *can_read,
                          ChardevRead *read, ChardevEventHandler *event,
                          void *opaque);
/* The front-end attached with opaque lets go. */
void chardev_detach_handlers(Chardev *chr, void *opaque);
/* Whether a front-end that cannot share (a device) would find it taken:
 * a plain chardev with a front-end, or a mux with no room left. */
bool chardev_in_use(Chardev *chr);
/* Whether any front-end is attached (query-chardev's frontend-open). */
bool chardev_has_frontend(Chardev *chr);
void chardev_accept_input(Chardev *chr);

/* For back-ends. */
/* How many input bytes the front-end takes now (no front-end: any). */
size_t chardev_be_can_read(Chardev *chr);
void chardev_be_read(Chardev *chr, const uint8_t *buf, size_t len);
/* Records open/closed and tells the front-end. */
void chardev_be_event(Chardev *chr, ChardevEvent event);
/* The backlog bytes from *pos on, contiguous: NULL when *pos is at the head.
 * A *pos older than the backlog is moved to its tail and the gap counted as
 * dropped. The caller adds what it consumed to *pos. */
const uint8_t *chardev_backlog_peek(Chardev *chr, uint64_t *pos, size_t *len);
/* The oldest backlog position: where a new consumer starts. */
uint64_t chardev_backlog_start(const Chardev *chr);
/* Sends backlog bytes from *pos to the non-blocking fd (with send() and
 * MSG_NOSIGNAL when is_socket, so a closed peer is an error, not SIGPIPE)
 * until caught up: true. False when fd is full (*err = 0: wait for
 * G_IO_OUT) or failed (*err = errno). *pos advances past what was sent. */
bool chardev_backlog_send(Chardev *chr, int fd, bool is_socket,
                          uint64_t *pos, int *err);
/* Gives up on everything pending after *pos (counted as dropped). */
void chardev_backlog_discard(Chardev *chr, uint64_t *pos);

/* Options: a value may be typed or (from keyval) a string. Absent: *value
 * gets def. Wrong: "chardev 'c0': 'key' must be ..." */
const char *chardev_opt_str(const QDict *opts, const char *key);
const char *chardev_opt_str_required(Chardev *chr, const QDict *opts,
                                     const char *key, Error **errp);
bool chardev_opt_bool(Chardev *chr, const QDict *opts, const char *key,
                      bool def, bool *value, Error **errp);
bool chardev_opt_uint(Chardev *chr, const QDict *opts, const char *key,
                      uint64_t def, uint64_t *value, Error **errp);
/* A byte count: a number, or text with QEMU's suffixes (64K, 1M). */
bool chardev_opt_size(Chardev *chr, const QDict *opts, const char *key,
                      uint64_t def, uint64_t *value, Error **errp);

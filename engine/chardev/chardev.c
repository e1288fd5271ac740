/* Character devices: the base type, the write path and creation. See
 * chardev.h. */
#include "chardev.h"
#include "char-null.h"
#include "char-file.h"
#include "char-ringbuf.h"
#include "char-socket.h"
#include "char-pty.h"
#include "char-stdio.h"
#include "char-mux.h"
#include "keyval.h"
#include "qapi-util.h"
#include "qjson.h"

#include <errno.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

static void chardev_instance_init(Object *obj)
{
    Chardev *chr = CHARDEV(obj);

    char_ring_init(&chr->backlog, CHARDEV_BACKLOG_SIZE);
    chardev_log_init(&chr->log);
}

static void chardev_instance_finalize(Object *obj)
{
    Chardev *chr = CHARDEV(obj);

    chardev_log_close(&chr->log);
    char_ring_destroy(&chr->backlog);
    g_free(chr->label);
    g_free(chr->backend);
    qobject_unref(chr->opts);
}

static const TypeInfo chardev_info = {
    .name = TYPE_CHARDEV,
    .parent = TYPE_OBJECT,
    .instance_size = sizeof(Chardev),
    .instance_init = chardev_instance_init,
    .instance_finalize = chardev_instance_finalize,
    .class_size = sizeof(ChardevClass),
    .abstract = true,
};

/* Explicit rather than constructors: nothing would pull the back-ends'
 * object files out of the static library otherwise. */
static gpointer chardev_register_types_once(gpointer unused)
{
    type_register_static(&chardev_info);
    char_null_register_types();
    char_file_register_types();
    char_ringbuf_register_types();
    char_socket_register_types();
    char_pty_register_types();
    char_stdio_register_types();
    char_mux_register_types();
    return NULL;
}

static void chardev_register_types(void)
{
    static GOnce once = G_ONCE_INIT;

    g_once(&once, chardev_register_types_once, NULL);
}

/* Output and input. */

size_t chardev_write(Chardev *chr, const void *buf, size_t len)
{
    ChardevClass *cc = CHARDEV_GET_CLASS(chr);

    char_ring_push(&chr->backlog, buf, len);
    chardev_log_write(&chr->log, buf, len);
    if (cc->write) {
        cc->write(chr, buf, len);
    }
    return len;
}

uint64_t chardev_get_dropped(const Chardev *chr)
{
    return chr->dropped;
}

const char *chardev_get_label(const Chardev *chr)
{
    return chr->label;
}

const uint8_t *chardev_backlog_peek(Chardev *chr, uint64_t *pos, size_t *len)
{
    uint64_t tail = char_ring_tail(&chr->backlog);

    if (*pos < tail) {
        chr->dropped += tail - *pos;
        *pos = tail;
    }
    if (*pos >= char_ring_head(&chr->backlog)) {
        *len = 0;
        return NULL;
    }
    return char_ring_peek(&chr->backlog, *pos, len);
}

uint64_t chardev_backlog_start(const Chardev *chr)
{
    return char_ring_tail(&chr->backlog);
}

bool chardev_backlog_send(Chardev *chr, int fd, bool is_socket,
                          uint64_t *pos, int *err)
{
    for (;;) {
        size_t len;
        const uint8_t *p = chardev_backlog_peek(chr, pos, &len);
        ssize_t n;

        if (!p) {
            return true;
        }
        n = is_socket ? send(fd, p, len, MSG_NOSIGNAL | MSG_DONTWAIT)
                      : write(fd, p, len);
        if (n > 0) {
            *pos += n;
        } else if (n < 0 && errno == EINTR) {
            continue;
        } else {
            *err = n < 0 && errno != EAGAIN && errno != EWOULDBLOCK ?
                   errno : 0;
            /* write() returning 0 for a non-empty buffer is no progress:
             * treat it as full rather than spin. */
            return false;
        }
    }
}

void chardev_backlog_discard(Chardev *chr, uint64_t *pos)
{
    uint64_t head = char_ring_head(&chr->backlog);

    chardev_backlog_peek(chr, pos, &(size_t){ 0 });   /* counts overwritten */
    if (*pos < head) {
        chr->dropped += head - *pos;
        *pos = head;
    }
}

void chardev_set_handlers(Chardev *chr, ChardevCanRead *can_read,
                          ChardevRead *read, ChardevEventHandler *event,
                          void *opaque)
{
    ChardevClass *cc = CHARDEV_GET_CLASS(chr);

    if (cc->attach) {
        cc->attach(chr, can_read, read, event, opaque);
        return;
    }
    chr->fe_can_read = can_read;
    chr->fe_read = read;
    chr->fe_event = event;
    chr->fe_opaque = opaque;
    if (chr->be_open && event) {
        event(opaque, CHARDEV_EVENT_OPENED);
    }
    chardev_accept_input(chr);
}

void chardev_detach_handlers(Chardev *chr, void *opaque)
{
    ChardevClass *cc = CHARDEV_GET_CLASS(chr);

    if (cc->detach) {
        cc->detach(chr, opaque);
    } else if (chr->fe_opaque == opaque) {
        chardev_set_handlers(chr, NULL, NULL, NULL, NULL);
    }
}

static unsigned chardev_frontend_count(Chardev *chr)
{
    ChardevClass *cc = CHARDEV_GET_CLASS(chr);

    if (cc->frontend_count) {
        return cc->frontend_count(chr);
    }
    return chr->fe_read || chr->fe_event || chr->fe_opaque ? 1 : 0;
}

bool chardev_in_use(Chardev *chr)
{
    ChardevClass *cc = CHARDEV_GET_CLASS(chr);

    return chardev_frontend_count(chr) >=
           (cc->max_frontends ? cc->max_frontends : 1);
}

bool chardev_has_frontend(Chardev *chr)
{
    return chardev_frontend_count(chr) > 0;
}

void chardev_accept_input(Chardev *chr)
{
    ChardevClass *cc = CHARDEV_GET_CLASS(chr);

    if (cc->accept_input) {
        cc->accept_input(chr);
    }
}

size_t chardev_be_can_read(Chardev *chr)
{
    if (!chr->fe_read) {
        return SIZE_MAX;
    }
    return chr->fe_can_read ? chr->fe_can_read(chr->fe_opaque) : SIZE_MAX;
}

void chardev_be_read(Chardev *chr, const uint8_t *buf, size_t len)
{
    if (chr->fe_read && len) {
        chr->fe_read(chr->fe_opaque, buf, len);
    }
}

void chardev_be_event(Chardev *chr, ChardevEvent event)
{
    if (event == CHARDEV_EVENT_OPENED || event == CHARDEV_EVENT_CLOSED) {
        chr->be_open = event == CHARDEV_EVENT_OPENED;
    }
    if (chr->fe_event) {
        chr->fe_event(chr->fe_opaque, event);
    }
}

/* Options. */

const char *chardev_opt_str(const QDict *opts, const char *key)
{
    return opts ? qdict_get_try_str(opts, key) : NULL;
}

const char *chardev_opt_str_required(Chardev *chr, const QDict *opts,
                                     const char *key, Error **errp)
{
    const char *value = chardev_opt_str(opts, key);

    if (!value || !*value) {
        error_setg(errp, "chardev '%s' needs '%s'", chr->label, key);
        return NULL;
    }
    return value;
}

bool chardev_opt_bool(Chardev *chr, const QDict *opts, const char *key,
                      bool def, bool *value, Error **errp)
{
    QObject *obj = opts ? qdict_get(opts, key) : NULL;
    QBool *qb = obj ? qobject_to(QBool, obj) : NULL;
    QString *qs = obj ? qobject_to(QString, obj) : NULL;
    const char *s = qs ? qstring_get_str(qs) : NULL;

    if (!obj) {
        *value = def;
    } else if (qb) {
        *value = qbool_get_bool(qb);
    } else if (s && (!strcmp(s, "on") || !strcmp(s, "true"))) {
        *value = true;
    } else if (s && (!strcmp(s, "off") || !strcmp(s, "false"))) {
        *value = false;
    } else {
        error_setg(errp, "chardev '%s': '%s' must be on or off", chr->label,
                   key);
        return false;
    }
    return true;
}

bool chardev_opt_uint(Chardev *chr, const QDict *opts, const char *key,
                      uint64_t def, uint64_t *value, Error **errp)
{
    QObject *obj = opts ? qdict_get(opts, key) : NULL;
    QNum *qn = obj ? qobject_to(QNum, obj) : NULL;
    QString *qs = obj ? qobject_to(QString, obj) : NULL;

    if (!obj) {
        *value = def;
        return true;
    }
    if (qn && qnum_get_try_uint(qn, value)) {
        return true;
    }
    if (qs) {
        const char *s = qstring_get_str(qs);
        char *end = NULL;
        guint64 n;

        errno = 0;
        n = g_ascii_strtoull(s, &end, 10);
        if (*s && g_ascii_isdigit(*s) && !*end && !errno) {
            *value = n;
            return true;
        }
    }
    error_setg(errp, "chardev '%s': '%s' must be a non-negative integer",
               chr->label, key);
    return false;
}

bool chardev_opt_size(Chardev *chr, const QDict *opts, const char *key,
                      uint64_t def, uint64_t *value, Error **errp)
{
    QObject *obj = opts ? qdict_get(opts, key) : NULL;
    QString *qs = obj ? qobject_to(QString, obj) : NULL;

    if (!qs) {
        return chardev_opt_uint(chr, opts, key, def, value, errp);
    }
    if (!qapi_size_parse(key, qstring_get_str(qs), value, errp)) {
        error_prepend(errp, "chardev '%s': ", chr->label);
        return false;
    }
    return true;
}

/* Creation. */

/* ChardevCommon's members: every back-end takes them, chardev_new()
 * handles them, a back-end's open never sees them. */
static const char *const chardev_common_options[] = {
    "logfile", "logappend", "logsize", NULL
};

static bool chardev_open_log(Chardev *chr, const QDict *opts, Error **errp)
{
    const char *path = chardev_opt_str(opts, "logfile");
    bool append;
    uint64_t max_size;

    if (!chardev_opt_bool(chr, opts, "logappend", false, &append, errp) ||
        !chardev_opt_size(chr, opts, "logsize", 0, &max_size, errp)) {
        return false;
    }
    if (!path) {
        if (opts && (qdict_haskey(opts, "logappend") ||
                     qdict_haskey(opts, "logsize"))) {
            error_setg(errp, "chardev '%s': 'logappend' and 'logsize' need "
                       "'logfile'", chr->label);
            return false;
        }
        return true;
    }
    return chardev_log_open(&chr->log, chr->label, path, append, max_size,
                            errp);
}

/* The options without the common ones: what the back-end's open takes. */
static QDict *chardev_backend_options(const QDict *opts)
{
    QDict *rest = qdict_new();

    for (const QDictEntry *e = opts ? qdict_first(opts) : NULL; e;
         e = qdict_next(opts, e)) {
        if (!g_strv_contains(chardev_common_options, qdict_entry_key(e))) {
            qdict_put_obj(rest, qdict_entry_key(e),
                          qobject_ref(qdict_entry_value(e)));
        }
    }
    return rest;
}

static Object *chardev_container(void)
{
    return container_get(object_get_root(), "/chardevs");
}

Chardev *chardev_find(const char *id)
{
    Object *obj = object_resolve_path_component(chardev_container(), id);

    return obj ? (Chardev *)object_dynamic_cast(obj, TYPE_CHARDEV) : NULL;
}

bool chardev_remove(const char *id, Error **errp)
{
    Chardev *chr = chardev_find(id);

    if (!chr) {
        error_setg(errp, "chardev '%s' does not exist", id);
        return false;
    }
    object_unparent(OBJECT(chr));
    return true;
}

static bool chardev_id_valid(const char *id)
{
    if (!g_ascii_isalpha(*id)) {
        return false;
    }
    for (const char *p = id; *p; p++) {
        if (!g_ascii_isalnum(*p) && !strchr("-_.", *p)) {
            return false;
        }
    }
    return true;
}

static bool chardev_check_options(Chardev *chr, const QDict *opts,
                                  Error **errp)
{
    const char *const *known = CHARDEV_GET_CLASS(chr)->options;

    if (!opts) {
        return true;
    }
    for (const QDictEntry *e = qdict_first(opts); e; e = qdict_next(opts, e)) {
        const char *key = qdict_entry_key(e);

        if (g_strv_contains(chardev_common_options, key)) {
            continue;
        }
        if (!known || !g_strv_contains((const char *const *)known, key)) {
            error_setg(errp, "chardev '%s': unknown option '%s'", chr->label,
                       key);
            return false;
        }
    }
    return true;
}

Chardev *chardev_new(const char *id, const char *backend, const QDict *opts,
                     Error **errp)
{
    g_autofree char *typename = NULL;
    ObjectClass *oc;
    g_autoptr(Chardev) chr = NULL;
    g_autoptr(QDict) backend_opts = NULL;

    chardev_register_types();
    if (!id || !*id) {
        error_setg(errp, "chardev needs an 'id'");
        return NULL;
    }
    if (!chardev_id_valid(id)) {
        error_setg(errp, "chardev id '%s' is not a valid name", id);
        return NULL;
    }
    if (!backend || !*backend) {
        error_setg(errp, "chardev '%s' needs a backend", id);
        return NULL;
    }
    typename = g_strconcat("chardev-", backend, NULL);
    oc = object_class_by_name(typename);
    if (!oc || !object_class_dynamic_cast(oc, TYPE_CHARDEV) ||
        object_class_is_abstract(oc)) {
        error_setg(errp, "unknown chardev backend '%s'", backend);
        return NULL;
    }
    if (chardev_find(id)) {
        error_setg(errp, "chardev '%s' already exists", id);
        return NULL;
    }
    chr = CHARDEV(object_new_with_class(oc));
    chr->label = g_strdup(id);
    if (!chardev_check_options(chr, opts, errp) ||
        !chardev_open_log(chr, opts, errp)) {
        return NULL;
    }
    backend_opts = chardev_backend_options(opts);
    if (!CHARDEV_GET_CLASS(chr)->open(chr, backend_opts, errp)) {
        return NULL;
    }
    chr->backend = g_strdup(backend);
    chr->opts = opts ? qobject_to(QDict, qobject_deep_copy(QOBJECT(opts)))
                     : qdict_new();
    /* The tree takes a reference of its own; ours goes to the caller. */
    object_property_add_child(chardev_container(), id, OBJECT(chr));
    return g_steal_pointer(&chr);
}

/* Copies data's members into flat, lifting a socket's addr.data.path and a
 * file's out to "path". */
static bool chardev_flatten_data(const char *id, const QDict *data,
                                 QDict *flat, Error **errp)
{
    for (const QDictEntry *e = qdict_first(data); e; e = qdict_next(data, e)) {
        const char *key = qdict_entry_key(e);
        QObject *value = qdict_entry_value(e);

        if (!strcmp(key, "addr")) {
            QDict *addr = qobject_to(QDict, value);
            QDict *addr_data = addr ? qdict_get_qdict(addr, "data") : NULL;
            const char *type = addr ? qdict_get_try_str(addr, "type") : NULL;

            if (!type || strcmp(type, "unix")) {
                error_setg(errp, "chardev '%s': only unix socket addresses "
                           "are supported", id);
                return false;
            }
            if (addr_data && qdict_haskey(addr_data, "path")) {
                qdict_put_obj(flat, "path",
                              qobject_ref(qdict_get(addr_data, "path")));
            }
        } else if (!strcmp(key, "out")) {
            qdict_put_obj(flat, "path", qobject_ref(value));
        } else {
            qdict_put_obj(flat, key, qobject_ref(value));
        }
    }
    return true;
}

Chardev *chardev_new_from_qdict(const QDict *args, Error **errp)
{
    const char *id = qdict_get_try_str(args, "id");
    QDict *backend = qdict_get_qdict(args, "backend");
    const char *type = backend ? qdict_get_try_str(backend, "type") : NULL;
    QDict *data = backend ? qdict_get_qdict(backend, "data") : NULL;
    g_autoptr(QDict) flat = qdict_new();

    if (!id) {
        error_setg(errp, "chardev needs an 'id'");
        return NULL;
    }
    if (!type) {
        error_setg(errp, "chardev '%s' needs 'backend.type'", id);
        return NULL;
    }
    if (data && !chardev_flatten_data(id, data, flat, errp)) {
        return NULL;
    }
    return chardev_new(id, type, flat, errp);
}

Chardev *chardev_new_from_keyval(const char *params, Error **errp)
{
    g_autoptr(QDict) opts = keyval_parse(params, "backend", NULL, errp);

    return opts ? chardev_new_from_opts(opts, errp) : NULL;
}

Chardev *chardev_new_from_opts(const QDict *given, Error **errp)
{
    g_autoptr(QDict) opts = qobject_to(QDict,
                                       qobject_deep_copy(QOBJECT(given)));
    g_autofree char *id = g_strdup(qdict_get_try_str(opts, "id"));
    g_autofree char *backend = g_strdup(qdict_get_try_str(opts, "backend"));
    const char *mux_str = qdict_get_try_str(opts, "mux");
    bool mux = false;

    qdict_del(opts, "id");
    qdict_del(opts, "backend");
    if (mux_str && !qapi_bool_parse("mux", mux_str, &mux, errp)) {
        return NULL;
    }
    qdict_del(opts, "mux");
    if (!mux) {
        return chardev_new(id, backend, opts, errp);
    }
    if (!id || !*id) {
        error_setg(errp, "chardev needs an 'id'");
        return NULL;
    }
    g_autofree char *base_id = g_strconcat(id, "-base", NULL);
    g_autoptr(Chardev) base = chardev_new(base_id, backend, opts, errp);
    g_autoptr(QDict) mux_opts = qdict_new();
    Chardev *chr;

    if (!base) {
        return NULL;
    }
    qdict_put_str(mux_opts, "chardev", base_id);
    chr = chardev_new(id, "mux", mux_opts, errp);
    if (!chr) {
        chardev_remove(base_id, NULL);
    }
    return chr;
}

char *chardev_describe(Chardev *chr)
{
    const char *path = qdict_get_try_str(chr->opts, "path");

    if (g_str_equal(chr->backend, "pty")) {
        return g_strconcat("pty:", char_pty_get_path(chr), NULL);
    }
    if (g_str_equal(chr->backend, "socket")) {
        QObject *server = qdict_get(chr->opts, "server");
        bool listening = false;

        if (server && qobject_type(server) == QTYPE_QBOOL) {
            listening = qbool_get_bool(qobject_to(QBool, server));
        } else if (server) {
            qapi_bool_parse("server", qdict_get_try_str(chr->opts, "server"),
                            &listening, NULL);
        }
        return g_strdup_printf("unix:%s%s", path ? path : "",
                               listening ? ",server=on" : "");
    }
    if (g_str_equal(chr->backend, "file")) {
        return g_strconcat("file:", path ? path : "", NULL);
    }
    return g_strdup(chr->backend);
}

QDict *chardev_get_config(Chardev *chr)
{
    QDict *config = qdict_new();

    qdict_put_str(config, "backend", chr->backend);
    QDICT_FOREACH(e, chr->opts) {
        QObject *value = qdict_entry_value(e);
        g_autofree char *text = NULL;

        switch (qobject_type(value)) {
        case QTYPE_QSTRING:
            text = g_strdup(qstring_get_str(qobject_to(QString, value)));
            break;
        case QTYPE_QBOOL:
            text = g_strdup(qbool_get_bool(qobject_to(QBool, value))
                            ? "on" : "off");
            break;
        default:
            text = qobject_to_json(value);
            break;
        }
        qdict_put_str(config, qdict_entry_key(e), text);
    }
    return config;
}

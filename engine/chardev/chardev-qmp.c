/* The character device QMP commands: chardev-add, chardev-remove,
 * query-chardev, ringbuf-read and ringbuf-write (engine/qapi/schema/
 * char.json). chardev-add's typed arguments go back to the QMP-shaped dict
 * chardev_new_from_qdict() takes, so -chardev, [chardev] groups and
 * chardev-add end in the same creation code. */
#include "chardev.h"

#include "char-pty.h"
#include "char-ringbuf.h"
#include "object-path.h"
#include "qapi-commands.h"
#include "qapi-visit.h"
#include "qobject-output-visitor.h"

bool qmp_chardev_add(const char *id, ChardevBackend *backend,
                     ChardevReturn **ret, Error **errp)
{
    g_autoptr(QObject) backend_obj = NULL;
    g_autoptr(QDict) args = qdict_new();
    g_autoptr(Chardev) chr = NULL;
    Visitor *v;

    /* Options QEMU has and this engine refuses, rather than ignores. */
    if (backend->type == CHARDEV_BACKEND_KIND_FILE &&
        backend->u.file.data->in) {
        error_setg(errp, "chardev '%s': file input ('in') is not supported",
                   id);
        return false;
    }
    v = qobject_output_visitor_new(&backend_obj);
    visit_type_ChardevBackend(v, NULL, &backend, &error_abort);
    visit_complete(v, &backend_obj);
    visit_free(v);
    qdict_put_str(args, "id", id);
    qdict_put_obj(args, "backend", qobject_ref(backend_obj));
    chr = chardev_new_from_qdict(args, errp);
    if (!chr) {
        return false;
    }
    *ret = g_new0(ChardevReturn, 1);
    if (char_pty_get_path(chr)) {
        (*ret)->pty = g_strdup(char_pty_get_path(chr));
    }
    return true;
}

bool qmp_chardev_remove(const char *id, Error **errp)
{
    Chardev *chr = chardev_find(id);

    if (chr && chardev_has_frontend(chr)) {
        error_setg(errp, "Chardev '%s' is busy", id);
        return false;
    }
    return chardev_remove(id, errp);
}

static int chardev_info_add(Object *obj, void *opaque)
{
    ChardevInfoList ***tail = opaque;
    Chardev *chr = (Chardev *)object_dynamic_cast(obj, TYPE_CHARDEV);
    ChardevInfo *info;

    if (!chr) {
        return 0;
    }
    info = g_new0(ChardevInfo, 1);
    info->label = g_strdup(chr->label);
    info->filename = chardev_describe(chr);
    info->frontend_open = chardev_has_frontend(chr);
    **tail = g_new0(ChardevInfoList, 1);
    (**tail)->value = info;
    *tail = &(**tail)->next;
    return 0;
}

bool qmp_query_chardev(ChardevInfoList **ret, Error **errp)
{
    ChardevInfoList *list = NULL, **tail = &list;
    Object *container = object_resolve_path("/chardevs", NULL);

    if (container) {
        object_child_foreach(container, chardev_info_add, &tail);
    }
    *ret = list;
    return true;
}

static Chardev *ringbuf_find(const char *device, Error **errp)
{
    Chardev *chr = chardev_find(device);

    if (!chr) {
        error_setg(errp, "Device '%s' not found", device);
    }
    return chr;
}

bool qmp_ringbuf_write(const char *device, const char *data,
                       bool has_format, DataFormat format, Error **errp)
{
    Chardev *chr = ringbuf_find(device, errp);
    g_autofree guchar *decoded = NULL;
    const void *bytes = data;
    size_t len = strlen(data);

    if (!chr) {
        return false;
    }
    if (has_format && format == DATA_FORMAT_BASE64) {
        gsize n = 0;

        decoded = g_base64_decode(data, &n);
        bytes = decoded;
        len = n;
    }
    return ringbuf_write(chr, bytes, len, errp);
}

bool qmp_ringbuf_read(const char *device, int64_t size, bool has_format,
                      DataFormat format, char **ret, Error **errp)
{
    Chardev *chr = ringbuf_find(device, errp);
    g_autofree char *bytes = NULL;
    size_t len = 0;

    if (!chr) {
        return false;
    }
    if (size < 0) {
        error_setg(errp, "size must be greater than zero");
        return false;
    }
    bytes = ringbuf_read(chr, (size_t)size, &len, errp);
    if (!bytes) {
        return false;
    }
    if (has_format && format == DATA_FORMAT_BASE64) {
        *ret = g_base64_encode((const guchar *)bytes, len);
    } else {
        /* As QEMU: text up to the first NUL; invalid UTF-8 is the
         * reader's problem, but our JSON output keeps it valid. */
        *ret = g_strndup(bytes, len);
    }
    return true;
}

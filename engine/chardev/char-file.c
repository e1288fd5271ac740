/* The "file" back-end: see char-file.h. */
#include "char-file.h"

#include <errno.h>
#include <fcntl.h>
#include <unistd.h>

OBJECT_DECLARE_SIMPLE_TYPE(CharFile, CHARDEV_FILE)

struct CharFile {
    Chardev parent;
    int fd;
};

static bool char_file_open(Chardev *chr, const QDict *opts, Error **errp)
{
    CharFile *s = CHARDEV_FILE(chr);
    const char *path = chardev_opt_str_required(chr, opts, "path", errp);
    bool append;
    int flags = O_WRONLY | O_CREAT | O_CLOEXEC;

    if (!path || !chardev_opt_bool(chr, opts, "append", false, &append, errp)) {
        return false;
    }
    flags |= append ? O_APPEND : O_TRUNC;
    s->fd = open(path, flags, 0666);
    if (s->fd < 0) {
        error_setg_errno(errp, errno, "chardev '%s': cannot open '%s'",
                         chr->label, path);
        return false;
    }
    chardev_be_event(chr, CHARDEV_EVENT_OPENED);
    return true;
}

static void char_file_write(Chardev *chr, const uint8_t *buf, size_t len)
{
    CharFile *s = CHARDEV_FILE(chr);

    while (len) {
        ssize_t n = write(s->fd, buf, len);

        if (n < 0 && errno == EINTR) {
            continue;
        }
        if (n <= 0) {
            chr->dropped += len;
            return;
        }
        buf += n;
        len -= n;
    }
}

static void char_file_init(Object *obj)
{
    CHARDEV_FILE(obj)->fd = -1;
}

static void char_file_finalize(Object *obj)
{
    CharFile *s = CHARDEV_FILE(obj);

    if (s->fd >= 0) {
        close(s->fd);
    }
}

static const char *const char_file_options[] = { "path", "append", NULL };

static void char_file_class_init(ObjectClass *oc, const void *data)
{
    ChardevClass *cc = CHARDEV_CLASS(oc);

    cc->options = char_file_options;
    cc->open = char_file_open;
    cc->write = char_file_write;
}

static const TypeInfo char_file_info = {
    .name = TYPE_CHARDEV_FILE,
    .parent = TYPE_CHARDEV,
    .instance_size = sizeof(CharFile),
    .instance_init = char_file_init,
    .instance_finalize = char_file_finalize,
    .class_init = char_file_class_init,
};

void char_file_register_types(void)
{
    type_register_static(&char_file_info);
}

/* The "ringbuf" back-end: see char-ringbuf.h. */
#include "char-ringbuf.h"

#include <string.h>

OBJECT_DECLARE_SIMPLE_TYPE(CharRingbuf, CHARDEV_RINGBUF)

struct CharRingbuf {
    Chardev parent;
    CharRing ring;
    uint64_t read_pos;
};

static bool char_ringbuf_open(Chardev *chr, const QDict *opts, Error **errp)
{
    CharRingbuf *s = CHARDEV_RINGBUF(chr);
    uint64_t size;

    if (!chardev_opt_uint(chr, opts, "size", 65536, &size, errp)) {
        return false;
    }
    if (!size || (size & (size - 1)) || size > (1u << 30)) {
        error_setg(errp, "chardev '%s': ringbuf size must be a power of two "
                   "up to 1 GiB", chr->label);
        return false;
    }
    char_ring_init(&s->ring, size);
    chardev_be_event(chr, CHARDEV_EVENT_OPENED);
    return true;
}

static void char_ringbuf_write(Chardev *chr, const uint8_t *buf, size_t len)
{
    char_ring_push(&CHARDEV_RINGBUF(chr)->ring, buf, len);
}

static CharRingbuf *char_ringbuf_cast(Chardev *chr, Error **errp)
{
    Object *obj = object_dynamic_cast(OBJECT(chr), TYPE_CHARDEV_RINGBUF);

    if (!obj) {
        error_setg(errp, "chardev '%s' is not a ringbuf", chr->label);
        return NULL;
    }
    return CHARDEV_RINGBUF(obj);
}

char *ringbuf_read(Chardev *chr, size_t n, size_t *len, Error **errp)
{
    CharRingbuf *s = char_ringbuf_cast(chr, errp);
    uint64_t tail;
    size_t avail;
    char *out;
    size_t done = 0;

    if (!s) {
        return NULL;
    }
    tail = char_ring_tail(&s->ring);
    if (s->read_pos < tail) {
        chr->dropped += tail - s->read_pos;
        s->read_pos = tail;
    }
    avail = char_ring_head(&s->ring) - s->read_pos;
    n = MIN(n, avail);
    out = g_malloc(n + 1);
    while (done < n) {
        size_t chunk;
        const uint8_t *p = char_ring_peek(&s->ring, s->read_pos, &chunk);

        chunk = MIN(chunk, n - done);
        memcpy(out + done, p, chunk);
        done += chunk;
        s->read_pos += chunk;
    }
    out[n] = '\0';
    *len = n;
    return out;
}

bool ringbuf_write(Chardev *chr, const void *buf, size_t len, Error **errp)
{
    if (!char_ringbuf_cast(chr, errp)) {
        return false;
    }
    chardev_be_read(chr, buf, len);
    return true;
}

static void char_ringbuf_finalize(Object *obj)
{
    char_ring_destroy(&CHARDEV_RINGBUF(obj)->ring);
}

static const char *const char_ringbuf_options[] = { "size", NULL };

static void char_ringbuf_class_init(ObjectClass *oc, const void *data)
{
    ChardevClass *cc = CHARDEV_CLASS(oc);

    cc->options = char_ringbuf_options;
    cc->open = char_ringbuf_open;
    cc->write = char_ringbuf_write;
}

static const TypeInfo char_ringbuf_info = {
    .name = TYPE_CHARDEV_RINGBUF,
    .parent = TYPE_CHARDEV,
    .instance_size = sizeof(CharRingbuf),
    .instance_finalize = char_ringbuf_finalize,
    .class_init = char_ringbuf_class_init,
};

void char_ringbuf_register_types(void)
{
    type_register_static(&char_ringbuf_info);
}

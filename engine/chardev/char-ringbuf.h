/* The "ringbuf" back-end: output goes into a ring of `size` bytes (a power
 * of two, default 65536) that keeps the newest; ringbuf_read() takes bytes
 * out oldest first, like QMP's ringbuf-read. Bytes overwritten before they
 * were read are counted as dropped. ringbuf_write() feeds the front-end. */
#pragma once

#include "chardev.h"

#define TYPE_CHARDEV_RINGBUF "chardev-ringbuf"

void char_ringbuf_register_types(void);

/* Up to n unread bytes, a new buffer with a NUL after them; *len gets their
 * count. "chardev 'x' is not a ringbuf" for another back-end. */
char *ringbuf_read(Chardev *chr, size_t n, size_t *len, Error **errp);
/* Gives buf to the front-end as input (all of it, whatever can_read says). */
bool ringbuf_write(Chardev *chr, const void *buf, size_t len, Error **errp);

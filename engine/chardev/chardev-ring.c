/* A byte ring keeping the newest bytes: see chardev-ring.h. */
#include "chardev-ring.h"

#include <glib.h>
#include <string.h>

void char_ring_init(CharRing *ring, size_t size)
{
    g_assert(size && (size & (size - 1)) == 0);
    ring->buf = g_malloc(size);
    ring->size = size;
    ring->head = 0;
}

void char_ring_destroy(CharRing *ring)
{
    g_clear_pointer(&ring->buf, g_free);
    ring->size = 0;
    ring->head = 0;
}

void char_ring_push(CharRing *ring, const void *data, size_t len)
{
    const uint8_t *src = data;
    uint64_t pos = ring->head;

    ring->head += len;
    if (len > ring->size) {
        /* Only the last size bytes survive: write just those. */
        src += len - ring->size;
        pos += len - ring->size;
        len = ring->size;
    }
    while (len) {
        size_t off = pos & (ring->size - 1);
        size_t chunk = MIN(len, ring->size - off);

        memcpy(ring->buf + off, src, chunk);
        src += chunk;
        pos += chunk;
        len -= chunk;
    }
}

uint64_t char_ring_tail(const CharRing *ring)
{
    return ring->head > ring->size ? ring->head - ring->size : 0;
}

uint64_t char_ring_head(const CharRing *ring)
{
    return ring->head;
}

size_t char_ring_used(const CharRing *ring)
{
    return ring->head - char_ring_tail(ring);
}

const uint8_t *char_ring_peek(const CharRing *ring, uint64_t pos, size_t *len)
{
    size_t off;

    g_assert(pos >= char_ring_tail(ring) && pos <= ring->head);
    off = pos & (ring->size - 1);
    *len = MIN(ring->head - pos, ring->size - off);
    return ring->buf + off;
}

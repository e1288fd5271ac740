/* A byte ring of fixed, power-of-two capacity that keeps the newest bytes.
 * Positions are absolute byte counts since the ring was made (64-bit, so they
 * never wrap in practice): a reader keeps its own position and asks for the
 * bytes from there; a position older than char_ring_tail() has been
 * overwritten. The ring owns its buffer; it never grows after init. */
#pragma once

#include <stddef.h>
#include <stdint.h>

typedef struct CharRing {
    uint8_t *buf;
    size_t size;                /* a power of two */
    uint64_t head;              /* bytes ever pushed */
} CharRing;

/* size must be a non-zero power of two (a bug otherwise: aborts). */
void char_ring_init(CharRing *ring, size_t size);
void char_ring_destroy(CharRing *ring);

/* Appends len bytes, overwriting the oldest when full. */
void char_ring_push(CharRing *ring, const void *data, size_t len);

/* The oldest position still held, and one past the newest. */
uint64_t char_ring_tail(const CharRing *ring);
uint64_t char_ring_head(const CharRing *ring);
/* Bytes held: head - tail, at most size. */
size_t char_ring_used(const CharRing *ring);

/* The contiguous bytes from pos (tail <= pos < head) up to the wrap or the
 * head; *len gets their count. Lends a pointer into the ring. */
const uint8_t *char_ring_peek(const CharRing *ring, uint64_t pos, size_t *len);

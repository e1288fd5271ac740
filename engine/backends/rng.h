/* Random number generator back-ends: the user-creatable objects
 * rng-builtin (the host's getrandom) and rng-random (a file such as
 * /dev/urandom, opened when the object completes, so a missing file fails
 * -object or object-add with the file's name). A device takes its entropy
 * with rng_backend_fill(); a short read from a file is an error, never
 * fewer bytes than asked.
 *
 * Ownership: the QOM tree owns the objects (/objects/ID); the file
 * descriptor belongs to the object and closes with it. */
#pragma once

#include <stddef.h>

#include "object.h"

#define TYPE_RNG_BACKEND "rng-backend"
#define TYPE_RNG_BUILTIN "rng-builtin"
#define TYPE_RNG_RANDOM "rng-random"

typedef struct RngBackend RngBackend;

/* Registers the types; safe to call more than once. */
void rng_backends_register_types(void);

RngBackend *rng_backend_cast(Object *obj);
/* Fills buf with len random bytes. */
bool rng_backend_fill(RngBackend *rng, void *buf, size_t len, Error **errp);

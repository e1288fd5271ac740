/* Guest errors: accesses a device model ignores (an unassigned offset, a
 * read-only register, an unknown command). A guest may make them on every
 * instruction, so each device keeps a GuestErrorLog that counts them all
 * and logs only the first GUEST_ERROR_LOG_LIMIT with g_debug() (then one
 * line saying it stops): a hostile guest cannot flood the engine's log.
 * The log is a plain field of the device; nothing to free. */
#pragma once

#include <glib.h>
#include <stdint.h>

enum { GUEST_ERROR_LOG_LIMIT = 16 };

typedef struct GuestErrorLog {
    uint64_t count;
} GuestErrorLog;

/* Counts one; logs "<message>" while under the limit. */
void guest_error(GuestErrorLog *log, const char *fmt, ...)
    G_GNUC_PRINTF(2, 3);

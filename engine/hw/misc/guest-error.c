/* Guest errors, counted and logged up to a limit: see guest-error.h. */
#include "guest-error.h"

void guest_error(GuestErrorLog *log, const char *fmt, ...)
{
    va_list ap;
    g_autofree char *message = NULL;

    if (log->count++ >= GUEST_ERROR_LOG_LIMIT) {
        return;
    }
    va_start(ap, fmt);
    message = g_strdup_vprintf(fmt, ap);
    va_end(ap);
    if (log->count == GUEST_ERROR_LOG_LIMIT) {
        g_debug("%s (further guest errors of this device are counted, not "
                "logged)", message);
    } else {
        g_debug("%s", message);
    }
}

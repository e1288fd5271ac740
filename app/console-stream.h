/* Console stream: a byte stream to one of a VM's character sockets (the
 * serial port, the HMP monitor) on a GLib main context.
 *
 * Bytes from the engine go to the data callback as they arrive; the stream
 * also keeps the last CONSOLE_STREAM_TAIL_BYTES of them, so a front-end
 * can show the last console lines after the engine died. A closed socket
 * calls the close callback once. Writes block at most a few seconds on a
 * stalled engine, then fail.
 *
 * Ownership: the stream owns its socket; data passed to the callback is
 * borrowed for the call. */
#pragma once

#include <glib.h>
#include <stdbool.h>

#include "error.h"

#define CONSOLE_STREAM_TAIL_BYTES 16384

typedef struct ConsoleStream ConsoleStream;

typedef void (*ConsoleDataFunc)(ConsoleStream *cs, const char *data,
                                size_t len, void *opaque);
typedef void (*ConsoleCloseFunc)(ConsoleStream *cs, void *opaque);

/* context NULL: the thread-default context. */
ConsoleStream *console_stream_open(const char *socket_path,
                                   GMainContext *context,
                                   ConsoleDataFunc data_fn,
                                   ConsoleCloseFunc close_fn, void *opaque,
                                   Error **errp);
void console_stream_free(ConsoleStream *cs);

bool console_stream_write(ConsoleStream *cs, const void *buf, size_t len,
                          Error **errp);
bool console_stream_is_open(const ConsoleStream *cs);
/* The last bytes received (borrowed). */
const GByteArray *console_stream_get_tail(const ConsoleStream *cs);

G_DEFINE_AUTOPTR_CLEANUP_FUNC(ConsoleStream, console_stream_free)

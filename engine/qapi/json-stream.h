/* JSON stream: cuts a byte stream (a QMP socket) into JSON messages.
 *
 * Feed bytes as they arrive, in pieces of any size: a message split at any
 * byte, or several messages in one piece, come out exactly the same. Each
 * complete top-level value, or one error per malformed message, goes to the
 * emit callback, in stream order. Values are judged by qobject_from_json_ext()
 * (see qjson.h for what is accepted), so a message read from a socket and the
 * same text parsed whole get the same value or the same error; line and
 * column in an error count from the first byte of the message.
 *
 * Ownership: the callback receives either a value (a new reference: unref it)
 * or an error (free it), never both. It must not feed, flush or free the
 * stream it is called from (asserted); to stop reading, note it and act once
 * json_stream_feed() returns.
 *
 * Framing and recovery. Whitespace between messages is skipped; messages may
 * follow each other with or without a newline. After an error inside a
 * message the stream drops everything up to and including the next newline
 * and starts afresh: QMP clients end each message with a newline, so the next
 * well-formed line parses. A message that json-c saw to its end but that
 * fails our checks (a raw control character, an integer out of range) costs
 * only itself, as its end is known. A malformed message spread over several
 * lines may give one error per line.
 *
 * Limits, so a peer cannot make the stream use unbounded memory or stack:
 *  - nesting deeper than max_depth levels: "JSON parse error at line 1,
 *    column 1025: nesting deeper than 1024 levels";
 *  - a message longer than max_message_bytes: "JSON message exceeds 4194304
 *    bytes", reported when the byte past the limit arrives, after which the
 *    rest of its line is dropped. The stream keeps at most one message's bytes
 *    plus json-c's tree of it, and that tree is what costs: see below.
 *
 * Top-level scalars: a number (or true, false, null) at the top level is only
 * known complete when the byte after it arrives (any whitespace will do) or at
 * json_stream_flush(); its delimiter counts towards its size. QMP only sends
 * objects, which end with their closing brace.
 */
#pragma once

#include <stddef.h>

#include "qjson.h"

/* Why 4 MiB: the biggest QMP message in common use, QEMU's query-qmp-schema
 * reply, is under 1 MiB even pretty-printed (QEMU 10, as recorded in
 * libvirt's test data). The cost of a message is not its text but json-c's
 * tree of it: an array of empty objects, "[{},{},...]", takes about 280 bytes
 * of memory per byte of text (measured: 16 MiB of it took 4.7 GB and 20 s),
 * so 4 MiB bounds one message's worst case near 1.2 GB, transiently; the
 * QMP socket's peer is the user's own process, not a guest. A caller that
 * wants a tighter or looser bound sets it with json_stream_set_limits(). */
#define JSON_STREAM_MAX_DEPTH QJSON_MAX_DEPTH
#define JSON_STREAM_MAX_MESSAGE_BYTES ((size_t)4 << 20)

typedef struct JsonStream JsonStream;

/* Exactly one of value and err is non-NULL; the callback owns it. */
typedef void (*JsonStreamEmit)(void *opaque, QObject *value, Error *err);

/* A new stream with the default limits. */
JsonStream *json_stream_new(JsonStreamEmit emit, void *opaque);

/* max_depth: 1..QJSON_MAX_DEPTH_LIMIT; max_message_bytes: 1..INT_MAX - 1
 * (json-c's lengths are ints). Only between messages: before the first feed
 * or right after a flush. */
void json_stream_set_limits(JsonStream *s, unsigned max_depth,
                            size_t max_message_bytes);

void json_stream_feed(JsonStream *s, const char *buf, size_t len);

/* The end of the input: a message still unfinished is an error ("unexpected
 * end of input"), a pending top-level scalar is emitted. The stream is then
 * ready for new input. */
void json_stream_flush(JsonStream *s);

/* Whether a message ever exceeded the size limit: a peer that sends one is
 * misbehaving, and a server may want to hang up after the error. */
bool json_stream_overflowed(const JsonStream *s);
/* Drops any unfinished message without a word; NULL is allowed. */
void json_stream_free(JsonStream *s);

G_DEFINE_AUTOPTR_CLEANUP_FUNC(JsonStream, json_stream_free)

/* JSON stream: see json-stream.h.
 *
 * json-c's incremental tokener finds where each message ends (and stops early
 * on malformed structure, so garbage is not buffered up to the size limit);
 * the message's bytes are kept and judged by qobject_from_json_ext(). That
 * parses every message twice. QMP messages are small and arrive at the pace of
 * a management tool, and the price buys one judge for sockets and strings:
 * two converters from json-c's tree would drift apart.
 *
 * Two things json-c 0.16 gets wrong when one value arrives over several
 * calls, so that the same bytes read differently depending on where a read
 * ended; both are worked around here:
 *  - JSON_TOKENER_VALIDATE_UTF8 keeps no state between calls, so a
 *    multi-byte character split between two reads is refused. The tokener
 *    here runs without it; the judge validates strictly.
 *  - Its number lexer checks a byte against the ones before it only within
 *    one call: "12" then "-3" reads as one number where "12-3" reads as 12
 *    and -3; likewise "0." then "+", and "-0" then "Infinity". So a run of
 *    letters, digits, '.', '+' and '-' at the end of a feed is held back and
 *    handed over with the rest of its run (or at the size limit, or at
 *    flush). A brute-force check over all short inputs found no other split
 *    that changes json-c's verdict; the fuzz target checks it continually.
 */
#include "json-stream.h"

#include <json-c/json.h>
#include <limits.h>
#include <string.h>

/* A buffer that grew past this for a big message is given back afterwards,
 * so one big message does not pin its size for the life of a connection. */
#define JSON_STREAM_KEEP_BUFFER (64 * 1024)

struct JsonStream {
    JsonStreamEmit emit;
    void *opaque;
    unsigned max_depth;
    size_t max_message_bytes;
    struct json_tokener *tok;
    GByteArray *message;   /* the message so far, from its first non-blank byte */
    GByteArray *held;      /* token bytes at the end of a feed, not yet parsed */
    bool discarding;       /* after an error: dropping input up to a newline */
    bool emitting;         /* inside emit(), where re-entry is a bug */
    bool overflowed;       /* a message ever exceeded max_message_bytes */
};

static struct json_tokener *json_stream_new_tokener(unsigned max_depth)
{
    /* As in qobject_from_json_ext(): json-c counts scalars as a level. The
     * judge enforces max_depth exactly; this bounds json-c's own stack. */
    struct json_tokener *tok = json_tokener_new_ex((int)max_depth + 1);

    /* ALLOW_TRAILING_CHARS: the bytes after a message are the next one. */
    json_tokener_set_flags(tok, JSON_TOKENER_STRICT |
                           JSON_TOKENER_ALLOW_TRAILING_CHARS);
    return tok;
}

JsonStream *json_stream_new(JsonStreamEmit emit, void *opaque)
{
    JsonStream *s = g_new0(JsonStream, 1);

    g_assert(emit);
    s->emit = emit;
    s->opaque = opaque;
    s->max_depth = JSON_STREAM_MAX_DEPTH;
    s->max_message_bytes = JSON_STREAM_MAX_MESSAGE_BYTES;
    s->tok = json_stream_new_tokener(s->max_depth);
    s->message = g_byte_array_new();
    s->held = g_byte_array_new();
    return s;
}

void json_stream_set_limits(JsonStream *s, unsigned max_depth,
                            size_t max_message_bytes)
{
    g_assert(!s->emitting && s->message->len == 0 && s->held->len == 0);
    g_assert(max_depth >= 1 && max_depth <= QJSON_MAX_DEPTH_LIMIT);
    g_assert(max_message_bytes >= 1 && max_message_bytes < INT_MAX);

    json_tokener_free(s->tok);
    s->tok = json_stream_new_tokener(max_depth);
    s->max_depth = max_depth;
    s->max_message_bytes = max_message_bytes;
}

void json_stream_free(JsonStream *s)
{
    if (!s) {
        return;
    }
    g_assert(!s->emitting);
    json_tokener_free(s->tok);
    g_byte_array_unref(s->message);
    g_byte_array_unref(s->held);
    g_free(s);
}

static bool json_stream_is_blank(char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

/* Forgets the message in progress. */
static void json_stream_restart(JsonStream *s)
{
    json_tokener_reset(s->tok);
    if (s->message->len > JSON_STREAM_KEEP_BUFFER) {
        g_byte_array_unref(s->message);
        s->message = g_byte_array_new();
    } else {
        g_byte_array_set_size(s->message, 0);
    }
}

/* Hands value or err (one of them) to the callback, which takes it. */
static void json_stream_emit(JsonStream *s, QObject *value, Error *err)
{
    s->emitting = true;
    s->emit(s->opaque, value, err);
    s->emitting = false;
}

/* The message is complete, or json-c gave up on it, or the input ended:
 * judge its bytes and pass on the verdict. expect_error: json-c already
 * refused these bytes. */
static void json_stream_judge(JsonStream *s, bool expect_error)
{
    Error *err = NULL;
    QObject *value = qobject_from_json_ext((const char *)s->message->data,
                                           s->message->len, s->max_depth, &err);

    if (value && expect_error) {
        /* Cannot happen: json-c meets the same bytes in the same order. If
         * it ever does, refuse what json-c refused rather than guess. */
        qobject_unref(value);
        value = NULL;
        error_setg(&err, "JSON parse error: malformed message");
    }
    json_stream_restart(s);
    json_stream_emit(s, value, err);
}

/* Drops the rest of the current line after an error. */
static void json_stream_discard(JsonStream *s)
{
    json_stream_restart(s);
    s->discarding = true;
}

/* Letters, digits and the other bytes of numbers: the bytes json-c must see
 * in one call when they stand next to each other (see the top of the file). */
static bool json_stream_is_token_byte(char c)
{
    return g_ascii_isalnum(c) || c == '.' || c == '+' || c == '-';
}

/* Runs len bytes of input through json-c. hold_tail: the input may go on in
 * the next feed, so a run of token bytes at its end is kept in s->held
 * instead (unless the size limit cuts the input first: json-c sees that cut
 * however the input was split). */
static void json_stream_process(JsonStream *s, const char *buf, size_t len,
                                bool hold_tail)
{
    size_t pos = 0;

    while (pos < len) {
        if (s->discarding) {
            const char *nl = memchr(buf + pos, '\n', len - pos);
            if (!nl) {
                return;
            }
            pos = (size_t)(nl - buf) + 1;
            s->discarding = false;
            continue;
        }
        if (s->message->len == 0) {
            while (pos < len && json_stream_is_blank(buf[pos])) {
                pos++;
            }
            if (pos == len) {
                return;
            }
        }

        /* More bytes for a message that already has the most it may. */
        size_t room = s->max_message_bytes - s->message->len;
        if (room == 0) {
            json_stream_discard(s);
            Error *err = NULL;
            error_setg(&err, "JSON message exceeds %zu bytes",
                       s->max_message_bytes);
            s->overflowed = true;
            json_stream_emit(s, NULL, err);
            continue;
        }

        size_t n = MIN(len - pos, room);
        if (hold_tail && n == len - pos) {
            size_t tail = len;
            while (tail > pos && json_stream_is_token_byte(buf[tail - 1])) {
                tail--;
            }
            g_byte_array_append(s->held, (const guint8 *)buf + tail, len - tail);
            len = tail;
            n = tail - pos;
            if (n == 0) {
                return;
            }
        }

        /* The value itself is not needed: the judge rebuilds it from the
         * bytes, so drop json-c's tree at once. */
        json_object_put(json_tokener_parse_ex(s->tok, buf + pos, (int)n));
        enum json_tokener_error jerr = json_tokener_get_error(s->tok);
        size_t used = MIN(json_tokener_get_parse_end(s->tok), n);

        if (jerr == json_tokener_continue) {
            g_byte_array_append(s->message, (const guint8 *)buf + pos, n);
            pos += n;
        } else if (jerr == json_tokener_success &&
                   (used > 0 || s->message->len > 0)) {
            /* used may be 0: a pending top-level number ended by a '[' */
            g_byte_array_append(s->message, (const guint8 *)buf + pos, used);
            pos += used;
            json_stream_judge(s, false);
        } else {
            /* Keep the byte json-c stopped at, so the judge sees it too;
             * then drop its line, starting with that byte (it may be the
             * newline itself). */
            size_t keep = MIN(used + 1, n);
            g_byte_array_append(s->message, (const guint8 *)buf + pos, keep);
            pos += used;
            json_stream_judge(s, true);
            s->discarding = true;
        }
    }
}

/* Runs the held token bytes through json-c. goes_on: the token run may
 * still continue in the next feed. */
static void json_stream_release_held(JsonStream *s, bool goes_on)
{
    g_autoptr(GByteArray) held = g_steal_pointer(&s->held);

    s->held = g_byte_array_new();
    json_stream_process(s, (const char *)held->data, held->len, goes_on);
}

void json_stream_feed(JsonStream *s, const char *buf, size_t len)
{
    g_assert(!s->emitting);
    if (s->held->len > 0) {
        /* Join the held bytes with the rest of their run. */
        size_t run = 0;
        while (run < len && json_stream_is_token_byte(buf[run])) {
            run++;
        }
        g_byte_array_append(s->held, (const guint8 *)buf, run);
        buf += run;
        len -= run;
        bool goes_on = len == 0;
        /* A run that may still grow is kept only while it fits in the
         * message; beyond that json-c sees it cut at the size limit, as it
         * would have unsplit. */
        if (goes_on &&
            s->message->len + s->held->len <= s->max_message_bytes) {
            return;
        }
        json_stream_release_held(s, goes_on);
    }
    json_stream_process(s, buf, len, true);
}

void json_stream_flush(JsonStream *s)
{
    g_assert(!s->emitting);
    if (s->held->len > 0) {
        json_stream_release_held(s, false);
    }
    if (s->discarding) {
        s->discarding = false;   /* its error has been reported */
    } else if (s->message->len > 0) {
        json_stream_judge(s, false);
    }
    json_stream_restart(s);
}

bool json_stream_overflowed(const JsonStream *s)
{
    return s->overflowed;
}

/* Fuzz target for JSON input: the stream (json-stream.c) and whole-text
 * parsing (qjson.c).
 *
 * Input: three control bytes, then the payload.
 *   bytes 0-1: where to cut the payload in two (little-endian, mod length+1)
 *   byte 2:    the limits (low bits: message size; bit 2: depth)
 * Checks, beyond "no crash, no leak, no undefined behaviour":
 *   - the payload fed whole, cut in two, and (when short) one byte at a time
 *     gives the same values and errors in the same order;
 *   - every value printed compactly and pretty parses back equal, and prints
 *     the same text again;
 *   - when the payload parses whole, the stream gives exactly that value.
 */
#include "json-stream.h"

#include <stdint.h>
#include <string.h>

/* Feeding byte by byte costs a call per byte; beyond this it only slows
 * the fuzzer down without finding more. */
#define FUZZ_BYTEWISE_MAX 4096

static const size_t fuzz_message_limits[] = {
    JSON_STREAM_MAX_MESSAGE_BYTES, 64, 1024, 7,
};

typedef struct FuzzLimits {
    unsigned depth;
    size_t message_bytes;
} FuzzLimits;

/* Prints value both ways and parses each back: equal, and the same text. */
static void check_round_trip(const QObject *value, unsigned depth)
{
    g_autofree char *compact = qobject_to_json(value);
    g_autofree char *pretty = qobject_to_json_pretty(value);

    g_autoptr(QObject) from_compact =
        qobject_from_json_ext(compact, strlen(compact), depth, &error_abort);
    g_autoptr(QObject) from_pretty =
        qobject_from_json_ext(pretty, strlen(pretty), depth, &error_abort);
    g_assert_true(qobject_is_equal(from_compact, value));
    g_assert_true(qobject_is_equal(from_pretty, value));

    g_autofree char *again = qobject_to_json(from_compact);
    g_assert_cmpstr(again, ==, compact);
}

typedef struct FuzzRun {
    GString *out;
    unsigned depth;
} FuzzRun;

static void fuzz_collect(void *opaque, QObject *value, Error *err)
{
    FuzzRun *run = opaque;

    g_assert_true((value == NULL) != (err == NULL));
    if (value) {
        check_round_trip(value, run->depth);
        g_autofree char *text = qobject_to_json(value);
        g_string_append_printf(run->out, "value %s\n", text);
        qobject_unref(value);
    } else {
        g_string_append_printf(run->out, "error %s\n", error_get_pretty(err));
        error_free(err);
    }
}

/* What a fresh stream emits for the payload fed in pieces of at most step
 * bytes, with one cut at cut. */
static char *fuzz_stream(const char *buf, size_t len, size_t cut, size_t step,
                         const FuzzLimits *limits)
{
    FuzzRun run = { g_string_new(NULL), limits->depth };
    g_autoptr(JsonStream) s = json_stream_new(fuzz_collect, &run);
    size_t pos = 0;

    json_stream_set_limits(s, limits->depth, limits->message_bytes);
    while (pos < len) {
        size_t end = MIN(pos + step, len);
        if (pos < cut && cut < end) {
            end = cut;
        }
        json_stream_feed(s, buf + pos, end - pos);
        pos = end;
    }
    json_stream_flush(s);
    return g_string_free(run.out, FALSE);
}

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    /* A GLib critical or warning is a bug the fuzzer should stop on. */
    g_log_set_always_fatal(G_LOG_LEVEL_CRITICAL | G_LOG_LEVEL_WARNING);
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 3) {
        return 0;
    }
    const char *buf = (const char *)data + 3;
    size_t len = size - 3;
    size_t cut = (size_t)(data[0] | data[1] << 8) % (len + 1);
    FuzzLimits limits = {
        .depth = data[2] & 4 ? 3 : QJSON_MAX_DEPTH,
        .message_bytes = fuzz_message_limits[data[2] & 3],
    };

    g_autofree char *whole = fuzz_stream(buf, len, 0, len, &limits);
    g_autofree char *split = fuzz_stream(buf, len, cut, len, &limits);
    g_assert_cmpstr(split, ==, whole);
    if (len <= FUZZ_BYTEWISE_MAX) {
        g_autofree char *bytewise = fuzz_stream(buf, len, 0, 1, &limits);
        g_assert_cmpstr(bytewise, ==, whole);
    }

    g_autoptr(QObject) value = qobject_from_json_ext(buf, len, limits.depth,
                                                     NULL);
    if (value) {
        check_round_trip(value, limits.depth);
        /* The stream sees the same single message (when it fits). */
        if (len <= limits.message_bytes) {
            g_autofree char *text = qobject_to_json(value);
            g_autofree char *expected = g_strdup_printf("value %s\n", text);
            g_assert_cmpstr(whole, ==, expected);
        }
    }
    return 0;
}

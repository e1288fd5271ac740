/* JSON stream: messages out of a byte stream however it is cut, recovery
 * after errors, the limits, and the end of input. */
#include "json-stream.h"

#include <string.h>

/* Each emitted item as one line, "value <compact JSON>" or "error <message>",
 * so a whole run compares as one string. */
static void collect(void *opaque, QObject *value, Error *err)
{
    GString *out = opaque;

    g_assert_true((value == NULL) != (err == NULL));
    if (value) {
        g_autofree char *text = qobject_to_json(value);
        g_string_append_printf(out, "value %s\n", text);
        qobject_unref(value);
    } else {
        g_string_append_printf(out, "error %s\n", error_get_pretty(err));
        error_free(err);
    }
}

typedef struct StreamFixture {
    GString *out;
    JsonStream *stream;
} StreamFixture;

static void fixture_setup(StreamFixture *f, gconstpointer unused)
{
    f->out = g_string_new(NULL);
    f->stream = json_stream_new(collect, f->out);
}

static void fixture_teardown(StreamFixture *f, gconstpointer unused)
{
    json_stream_free(f->stream);
    g_string_free(f->out, TRUE);
}

static void feed_str(StreamFixture *f, const char *text)
{
    json_stream_feed(f->stream, text, strlen(text));
}

/* What a fresh stream emits for input cut at the given offsets (ascending,
 * ending with len), then flushed. */
static char *run_cut(const char *input, size_t len, const size_t *cuts,
                     size_t ncuts, size_t max_message_bytes)
{
    g_autoptr(GString) out = g_string_new(NULL);
    g_autoptr(JsonStream) s = json_stream_new(collect, out);
    size_t pos = 0;

    json_stream_set_limits(s, JSON_STREAM_MAX_DEPTH, max_message_bytes);
    for (size_t i = 0; i < ncuts; i++) {
        json_stream_feed(s, input + pos, cuts[i] - pos);
        pos = cuts[i];
    }
    json_stream_flush(s);
    return g_string_free(g_steal_pointer(&out), FALSE);
}

static char *run_whole(const char *input, size_t len, size_t max_message_bytes)
{
    size_t cuts[] = { len };

    return run_cut(input, len, cuts, 1, max_message_bytes);
}

/* The same input cut in two at every offset, and fed one byte at a time,
 * must give exactly what it gives whole. */
static void assert_cut_anywhere_is_the_same(const char *input, size_t len,
                                            size_t max_message_bytes)
{
    g_autofree char *whole = run_whole(input, len, max_message_bytes);

    for (size_t at = 0; at <= len; at++) {
        size_t cuts[] = { at, len };
        g_autofree char *split = run_cut(input, len, cuts, 2, max_message_bytes);
        if (g_strcmp0(split, whole) != 0) {
            g_test_message("cut at byte %zu", at);
        }
        g_assert_cmpstr(split, ==, whole);
    }

    g_autofree size_t *cuts = g_new(size_t, len + 1);
    for (size_t i = 0; i <= len; i++) {
        cuts[i] = i;
    }
    g_autofree char *bytewise = run_cut(input, len, cuts, len + 1,
                                        max_message_bytes);
    g_assert_cmpstr(bytewise, ==, whole);
}

/* A QMP-like session: framed by newlines (one CRLF), a blank line, two
 * messages back to back, multi-byte UTF-8 raw and escaped, exact numbers. */
static const char qmp_stream[] =
    "{\"execute\": \"qmp_capabilities\"}\n"
    "{\"execute\":\"query-status\",\"id\":1}\r\n"
    "  \n"
    "{\"return\": {\"big\": 18446744073709551615, \"neg\": -9223372036854775808,"
    " \"s\": \"h\\u00e9\xe2\x82\xac\xf0\x9f\x98\x80\\ud83d\\ude00\", \"f\": 0.1}}\n"
    "{\"event\":\"STOP\",\"data\":{},\"timestamp\":{\"seconds\":1,"
    "\"microseconds\":2}}{\"execute\":\"cont\"}\n"
    "[1, [2, {\"x\": null}], true]\n";

static const char qmp_expected[] =
    "value {\"execute\":\"qmp_capabilities\"}\n"
    "value {\"execute\":\"query-status\",\"id\":1}\n"
    "value {\"return\":{\"big\":18446744073709551615,"
    "\"neg\":-9223372036854775808,"
    "\"s\":\"h\xc3\xa9\xe2\x82\xac\xf0\x9f\x98\x80\xf0\x9f\x98\x80\",\"f\":0.1}}\n"
    "value {\"event\":\"STOP\",\"data\":{},\"timestamp\":{\"seconds\":1,"
    "\"microseconds\":2}}\n"
    "value {\"execute\":\"cont\"}\n"
    "value [1,[2,{\"x\":null}],true]\n";

static void test_feed_whole_stream_gives_each_message(StreamFixture *f,
                                                       gconstpointer unused)
{
    feed_str(f, qmp_stream);
    g_assert_cmpstr(f->out->str, ==, qmp_expected);
}

static void test_feed_split_at_every_byte_offset(StreamFixture *f,
                                                 gconstpointer unused)
{
    g_autofree char *whole = run_whole(qmp_stream, strlen(qmp_stream),
                                       JSON_STREAM_MAX_MESSAGE_BYTES);

    g_assert_cmpstr(whole, ==, qmp_expected);
    assert_cut_anywhere_is_the_same(qmp_stream, strlen(qmp_stream),
                                    JSON_STREAM_MAX_MESSAGE_BYTES);
}

static void test_feed_several_messages_in_one_feed(StreamFixture *f,
                                                   gconstpointer unused)
{
    feed_str(f, "{}[]{\"a\":1}\"s\"[2]");
    g_assert_cmpstr(f->out->str, ==,
                    "value {}\nvalue []\nvalue {\"a\":1}\nvalue \"s\"\nvalue [2]\n");
}

static void test_feed_blank_input_between_messages(StreamFixture *f,
                                                   gconstpointer unused)
{
    feed_str(f, "\n\r\n \t{}\n\n\n   \t\r\n");
    feed_str(f, "   ");
    feed_str(f, "\n[]  ");
    json_stream_flush(f->stream);
    g_assert_cmpstr(f->out->str, ==, "value {}\nvalue []\n");
}

/* The edge: "42" could go on as "420" until the next byte says otherwise. */
static void test_feed_top_level_number_waits_for_the_next_byte(
    StreamFixture *f, gconstpointer unused)
{
    feed_str(f, "42");
    g_assert_cmpstr(f->out->str, ==, "");
    feed_str(f, "0 ");
    g_assert_cmpstr(f->out->str, ==, "value 420\n");
}

/* The edge: the byte that ends a number may start the next message. */
static void test_feed_number_ended_by_the_next_message(StreamFixture *f,
                                                       gconstpointer unused)
{
    feed_str(f, "7");
    feed_str(f, "[8]");
    g_assert_cmpstr(f->out->str, ==, "value 7\nvalue [8]\n");
}

/* The edge: json-c 0.16 reads "12" then "-3" as one number, where "12-3"
 * is 12 and then -3; the stream must read both the same. */
static void test_feed_number_split_before_a_minus(StreamFixture *f,
                                                 gconstpointer unused)
{
    feed_str(f, "[12");
    feed_str(f, "-3]{\"lost\":1}\n12");
    feed_str(f, "-3\n");
    g_assert_cmpstr(f->out->str, ==, "error JSON parse error at line 1, "
                    "column 4: unexpected character '-'\n"
                    "value 12\nvalue -3\n");
}

static void test_flush_emits_a_pending_top_level_number(StreamFixture *f,
                                                        gconstpointer unused)
{
    feed_str(f, "  -1.5e3");
    json_stream_flush(f->stream);
    g_assert_cmpstr(f->out->str, ==, "value -1500.0\n");
}

static void test_flush_with_a_partial_message_is_an_error(StreamFixture *f,
                                                          gconstpointer unused)
{
    feed_str(f, "{}\n{\"a\": [1,\n 2");
    json_stream_flush(f->stream);
    g_assert_cmpstr(f->out->str, ==, "value {}\n"
                    "error JSON parse error at line 2, column 3: "
                    "unexpected end of input\n");
}

static void test_flush_then_the_stream_takes_new_input(StreamFixture *f,
                                                       gconstpointer unused)
{
    feed_str(f, "[1,");
    json_stream_flush(f->stream);
    feed_str(f, "[2]");
    g_assert_cmpstr(f->out->str, ==, "error JSON parse error at line 1, "
                    "column 4: unexpected end of input\nvalue [2]\n");
}

/* The edge: after an error that dropped part of a line, flush ends the
 * dropping too, so new input is read from its first byte. */
static void test_flush_ends_the_dropping_of_a_line(StreamFixture *f,
                                                   gconstpointer unused)
{
    feed_str(f, "}");
    json_stream_flush(f->stream);
    feed_str(f, "{}");
    g_assert_cmpstr(f->out->str, ==, "error JSON parse error at line 1, "
                    "column 1: unexpected character '}'\nvalue {}\n");
}

static void test_flush_of_nothing_emits_nothing(StreamFixture *f,
                                                gconstpointer unused)
{
    json_stream_flush(f->stream);
    feed_str(f, "  \n");
    json_stream_flush(f->stream);
    g_assert_cmpstr(f->out->str, ==, "");
}

static void test_error_then_recovery_at_the_next_newline(StreamFixture *f,
                                                         gconstpointer unused)
{
    feed_str(f, "{\"execute\" \"stop\"}\n{\"execute\":\"cont\"}\n");
    g_assert_cmpstr(f->out->str, ==, "error JSON parse error at line 1, "
                    "column 12: expected ':', got character '\"'\n"
                    "value {\"execute\":\"cont\"}\n");
}

/* Everything after the error on its line goes, even a good message. */
static void test_error_drops_the_rest_of_its_line(StreamFixture *f,
                                                  gconstpointer unused)
{
    feed_str(f, "[1}{\"lost\":1}\n{\"kept\":2}\n");
    g_assert_cmpstr(f->out->str, ==, "error JSON parse error at line 1, "
                    "column 3: expected ',' or ']', got character '}'\n"
                    "value {\"kept\":2}\n");
}

/* Dropping goes on across feeds until the newline comes. */
static void test_error_dropping_spans_feeds(StreamFixture *f,
                                            gconstpointer unused)
{
    feed_str(f, "nope");
    feed_str(f, " still {\"lost\":1} garbage");
    feed_str(f, "\n{\"kept\":2}");
    g_assert_cmpstr(f->out->str, ==, "error JSON parse error at line 1, "
                    "column 2: unexpected character 'o'\n"
                    "value {\"kept\":2}\n");
}

/* The edge: json-c saw this message to its end, so its end is known and
 * the next message needs no newline. */
static void test_error_found_by_the_checks_costs_only_its_message(
    StreamFixture *f, gconstpointer unused)
{
    feed_str(f, "{\"a\":\"\x01\"}{\"n\":99999999999999999999}{\"ok\":1}");
    g_assert_cmpstr(f->out->str, ==,
                    "error JSON parse error at line 1, column 7: unescaped "
                    "control character 0x01 in a string\n"
                    "error JSON parse error at line 1, column 6: integer "
                    "99999999999999999999 is out of range "
                    "(-9223372036854775808 to 18446744073709551615)\n"
                    "value {\"ok\":1}\n");
}

/* Lines and columns count from the first byte of the message. */
static void test_error_position_counts_from_the_message(StreamFixture *f,
                                                        gconstpointer unused)
{
    feed_str(f, "{}\n\n   {\"a\":\n  1 x}\n");
    g_assert_cmpstr(f->out->str, ==, "value {}\n"
                    "error JSON parse error at line 2, column 5: "
                    "expected ',' or '}', got character 'x'\n");
}

/* One error per malformed line, wherever the input is cut. */
static void test_error_split_anywhere_gives_the_same_errors(
    StreamFixture *f, gconstpointer unused)
{
    static const char input[] =
        "{\"a\":1,}\n"
        "{\"s\":\"\xc3\"}\n"
        "{\"s\":\"\\ud800\"}\n"
        "[\"\xe2\x82\xac\", \"\t\"]\n"
        "NaN\n"
        "{\"ok\":\"\xc3\xa9\"}\n"
        "]\n"
        "[01]\n"
        "{\"ok\":2}\n";

    g_autofree char *whole = run_whole(input, strlen(input),
                                       JSON_STREAM_MAX_MESSAGE_BYTES);
    g_assert_cmpstr(whole, ==,
                    "error JSON parse error at line 1, column 8: "
                    "unexpected character '}'\n"
                    "error JSON parse error at line 1, column 7: "
                    "invalid UTF-8 in a string\n"
                    "error JSON parse error at line 1, column 7: "
                    "unpaired surrogate \\uD800 in a string\n"
                    "error JSON parse error at line 1, column 10: "
                    "unescaped control character 0x09 in a string\n"
                    "error JSON parse error at line 1, column 1: "
                    "invalid literal 'NaN'\n"
                    "value {\"ok\":\"\xc3\xa9\"}\n"
                    "error JSON parse error at line 1, column 1: "
                    "unexpected character ']'\n"
                    "error JSON parse error at line 1, column 2: "
                    "leading zero in a number\n"
                    "value {\"ok\":2}\n");
    assert_cut_anywhere_is_the_same(input, strlen(input),
                                    JSON_STREAM_MAX_MESSAGE_BYTES);
}

static void test_limits_depth_is_refused_past_the_limit(StreamFixture *f,
                                                        gconstpointer unused)
{
    json_stream_set_limits(f->stream, 4, JSON_STREAM_MAX_MESSAGE_BYTES);
    feed_str(f, "[[[[1]]]]\n[[[[[1]]]]]\n{\"a\":[{\"b\":[{}]}]}\n[[[[]]]]\n");
    g_assert_cmpstr(f->out->str, ==, "value [[[[1]]]]\n"
                    "error JSON parse error at line 1, column 5: "
                    "nesting deeper than 4 levels\n"
                    "error JSON parse error at line 1, column 13: "
                    "nesting deeper than 4 levels\n"
                    "value [[[[]]]]\n");
}

/* The edge: far past the limit, json-c gives up first; the message still
 * names our limit, and nothing grows with the depth sent. */
static void test_limits_default_depth(StreamFixture *f, gconstpointer unused)
{
    g_autoptr(GString) deep = g_string_new(NULL);

    for (int i = 0; i < 100000; i++) {
        g_string_append_c(deep, '[');
    }
    g_string_append(deep, "\n{}\n");
    json_stream_feed(f->stream, deep->str, deep->len);
    g_assert_cmpstr(f->out->str, ==, "error JSON parse error at line 1, "
                    "column 1025: nesting deeper than 1024 levels\n"
                    "value {}\n");
}

static void test_limits_message_size(StreamFixture *f, gconstpointer unused)
{
    json_stream_set_limits(f->stream, JSON_STREAM_MAX_DEPTH, 16);
    /* 16 bytes: fits. 17 bytes: one too many. */
    feed_str(f, "{\"a\":\"01234567\"}\n{\"a\":\"012345678\"}\n{\"b\":1}\n");
    g_assert_cmpstr(f->out->str, ==, "value {\"a\":\"01234567\"}\n"
                    "error JSON message exceeds 16 bytes\n"
                    "value {\"b\":1}\n");
}

/* Leading blanks are not part of the message and do not count. */
static void test_limits_blanks_between_messages_do_not_count(
    StreamFixture *f, gconstpointer unused)
{
    json_stream_set_limits(f->stream, JSON_STREAM_MAX_DEPTH, 4);
    feed_str(f, "\n\n\n\n\n      [1]\n\n\n\n\n\n   [22]");
    g_assert_cmpstr(f->out->str, ==, "value [1]\nvalue [22]\n");
}

/* An endless message gives one error, then nothing until a newline. */
static void test_limits_oversized_message_is_reported_once(
    StreamFixture *f, gconstpointer unused)
{
    json_stream_set_limits(f->stream, JSON_STREAM_MAX_DEPTH, 1024);
    feed_str(f, "[");
    for (int i = 0; i < 10000; i++) {
        feed_str(f, "1,");
    }
    feed_str(f, "1]\n{}\n");
    g_assert_cmpstr(f->out->str, ==, "error JSON message exceeds 1024 bytes\n"
                    "value {}\n");
}

static void test_limits_size_split_anywhere_is_the_same(
    StreamFixture *f, gconstpointer unused)
{
    static const char input[] = "[1,2,3,4,5,6]\n[1,2,3,4,5,6,7]\n7777777777\n"
                                "\"12345678901\"\n{}\n";

    g_autofree char *whole = run_whole(input, strlen(input), 13);
    g_assert_cmpstr(whole, ==, "value [1,2,3,4,5,6]\n"
                    "error JSON message exceeds 13 bytes\n"
                    "value 7777777777\n"
                    "value \"12345678901\"\n"
                    "value {}\n");
    assert_cut_anywhere_is_the_same(input, strlen(input), 13);
}

/* The documented default, with a message one byte too long. */
static void test_limits_default_message_size(StreamFixture *f,
                                             gconstpointer unused)
{
    size_t chunk = 64 * 1024;
    g_autofree char *filler = g_malloc(chunk);

    memset(filler, 'a', chunk);
    feed_str(f, "\"");
    for (size_t sent = 1; sent <= JSON_STREAM_MAX_MESSAGE_BYTES; sent += chunk) {
        json_stream_feed(f->stream, filler, chunk);
    }
    g_assert_cmpstr(f->out->str, ==,
                    "error JSON message exceeds 4194304 bytes\n");
    feed_str(f, "\"\n{}\n");
    g_assert_cmpstr(f->out->str, ==,
                    "error JSON message exceeds 4194304 bytes\nvalue {}\n");
}

/* The sanitizer build checks nothing leaks. */
static void test_free_drops_an_unfinished_message(void)
{
    g_autoptr(GString) out = g_string_new(NULL);
    JsonStream *s = json_stream_new(collect, out);

    json_stream_feed(s, "{\"a\": [1, 2", 11);
    json_stream_free(s);
    g_assert_cmpstr(out->str, ==, "");
    json_stream_free(NULL);
}

static void add(const char *path,
                void (*fn)(StreamFixture *, gconstpointer))
{
    g_test_add(path, StreamFixture, NULL, fixture_setup, fn, fixture_teardown);
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);

    add("/json-stream/feed/whole-stream-gives-each-message",
        test_feed_whole_stream_gives_each_message);
    add("/json-stream/feed/split-at-every-byte-offset",
        test_feed_split_at_every_byte_offset);
    add("/json-stream/feed/several-messages-in-one-feed",
        test_feed_several_messages_in_one_feed);
    add("/json-stream/feed/blank-input-between-messages-is-skipped",
        test_feed_blank_input_between_messages);
    add("/json-stream/feed/top-level-number-waits-for-the-next-byte",
        test_feed_top_level_number_waits_for_the_next_byte);
    add("/json-stream/feed/number-ended-by-the-next-message",
        test_feed_number_ended_by_the_next_message);
    add("/json-stream/feed/number-split-before-a-minus-reads-as-unsplit",
        test_feed_number_split_before_a_minus);
    add("/json-stream/flush/emits-a-pending-top-level-number",
        test_flush_emits_a_pending_top_level_number);
    add("/json-stream/flush/with-a-partial-message-is-an-error",
        test_flush_with_a_partial_message_is_an_error);
    add("/json-stream/flush/then-the-stream-takes-new-input",
        test_flush_then_the_stream_takes_new_input);
    add("/json-stream/flush/ends-the-dropping-of-a-line",
        test_flush_ends_the_dropping_of_a_line);
    add("/json-stream/flush/of-nothing-emits-nothing",
        test_flush_of_nothing_emits_nothing);
    add("/json-stream/error/then-recovery-at-the-next-newline",
        test_error_then_recovery_at_the_next_newline);
    add("/json-stream/error/drops-the-rest-of-its-line",
        test_error_drops_the_rest_of_its_line);
    add("/json-stream/error/dropping-spans-feeds",
        test_error_dropping_spans_feeds);
    add("/json-stream/error/found-by-the-checks-costs-only-its-message",
        test_error_found_by_the_checks_costs_only_its_message);
    add("/json-stream/error/position-counts-from-the-message",
        test_error_position_counts_from_the_message);
    add("/json-stream/error/split-anywhere-gives-the-same-errors",
        test_error_split_anywhere_gives_the_same_errors);
    add("/json-stream/limits/depth-is-refused-past-the-limit",
        test_limits_depth_is_refused_past_the_limit);
    add("/json-stream/limits/default-depth", test_limits_default_depth);
    add("/json-stream/limits/message-size", test_limits_message_size);
    add("/json-stream/limits/blanks-between-messages-do-not-count",
        test_limits_blanks_between_messages_do_not_count);
    add("/json-stream/limits/oversized-message-is-reported-once",
        test_limits_oversized_message_is_reported_once);
    add("/json-stream/limits/size-split-anywhere-is-the-same",
        test_limits_size_split_anywhere_is_the_same);
    add("/json-stream/limits/default-message-size",
        test_limits_default_message_size);
    g_test_add_func("/json-stream/free/drops-an-unfinished-message",
                    test_free_drops_an_unfinished_message);
    return g_test_run();
}

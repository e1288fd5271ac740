/* QJSON: exact numbers, strings, nesting, the printed texts, and every way a
 * text is refused, each with its message. */
#include "qjson.h"
#include "qlist.h"

#include <math.h>

/* Parses text (which must succeed) and prints it compactly. */
static char *reprint(const char *text)
{
    g_autoptr(QObject) obj = qobject_from_json(text, &error_abort);

    return qobject_to_json(obj);
}

static void assert_reprints_as(const char *text, const char *expected)
{
    g_autofree char *out = reprint(text);

    g_assert_cmpstr(out, ==, expected);
}

/* Parsing text fails with exactly this message. */
static void assert_refused_len(const char *text, size_t len, unsigned depth,
                               const char *expected)
{
    Error *err = NULL;
    g_autoptr(QObject) obj = qobject_from_json_ext(text, len, depth, &err);

    g_assert_null(obj);
    g_assert_nonnull(err);
    g_assert_cmpstr(error_get_pretty(err), ==, expected);
    error_free(err);
}

static void assert_refused(const char *text, const char *expected)
{
    Error *err = NULL;
    g_autoptr(QObject) obj = qobject_from_json(text, &err);

    g_assert_null(obj);
    g_assert_nonnull(err);
    g_assert_cmpstr(error_get_pretty(err), ==, expected);
    error_free(err);
    /* The length-taking entry point says the same. */
    assert_refused_len(text, strlen(text), QJSON_MAX_DEPTH, expected);
}

static QNum *parse_number(const char *text, QObject **owner)
{
    *owner = qobject_from_json(text, &error_abort);
    QNum *qn = qobject_to(QNum, *owner);
    g_assert_nonnull(qn);
    return qn;
}

/* ---- Numbers ---- */

static void test_number_uint64_max_round_trips(void)
{
    g_autoptr(QObject) obj = NULL;
    QNum *qn = parse_number("18446744073709551615", &obj);
    uint64_t u;

    g_assert_cmpint(qnum_kind(qn), ==, QNUM_U64);
    g_assert_true(qnum_get_try_uint(qn, &u));
    g_assert_cmpuint(u, ==, UINT64_MAX);
    assert_reprints_as("18446744073709551615", "18446744073709551615");
}

static void test_number_int64_min_round_trips(void)
{
    g_autoptr(QObject) obj = NULL;
    QNum *qn = parse_number("-9223372036854775808", &obj);
    int64_t i;

    g_assert_cmpint(qnum_kind(qn), ==, QNUM_I64);
    g_assert_true(qnum_get_try_int(qn, &i));
    g_assert_cmpint(i, ==, INT64_MIN);
    assert_reprints_as("-9223372036854775808", "-9223372036854775808");
}

static void test_number_int64_max_stays_an_int64(void)
{
    g_autoptr(QObject) obj = NULL;
    QNum *qn = parse_number("9223372036854775807", &obj);
    int64_t i;

    g_assert_cmpint(qnum_kind(qn), ==, QNUM_I64);
    g_assert_true(qnum_get_try_int(qn, &i));
    g_assert_cmpint(i, ==, INT64_MAX);
    assert_reprints_as("9223372036854775807", "9223372036854775807");
}

/* The edge: json-c clamps its int64 getter here; we must not. */
static void test_number_just_above_int64_max_is_a_uint64(void)
{
    g_autoptr(QObject) obj = NULL;
    QNum *qn = parse_number("9223372036854775808", &obj);
    uint64_t u;

    g_assert_cmpint(qnum_kind(qn), ==, QNUM_U64);
    g_assert_true(qnum_get_try_uint(qn, &u));
    g_assert_cmpuint(u, ==, (uint64_t)INT64_MAX + 1);
}

static void assert_double_round_trips(const char *text, double expected,
                                      const char *printed)
{
    g_autoptr(QObject) obj = NULL;
    QNum *qn = parse_number(text, &obj);

    g_assert_cmpint(qnum_kind(qn), ==, QNUM_DOUBLE);
    g_assert_cmpfloat(qnum_get_double(qn), ==, expected);
    g_assert_cmpint(signbit(qnum_get_double(qn)), ==, signbit(expected));
    assert_reprints_as(text, printed);
    /* And the printed text reads back as the same double. */
    assert_reprints_as(printed, printed);
}

static void test_number_doubles_round_trip(void)
{
    assert_double_round_trips("0.1", 0.1, "0.1");
    assert_double_round_trips("1e300", 1e300, "1e+300");
    assert_double_round_trips("-0.0", -0.0, "-0.0");
    assert_double_round_trips("2.5E-3", 2.5e-3, "0.0025");
    assert_double_round_trips("0.30000000000000004", 0.1 + 0.2,
                              "0.30000000000000004");
}

/* The edge: a whole double must come back a double, not the integer 1. */
static void test_number_whole_double_stays_a_double(void)
{
    assert_double_round_trips("1.0", 1.0, "1.0");
    assert_double_round_trips("1e2", 100.0, "100.0");
}

static void test_number_minus_zero_integer_is_zero(void)
{
    g_autoptr(QObject) obj = NULL;
    QNum *qn = parse_number("-0", &obj);

    g_assert_cmpint(qnum_kind(qn), ==, QNUM_I64);
    assert_reprints_as("-0", "0");
}

/* Underflow is rounding, as for any double; only overflow is refused. */
static void test_number_underflow_rounds_to_zero(void)
{
    assert_double_round_trips("1e-400", 0.0, "0.0");
}

static void test_number_integer_above_uint64_is_refused(void)
{
    assert_refused("18446744073709551616",
                   "JSON parse error at line 1, column 1: integer "
                   "18446744073709551616 is out of range "
                   "(-9223372036854775808 to 18446744073709551615)");
}

static void test_number_integer_below_int64_is_refused(void)
{
    assert_refused("[-9223372036854775809]",
                   "JSON parse error at line 1, column 2: integer "
                   "-9223372036854775809 is out of range "
                   "(-9223372036854775808 to 18446744073709551615)");
}

/* A huge number is quoted cut short in the message. */
static void test_number_huge_integer_is_quoted_short(void)
{
    assert_refused("123456789012345678901234567890123456789012345678901234567890",
                   "JSON parse error at line 1, column 1: integer "
                   "1234567890123456789012345678901234567890... is out of range "
                   "(-9223372036854775808 to 18446744073709551615)");
}

static void test_number_double_overflow_is_refused(void)
{
    assert_refused("{\"x\": -1e400}",
                   "JSON parse error at line 1, column 7: number -1e400 is "
                   "out of range");
}

static void test_number_leading_zero_is_refused(void)
{
    assert_refused("[01]", "JSON parse error at line 1, column 2: "
                   "leading zero in a number");
    /* json-c alone reads this one as -1. */
    assert_refused("-01", "JSON parse error at line 1, column 2: "
                   "leading zero in a number");
}

/* The edge: json-c takes "1." at the end of the text. */
static void test_number_fraction_needs_a_digit(void)
{
    assert_refused("1.", "JSON parse error at line 1, column 3: "
                   "expected a digit after '.'");
    assert_refused("[1.]", "JSON parse error at line 1, column 4: "
                   "expected a digit after '.'");
}

static void test_number_exponent_needs_a_digit(void)
{
    assert_refused("[1e+]", "JSON parse error at line 1, column 5: "
                   "expected a digit in the exponent");
}

static void test_number_nan_and_infinity_are_refused(void)
{
    assert_refused("NaN", "JSON parse error at line 1, column 1: "
                   "invalid literal 'NaN'");
    assert_refused("[Infinity]", "JSON parse error at line 1, column 2: "
                   "invalid literal 'Infinity'");
    assert_refused("-Infinity", "JSON parse error at line 1, column 2: "
                   "expected a digit after '-'");
}

static void test_number_plus_sign_is_refused(void)
{
    assert_refused("+1", "JSON parse error at line 1, column 1: "
                   "unexpected character '+'");
}

/* ---- Strings ---- */

static void test_string_escapes_round_trip(void)
{
    g_autoptr(QObject) obj =
        qobject_from_json("\"q\\\"b\\\\s\\/b\\bf\\fn\\nr\\rt\\tu\\u0001\\u001f\"",
                          &error_abort);

    g_assert_cmpstr(qstring_get_str(qobject_to(QString, obj)), ==,
                    "q\"b\\s/b\bf\fn\nr\rt\tu\x01\x1f");
    g_autofree char *out = qobject_to_json(obj);
    g_assert_cmpstr(out, ==,
                    "\"q\\\"b\\\\s/b\\bf\\fn\\nr\\rt\\tu\\u0001\\u001f\"");
}

static void test_string_non_ascii_utf8_round_trips(void)
{
    /* é, €, 😀 written raw and as escapes (the last as a surrogate pair). */
    const char *raw = "\"\xc3\xa9\xe2\x82\xac\xf0\x9f\x98\x80\"";

    assert_reprints_as(raw, raw);
    assert_reprints_as("\"\\u00e9\\u20AC\\ud83d\\ude00\"", raw);
}

static void test_string_slash_is_not_escaped(void)
{
    assert_reprints_as("\"/dev/null\"", "\"/dev/null\"");
}

static void test_string_raw_control_character_is_refused(void)
{
    assert_refused("{\"a\": \"x\ty\"}", "JSON parse error at line 1, column 9: "
                   "unescaped control character 0x09 in a string");
    assert_refused("[\"x\ny\"]", "JSON parse error at line 1, column 4: "
                   "unescaped control character 0x0A in a string");
}

/* The edge: our strings are C strings; a NUL would cut them short. */
static void test_string_escaped_nul_is_refused(void)
{
    assert_refused("\"ab\\u0000cd\"", "JSON parse error at line 1, column 4: "
                   "\\u0000 is not allowed in a string");
    assert_refused("{\"k\\u0000\": 1}", "JSON parse error at line 1, column 4: "
                   "\\u0000 is not allowed in a string");
}

static void test_string_unpaired_high_surrogate_is_refused(void)
{
    /* At the end of the string, before another character, before another
     * high surrogate, and before an escape that is not \u. */
    assert_refused("\"\\ud800\"", "JSON parse error at line 1, column 2: "
                   "unpaired surrogate \\uD800 in a string");
    assert_refused("\"\\uD800x\"", "JSON parse error at line 1, column 2: "
                   "unpaired surrogate \\uD800 in a string");
    assert_refused("\"\\ud800\\ud800\"", "JSON parse error at line 1, column 2: "
                   "unpaired surrogate \\uD800 in a string");
    assert_refused("\"\\udbff\\n\"", "JSON parse error at line 1, column 2: "
                   "unpaired surrogate \\uDBFF in a string");
}

static void test_string_unpaired_low_surrogate_is_refused(void)
{
    assert_refused("\"a\\udc00\"", "JSON parse error at line 1, column 3: "
                   "unpaired surrogate \\uDC00 in a string");
}

static void test_string_invalid_utf8_is_refused(void)
{
    const char *expected = "JSON parse error at line 1, column 3: "
                           "invalid UTF-8 in a string";

    assert_refused("\"a\xff\"", expected);               /* never valid */
    assert_refused("\"a\xc0\x80\"", expected);           /* overlong NUL */
    assert_refused("\"a\xe0\x80\xaf\"", expected);       /* overlong '/' */
    assert_refused("\"a\xed\xa0\x80\"", expected);       /* encoded surrogate */
    assert_refused("\"a\xf4\x90\x80\x80\"", expected);   /* past U+10FFFF */
    assert_refused("\"a\xc3\"", expected);               /* cut short */
    assert_refused("\"a\x80\"", expected);               /* lone continuation */
}

static void test_string_invalid_byte_outside_a_string_is_refused(void)
{
    assert_refused("[\xff]", "JSON parse error at line 1, column 2: "
                   "unexpected byte 0xFF");
    assert_refused("\xef\xbb\xbf{}", "JSON parse error at line 1, column 1: "
                   "unexpected byte 0xEF");
}

static void test_string_invalid_escape_is_refused(void)
{
    assert_refused("\"a\\qb\"", "JSON parse error at line 1, column 3: "
                   "invalid escape: backslash before character 'q'");
    assert_refused("\"\\u12x4\"", "JSON parse error at line 1, column 2: "
                   "expected four hex digits after \\u");
}

static void test_string_unterminated_is_refused(void)
{
    assert_refused("\"abc", "JSON parse error at line 1, column 5: "
                   "unexpected end of input");
}

/* ---- Structure ---- */

static void test_literals_parse(void)
{
    g_autoptr(QObject) t = qobject_from_json("true", &error_abort);
    g_autoptr(QObject) f = qobject_from_json("false", &error_abort);
    g_autoptr(QObject) n = qobject_from_json(" null ", &error_abort);

    g_assert_true(qbool_get_bool(qobject_to(QBool, t)));
    g_assert_false(qbool_get_bool(qobject_to(QBool, f)));
    g_assert_cmpint(qobject_type(n), ==, QTYPE_QNULL);
}

static void test_nested_values_round_trip(void)
{
    const char *text = "{\"execute\":\"x\",\"arguments\":{\"list\":[1,-2,3.5,"
                       "true,false,null,\"s\",[],{},[[{\"deep\":[]}]]],"
                       "\"big\":18446744073709551615}}";

    assert_reprints_as(text, text);
}

static void test_nested_values_have_their_types(void)
{
    g_autoptr(QDict) d = qdict_from_json("{\"a\": [1, {\"b\": \"c\"}]}",
                                         &error_abort);
    QList *a = qdict_get_qlist(d, "a");

    g_assert_nonnull(a);
    g_assert_cmpuint(qlist_size(a), ==, 2);
    QDict *inner = qobject_to(QDict, qlist_entry(a, 1));
    g_assert_cmpstr(qdict_get_try_str(inner, "b"), ==, "c");
}

static void test_object_keeps_key_order(void)
{
    assert_reprints_as("{\"z\":1,\"a\":2,\"m\":3}", "{\"z\":1,\"a\":2,\"m\":3}");
}

/* The edge: RFC 8259 leaves duplicates open; we keep json-c's rule. */
static void test_object_duplicate_key_keeps_the_last_value(void)
{
    assert_reprints_as("{\"a\":1,\"b\":2,\"a\":3}", "{\"a\":3,\"b\":2}");
}

static void test_whitespace_around_the_value_is_allowed(void)
{
    assert_reprints_as(" \t\r\n[ 1 ,\n 2 ]\n\n ", "[1,2]");
}

static void test_top_level_scalars_parse(void)
{
    assert_reprints_as("42", "42");
    assert_reprints_as("\"s\"", "\"s\"");
    assert_reprints_as("  -7  ", "-7");
}

static void test_truncated_text_is_refused(void)
{
    assert_refused("{\"a\": [1, 2", "JSON parse error at line 1, column 12: "
                   "unexpected end of input");
    assert_refused("tru", "JSON parse error at line 1, column 4: "
                   "unexpected end of input");
}

static void test_empty_text_is_refused(void)
{
    assert_refused("", "JSON parse error at line 1, column 1: "
                   "expected a JSON value, got end of input");
    assert_refused(" \n ", "JSON parse error at line 2, column 2: "
                   "expected a JSON value, got end of input");
}

static void test_trailing_garbage_is_refused(void)
{
    assert_refused("{} x", "JSON parse error at line 1, column 4: "
                   "unexpected character 'x' after the JSON value");
    assert_refused("1 2", "JSON parse error at line 1, column 3: "
                   "unexpected character '2' after the JSON value");
}

static void test_second_value_is_refused(void)
{
    assert_refused("{}{}", "JSON parse error at line 1, column 3: "
                   "unexpected character '{' after the JSON value");
}

static void test_trailing_comma_is_refused(void)
{
    assert_refused("[1,]", "JSON parse error at line 1, column 4: "
                   "unexpected character ']'");
    assert_refused("{\"a\":1,}", "JSON parse error at line 1, column 8: "
                   "unexpected character '}'");
}

static void test_missing_separators_are_refused(void)
{
    assert_refused("[1 2]", "JSON parse error at line 1, column 4: "
                   "expected ',' or ']', got character '2'");
    assert_refused("{\"a\" 1}", "JSON parse error at line 1, column 6: "
                   "expected ':', got character '1'");
    assert_refused("{\"a\":1 \"b\":2}", "JSON parse error at line 1, column 8: "
                   "expected ',' or '}', got character '\"'");
}

static void test_unquoted_key_is_refused(void)
{
    assert_refused("{a:1}", "JSON parse error at line 1, column 2: "
                   "expected a string as object key, got character 'a'");
}

static void test_bad_literal_is_refused(void)
{
    assert_refused("[True]", "JSON parse error at line 1, column 2: "
                   "unexpected character 'T'");
    assert_refused("[nul]", "JSON parse error at line 1, column 2: "
                   "invalid literal 'nul'");
}

/* Lines count newlines; columns count bytes from 1. */
static void test_error_position_counts_lines_and_columns(void)
{
    assert_refused("{\n  \"a\": 1,\n  \"b\": }", "JSON parse error at line 3, "
                   "column 8: unexpected character '}'");
}

/* The edge: the first problem in the text wins, even when json-c stops at
 * a later one (here the missing comma, after the control character). */
static void test_error_reports_the_first_problem(void)
{
    assert_refused("[\"\x01\" 2]", "JSON parse error at line 1, column 3: "
                   "unescaped control character 0x01 in a string");
}

static char *nested_arrays(unsigned depth, const char *inner)
{
    g_autoptr(GString) s = g_string_new(NULL);

    for (unsigned i = 0; i < depth; i++) {
        g_string_append_c(s, '[');
    }
    g_string_append(s, inner);
    for (unsigned i = 0; i < depth; i++) {
        g_string_append_c(s, ']');
    }
    return g_string_free(g_steal_pointer(&s), FALSE);
}

static void test_depth_at_the_limit_parses(void)
{
    g_autofree char *text = nested_arrays(QJSON_MAX_DEPTH, "1");
    g_autoptr(QObject) obj = qobject_from_json(text, &error_abort);

    g_assert_nonnull(obj);
}

/* Empty innermost array and a scalar inside: json-c counts these two
 * differently; the limit must not. */
static void test_depth_past_the_limit_is_refused(void)
{
    g_autofree char *empty = nested_arrays(QJSON_MAX_DEPTH + 1, "");
    g_autofree char *scalar = nested_arrays(QJSON_MAX_DEPTH + 1, "1");
    g_autofree char *open = nested_arrays(5000, "");
    const char *expected = "JSON parse error at line 1, column 1025: "
                           "nesting deeper than 1024 levels";

    assert_refused(empty, expected);
    assert_refused(scalar, expected);
    open[5000] = '\0';   /* only the opening brackets */
    assert_refused(open, expected);
}

static void test_depth_limit_is_the_callers(void)
{
    assert_refused_len("{\"a\":[{}]}", 10, 2, "JSON parse error at line 1, "
                       "column 7: nesting deeper than 2 levels");
    g_autoptr(QObject) obj = qobject_from_json_ext("{\"a\":[1]}", 9, 2,
                                                   &error_abort);
    g_assert_nonnull(obj);
}

/* ---- Texts given with a length ---- */

/* The edge: the buffer is not NUL-terminated where the text ends. */
static void test_ext_reads_only_len_bytes(void)
{
    g_autoptr(QObject) obj = qobject_from_json_ext("12345", 3, QJSON_MAX_DEPTH,
                                                   &error_abort);
    int64_t i;

    g_assert_true(qnum_get_try_int(qobject_to(QNum, obj), &i));
    g_assert_cmpint(i, ==, 123);
}

static void test_ext_refuses_a_nul_byte(void)
{
    assert_refused_len("[1\0]", 4, QJSON_MAX_DEPTH, "JSON parse error at "
                       "line 1, column 3: unexpected byte 0x00");
    assert_refused_len("[\"a\0\"]", 6, QJSON_MAX_DEPTH, "JSON parse error at "
                       "line 1, column 4: unescaped control character 0x00 "
                       "in a string");
    assert_refused_len("{}\0", 3, QJSON_MAX_DEPTH, "JSON parse error at "
                       "line 1, column 3: unexpected byte 0x00 after the JSON "
                       "value");
}

/* ---- qdict_from_json ---- */

static void test_qdict_from_json_gives_an_object(void)
{
    g_autoptr(QDict) d = qdict_from_json("{\"a\": 1}", &error_abort);

    g_assert_cmpint(qdict_get_try_int(d, "a", 0), ==, 1);
}

static void test_qdict_from_json_refuses_another_kind(void)
{
    Error *err = NULL;

    g_assert_null(qdict_from_json("[1]", &err));
    g_assert_cmpstr(error_get_pretty(err), ==,
                    "expected a JSON object, got an array");
    error_free_or_abort(&err);
    g_assert_null(qdict_from_json("\"s\"", &err));
    g_assert_cmpstr(error_get_pretty(err), ==,
                    "expected a JSON object, got a string");
    error_free_or_abort(&err);
}

static void test_qdict_from_json_passes_on_parse_errors(void)
{
    Error *err = NULL;

    g_assert_null(qdict_from_json("{", &err));
    g_assert_cmpstr(error_get_pretty(err), ==,
                    "JSON parse error at line 1, column 2: unexpected end of input");
    error_free(err);
}

/* ---- Printing ---- */

static QDict *sample_dict(void)
{
    QDict *d = qdict_new();
    QList *l = qlist_new();

    qlist_append_int(l, INT64_MIN);
    qlist_append_uint(l, UINT64_MAX);
    qlist_append_double(l, 0.5);
    qlist_append_null(l);
    qlist_append(l, qdict_new());
    qlist_append(l, qlist_new());
    qdict_put_str(d, "name", "vm/1");
    qdict_put(d, "list", l);
    qdict_put_bool(d, "on", true);
    return d;
}

static void test_print_compact_text(void)
{
    g_autoptr(QDict) d = sample_dict();
    g_autofree char *out = qobject_to_json(QOBJECT(d));

    g_assert_cmpstr(out, ==, "{\"name\":\"vm/1\",\"list\":[-9223372036854775808,"
                    "18446744073709551615,0.5,null,{},[]],\"on\":true}");
}

static void test_print_pretty_text(void)
{
    g_autoptr(QDict) d = sample_dict();
    g_autofree char *out = qobject_to_json_pretty(QOBJECT(d));

    g_assert_cmpstr(out, ==,
                    "{\n"
                    "  \"name\": \"vm/1\",\n"
                    "  \"list\": [\n"
                    "    -9223372036854775808,\n"
                    "    18446744073709551615,\n"
                    "    0.5,\n"
                    "    null,\n"
                    "    {},\n"
                    "    []\n"
                    "  ],\n"
                    "  \"on\": true\n"
                    "}");
}

static void test_print_empty_containers(void)
{
    g_autoptr(QDict) d = qdict_new();
    g_autoptr(QList) l = qlist_new();
    g_autofree char *dc = qobject_to_json(QOBJECT(d));
    g_autofree char *dp = qobject_to_json_pretty(QOBJECT(d));
    g_autofree char *lp = qobject_to_json_pretty(QOBJECT(l));

    g_assert_cmpstr(dc, ==, "{}");
    g_assert_cmpstr(dp, ==, "{}");
    g_assert_cmpstr(lp, ==, "[]");
}

static void test_print_top_level_scalars(void)
{
    g_autoptr(QNull) null = qnull();
    g_autoptr(QBool) b = qbool_from_bool(false);
    g_autoptr(QString) s = qstring_from_str("x");
    g_autofree char *n_out = qobject_to_json(QOBJECT(null));
    g_autofree char *b_out = qobject_to_json_pretty(QOBJECT(b));
    g_autofree char *s_out = qobject_to_json(QOBJECT(s));

    g_assert_cmpstr(n_out, ==, "null");
    g_assert_cmpstr(b_out, ==, "false");
    g_assert_cmpstr(s_out, ==, "\"x\"");
}

/* Non-finite doubles have no JSON form: null, and the text stays valid. */
static void test_print_non_finite_double_as_null(void)
{
    g_autoptr(QList) l = qlist_new();

    qlist_append_double(l, NAN);
    qlist_append_double(l, INFINITY);
    qlist_append_double(l, -INFINITY);
    g_autofree char *out = qobject_to_json(QOBJECT(l));
    g_assert_cmpstr(out, ==, "[null,null,null]");
    g_autoptr(QObject) back = qobject_from_json(out, &error_abort);
    g_assert_nonnull(back);
}

/* A string built in C may hold bytes that are not UTF-8; the output must
 * still be valid JSON. */
static void test_print_repairs_invalid_utf8(void)
{
    g_autoptr(QString) s = qstring_from_str("a\xff" "b");
    g_autofree char *out = qobject_to_json(QOBJECT(s));

    g_assert_cmpstr(out, ==, "\"a\xef\xbf\xbd" "b\"");
}

/* Keys too: what we print, we (and any peer) can read back. */
static void test_print_repairs_invalid_utf8_keys(void)
{
    g_autoptr(QDict) d = qdict_new();

    qdict_put_int(d, "k\xff", 1);
    qdict_put_int(d, "ok", 2);
    g_autofree char *out = qobject_to_json(QOBJECT(d));
    g_assert_cmpstr(out, ==, "{\"k\xef\xbf\xbd\":1,\"ok\":2}");
    g_autoptr(QObject) back = qobject_from_json(out, &error_abort);
    g_assert_nonnull(back);
}

static void test_print_then_parse_is_equal(void)
{
    g_autoptr(QDict) d = sample_dict();
    g_autofree char *compact = qobject_to_json(QOBJECT(d));
    g_autofree char *pretty = qobject_to_json_pretty(QOBJECT(d));
    g_autoptr(QObject) from_compact = qobject_from_json(compact, &error_abort);
    g_autoptr(QObject) from_pretty = qobject_from_json(pretty, &error_abort);

    g_assert_true(qobject_is_equal(from_compact, QOBJECT(d)));
    g_assert_true(qobject_is_equal(from_pretty, QOBJECT(d)));
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);

    g_test_add_func("/qjson/number/uint64-max-round-trips",
                    test_number_uint64_max_round_trips);
    g_test_add_func("/qjson/number/int64-min-round-trips",
                    test_number_int64_min_round_trips);
    g_test_add_func("/qjson/number/int64-max-stays-an-int64",
                    test_number_int64_max_stays_an_int64);
    g_test_add_func("/qjson/number/just-above-int64-max-is-a-uint64",
                    test_number_just_above_int64_max_is_a_uint64);
    g_test_add_func("/qjson/number/doubles-round-trip",
                    test_number_doubles_round_trip);
    g_test_add_func("/qjson/number/whole-double-stays-a-double",
                    test_number_whole_double_stays_a_double);
    g_test_add_func("/qjson/number/minus-zero-integer-is-zero",
                    test_number_minus_zero_integer_is_zero);
    g_test_add_func("/qjson/number/underflow-rounds-to-zero",
                    test_number_underflow_rounds_to_zero);
    g_test_add_func("/qjson/number/integer-above-uint64-is-refused",
                    test_number_integer_above_uint64_is_refused);
    g_test_add_func("/qjson/number/integer-below-int64-is-refused",
                    test_number_integer_below_int64_is_refused);
    g_test_add_func("/qjson/number/huge-integer-is-quoted-short",
                    test_number_huge_integer_is_quoted_short);
    g_test_add_func("/qjson/number/double-overflow-is-refused",
                    test_number_double_overflow_is_refused);
    g_test_add_func("/qjson/number/leading-zero-is-refused",
                    test_number_leading_zero_is_refused);
    g_test_add_func("/qjson/number/fraction-needs-a-digit",
                    test_number_fraction_needs_a_digit);
    g_test_add_func("/qjson/number/exponent-needs-a-digit",
                    test_number_exponent_needs_a_digit);
    g_test_add_func("/qjson/number/nan-and-infinity-are-refused",
                    test_number_nan_and_infinity_are_refused);
    g_test_add_func("/qjson/number/plus-sign-is-refused",
                    test_number_plus_sign_is_refused);
    g_test_add_func("/qjson/string/escapes-round-trip",
                    test_string_escapes_round_trip);
    g_test_add_func("/qjson/string/non-ascii-utf8-round-trips",
                    test_string_non_ascii_utf8_round_trips);
    g_test_add_func("/qjson/string/slash-is-not-escaped",
                    test_string_slash_is_not_escaped);
    g_test_add_func("/qjson/string/raw-control-character-is-refused",
                    test_string_raw_control_character_is_refused);
    g_test_add_func("/qjson/string/escaped-nul-is-refused",
                    test_string_escaped_nul_is_refused);
    g_test_add_func("/qjson/string/unpaired-high-surrogate-is-refused",
                    test_string_unpaired_high_surrogate_is_refused);
    g_test_add_func("/qjson/string/unpaired-low-surrogate-is-refused",
                    test_string_unpaired_low_surrogate_is_refused);
    g_test_add_func("/qjson/string/invalid-utf8-is-refused",
                    test_string_invalid_utf8_is_refused);
    g_test_add_func("/qjson/string/invalid-byte-outside-a-string-is-refused",
                    test_string_invalid_byte_outside_a_string_is_refused);
    g_test_add_func("/qjson/string/invalid-escape-is-refused",
                    test_string_invalid_escape_is_refused);
    g_test_add_func("/qjson/string/unterminated-is-refused",
                    test_string_unterminated_is_refused);
    g_test_add_func("/qjson/structure/literals-parse", test_literals_parse);
    g_test_add_func("/qjson/structure/nested-values-round-trip",
                    test_nested_values_round_trip);
    g_test_add_func("/qjson/structure/nested-values-have-their-types",
                    test_nested_values_have_their_types);
    g_test_add_func("/qjson/structure/object-keeps-key-order",
                    test_object_keeps_key_order);
    g_test_add_func("/qjson/structure/duplicate-key-keeps-the-last-value",
                    test_object_duplicate_key_keeps_the_last_value);
    g_test_add_func("/qjson/structure/whitespace-around-the-value-is-allowed",
                    test_whitespace_around_the_value_is_allowed);
    g_test_add_func("/qjson/structure/top-level-scalars-parse",
                    test_top_level_scalars_parse);
    g_test_add_func("/qjson/structure/truncated-text-is-refused",
                    test_truncated_text_is_refused);
    g_test_add_func("/qjson/structure/empty-text-is-refused",
                    test_empty_text_is_refused);
    g_test_add_func("/qjson/structure/trailing-garbage-is-refused",
                    test_trailing_garbage_is_refused);
    g_test_add_func("/qjson/structure/second-value-is-refused",
                    test_second_value_is_refused);
    g_test_add_func("/qjson/structure/trailing-comma-is-refused",
                    test_trailing_comma_is_refused);
    g_test_add_func("/qjson/structure/missing-separators-are-refused",
                    test_missing_separators_are_refused);
    g_test_add_func("/qjson/structure/unquoted-key-is-refused",
                    test_unquoted_key_is_refused);
    g_test_add_func("/qjson/structure/bad-literal-is-refused",
                    test_bad_literal_is_refused);
    g_test_add_func("/qjson/error/position-counts-lines-and-columns",
                    test_error_position_counts_lines_and_columns);
    g_test_add_func("/qjson/error/reports-the-first-problem",
                    test_error_reports_the_first_problem);
    g_test_add_func("/qjson/depth/at-the-limit-parses",
                    test_depth_at_the_limit_parses);
    g_test_add_func("/qjson/depth/past-the-limit-is-refused",
                    test_depth_past_the_limit_is_refused);
    g_test_add_func("/qjson/depth/limit-is-the-callers",
                    test_depth_limit_is_the_callers);
    g_test_add_func("/qjson/ext/reads-only-len-bytes",
                    test_ext_reads_only_len_bytes);
    g_test_add_func("/qjson/ext/refuses-a-nul-byte", test_ext_refuses_a_nul_byte);
    g_test_add_func("/qjson/qdict-from-json/gives-an-object",
                    test_qdict_from_json_gives_an_object);
    g_test_add_func("/qjson/qdict-from-json/refuses-another-kind",
                    test_qdict_from_json_refuses_another_kind);
    g_test_add_func("/qjson/qdict-from-json/passes-on-parse-errors",
                    test_qdict_from_json_passes_on_parse_errors);
    g_test_add_func("/qjson/print/compact-text", test_print_compact_text);
    g_test_add_func("/qjson/print/pretty-text", test_print_pretty_text);
    g_test_add_func("/qjson/print/empty-containers", test_print_empty_containers);
    g_test_add_func("/qjson/print/top-level-scalars",
                    test_print_top_level_scalars);
    g_test_add_func("/qjson/print/non-finite-double-as-null",
                    test_print_non_finite_double_as_null);
    g_test_add_func("/qjson/print/repairs-invalid-utf8-keys",
                    test_print_repairs_invalid_utf8_keys);
    g_test_add_func("/qjson/print/repairs-invalid-utf8",
                    test_print_repairs_invalid_utf8);
    g_test_add_func("/qjson/print/then-parse-is-equal",
                    test_print_then_parse_is_equal);
    return g_test_run();
}

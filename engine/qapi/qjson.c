/* QJSON: see qjson.h.
 *
 * Parsing is two passes over the same bytes. json-c's tokener (strict mode)
 * checks the structure and builds a json_object tree; then our own lexical
 * check walks the text for what json-c 0.16 lets through even in strict mode:
 *   - integers beyond int64/uint64 (json-c clamps them silently);
 *   - "-01", "1.", NaN, Infinity and -Infinity, and doubles that overflow;
 *   - raw control characters and \u0000 in strings;
 *   - unpaired surrogate escapes (json-c turns them into U+FFFD);
 *   - overlong forms, UTF-8-encoded surrogates and code points past
 *     U+10FFFF (json-c's UTF-8 check only looks at the byte patterns);
 *   - nesting: json-c counts a scalar as a level of its own, so its limit
 *     cannot say "N levels of arrays and objects"; ours can.
 * When json-c fails at byte j, the check runs over the bytes up to and
 * including j, so whichever problem comes first in the text is the one
 * reported, and at the same byte our more specific message wins. Only when
 * the text passes both is the tree converted; by then every integer is in
 * range, so json-c's int64/uint64 values are exact.
 */
#include "qjson.h"
#include "qlist.h"

#include <json-c/json.h>
#include <limits.h>
#include <math.h>
#include <stdarg.h>
#include <string.h>

G_DEFINE_AUTOPTR_CLEANUP_FUNC(json_tokener, json_tokener_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC(json_object, json_object_put)

/* Numbers and words quoted in messages are cut here so a megabyte of digits
 * does not become a megabyte of error message. */
#define QJSON_QUOTE_MAX 40

/* ---- Error messages ---------------------------------------------------- */

static void G_GNUC_PRINTF(4, 5)
qjson_error_at(Error **errp, const char *text, size_t off, const char *fmt, ...)
{
    size_t line = 1, column = 1;
    va_list ap;

    for (size_t i = 0; i < off; i++) {
        if (text[i] == '\n') {
            line++;
            column = 1;
        } else {
            column++;
        }
    }
    va_start(ap, fmt);
    g_autofree char *what = g_strdup_vprintf(fmt, ap);
    va_end(ap);
    error_setg(errp, "JSON parse error at line %zu, column %zu: %s",
               line, column, what);
}

/* "character 'x'" for printable ASCII, "byte 0xFF" for anything else (a
 * control character or part of a UTF-8 sequence prints badly in quotes). */
static const char *qjson_describe_byte(unsigned char c, char buf[16])
{
    if (c > 0x20 && c < 0x7f) {
        g_snprintf(buf, 16, "character '%c'", c);
    } else {
        g_snprintf(buf, 16, "byte 0x%02X", c);
    }
    return buf;
}

/* text[start..end) for a message, cut to QJSON_QUOTE_MAX bytes. */
static char *qjson_quote(const char *text, size_t start, size_t end)
{
    if (end - start > QJSON_QUOTE_MAX) {
        return g_strdup_printf("%.*s...", QJSON_QUOTE_MAX, text + start);
    }
    return g_strndup(text + start, end - start);
}

/* ---- The lexical check ------------------------------------------------- */

typedef struct QJsonCheck {
    const char *text;
    size_t len;
    /* True: the text ends at len. False: json-c stopped at len - 1, so a
     * token cut off at len is json-c's to report, not ours. */
    bool complete;
    unsigned max_depth;
} QJsonCheck;

static bool qjson_is_blank(char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

static int qjson_hex_value(char c)
{
    if (c >= '0' && c <= '9') {
        return c - '0';
    }
    if (c >= 'a' && c <= 'f') {
        return c - 'a' + 10;
    }
    if (c >= 'A' && c <= 'F') {
        return c - 'A' + 10;
    }
    return -1;
}

/* The four hex digits at text[at..at+4): 0 and *cp set; 1 when the text ends
 * first; -1 when one is not a hex digit. */
static int qjson_read_hex4(const QJsonCheck *c, size_t at, unsigned *cp)
{
    unsigned value = 0;

    for (size_t i = at; i < at + 4; i++) {
        if (i >= c->len) {
            return 1;
        }
        int digit = qjson_hex_value(c->text[i]);
        if (digit < 0) {
            return -1;
        }
        value = value << 4 | (unsigned)digit;
    }
    *cp = value;
    return 0;
}

/* The length of the well-formed UTF-8 sequence at p (Unicode's table 3-7:
 * no overlong forms, no surrogates, nothing past U+10FFFF); 0 when it is
 * ill-formed, -1 when it is cut off by the end of the text. */
static int qjson_utf8_length(const unsigned char *p, size_t avail)
{
    unsigned char lo = 0x80, hi = 0xBF;
    int n;

    if (p[0] >= 0xC2 && p[0] <= 0xDF) {
        n = 2;
    } else if (p[0] >= 0xE0 && p[0] <= 0xEF) {
        n = 3;
        lo = p[0] == 0xE0 ? 0xA0 : 0x80;   /* E0 80..9F would be overlong */
        hi = p[0] == 0xED ? 0x9F : 0xBF;   /* ED A0..BF are surrogates */
    } else if (p[0] >= 0xF0 && p[0] <= 0xF4) {
        n = 4;
        lo = p[0] == 0xF0 ? 0x90 : 0x80;   /* F0 80..8F would be overlong */
        hi = p[0] == 0xF4 ? 0x8F : 0xBF;   /* F4 90.. is past U+10FFFF */
    } else {
        return 0;
    }
    for (int k = 1; k < n; k++) {
        if ((size_t)k >= avail) {
            return -1;
        }
        if (p[k] < (k == 1 ? lo : 0x80) || p[k] > (k == 1 ? hi : 0xBF)) {
            return 0;
        }
    }
    return n;
}

/* The escape at text[*pos] == '\\'; advances past it. */
static bool qjson_check_escape(const QJsonCheck *c, size_t *pos, Error **errp)
{
    size_t at = *pos;
    unsigned cp, low;

    if (at + 1 >= c->len) {
        *pos = c->len;
        return true;
    }
    char e = c->text[at + 1];
    if (e && strchr("\"\\/bfnrt", e)) {
        *pos = at + 2;
        return true;
    }
    if (e != 'u') {
        char buf[16];
        qjson_error_at(errp, c->text, at, "invalid escape: backslash before %s",
                       qjson_describe_byte(e, buf));
        return false;
    }
    switch (qjson_read_hex4(c, at + 2, &cp)) {
    case 1:
        *pos = c->len;
        return true;
    case -1:
        qjson_error_at(errp, c->text, at, "expected four hex digits after \\u");
        return false;
    }
    if (cp == 0) {
        /* Our strings are C strings: a NUL would silently cut them short. */
        qjson_error_at(errp, c->text, at, "\\u0000 is not allowed in a string");
        return false;
    }
    if (cp >= 0xDC00 && cp <= 0xDFFF) {
        qjson_error_at(errp, c->text, at,
                       "unpaired surrogate \\u%04X in a string", cp);
        return false;
    }
    if (cp < 0xD800 || cp > 0xDBFF) {
        *pos = at + 6;
        return true;
    }
    /* A high surrogate: only a low surrogate escape may follow. */
    size_t next = at + 6;
    if ((next < c->len && c->text[next] != '\\') ||
        (next + 1 < c->len && c->text[next + 1] != 'u')) {
        qjson_error_at(errp, c->text, at,
                       "unpaired surrogate \\u%04X in a string", cp);
        return false;
    }
    if (next + 1 >= c->len) {
        *pos = c->len;
        return true;
    }
    switch (qjson_read_hex4(c, next + 2, &low)) {
    case 1:
        *pos = c->len;
        return true;
    case -1:
        qjson_error_at(errp, c->text, next,
                       "expected four hex digits after \\u");
        return false;
    }
    if (low < 0xDC00 || low > 0xDFFF) {
        qjson_error_at(errp, c->text, at,
                       "unpaired surrogate \\u%04X in a string", cp);
        return false;
    }
    *pos = next + 6;
    return true;
}

/* The string whose opening quote is at text[*pos]; advances past its end. */
static bool qjson_check_string(const QJsonCheck *c, size_t *pos, Error **errp)
{
    const unsigned char *s = (const unsigned char *)c->text;
    size_t i = *pos + 1;

    while (i < c->len) {
        if (s[i] == '"') {
            *pos = i + 1;
            return true;
        }
        if (s[i] == '\\') {
            if (!qjson_check_escape(c, &i, errp)) {
                return false;
            }
            continue;
        }
        if (s[i] < 0x20) {
            qjson_error_at(errp, c->text, i,
                           "unescaped control character 0x%02X in a string",
                           s[i]);
            return false;
        }
        if (s[i] < 0x80) {
            i++;
            continue;
        }
        int n = qjson_utf8_length(s + i, c->len - i);
        if (n < 0) {
            break;
        }
        if (n == 0) {
            qjson_error_at(errp, c->text, i, "invalid UTF-8 in a string");
            return false;
        }
        i += n;
    }
    *pos = c->len;
    return true;
}

/* A grammar error at text[at]; at the end of a text that was cut short the
 * number may just be unfinished, which json-c reports. */
static bool qjson_number_error(const QJsonCheck *c, size_t at, const char *what,
                               Error **errp)
{
    if (at >= c->len && !c->complete) {
        return true;
    }
    qjson_error_at(errp, c->text, at, "%s", what);
    return false;
}

static bool qjson_is_digit(const QJsonCheck *c, size_t i)
{
    return i < c->len && c->text[i] >= '0' && c->text[i] <= '9';
}

/* An integer is in range when it fits an int64 (negative) or a uint64. */
static bool qjson_integer_in_range(const char *digits, size_t n, bool negative)
{
    uint64_t value = 0;

    for (size_t i = 0; i < n; i++) {
        unsigned d = (unsigned)(digits[i] - '0');
        if (value > (UINT64_MAX - d) / 10) {
            return false;
        }
        value = value * 10 + d;
    }
    return !negative || value <= (uint64_t)INT64_MAX + 1;
}

/* RFC 8259's number grammar, then its range. Advances past the number. */
static bool qjson_check_number(const QJsonCheck *c, size_t *pos, Error **errp)
{
    const char *s = c->text;
    size_t start = *pos, i = start;
    bool negative = false, integer = true;

    if (s[i] == '-') {
        negative = true;
        i++;
    }
    size_t digits = i;
    if (i < c->len && s[i] == '0') {
        i++;
        if (qjson_is_digit(c, i)) {
            qjson_error_at(errp, s, digits, "leading zero in a number");
            return false;
        }
    } else if (qjson_is_digit(c, i)) {
        while (qjson_is_digit(c, i)) {
            i++;
        }
    } else {
        *pos = c->len;
        return qjson_number_error(c, i, "expected a digit after '-'", errp);
    }
    size_t digits_end = i;
    if (i < c->len && s[i] == '.') {
        integer = false;
        i++;
        if (!qjson_is_digit(c, i)) {
            *pos = c->len;
            return qjson_number_error(c, i, "expected a digit after '.'", errp);
        }
        while (qjson_is_digit(c, i)) {
            i++;
        }
    }
    if (i < c->len && (s[i] == 'e' || s[i] == 'E')) {
        integer = false;
        i++;
        if (i < c->len && (s[i] == '+' || s[i] == '-')) {
            i++;
        }
        if (!qjson_is_digit(c, i)) {
            *pos = c->len;
            return qjson_number_error(c, i, "expected a digit in the exponent",
                                      errp);
        }
        while (qjson_is_digit(c, i)) {
            i++;
        }
    }
    *pos = i;

    if (integer) {
        if (!qjson_integer_in_range(s + digits, digits_end - digits, negative)) {
            g_autofree char *quoted = qjson_quote(s, start, i);
            qjson_error_at(errp, s, start, "integer %s is out of range "
                           "(-9223372036854775808 to 18446744073709551615)",
                           quoted);
            return false;
        }
        return true;
    }
    /* Underflow to zero or a subnormal is rounding, as for any double;
     * overflow to infinity has no JSON form and would not round-trip.
     * strtod needs a NUL-terminated copy; most numbers fit on the stack. */
    char small[64];
    g_autofree char *large = NULL;
    char *number = small;
    if (i - start >= sizeof(small)) {
        number = large = g_malloc(i - start + 1);
    }
    memcpy(number, s + start, i - start);
    number[i - start] = '\0';
    if (isinf(g_ascii_strtod(number, NULL))) {
        g_autofree char *quoted = qjson_quote(s, start, i);
        qjson_error_at(errp, s, start, "number %s is out of range", quoted);
        return false;
    }
    return true;
}

/* A bare word: only true, false and null are JSON (json-c also takes NaN
 * and Infinity). */
static bool qjson_check_word(const QJsonCheck *c, size_t *pos, Error **errp)
{
    const char *s = c->text;
    size_t start = *pos, i = start;

    while (i < c->len && g_ascii_isalpha(s[i])) {
        i++;
    }
    *pos = i;
    if (i == c->len && !c->complete) {
        return true;
    }
    size_t n = i - start;
    if ((n == 4 && memcmp(s + start, "true", 4) == 0) ||
        (n == 5 && memcmp(s + start, "false", 5) == 0) ||
        (n == 4 && memcmp(s + start, "null", 4) == 0)) {
        return true;
    }
    g_autofree char *quoted = qjson_quote(s, start, i);
    qjson_error_at(errp, s, start, "invalid literal '%s'", quoted);
    return false;
}

static bool qjson_check(const QJsonCheck *c, Error **errp)
{
    size_t i = 0;
    unsigned depth = 0;

    while (i < c->len) {
        char ch = c->text[i];

        if (qjson_is_blank(ch) || ch == ':' || ch == ',') {
            i++;
        } else if (ch == '[' || ch == '{') {
            if (++depth > c->max_depth) {
                qjson_error_at(errp, c->text, i,
                               "nesting deeper than %u levels", c->max_depth);
                return false;
            }
            i++;
        } else if (ch == ']' || ch == '}') {
            if (depth > 0) {   /* a stray one is json-c's to report */
                depth--;
            }
            i++;
        } else if (ch == '"') {
            if (!qjson_check_string(c, &i, errp)) {
                return false;
            }
        } else if (ch == '-' || (ch >= '0' && ch <= '9')) {
            if (!qjson_check_number(c, &i, errp)) {
                return false;
            }
        } else if (g_ascii_isalpha(ch)) {
            if (!qjson_check_word(c, &i, errp)) {
                return false;
            }
        } else {
            char buf[16];
            qjson_error_at(errp, c->text, i, "unexpected %s",
                           qjson_describe_byte(ch, buf));
            return false;
        }
    }
    return true;
}

/* ---- json-c's verdict ---------------------------------------------------- */

/* json-c stopped at text[at] (at == len: the text ended). */
static void qjson_tokener_error(const char *text, size_t len, size_t at,
                                enum json_tokener_error jerr,
                                unsigned max_depth, Error **errp)
{
    char buf[16];
    const char *got = at < len ? qjson_describe_byte(text[at], buf) : NULL;

    if (!got) {
        size_t i = 0;
        while (i < len && qjson_is_blank(text[i])) {
            i++;
        }
        qjson_error_at(errp, text, at, i == len ?
                       "expected a JSON value, got end of input" :
                       "unexpected end of input");
        return;
    }
    switch (jerr) {
    case json_tokener_error_depth:
        qjson_error_at(errp, text, at, "nesting deeper than %u levels",
                       max_depth);
        break;
    case json_tokener_error_parse_array:
        qjson_error_at(errp, text, at, "expected ',' or ']', got %s", got);
        break;
    case json_tokener_error_parse_object_key_name:
        qjson_error_at(errp, text, at, "expected a string as object key, got %s",
                       got);
        break;
    case json_tokener_error_parse_object_key_sep:
        qjson_error_at(errp, text, at, "expected ':', got %s", got);
        break;
    case json_tokener_error_parse_object_value_sep:
        qjson_error_at(errp, text, at, "expected ',' or '}', got %s", got);
        break;
    case json_tokener_error_parse_utf8_string:
        qjson_error_at(errp, text, at, "invalid UTF-8");
        break;
    default:
        /* unexpected, null, boolean, number, string, comment, and an end of
         * data json-c reports at a NUL byte: all point at one byte. */
        qjson_error_at(errp, text, at, "unexpected %s", got);
        break;
    }
}

/* ---- json-c tree to QObject ---------------------------------------------- */

/* Only called on checked text: integers are in range, doubles finite,
 * strings valid UTF-8 without NUL, nesting bounded (so is the recursion). */
static QObject *qobject_from_json_c(struct json_object *jo)
{
    switch (json_object_get_type(jo)) {
    case json_type_null:
        return QOBJECT(qnull());
    case json_type_boolean:
        return QOBJECT(qbool_from_bool(json_object_get_boolean(jo)));
    case json_type_int: {
        /* json-c keeps integers above INT64_MAX as uint64 and clamps the
         * int64 getter to INT64_MAX for them; that is how to tell. */
        int64_t i = json_object_get_int64(jo);
        if (i == INT64_MAX && json_object_get_uint64(jo) > INT64_MAX) {
            return QOBJECT(qnum_from_uint(json_object_get_uint64(jo)));
        }
        return QOBJECT(qnum_from_int(i));
    }
    case json_type_double:
        return QOBJECT(qnum_from_double(json_object_get_double(jo)));
    case json_type_string:
        return QOBJECT(qstring_from_str(json_object_get_string(jo)));
    case json_type_array: {
        size_t n = json_object_array_length(jo);
        g_autoptr(QList) list = qlist_new();
        for (size_t i = 0; i < n; i++) {
            qlist_append_obj(list,
                             qobject_from_json_c(json_object_array_get_idx(jo, i)));
        }
        return QOBJECT(g_steal_pointer(&list));
    }
    case json_type_object: {
        g_autoptr(QDict) dict = qdict_new();
        struct json_object_iterator it = json_object_iter_begin(jo);
        struct json_object_iterator end = json_object_iter_end(jo);
        for (; !json_object_iter_equal(&it, &end); json_object_iter_next(&it)) {
            qdict_put_obj(dict, json_object_iter_peek_name(&it),
                          qobject_from_json_c(json_object_iter_peek_value(&it)));
        }
        return QOBJECT(g_steal_pointer(&dict));
    }
    }
    g_assert_not_reached();
}

/* ---- Parsing --------------------------------------------------------------- */

QObject *qobject_from_json_ext(const char *text, size_t len,
                               unsigned max_depth, Error **errp)
{
    g_assert(text);
    g_assert(max_depth >= 1 && max_depth <= QJSON_MAX_DEPTH_LIMIT);

    /* json-c takes an int length, and wants one more byte (the NUL) to
     * finish a top-level number. */
    if (len >= INT_MAX) {
        error_setg(errp, "JSON text exceeds %d bytes", INT_MAX - 1);
        return NULL;
    }
    /* json-c counts every value as a level, so a scalar inside max_depth
     * containers sits at max_depth + 1; qjson_check() enforces ours. */
    g_autoptr(json_tokener) tok = json_tokener_new_ex((int)max_depth + 1);
    json_tokener_set_flags(tok, JSON_TOKENER_STRICT | JSON_TOKENER_VALIDATE_UTF8 |
                           JSON_TOKENER_ALLOW_TRAILING_CHARS);

    g_autoptr(json_object) jo = json_tokener_parse_ex(tok, text, (int)len);
    enum json_tokener_error jerr = json_tokener_get_error(tok);
    size_t end = json_tokener_get_parse_end(tok);
    if (jerr == json_tokener_continue) {
        /* The end of the text: tell json-c, which finishes a top-level
         * scalar or reports what is unfinished. */
        jo = json_tokener_parse_ex(tok, "", 1);
        jerr = json_tokener_get_error(tok);
        end = len;
    }
    end = MIN(end, len);

    if (jerr != json_tokener_success) {
        /* Our check over the bytes up to json-c's stop, so the first
         * problem in the text is the one reported. */
        QJsonCheck c = { text, MIN(end + 1, len), false, max_depth };
        if (qjson_check(&c, errp)) {
            qjson_tokener_error(text, len, end, jerr, max_depth, errp);
        }
        return NULL;
    }
    QJsonCheck c = { text, end, true, max_depth };
    if (!qjson_check(&c, errp)) {
        return NULL;
    }
    for (size_t i = end; i < len; i++) {
        if (!qjson_is_blank(text[i])) {
            char buf[16];
            qjson_error_at(errp, text, i, "unexpected %s after the JSON value",
                           qjson_describe_byte(text[i], buf));
            return NULL;
        }
    }
    return qobject_from_json_c(jo);
}

QObject *qobject_from_json(const char *text, Error **errp)
{
    g_assert(text);
    return qobject_from_json_ext(text, strlen(text), QJSON_MAX_DEPTH, errp);
}

QDict *qdict_from_json(const char *text, Error **errp)
{
    g_autoptr(QObject) obj = qobject_from_json(text, errp);

    if (!obj) {
        return NULL;
    }
    if (qobject_type(obj) != QTYPE_QDICT) {
        error_setg(errp, "expected a JSON object, got %s",
                   qtype_describe(qobject_type(obj)));
        return NULL;
    }
    return qobject_to(QDict, g_steal_pointer(&obj));
}

/* ---- Printing -------------------------------------------------------------- */

/* json-c's pretty printer puts an empty container's brackets on two lines,
 * "{\n}"; a fixed text keeps it "{}" in every layout. */
static void qjson_print_empty_as(struct json_object *jo, const char *text)
{
    json_object_set_serializer(jo, json_object_userdata_to_json_string,
                               (void *)text, NULL);
}

/* A new json-c tree for obj; NULL is json-c's null. */
static struct json_object *qobject_to_json_c(const QObject *obj)
{
    switch (qobject_type(obj)) {
    case QTYPE_QNULL:
        return NULL;
    case QTYPE_QBOOL:
        return json_object_new_boolean(qbool_get_bool(qobject_to(QBool, obj)));
    case QTYPE_QNUM: {
        const QNum *qn = qobject_to(QNum, obj);
        int64_t i;
        uint64_t u;
        if (qnum_kind(qn) == QNUM_I64 && qnum_get_try_int(qn, &i)) {
            return json_object_new_int64(i);
        }
        if (qnum_kind(qn) == QNUM_U64 && qnum_get_try_uint(qn, &u)) {
            return json_object_new_uint64(u);
        }
        double d = qnum_get_double(qn);
        if (!isfinite(d)) {
            return NULL;   /* no JSON form; see qjson.h */
        }
        /* Our spelling, not json-c's "%.17g": shortest, and 1.0 stays a
         * double. json-c copies the text. */
        g_autofree char *text = qnum_to_string(qn);
        return json_object_new_double_s(d, text);
    }
    case QTYPE_QSTRING: {
        const QString *qs = qobject_to(QString, obj);
        const char *s = qstring_get_str(qs);
        size_t len = qstring_get_length(qs);
        g_assert(len <= INT_MAX);   /* json-c's lengths are ints */
        if (!g_utf8_validate_len(s, len, NULL)) {
            g_autofree char *valid = g_utf8_make_valid(s, (gssize)len);
            return json_object_new_string(valid);
        }
        return json_object_new_string_len(s, (int)len);
    }
    case QTYPE_QDICT: {
        const QDict *d = qobject_to(QDict, obj);
        g_autoptr(json_object) jo = json_object_new_object();
        QDICT_FOREACH(e, d) {
            /* Keys are unique in a QDict and outlive this tree, so json-c
             * need neither look them up nor copy them -- unless a key is
             * not UTF-8 (only C code can make one): then it is repaired
             * like a string value, copied, and may now equal another. */
            const char *key = qdict_entry_key(e);
            int flags = JSON_C_OBJECT_ADD_KEY_IS_NEW |
                        JSON_C_OBJECT_KEY_IS_CONSTANT;
            g_autofree char *repaired = NULL;
            if (!g_utf8_validate(key, -1, NULL)) {
                key = repaired = g_utf8_make_valid(key, -1);
                flags = 0;
            }
            int ret = json_object_object_add_ex(
                jo, key, qobject_to_json_c(qdict_entry_value(e)), flags);
            g_assert(ret == 0);   /* fails only when memory runs out */
        }
        if (qdict_size(d) == 0) {
            qjson_print_empty_as(jo, "{}");
        }
        return g_steal_pointer(&jo);
    }
    case QTYPE_QLIST: {
        const QList *l = qobject_to(QList, obj);
        g_autoptr(json_object) jo = json_object_new_array_ext((int)qlist_size(l));
        QLIST_FOREACH_ENTRY(v, l) {
            int ret = json_object_array_add(jo, qobject_to_json_c(v));
            g_assert(ret == 0);
        }
        if (qlist_empty(l)) {
            qjson_print_empty_as(jo, "[]");
        }
        return g_steal_pointer(&jo);
    }
    default:
        g_assert_not_reached();
    }
}

static char *qjson_print(const QObject *obj, int flags)
{
    g_autoptr(json_object) jo = qobject_to_json_c(obj);

    return g_strdup(json_object_to_json_string_ext(
        jo, flags | JSON_C_TO_STRING_NOSLASHESCAPE));
}

char *qobject_to_json(const QObject *obj)
{
    return qjson_print(obj, JSON_C_TO_STRING_PLAIN);
}

char *qobject_to_json_pretty(const QObject *obj)
{
    return qjson_print(obj, JSON_C_TO_STRING_PRETTY | JSON_C_TO_STRING_SPACED);
}

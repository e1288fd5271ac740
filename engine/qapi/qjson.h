/* QJSON: QObjects to and from JSON text (RFC 8259), through json-c.
 *
 * Parsing takes exactly one JSON value, optionally surrounded by whitespace,
 * and returns a new reference. Anything else fails with one error whose
 * message says where and what:
 *   "JSON parse error at line 3, column 7: unexpected character '}'"
 * Lines and columns start at 1 and columns count bytes.
 *
 * What the parser accepts is stricter than json-c alone (which this module
 * checks after it, see qjson.c):
 *  - Numbers: an integer is kept as an int64, or as a uint64 above INT64_MAX;
 *    an integer below INT64_MIN or above UINT64_MAX is an error ("integer ...
 *    is out of range"), never clamped and never turned into an inexact double.
 *    A number with a fraction or an exponent is a double; one too large for a
 *    double (1e400) is an error. NaN and Infinity are not JSON and are errors.
 *  - Strings are valid UTF-8 (no overlong forms, surrogates or code points
 *    past U+10FFFF), have no raw control characters, no \u0000 (our strings
 *    are C strings) and no unpaired surrogate escapes.
 *  - Nesting is limited (QJSON_MAX_DEPTH by default) so hostile input cannot
 *    exhaust the stack of the recursive code that converts and frees values.
 *  - A key given twice in one object keeps its last value, in the position
 *    of its first (json-c's rule; RFC 8259 leaves it open).
 *
 * Printing never fails and always gives valid JSON in a new g_malloc'd string:
 * integers exactly, doubles as qnum_to_string() spells them (a double reads
 * back as a double: 1.0 prints "1.0"), "/" unescaped, non-ASCII UTF-8 as is.
 * Two things have no JSON form and are printed as the nearest valid text:
 *  - a non-finite double (NaN, +-Infinity) prints as null, as JavaScript's
 *    JSON.stringify does, so one odd number cannot make a whole QMP reply
 *    unreadable; the reader sees null where it expected a number;
 *  - a string that is not valid UTF-8 has each bad byte replaced by U+FFFD.
 */
#pragma once

#include "qdict.h"
#include "qobject.h"

/* Default nesting limit: QMP messages nest a handful of levels; a thousand
 * is far beyond any real document and far below what the stack can take. */
#define QJSON_MAX_DEPTH 1024
/* The largest limit a caller may ask for: every level costs a few stack
 * frames in conversion and in freeing, and a thread may have a 1 MiB stack. */
#define QJSON_MAX_DEPTH_LIMIT 4096

/* text: a NUL-terminated string. */
QObject *qobject_from_json(const char *text, Error **errp);

/* The same for len bytes that need not be NUL-terminated (a NUL byte among
 * them is an error), nesting at most max_depth (1..QJSON_MAX_DEPTH_LIMIT)
 * levels of arrays and objects. */
QObject *qobject_from_json_ext(const char *text, size_t len,
                               unsigned max_depth, Error **errp);

/* As qobject_from_json(), but the value must be an object:
 * "expected a JSON object, got an array". */
QDict *qdict_from_json(const char *text, Error **errp);

/* Compact: {"a":1,"b":[true,null]} */
char *qobject_to_json(const QObject *obj);

/* Indented by two spaces, one member or element per line, "key": value,
 * empty containers as {} and []. No trailing newline. */
char *qobject_to_json_pretty(const QObject *obj);

/* QAPI text scalars: the one set of parsers and formatters every text front
 * door uses (the string input visitor, the keyval visitor, config groups,
 * the command line), so "256M", "on" and "0x10" mean the same everywhere.
 *
 * Parsers take the whole string: no surrounding spaces, no trailing junk.
 * They take `name`, the parameter the text is for (NULL when there is
 * none), only to word the error; on failure *result is untouched and the
 * error reads
 *     parameter 'NAME' expects WHAT, not 'TEXT'
 * or, without a name,
 *     expected WHAT, not 'TEXT'
 * qapi_error_set_expected() builds that sentence for other callers.
 *
 * Integers: decimal or 0x/0X hex. A signed integer may start with '-'
 * ("-0" is 0, "-0x10" is -16); an unsigned one has no sign at all, not even
 * "-0". No '+'. A decimal number with a leading zero ("010") is refused:
 * C's strtol, and so QEMU, reads it as octal, and silently reading it as
 * ten would give the same text two meanings; "0" itself is fine.
 *
 * Sizes: a byte count, 1024-based: a decimal number with an optional
 * fraction, or a 0x hex integer, then an optional suffix k/K, M, G, T, P or
 * E (either case), then an optional "B" or, after a suffix, "iB"
 * ("256M", "256MB", "256MiB", "1.5G", "0x1000", "512B"). A fraction needs a
 * suffix and at most 18 digits; the result is exact, rounded down to a
 * whole byte. Leading zeros are decimal here ("010" is ten bytes): QEMU
 * reads sizes in decimal too, so nothing changes meaning. Anything from
 * 16 EiB up is an overflow error.
 *
 * Formatters return a new string; g_free() it.
 */
#pragma once

#include <stdbool.h>
#include <stdint.h>

#include "error.h"

/* on/off, yes/no, true/false (lower case only, as QEMU). */
bool qapi_bool_parse(const char *name, const char *value, bool *result,
                     Error **errp);
bool qapi_int64_parse(const char *name, const char *value, int64_t *result,
                      Error **errp);
bool qapi_uint64_parse(const char *name, const char *value, uint64_t *result,
                       Error **errp);
bool qapi_size_parse(const char *name, const char *value, uint64_t *result,
                     Error **errp);
/* A finite decimal floating-point number ("1.5", "-2e3", ".5"); '+',
 * hex, "inf", "nan" and values too large for a double are refused. */
bool qapi_number_parse(const char *name, const char *value, double *result,
                       Error **errp);

/* A size for people: "512 B", "4 KiB", "1.5 GiB", "256 MiB". At most
 * three significant digits, so it may round ("4097" is "4 KiB"); show the
 * exact byte count next to it where that matters. */
char *qapi_size_to_str(uint64_t bytes);

/* Sets "parameter 'NAME' expects WHAT[, not 'TEXT']", or
 * "expected WHAT[, not 'TEXT']" when name is NULL. text may be NULL (then
 * there is no ", not ..." part). WHAT is printf-formatted. */
#define qapi_error_set_expected(errp, name, text, ...)                       \
    qapi_error_set_expected_internal((errp), __FILE__, __LINE__, __func__,   \
                                     (name), (text), __VA_ARGS__)
void qapi_error_set_expected_internal(Error **errp, const char *src,
                                      int line, const char *func,
                                      const char *name, const char *text,
                                      const char *fmt, ...)
    G_GNUC_PRINTF(7, 8);

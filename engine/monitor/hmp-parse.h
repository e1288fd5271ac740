/* HMP command-line parsing: the words of a line, QEMU's way.
 *
 * A command name runs from the first non-space to the next space or '/'.
 * Its arguments follow an args_type spec, a comma-separated list of
 * "key:kind" entries (QEMU's mini-grammar, the subset HMP uses here):
 *   s   one word: up to the next space, or "double quoted" with the
 *       escapes \n \r \\ \' \"
 *   O   one word of key=value options (like s; the handler parses it)
 *   S   the rest of the line, spaces and all
 *   i   an integer (decimal, 0x hex or 0 octal, optional sign)
 *   -c  a flag "-c" (the key becomes true when given)
 * A kind followed by '?' is optional (absent from the dict when not
 * given; O is always optional). Flags may come in any order among the
 * flags at their place.
 *
 * Errors carry QEMU's wording, naming the command as its table entry does
 * ("qom-get: string expected", "stop|s: extraneous characters at the end
 * of line", "qom-set: unsupported option -x"); the caller adds QEMU's
 * "Try \"help ...\"" line. Text may be any length and any bytes: nothing
 * here has a fixed-size buffer.
 *
 * Ownership: returned dicts and strings are new. */
#pragma once

#include "qdict.h"
#include "error.h"

/* The command name at the start of line (after spaces): *len bytes from
 * the returned pointer, which points into line; NULL for a blank line. */
const char *hmp_parse_command_name(const char *line, size_t *len);

/* Skips spaces. */
const char *hmp_parse_skip_spaces(const char *p);

/* One word at *p (see `s` above), as a new string; *p moves past it. NULL
 * with an error when there is no word or the quoting is broken
 * ("unterminated string", "unsupported escape code: '\x'"). */
char *hmp_parse_word(const char **p, Error **errp);

/* The arguments in text for a command called name (as its table spells
 * it) with the given args_type. */
QDict *hmp_parse_args(const char *name, const char *args_type,
                      const char *text, Error **errp);

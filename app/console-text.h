/* Console text: what a serial console printed, as plain lines a list or a
 * log can show. Terminal control is dropped: escape sequences (CSI such
 * as colours and cursor moves, OSC such as window titles, charset and
 * other two- and three-byte ESC sequences), carriage returns and the other
 * C0 controls but tab. Bytes that are not UTF-8 become U+FFFD. A newline
 * always ends a line, even inside an unfinished escape sequence, so a
 * sequence cut short by a dying guest or a rotated log costs one line at
 * most.
 *
 * Pure functions; results are new (g_strfreev). */
#pragma once

#include <glib.h>
#include <stdbool.h>
#include <stddef.h>

/* The last max_lines lines of bytes (fewer if it holds fewer). An
 * unfinished last line (a prompt) is a line; the empty string after a
 * final newline is not. skip_first drops the first line, for bytes that
 * start in the middle of one (the end of a larger file). */
char **console_text_last_lines(const void *bytes, size_t len,
                               unsigned max_lines, bool skip_first);

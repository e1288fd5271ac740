/* The "stdio" back-end: the process's own stdin (fd 0) and stdout (fd 1).
 * Option: signal (bool, default on). Counts as open from creation.
 *
 * Output goes from the backlog (see chardev.h) to fd 1 as it takes it;
 * input from fd 0 reaches the front-end through the default GMainContext,
 * until stdin ends. Both fds are made non-blocking while the chardev
 * exists; their file status flags are put back when it goes.
 *
 * When stdin is a terminal it is put in raw mode: no echo, no line editing,
 * no CR/NL translation on input. Output keeps OPOST, so "\n" still starts
 * a new line. With signal=on the terminal still turns Ctrl-C into SIGINT
 * (and Ctrl-Z, Ctrl-\ into theirs); signal=off passes those bytes to the
 * guest. The terminal's settings from before are restored whichever way
 * the chardev goes: when it is finalized, when the process exits through
 * exit(), and when it dies of SIGINT, SIGTERM or SIGHUP (the handler
 * restores, then dies of the same signal). A fatal-signal handler is only
 * installed where the disposition was the default, so a handler of the
 * program's own (which should end in exit()) is left alone. When stdin is
 * not a terminal no terminal settings are touched.
 *
 * Only one stdio chardev may exist at a time:
 * "chardev 'b': stdio is already in use by chardev 'a'". */
#pragma once

#include "chardev.h"

#define TYPE_CHARDEV_STDIO "chardev-stdio"

void char_stdio_register_types(void);

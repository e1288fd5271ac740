/* The "pty" back-end: a pseudo-terminal whose slave is the user's end. No
 * options. At creation it opens a pty pair in raw mode, prints "char device
 * redirected to PATH (label ID)" to stderr and counts as open from then on.
 *
 * The chardev keeps the slave open itself, so the master never sees a
 * hang-up while no one has the slave open, and output written before a
 * terminal attaches waits in the tty. Output goes from the backlog (see
 * chardev.h) through the non-blocking master as the tty takes it; when the
 * tty is full and a reader falls more than the backlog behind, the oldest
 * bytes are counted as dropped. Input from the slave reaches the front-end
 * through the default GMainContext. */
#pragma once

#include "chardev.h"

#define TYPE_CHARDEV_PTY "chardev-pty"

void char_pty_register_types(void);

/* The slave's path, e.g. "/dev/pts/3" (lent), or NULL for another
 * back-end. */
const char *char_pty_get_path(Chardev *chr);

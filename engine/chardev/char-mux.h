/* The "mux" back-end: up to MUX_MAX_FRONTENDS front-ends share one
 * back-end chardev, named by the required option chardev=ID (which must
 * already exist; the mux holds a reference and takes over its handlers).
 *
 * Output: every front-end writes to the mux with chardev_write(); the bytes
 * go on to the back-end. Input from the back-end goes only to the front-end
 * with the focus (the first attached, at first). The escape key Ctrl-a
 * (0x01) starts a command, QEMU's set: "c" moves the focus to the next
 * front-end, "h" or "?" writes a help text to the back-end, "t" toggles a
 * timestamp at the start of each output line, "b" sends a break
 * (CHARDEV_EVENT_BREAK) to the focused front-end, "x" (exit) and "s"
 * (flush disks) go to the engine's handler, Ctrl-a sends one literal Ctrl-a
 * to the focused front-end; any other key after Ctrl-a is dropped.
 * Input the focused front-end has no room for waits in the mux (and stops
 * the back-end's input) until it calls chardev_accept_input() on the mux.
 * Back-end OPENED/CLOSED events go to every front-end. */
#pragma once

#include "chardev.h"

#define TYPE_CHARDEV_MUX "chardev-mux"
#define MUX_MAX_FRONTENDS 4
#define MUX_ESCAPE_CHAR 0x01    /* Ctrl-a */

void char_mux_register_types(void);

/* C-a x and C-a s: the engine's business (ending the VM, flushing disks),
 * so the engine sets one handler for every mux; key is 'x' or 's'. */
typedef void MuxCommandHandler(void *opaque, Chardev *mux, char key);
void mux_set_command_handler(MuxCommandHandler *fn, void *opaque);

/* Attaches a front-end (handlers as for chardev_set_handlers(); all may be
 * NULL) and returns its index, counting from 0, or -1 with "chardev 'ID':
 * too many front-ends" when all MUX_MAX_FRONTENDS are taken. */
int mux_add_frontend(Chardev *mux, ChardevCanRead *can_read,
                     ChardevRead *read, ChardevEventHandler *event,
                     void *opaque, Error **errp);
/* The focused front-end's index, -1 when none is attached. */
int mux_get_focus(Chardev *mux);
/* Moves the focus to an attached front-end (index checked). */
bool mux_set_focus(Chardev *mux, int index, Error **errp);

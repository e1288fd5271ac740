/* Vterm pane: a terminal emulator (libvterm) inside a curses window, for
 * the guest's serial console and the HMP monitor. Bytes from the engine
 * are fed in; keys typed in the pane come out as the bytes a terminal
 * would send; lines that scroll off the top are kept (a bounded
 * scrollback) and can be paged through.
 *
 * The pane owns its VTerm and scrollback. Drawing is clipped to the
 * rectangle given; a resize reflows nothing (like a real terminal it keeps
 * what fits). */
#pragma once
#include <glib.h>
#include <stdbool.h>
#include "crt.h"

enum { VTERM_PANE_SCROLLBACK_LINES = 2000 };

typedef struct VtermPane VtermPane;

VtermPane *vterm_pane_new(int rows, int cols);
void vterm_pane_free(VtermPane *pane);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(VtermPane, vterm_pane_free)

void vterm_pane_feed(VtermPane *pane, const char *bytes, size_t len);
void vterm_pane_resize(VtermPane *pane, int rows, int cols);
void vterm_pane_get_size(const VtermPane *pane, int *rows, int *cols);
/* Draws the screen (or, scrolled back, older lines) at y,x. */
void vterm_pane_draw(VtermPane *pane, WINDOW *win, int y, int x,
                     bool focused);
/* What the terminal itself answers (cursor position reports and other
 * queries the guest sent), appended to out: send it to the guest. */
void vterm_pane_take_output(VtermPane *pane, GString *out);
/* The bytes a terminal sends for this key, appended to out. */
void vterm_pane_key(VtermPane *pane, wint_t key, bool is_function,
                    GString *out);
/* Moves the view into the scrollback by lines (positive: older); clamped.
 * New output does not move it; vterm_pane_scroll_reset() returns to the
 * live screen. */
void vterm_pane_scroll(VtermPane *pane, int lines);
void vterm_pane_scroll_reset(VtermPane *pane);
int vterm_pane_scroll_offset(const VtermPane *pane);
/* The text of one screen row (for tests and the detail view). */
char *vterm_pane_row_text(VtermPane *pane, int row);

/* CRT: the one module that owns curses. It starts and ends the terminal,
 * maps colour roles to curses attributes (plain attributes only when
 * NO_COLOR is set or the terminal has no colours), draws boxes and lines in
 * UTF-8 or, when the locale is not UTF-8, in ASCII, and turns the
 * terminal's input and SIGWINCH into GLib sources so the TUI never blocks.
 *
 * There is one terminal per process, so CRT state is process-wide; the
 * callers own nothing here. crt_begin() must be paired with crt_end(), which
 * restores the terminal (also when the TUI leaves through an error). */
#pragma once
#include <glib.h>
#include <stdbool.h>
#include <wchar.h>
#include "error.h"
#include "text-wrap.h"
#ifndef NCURSES_WIDECHAR
#define NCURSES_WIDECHAR 1
#endif
#include <curses.h>

/* What a piece of text is, never which colour it has: the theme decides. */
typedef enum CrtRole {
    CRT_NORMAL,
    CRT_TITLE,        /* title bar */
    CRT_KEYBAR_KEY,   /* the key in the function bar */
    CRT_KEYBAR_TEXT,  /* its label */
    CRT_SELECTED,     /* the selected row of the focused pane */
    CRT_SELECTED_DIM, /* the selected row of a pane without focus */
    CRT_BORDER,
    CRT_BORDER_FOCUS,
    CRT_DIM,          /* docs, defaults, hints */
    CRT_RUNNING,
    CRT_PAUSED,
    CRT_STOPPED,
    CRT_CRASHED,
    CRT_ERROR,
    CRT_INPUT,        /* an editable field */
    CRT_MATCH,        /* a search hit */
    CRT_ROLE__MAX
} CrtRole;

/* Line-drawing pieces, as the terminal can show them. */
typedef enum CrtGlyph {
    CRT_G_HLINE, CRT_G_VLINE,
    CRT_G_ULCORNER, CRT_G_URCORNER, CRT_G_LLCORNER, CRT_G_LRCORNER,
    CRT_G_TEE_DOWN, CRT_G_TEE_UP,
    CRT_G_EXPANDED, CRT_G_COLLAPSED, CRT_G_LEAF,
    CRT_G_ARROW_RIGHT,
    CRT_G_ELLIPSIS,   /* text cut short */
    CRT_G__MAX
} CrtGlyph;

typedef struct CrtOptions {
    bool force_ascii;   /* draw with ASCII even on a UTF-8 locale */
    bool no_color;      /* as NO_COLOR; crt_begin() also reads the variable */
    bool mouse;         /* report mouse clicks as KEY_MOUSE */
} CrtOptions;

/* Called with every key read (ncurses wide key codes: a character, or
 * KEY_* with is_function set), and with KEY_RESIZE after SIGWINCH. */
typedef void (*CrtKeyFunc)(wint_t key, bool is_function, void *opaque);

/* Starts curses on the controlling terminal and attaches its input and
 * SIGWINCH to the default main context. */
bool crt_begin(const CrtOptions *opts, CrtKeyFunc on_key, void *opaque,
               Error **errp);
/* Detaches the sources and restores the terminal. Idempotent. */
void crt_end(void);
/* Gives the terminal back to the shell for a while (full-screen attach
 * runs its own loop on the raw terminal) and takes it back. */
void crt_suspend(void);
void crt_resume(void);

bool crt_is_utf8(void);
bool crt_has_color(void);
attr_t crt_attr(CrtRole role);
const char *crt_glyph(CrtGlyph glyph);

/* Drawing helpers; every one clips to the window. */
void crt_fill(WINDOW *win, int y, int x, int width, CrtRole role);
/* Writes UTF-8 text at y,x, at most width columns; returns columns used. */
int crt_print(WINDOW *win, int y, int x, int width, CrtRole role,
              const char *utf8);
int crt_printf(WINDOW *win, int y, int x, int width, CrtRole role,
               const char *fmt, ...) G_GNUC_PRINTF(6, 7);
/* Writes one wrapped row of text (text-wrap.h) at y, x plus its indent,
 * in the width left after the indent; returns columns used. */
int crt_print_row(WINDOW *win, int y, int x, int width, CrtRole role,
                  const char *text, const TextWrapRow *row);
void crt_box(WINDOW *win, int y, int x, int height, int width, CrtRole role,
             const char *title);
void crt_hline(WINDOW *win, int y, int x, int width, CrtRole role);

/* Columns a UTF-8 string takes on screen (wide characters count two). */
int crt_text_width(const char *utf8);

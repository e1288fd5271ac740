#include "vterm-pane.h"

#include <string.h>
#include <vterm.h>

typedef struct ScrollLine {
    int cols;
    VTermScreenCell cells[];
} ScrollLine;

struct VtermPane {
    VTerm *vt;
    VTermScreen *screen;
    int rows, cols;
    GQueue scrollback;   /* ScrollLine*, newest at the head */
    int offset;          /* lines scrolled back */
};

static int on_pushline(int cols, const VTermScreenCell *cells, void *user)
{
    VtermPane *pane = user;
    ScrollLine *line = g_malloc(sizeof(ScrollLine) +
                                cols * sizeof(VTermScreenCell));

    line->cols = cols;
    memcpy(line->cells, cells, cols * sizeof(VTermScreenCell));
    g_queue_push_head(&pane->scrollback, line);
    if (g_queue_get_length(&pane->scrollback) > VTERM_PANE_SCROLLBACK_LINES) {
        g_free(g_queue_pop_tail(&pane->scrollback));
    }
    if (pane->offset) {
        /* Keep what the reader looks at in place while output arrives. */
        pane->offset = MIN(pane->offset + 1,
                           (int)g_queue_get_length(&pane->scrollback));
    }
    return 1;
}

static const VTermScreenCallbacks screen_callbacks = {
    .sb_pushline = on_pushline,
};

VtermPane *vterm_pane_new(int rows, int cols)
{
    VtermPane *pane = g_new0(VtermPane, 1);

    pane->rows = MAX(rows, 1);
    pane->cols = MAX(cols, 1);
    pane->vt = vterm_new(pane->rows, pane->cols);
    vterm_set_utf8(pane->vt, 1);
    pane->screen = vterm_obtain_screen(pane->vt);
    vterm_screen_set_callbacks(pane->screen, &screen_callbacks, pane);
    vterm_screen_enable_altscreen(pane->screen, 1);
    vterm_screen_reset(pane->screen, 1);
    g_queue_init(&pane->scrollback);
    return pane;
}

void vterm_pane_free(VtermPane *pane)
{
    if (!pane) {
        return;
    }
    g_queue_clear_full(&pane->scrollback, g_free);
    vterm_free(pane->vt);
    g_free(pane);
}

void vterm_pane_feed(VtermPane *pane, const char *bytes, size_t len)
{
    vterm_input_write(pane->vt, bytes, len);
}

void vterm_pane_resize(VtermPane *pane, int rows, int cols)
{
    rows = MAX(rows, 1);
    cols = MAX(cols, 1);
    if (rows == pane->rows && cols == pane->cols) {
        return;
    }
    pane->rows = rows;
    pane->cols = cols;
    vterm_set_size(pane->vt, rows, cols);
}

void vterm_pane_get_size(const VtermPane *pane, int *rows, int *cols)
{
    *rows = pane->rows;
    *cols = pane->cols;
}

static void draw_cell(WINDOW *win, int y, int x, const VTermScreenCell *cell,
                      bool cursor)
{
    attr_t attr = A_NORMAL;
    wchar_t text[VTERM_MAX_CHARS_PER_CELL + 1] = { 0 };
    int n = 0;

    if (cell->attrs.bold) {
        attr |= A_BOLD;
    }
    if (cell->attrs.underline) {
        attr |= A_UNDERLINE;
    }
    if (cell->attrs.reverse ^ cursor) {
        attr |= A_REVERSE;
    }
    for (; n < VTERM_MAX_CHARS_PER_CELL && cell->chars[n]; n++) {
        uint32_t c = cell->chars[n];

        text[n] = !crt_is_utf8() && c > 0x7e ? '?' : (wchar_t)c;
    }
    if (n == 0) {
        text[n++] = ' ';
    }
    wattrset(win, attr);
    mvwaddnwstr(win, y, x, text, n);
    wattrset(win, A_NORMAL);
}

void vterm_pane_draw(VtermPane *pane, WINDOW *win, int y, int x, bool focused)
{
    VTermState *state = vterm_obtain_state(pane->vt);
    VTermPos cursor;
    int back = MIN(pane->offset, (int)g_queue_get_length(&pane->scrollback));

    vterm_state_get_cursorpos(state, &cursor);
    for (int row = 0; row < pane->rows; row++) {
        int src = row - back;   /* < 0: a scrollback line */

        for (int col = 0; col < pane->cols;) {
            VTermScreenCell cell = { 0 };
            bool at_cursor = focused && back == 0 &&
                             src == cursor.row && col == cursor.col;

            if (src < 0) {
                ScrollLine *line = g_queue_peek_nth(&pane->scrollback,
                                                    -src - 1);
                if (line && col < line->cols) {
                    cell = line->cells[col];
                }
            } else {
                vterm_screen_get_cell(pane->screen,
                                      (VTermPos){ .row = src, .col = col },
                                      &cell);
            }
            draw_cell(win, y + row, x + col, &cell, at_cursor);
            col += cell.width > 1 ? cell.width : 1;
        }
    }
}

static const struct {
    int curses;
    VTermKey key;
} key_map[] = {
    { KEY_UP, VTERM_KEY_UP }, { KEY_DOWN, VTERM_KEY_DOWN },
    { KEY_LEFT, VTERM_KEY_LEFT }, { KEY_RIGHT, VTERM_KEY_RIGHT },
    { KEY_HOME, VTERM_KEY_HOME }, { KEY_END, VTERM_KEY_END },
    { KEY_IC, VTERM_KEY_INS }, { KEY_DC, VTERM_KEY_DEL },
    { KEY_PPAGE, VTERM_KEY_PAGEUP }, { KEY_NPAGE, VTERM_KEY_PAGEDOWN },
    { KEY_ENTER, VTERM_KEY_ENTER }, { KEY_BACKSPACE, VTERM_KEY_BACKSPACE },
};

void vterm_pane_key(VtermPane *pane, wint_t key, bool is_function,
                    GString *out)
{
    if (is_function) {
        bool mapped = false;

        for (size_t i = 0; i < G_N_ELEMENTS(key_map); i++) {
            if ((int)key == key_map[i].curses) {
                vterm_keyboard_key(pane->vt, key_map[i].key, VTERM_MOD_NONE);
                mapped = true;
                break;
            }
        }
        if (!mapped && key >= KEY_F(1) && key <= KEY_F(12)) {
            vterm_keyboard_key(pane->vt, VTERM_KEY_FUNCTION(key - KEY_F0),
                               VTERM_MOD_NONE);
        }
    } else if (key == '\r' || key == '\n') {
        vterm_keyboard_key(pane->vt, VTERM_KEY_ENTER, VTERM_MOD_NONE);
    } else if (key == 0x7f || key == 0x08) {
        vterm_keyboard_key(pane->vt, VTERM_KEY_BACKSPACE, VTERM_MOD_NONE);
    } else if (key < 0x20) {
        char c = (char)key;   /* Ctrl-C and friends go through as they are */
        g_string_append_len(out, &c, 1);
    } else {
        vterm_keyboard_unichar(pane->vt, key, VTERM_MOD_NONE);
    }
    vterm_pane_take_output(pane, out);
}

void vterm_pane_take_output(VtermPane *pane, GString *out)
{
    char buf[256];
    size_t n;

    while ((n = vterm_output_read(pane->vt, buf, sizeof(buf))) > 0) {
        g_string_append_len(out, buf, n);
    }
}

void vterm_pane_scroll(VtermPane *pane, int lines)
{
    pane->offset = CLAMP(pane->offset + lines, 0,
                         (int)g_queue_get_length(&pane->scrollback));
}

void vterm_pane_scroll_reset(VtermPane *pane)
{
    pane->offset = 0;
}

int vterm_pane_scroll_offset(const VtermPane *pane)
{
    return pane->offset;
}

char *vterm_pane_row_text(VtermPane *pane, int row)
{
    char buf[4096];
    VTermRect rect = { .start_row = row, .end_row = row + 1,
                       .start_col = 0, .end_col = pane->cols };
    size_t n = vterm_screen_get_text(pane->screen, buf, sizeof(buf) - 1, rect);

    buf[n] = '\0';
    return g_strchomp(g_strdup(buf));
}

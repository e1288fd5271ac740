#include "crt.h"

#include <glib-unix.h>
#include <langinfo.h>
#include <locale.h>
#include <signal.h>
#include <stdarg.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include "error.h"
#include "text-wrap.h"

static struct {
    bool active;
    bool utf8;
    bool color;
    CrtKeyFunc on_key;
    void *opaque;
    guint input_source;
    guint winch_source;
    attr_t attrs[CRT_ROLE__MAX];
} crt;

static const char *const glyphs_utf8[CRT_G__MAX] = {
    [CRT_G_HLINE] = "─", [CRT_G_VLINE] = "│",
    [CRT_G_ULCORNER] = "┌", [CRT_G_URCORNER] = "┐",
    [CRT_G_LLCORNER] = "└", [CRT_G_LRCORNER] = "┘",
    [CRT_G_TEE_DOWN] = "┬", [CRT_G_TEE_UP] = "┴",
    [CRT_G_EXPANDED] = "▾", [CRT_G_COLLAPSED] = "▸", [CRT_G_LEAF] = "·",
    [CRT_G_ARROW_RIGHT] = "›", [CRT_G_ELLIPSIS] = "…",
};

static const char *const glyphs_ascii[CRT_G__MAX] = {
    [CRT_G_HLINE] = "-", [CRT_G_VLINE] = "|",
    [CRT_G_ULCORNER] = "+", [CRT_G_URCORNER] = "+",
    [CRT_G_LLCORNER] = "+", [CRT_G_LRCORNER] = "+",
    [CRT_G_TEE_DOWN] = "+", [CRT_G_TEE_UP] = "+",
    [CRT_G_EXPANDED] = "-", [CRT_G_COLLAPSED] = "+", [CRT_G_LEAF] = " ",
    [CRT_G_ARROW_RIGHT] = ">", [CRT_G_ELLIPSIS] = "~",
};

/* Colour pairs per role; roles without colour fall back to attributes so
 * the screen stays readable under NO_COLOR (selection is reverse video). */
typedef struct RoleStyle {
    short fg, bg;
    attr_t color_attr;
    attr_t plain_attr;
} RoleStyle;

static const RoleStyle role_styles[CRT_ROLE__MAX] = {
    [CRT_NORMAL]       = { -1, -1, 0, 0 },
    [CRT_TITLE]        = { COLOR_BLACK, COLOR_CYAN, 0, A_REVERSE },
    [CRT_KEYBAR_KEY]   = { COLOR_WHITE, -1, A_BOLD, A_BOLD },
    [CRT_KEYBAR_TEXT]  = { COLOR_BLACK, COLOR_CYAN, 0, A_REVERSE },
    [CRT_SELECTED]     = { COLOR_BLACK, COLOR_CYAN, 0, A_REVERSE },
    [CRT_SELECTED_DIM] = { -1, -1, A_REVERSE | A_DIM, A_UNDERLINE },
    [CRT_BORDER]       = { -1, -1, A_DIM, 0 },
    [CRT_BORDER_FOCUS] = { COLOR_CYAN, -1, A_BOLD, A_BOLD },
    [CRT_DIM]          = { -1, -1, A_DIM, A_DIM },
    [CRT_RUNNING]      = { COLOR_GREEN, -1, A_BOLD, A_BOLD },
    [CRT_PAUSED]       = { COLOR_YELLOW, -1, 0, 0 },
    [CRT_STOPPED]      = { -1, -1, A_DIM, 0 },
    [CRT_CRASHED]      = { COLOR_RED, -1, A_BOLD, A_BOLD },
    [CRT_ERROR]        = { COLOR_RED, -1, A_BOLD, A_BOLD },
    [CRT_INPUT]        = { -1, -1, A_UNDERLINE, A_UNDERLINE },
    [CRT_MATCH]        = { COLOR_BLACK, COLOR_YELLOW, 0, A_BOLD },
};

static void crt_setup_roles(void)
{
    for (int role = 0; role < CRT_ROLE__MAX; role++) {
        const RoleStyle *s = &role_styles[role];

        if (!crt.color) {
            crt.attrs[role] = s->plain_attr;
            continue;
        }
        if (s->fg == -1 && s->bg == -1) {
            crt.attrs[role] = s->color_attr;
            continue;
        }
        init_pair(role + 1, s->fg, s->bg);
        crt.attrs[role] = COLOR_PAIR(role + 1) | s->color_attr;
    }
}

static void crt_read_input(void)
{
    wint_t key;
    int kind;

    /* Drain everything curses has: a paste or a burst of escape sequences
     * arrives as many keys in one wake-up. */
    while ((kind = wget_wch(stdscr, &key)) != ERR) {
        crt.on_key(key, kind == KEY_CODE_YES, crt.opaque);
        if (!crt.active) {
            return;
        }
    }
}

static gboolean crt_on_input(gint fd, GIOCondition cond, gpointer opaque)
{
    crt_read_input();
    return G_SOURCE_CONTINUE;
}

static gboolean crt_on_winch(gpointer opaque)
{
    struct winsize ws;

    if (ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_row && ws.ws_col) {
        resizeterm(ws.ws_row, ws.ws_col);
    }
    crt.on_key(KEY_RESIZE, true, crt.opaque);
    return G_SOURCE_CONTINUE;
}

bool crt_begin(const CrtOptions *opts, CrtKeyFunc on_key, void *opaque,
               Error **errp)
{
    const char *no_color = g_getenv("NO_COLOR");

    if (!isatty(STDIN_FILENO) || !isatty(STDOUT_FILENO)) {
        error_setg(errp, "the TUI needs a terminal; see 'quern --help' "
                   "for the command line");
        return false;
    }
    setlocale(LC_ALL, "");
    crt.utf8 = !opts->force_ascii && strcmp(nl_langinfo(CODESET), "UTF-8") == 0;
    crt.on_key = on_key;
    crt.opaque = opaque;

    /* Our SIGWINCH source must exist before initscr(): curses installs its
     * own handler only when none is there, and ours resizes for it. */
    crt.winch_source = g_unix_signal_add(SIGWINCH, crt_on_winch, NULL);
    if (!initscr()) {
        g_source_remove(crt.winch_source);
        error_setg(errp, "cannot start curses on this terminal");
        return false;
    }
    crt.active = true;
    raw();
    noecho();
    nonl();
    keypad(stdscr, TRUE);
    nodelay(stdscr, TRUE);
    set_escdelay(25);
    curs_set(0);
    crt.color = has_colors() && !opts->no_color &&
                !(no_color && no_color[0]);
    if (crt.color) {
        start_color();
        use_default_colors();
    }
    crt_setup_roles();
    if (opts->mouse) {
        mousemask(BUTTON1_CLICKED | BUTTON1_PRESSED | BUTTON4_PRESSED |
                  BUTTON5_PRESSED, NULL);
        mouseinterval(0);
    }
    crt.input_source = g_unix_fd_add(STDIN_FILENO, G_IO_IN | G_IO_HUP,
                                     crt_on_input, NULL);
    return true;
}

void crt_end(void)
{
    if (!crt.active) {
        return;
    }
    crt.active = false;
    g_source_remove(crt.input_source);
    g_source_remove(crt.winch_source);
    curs_set(1);
    endwin();
}

void crt_suspend(void)
{
    def_prog_mode();
    endwin();
}

void crt_resume(void)
{
    reset_prog_mode();
    clearok(curscr, TRUE);
    refresh();
}

bool crt_is_utf8(void)
{
    return crt.utf8;
}

bool crt_has_color(void)
{
    return crt.color;
}

attr_t crt_attr(CrtRole role)
{
    return crt.attrs[role];
}

const char *crt_glyph(CrtGlyph glyph)
{
    return crt.utf8 ? glyphs_utf8[glyph] : glyphs_ascii[glyph];
}

int crt_text_width(const char *utf8)
{
    int width = 0;

    size_t len;

    for (const char *p = utf8; *p; p += len) {
        width += text_wrap_char_columns(text_wrap_char_at(p, &len));
    }
    return width;
}

void crt_fill(WINDOW *win, int y, int x, int width, CrtRole role)
{
    int maxy = getmaxy(win), maxx = getmaxx(win);

    if (y < 0 || y >= maxy || x >= maxx) {
        return;
    }
    width = MIN(width, maxx - x);
    wattrset(win, crt.attrs[role]);
    mvwhline(win, y, x, ' ', width);
    wattrset(win, A_NORMAL);
}

int crt_print(WINDOW *win, int y, int x, int width, CrtRole role,
              const char *utf8)
{
    int maxy = getmaxy(win), maxx = getmaxx(win);
    int used = 0;

    if (y < 0 || y >= maxy || x < 0 || x >= maxx || width <= 0) {
        return 0;
    }
    width = MIN(width, maxx - x);
    wattrset(win, crt.attrs[role]);
    wmove(win, y, x);
    size_t len;

    /* Never g_utf8_next_char(): text cut inside a character would step
     * over its NUL (text_wrap_char_at). */
    for (const char *p = utf8; *p && used < width; p += len) {
        gunichar c = text_wrap_char_at(p, &len);
        int w;

        if (c == (gunichar)-1 || c == (gunichar)-2) {
            c = '?';
        }
        if (c < 0x20 || c == 0x7f) {
            c = ' ';   /* control characters would move the cursor */
        }
        w = g_unichar_iswide(c) ? 2 : g_unichar_iszerowidth(c) ? 0 : 1;
        if (used + w > width) {
            break;
        }
        if (!crt.utf8 && c > 0x7e) {
            waddch(win, '?');
            used += 1;
            continue;
        }
        wchar_t wc[2] = { (wchar_t)c, 0 };
        waddnwstr(win, wc, 1);
        used += w;
    }
    wattrset(win, A_NORMAL);
    return used;
}

int crt_print_row(WINDOW *win, int y, int x, int width, CrtRole role,
                  const char *text, const TextWrapRow *row)
{
    g_autofree char *part = g_strndup(text + row->start, row->len);

    return crt_print(win, y, x + row->indent, width - row->indent, role,
                     part);
}

int crt_printf(WINDOW *win, int y, int x, int width, CrtRole role,
               const char *fmt, ...)
{
    va_list ap;
    g_autofree char *text = NULL;

    va_start(ap, fmt);
    text = g_strdup_vprintf(fmt, ap);
    va_end(ap);
    return crt_print(win, y, x, width, role, text);
}

void crt_hline(WINDOW *win, int y, int x, int width, CrtRole role)
{
    for (int i = 0; i < width; i++) {
        crt_print(win, y, x + i, 1, role, crt_glyph(CRT_G_HLINE));
    }
}

void crt_box(WINDOW *win, int y, int x, int height, int width, CrtRole role,
             const char *title)
{
    if (height < 2 || width < 2) {
        return;
    }
    crt_print(win, y, x, 1, role, crt_glyph(CRT_G_ULCORNER));
    crt_hline(win, y, x + 1, width - 2, role);
    crt_print(win, y, x + width - 1, 1, role, crt_glyph(CRT_G_URCORNER));
    for (int row = y + 1; row < y + height - 1; row++) {
        crt_print(win, row, x, 1, role, crt_glyph(CRT_G_VLINE));
        crt_print(win, row, x + width - 1, 1, role, crt_glyph(CRT_G_VLINE));
    }
    crt_print(win, y + height - 1, x, 1, role, crt_glyph(CRT_G_LLCORNER));
    crt_hline(win, y + height - 1, x + 1, width - 2, role);
    crt_print(win, y + height - 1, x + width - 1, 1, role,
              crt_glyph(CRT_G_LRCORNER));
    if (title && width > 6) {
        crt_printf(win, y, x + 2, width - 4, role, " %s ", title);
    }
}

#include "line-edit.h"

#ifndef NCURSES_WIDECHAR
#define NCURSES_WIDECHAR 1
#endif
#include <curses.h>

void line_edit_init(LineEdit *le, const char *text)
{
    le->text = g_string_new(text ? text : "");
    le->cursor = le->text->len;
}

void line_edit_clear(LineEdit *le)
{
    if (le->text) {
        g_string_free(le->text, TRUE);
        le->text = NULL;
    }
    le->cursor = 0;
}

void line_edit_set(LineEdit *le, const char *text)
{
    g_string_assign(le->text, text ? text : "");
    le->cursor = le->text->len;
}

static size_t prev_char(const LineEdit *le, size_t at)
{
    const char *p = le->text->str;

    return at ? (size_t)(g_utf8_find_prev_char(p, p + at) - p) : 0;
}

static size_t next_char(const LineEdit *le, size_t at)
{
    const char *p = le->text->str;

    return at < le->text->len ? (size_t)(g_utf8_next_char(p + at) - p) : at;
}

bool line_edit_key(LineEdit *le, wint_t key, bool is_function)
{
    size_t at;

    if (is_function) {
        switch (key) {
        case KEY_LEFT: le->cursor = prev_char(le, le->cursor); return true;
        case KEY_RIGHT: le->cursor = next_char(le, le->cursor); return true;
        case KEY_HOME: le->cursor = 0; return true;
        case KEY_END: le->cursor = le->text->len; return true;
        case KEY_BACKSPACE:
            key = 0x7f;
            break;
        case KEY_DC:
            at = next_char(le, le->cursor);
            g_string_erase(le->text, le->cursor, at - le->cursor);
            return true;
        default:
            return false;
        }
    }
    switch (key) {
    case 0x7f:
    case 0x08:
        at = prev_char(le, le->cursor);
        g_string_erase(le->text, at, le->cursor - at);
        le->cursor = at;
        return true;
    case 0x01:
        le->cursor = 0;
        return true;
    case 0x05:
        le->cursor = le->text->len;
        return true;
    case 0x15:
        g_string_erase(le->text, 0, le->cursor);
        le->cursor = 0;
        return true;
    case 0x0b:
        g_string_truncate(le->text, le->cursor);
        return true;
    case 0x17:
        at = le->cursor;
        while (at && le->text->str[at - 1] == ' ') {
            at--;
        }
        while (at && le->text->str[at - 1] != ' ') {
            at--;
        }
        g_string_erase(le->text, at, le->cursor - at);
        le->cursor = at;
        return true;
    default:
        break;
    }
    if (key < 0x20 || key == 0x7f || !g_unichar_validate(key)) {
        return false;
    }
    {
        char buf[8];
        int n = g_unichar_to_utf8(key, buf);

        g_string_insert_len(le->text, le->cursor, buf, n);
        le->cursor += n;
    }
    return true;
}

int line_edit_cursor_col(const LineEdit *le)
{
    int cols = 0;

    for (const char *p = le->text->str; p < le->text->str + le->cursor;
         p = g_utf8_next_char(p)) {
        cols += g_unichar_iswide(g_utf8_get_char(p)) ? 2 : 1;
    }
    return cols;
}

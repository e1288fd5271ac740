/* Text wrap: see text-wrap.h. */
#include "text-wrap.h"

#include <stdbool.h>
#include <string.h>

static bool is_blank(gunichar c)
{
    return c == ' ' || c == '\t';
}

gunichar text_wrap_char_at(const char *p, size_t *len)
{
    gunichar c = g_utf8_get_char_validated(p, -1);

    if (c == (gunichar)-1 || c == (gunichar)-2) {
        *len = 1;
    } else {
        *len = g_utf8_next_char(p) - p;
    }
    return c;
}

int text_wrap_char_columns(gunichar c)
{
    if (c == (gunichar)-1 || c == (gunichar)-2 || c < 0x20 || c == 0x7f) {
        return 1;   /* drawn as '?' or a space */
    }
    if (g_unichar_iswide(c)) {
        return 2;
    }
    return g_unichar_iszerowidth(c) ? 0 : 1;
}

int text_wrap_columns(const char *text, gssize len)
{
    size_t end = len < 0 ? strlen(text) : (size_t)len;
    int columns = 0;

    for (size_t at = 0, n; at < end && text[at]; at += n) {
        columns += text_wrap_char_columns(text_wrap_char_at(text + at, &n));
    }
    return columns;
}

/* How far the rows after the first are indented (see text-wrap.h). */
static int hang_indent(const char *text, int width, int hang)
{
    int lead = 0, indent;

    hang = MAX(hang, 0);
    while (is_blank((guchar)text[lead])) {
        lead++;
    }
    indent = lead + hang;
    if (width - indent < width / 2) {
        indent = hang;
    }
    return width - indent < 1 ? 0 : indent;
}

/* Steps over the blanks at a break, and over a newline right after them:
 * it is the same break. */
static size_t skip_break(const char *text, size_t p)
{
    while (is_blank((guchar)text[p])) {
        p++;
    }
    return text[p] == '\n' ? p + 1 : p;
}

/* One row of text from at, in room columns (room < 1: unbounded); *next
 * is where the next row starts, at the NUL when there is none. */
static TextWrapRow wrap_one_row(const char *text, size_t at, int room,
                                size_t *next)
{
    TextWrapRow row = { .start = at };
    size_t p = at, n;
    /* The last place to break: where the blanks after the last word
     * start (and the columns up to there), and where the word after them
     * starts. */
    size_t blank_at = at, word_after = at;
    int blank_columns = 0, used = 0;
    bool seen_word = false, in_word = false, word_after_blank = false;

    while (text[p] && text[p] != '\n') {
        gunichar c = text_wrap_char_at(text + p, &n);
        int w = text_wrap_char_columns(c);

        /* A row holds one character at least, or this would never end. */
        if (room > 0 && used + w > room && p > at) {
            if (seen_word && (!in_word || is_blank(c))) {
                /* At or in the blanks after a word. */
                row.len = (in_word ? p : blank_at) - at;
                row.columns = in_word ? used : blank_columns;
                *next = skip_break(text, p);
            } else if (word_after_blank) {
                row.len = blank_at - at;
                row.columns = blank_columns;
                *next = word_after;
            } else {
                /* A word (or leading blanks) longer than the row. */
                row.len = p - at;
                row.columns = used;
                *next = is_blank(c) ? skip_break(text, p) : p;
            }
            return row;
        }
        if (is_blank(c)) {
            if (in_word) {
                blank_at = p;
                blank_columns = used;
            }
            in_word = false;
        } else {
            if (!in_word && seen_word) {
                word_after_blank = true;
                word_after = p;
            }
            in_word = seen_word = true;
        }
        used += w;
        p += n;
    }
    row.len = p - at;
    row.columns = used;
    *next = text[p] == '\n' ? p + 1 : p;
    return row;
}

GArray *text_wrap_rows(const char *text, int width, int hang)
{
    GArray *rows = g_array_new(FALSE, FALSE, sizeof(TextWrapRow));
    int indent = width > 0 ? hang_indent(text, width, hang) : 0;
    size_t at = 0;

    do {
        bool first = rows->len == 0;
        TextWrapRow row = wrap_one_row(text, at, first ? width
                                                       : width - indent, &at);

        row.indent = first ? 0 : indent;
        g_array_append_val(rows, row);
    } while (text[at]);
    return rows;
}

GArray *text_wrap_tail(const GQueue *lines, int width, int hang, int height,
                       int *back)
{
    GArray *shown = g_array_new(FALSE, FALSE, sizeof(TextWrapLineRow));
    g_autoptr(GArray) newest_first = g_array_new(FALSE, FALSE,
                                                 sizeof(TextWrapLineRow));
    int want;

    *back = CLAMP(*back, 0, G_MAXINT / 2);
    if (height <= 0) {
        *back = 0;
        return shown;
    }
    want = height + *back;
    for (GList *l = lines->tail; l && (int)newest_first->len < want;
         l = l->prev) {
        g_autoptr(GArray) rows = text_wrap_rows(l->data, width, hang);

        for (guint i = rows->len; i-- > 0 && (int)newest_first->len < want;) {
            TextWrapLineRow r = {
                l->data, g_array_index(rows, TextWrapRow, i),
            };

            g_array_append_val(newest_first, r);
        }
    }
    if ((int)newest_first->len < want) {
        /* Every row there is fits in back + height: no further back. */
        *back = MAX((int)newest_first->len - height, 0);
    }
    for (int i = MIN(*back + height, (int)newest_first->len) - 1; i >= *back;
         i--) {
        g_array_append_val(shown, g_array_index(newest_first,
                                                TextWrapLineRow, i));
    }
    return shown;
}

/* Text wrap: breaks UTF-8 text into rows of at most a given number of
 * terminal columns, for the panes that show text wider than they are (the
 * event log, the QMP console, the editor's documentation), and picks the
 * rows a scrolled pane shows of a list of such lines.
 *
 * Columns are counted as crt_print() draws them: a wide (East Asian)
 * character takes two, a combining mark none, a control character or a
 * byte that is not UTF-8 one. A row breaks between words, at blanks
 * (spaces, tabs), which are dropped at the break so the next row starts
 * with its word; a word longer than the row is cut where the row is full;
 * a character wider than a whole row gets a row of its own. A newline
 * ends a row too. The rows after a line's first hang: they are indented
 * by the line's own leading blanks plus `hang` columns (a wrapped line of
 * indented JSON stays under its parent), by `hang` alone when that would
 * leave fewer than half the columns, and not at all when not even one
 * column would be left.
 *
 * Pure functions, no curses. Rows are byte ranges of the caller's text,
 * which must outlive them; the arrays returned are the caller's
 * (g_array_unref). */
#pragma once

#include <glib.h>
#include <stddef.h>

typedef struct TextWrapRow {
    size_t start;   /* byte offset of the row in its text */
    size_t len;     /* its length in bytes */
    int indent;     /* blank columns to leave before it */
    int columns;    /* columns its text takes */
} TextWrapRow;

/* A row of one of several lines: the line (borrowed) and the row of it. */
typedef struct TextWrapLineRow {
    const char *line;
    TextWrapRow row;
} TextWrapLineRow;

/* The character at p (which must not be at its NUL) and, in *len, how
 * many bytes it takes. A byte that does not start a whole UTF-8 sequence
 * is a character of its own, returned as (gunichar)-1 or -2 with *len 1:
 * stepping with g_utf8_next_char() there could skip over the NUL of a
 * sequence cut short at the end of the text. */
gunichar text_wrap_char_at(const char *p, size_t *len);
/* Columns the character c takes; (gunichar)-1 and -2 (what
 * g_utf8_get_char_validated() returns for a byte that is not UTF-8) take
 * one, as crt_print() draws them as '?'. */
int text_wrap_char_columns(gunichar c);
/* Columns the first len bytes of text take (len < 0: up to its NUL). */
int text_wrap_columns(const char *text, gssize len);

/* text as rows of at most width columns: TextWrapRow elements, one at
 * least (an empty text is one empty row). width < 1 is no room at all:
 * only newlines break, and the caller's clipping shows nothing. */
GArray *text_wrap_rows(const char *text, int width, int hang);

/* The rows a pane `height` rows high shows of lines (const char *,
 * oldest first), each wrapped as text_wrap_rows() does, scrolled *back
 * rows back from the newest row: TextWrapLineRow elements, top first, at
 * most height of them. *back is clamped here to what there is, 0 to (all
 * rows - height); only the lines the pane reaches are wrapped. */
GArray *text_wrap_tail(const GQueue *lines, int width, int hang, int height,
                       int *back);

/* Text wrap: what a pane shows of a line wider than it, row by row, as
 * the user reads it (each row's indent then its text), and which rows a
 * scrolled pane shows. */
#include <glib.h>
#include <string.h>

#include "text-wrap.h"

/* The rows of text as the screen shows them: indent blanks, then the
 * row's text; a NULL-terminated vector for g_assert_cmpstrv. */
static char **shown(const char *text, int width, int hang)
{
    g_autoptr(GArray) rows = text_wrap_rows(text, width, hang);
    GStrvBuilder *b = g_strv_builder_new();
    char **out;

    for (guint i = 0; i < rows->len; i++) {
        TextWrapRow *r = &g_array_index(rows, TextWrapRow, i);
        g_autofree char *row = g_strdup_printf("%*s%.*s", r->indent, "",
                                               (int)r->len, text + r->start);

        g_assert_cmpint(r->columns, ==,
                        text_wrap_columns(text + r->start, r->len));
        g_strv_builder_add(b, row);
    }
    out = g_strv_builder_end(b);
    g_strv_builder_unref(b);
    return out;
}

/* Every row fits its width (but a character wider than a whole row);
 * width < 1 has no bound to fit. */
static void assert_rows_fit(const char *text, int width, int hang)
{
    g_autoptr(GArray) rows = text_wrap_rows(text, width, hang);

    for (guint i = 0; i < rows->len; i++) {
        TextWrapRow *r = &g_array_index(rows, TextWrapRow, i);

        if (width > 0) {
            g_assert_cmpint(r->indent + r->columns, <=, MAX(width, 2));
        }
    }
}

#define ASSERT_SHOWN(text, width, hang, ...) do {                          \
        g_auto(GStrv) got_ = shown(text, width, hang);                     \
        const char *const want_[] = { __VA_ARGS__, NULL };                 \
        g_assert_cmpstrv(got_, want_);                                     \
        assert_rows_fit(text, width, hang);                                \
    } while (0)

/* Rows break between words; the blanks at a break are dropped, so each
 * row starts with its word. */
static void test_word_boundaries(void)
{
    ASSERT_SHOWN("the quick brown fox jumps", 10, 0,
                 "the quick", "brown fox", "jumps");
    ASSERT_SHOWN("aa    bb", 3, 0, "aa", "bb");
    /* A word that ends exactly at the edge, and the blank after it. */
    ASSERT_SHOWN("abcd efgh", 4, 0, "abcd", "efgh");
    /* A word that starts exactly at the edge. */
    ASSERT_SHOWN("ab cd", 3, 0, "ab", "cd");
    /* Blanks past the edge at the end make no empty row. */
    ASSERT_SHOWN("ab     ", 3, 0, "ab");
    /* Fits: one row, its blanks kept. */
    ASSERT_SHOWN("  a  b", 10, 0, "  a  b");
}

/* A word longer than a row is cut where the row is full; the words
 * around it still break at their blanks. */
static void test_long_words(void)
{
    ASSERT_SHOWN("supercalifragilistic", 8, 0,
                 "supercal", "ifragili", "stic");
    ASSERT_SHOWN("a verylongword b", 5, 0, "a", "veryl", "ongwo", "rd b");
    /* Leading blanks wider than the row are cut like a word. */
    ASSERT_SHOWN("      x", 4, 0, "    ", "x");
}

/* Columns, not bytes: two-byte letters take one column each, East Asian
 * wide characters two, combining marks none (they stay with their
 * letter). */
static void test_utf8_width(void)
{
    g_assert_cmpint(text_wrap_columns("h\xc3\xa9llo", -1), ==, 5);
    g_assert_cmpint(text_wrap_columns("\xe6\x97\xa5\xe6\x9c\xac", -1), ==, 4);
    g_assert_cmpint(text_wrap_columns("e\xcc\x81", -1), ==, 1);
    g_assert_cmpint(text_wrap_columns("\t\x01", -1), ==, 2);
    g_assert_cmpint(text_wrap_columns("h\xc3\xa9llo", 3), ==, 2);

    /* "héllo wörld": 11 columns, 13 bytes. */
    ASSERT_SHOWN("h\xc3\xa9llo w\xc3\xb6rld", 5, 0,
                 "h\xc3\xa9llo", "w\xc3\xb6rld");
    /* 日本語のテキスト: two columns each. */
    ASSERT_SHOWN("\xe6\x97\xa5\xe6\x9c\xac\xe8\xaa\x9e\xe3\x81\xae"
                 "\xe3\x83\x86\xe3\x82\xad\xe3\x82\xb9\xe3\x83\x88", 5, 0,
                 "\xe6\x97\xa5\xe6\x9c\xac", "\xe8\xaa\x9e\xe3\x81\xae",
                 "\xe3\x83\x86\xe3\x82\xad", "\xe3\x82\xb9\xe3\x83\x88");
    /* "ab 日本語" in 5: the wide word goes to the next row, then is cut
     * where a whole character no longer fits. */
    ASSERT_SHOWN("ab \xe6\x97\xa5\xe6\x9c\xac\xe8\xaa\x9e", 5, 0,
                 "ab", "\xe6\x97\xa5\xe6\x9c\xac", "\xe8\xaa\x9e");
    /* éé|é from e + U+0301: a mark never starts a row. */
    ASSERT_SHOWN("e\xcc\x81" "e\xcc\x81" "e\xcc\x81", 2, 0,
                 "e\xcc\x81" "e\xcc\x81", "e\xcc\x81");
}

/* Bytes that are not UTF-8 are one column each (crt draws '?'), and a
 * sequence cut short at the end is not read past its NUL (ASan). */
static void test_invalid_utf8(void)
{
    g_autofree char *cut = g_strdup("abc\xe2");

    g_assert_cmpint(text_wrap_columns("ab\xff" "cd", -1), ==, 5);
    ASSERT_SHOWN("ab\xff" "cd", 3, 0, "ab\xff", "cd");
    g_assert_cmpint(text_wrap_columns(cut, -1), ==, 4);
    ASSERT_SHOWN(cut, 10, 0, "abc\xe2");
    ASSERT_SHOWN(cut, 2, 0, "ab", "c\xe2");
}

/* Width 1: a character per row, blanks dropped, no room for an indent;
 * a wide character gets a row to itself. Width 0 (no room at all):
 * nothing breaks but newlines. */
static void test_tiny_widths(void)
{
    ASSERT_SHOWN("ab c", 1, 2, "a", "b", "c");
    ASSERT_SHOWN("\xe6\x97\xa5\xe6\x9c\xac", 1, 0,
                 "\xe6\x97\xa5", "\xe6\x9c\xac");
    ASSERT_SHOWN("hello world", 0, 2, "hello world");
    ASSERT_SHOWN("hello\nworld", 0, 2, "hello", "world");
    ASSERT_SHOWN("hello world", -3, 2, "hello world");
    ASSERT_SHOWN("", 10, 2, "");
    ASSERT_SHOWN("", 0, 2, "");
}

/* Rows after the first hang under the line's own indent plus `hang`
 * (nested JSON stays nested), by `hang` alone where that would take more
 * than half the width. */
static void test_hanging_indent(void)
{
    ASSERT_SHOWN("12:00:00 vm1: host port 10022 moved to 10023", 20, 2,
                 "12:00:00 vm1: host", "  port 10022 moved",
                 "  to 10023");
    ASSERT_SHOWN("    \"name\": \"a long value\"", 20, 2,
                 "    \"name\": \"a long", "      value\"");
    ASSERT_SHOWN("            \"name\": \"a long value\"", 20, 2,
                 "            \"name\":", "  \"a long value\"");
}

/* A newline ends a row; the next row hangs; a final newline adds no
 * row, and a break at the edge just before a newline is one break. */
static void test_newlines(void)
{
    ASSERT_SHOWN("one\ntwo", 10, 2, "one", "  two");
    ASSERT_SHOWN("one\n", 10, 2, "one");
    ASSERT_SHOWN("one\n\nthree", 10, 0, "one", "", "three");
    ASSERT_SHOWN("abc   \nd", 3, 0, "abc", "d");
}

static GQueue *queue_of(const char *const *lines)
{
    GQueue *q = g_queue_new();

    for (int i = 0; lines[i]; i++) {
        g_queue_push_tail(q, (char *)lines[i]);
    }
    return q;
}

/* The rows a pane shows, top first, as the screen shows them. */
static char **tail_shown(GQueue *q, int width, int height, int *back)
{
    g_autoptr(GArray) rows = text_wrap_tail(q, width, 2, height, back);
    GStrvBuilder *b = g_strv_builder_new();
    char **out;

    for (guint i = 0; i < rows->len; i++) {
        TextWrapLineRow *r = &g_array_index(rows, TextWrapLineRow, i);
        g_autofree char *row = g_strdup_printf("%*s%.*s", r->row.indent, "",
                                               (int)r->row.len,
                                               r->line + r->row.start);

        g_strv_builder_add(b, row);
    }
    out = g_strv_builder_end(b);
    g_strv_builder_unref(b);
    return out;
}

#define ASSERT_TAIL(q, width, height, back_in, back_out, ...) do {         \
        int back_ = (back_in);                                            \
        g_auto(GStrv) got_ = tail_shown(q, width, height, &back_);        \
        const char *const want_[] = { __VA_ARGS__, NULL };                \
        g_assert_cmpstrv(got_, want_);                                    \
        g_assert_cmpint(back_, ==, (back_out));                           \
    } while (0)

/* A scrolled pane counts rows, not lines: a wrapped line is several, and
 * scrolling back goes row by row, no further than the oldest row. */
static void test_tail_scrolls_rows(void)
{
    static const char *const lines[] = {
        "first", "second line wraps", "third", NULL,
    };
    GQueue *q = queue_of(lines);

    /* Rows: first | second | __line | __wraps | third */
    ASSERT_TAIL(q, 8, 3, 0, 0, "  line", "  wraps", "third");
    ASSERT_TAIL(q, 8, 3, 1, 1, "second", "  line", "  wraps");
    ASSERT_TAIL(q, 8, 3, 2, 2, "first", "second", "  line");
    ASSERT_TAIL(q, 8, 3, 50, 2, "first", "second", "  line");
    ASSERT_TAIL(q, 8, 3, -4, 0, "  line", "  wraps", "third");
    /* Taller than everything: all of it, no scrolling back. */
    ASSERT_TAIL(q, 8, 10, 3, 0, "first", "second", "  line", "  wraps",
                "third");
    /* Wider: fewer rows. */
    ASSERT_TAIL(q, 40, 2, 5, 1, "first", "second line wraps");
    g_queue_free(q);
}

/* No room, no rows; nothing at all, nothing shown. */
static void test_tail_empty(void)
{
    static const char *const lines[] = { "a", "b", NULL };
    static const char *const none[] = { NULL };
    GQueue *q = queue_of(lines);
    GQueue *empty = queue_of(none);
    int back = 3;
    g_autoptr(GArray) rows = text_wrap_tail(q, 10, 2, 0, &back);

    g_assert_cmpuint(rows->len, ==, 0);
    g_assert_cmpint(back, ==, 0);
    back = 3;
    g_autoptr(GArray) nothing = text_wrap_tail(empty, 10, 2, 5, &back);
    g_assert_cmpuint(nothing->len, ==, 0);
    g_assert_cmpint(back, ==, 0);
    g_queue_free(q);
    g_queue_free(empty);
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/tui/text-wrap/breaks-at-word-boundaries",
                    test_word_boundaries);
    g_test_add_func("/tui/text-wrap/cuts-words-longer-than-a-row",
                    test_long_words);
    g_test_add_func("/tui/text-wrap/counts-display-columns",
                    test_utf8_width);
    g_test_add_func("/tui/text-wrap/invalid-utf8-is-one-column-a-byte",
                    test_invalid_utf8);
    g_test_add_func("/tui/text-wrap/width-zero-and-one", test_tiny_widths);
    g_test_add_func("/tui/text-wrap/hangs-under-the-indent",
                    test_hanging_indent);
    g_test_add_func("/tui/text-wrap/newlines-end-rows", test_newlines);
    g_test_add_func("/tui/text-wrap/tail/scrolls-by-rows",
                    test_tail_scrolls_rows);
    g_test_add_func("/tui/text-wrap/tail/empty", test_tail_empty);
    return g_test_run();
}

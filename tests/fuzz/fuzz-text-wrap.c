/* Fuzz target for the TUI's text wrapping (tui/text-wrap.c), which lays
 * out whatever an engine or a guest sends: QMP replies and events, device
 * documentation, console text. None of it is trusted to be UTF-8.
 *
 * Input: one byte of width, one of hang, then the text (up to its first
 * NUL). Checks, beyond "no crash, no over-read, no undefined behaviour":
 *   - the rows cover the text in order: each starts at or after the end
 *     of the one before, within the text, and the bytes skipped between
 *     rows are only blanks and newlines (the break points);
 *   - a row's columns are what text_wrap_columns() counts for its bytes,
 *     and with a width of at least 2 no row is wider than the width minus
 *     its indent, unless its first character alone is;
 *   - text_wrap_tail() on the text split into lines never returns more
 *     rows than the pane's height and clamps the scroll-back into range. */
#include "text-wrap.h"

#include <stdint.h>
#include <string.h>

static void check_rows(const char *text, int width, int hang)
{
    GArray *rows = text_wrap_rows(text, width, hang);
    size_t text_len = strlen(text), end = 0;

    if (rows->len < 1) {
        __builtin_trap();
    }
    for (guint i = 0; i < rows->len; i++) {
        const TextWrapRow *r = &g_array_index(rows, TextWrapRow, i);
        size_t first;

        if (r->start < end || r->start + r->len > text_len) {
            __builtin_trap();
        }
        for (size_t at = end; at < r->start; at++) {
            if (!strchr(" \t\n", text[at])) {
                __builtin_trap();
            }
        }
        if (r->columns != text_wrap_columns(text + r->start, r->len)) {
            __builtin_trap();
        }
        if (width >= 2 && r->len && r->columns > width - r->indent &&
            text_wrap_char_columns(text_wrap_char_at(text + r->start,
                                                     &first)) <=
                width - r->indent) {
            __builtin_trap();
        }
        end = r->start + r->len;
    }
    g_array_unref(rows);
}

static void check_tail(const char *text, int width, int hang, int height)
{
    g_auto(GStrv) lines = g_strsplit(text, "\n", -1);
    GQueue queue = G_QUEUE_INIT;
    int back = height * 3;
    GArray *shown;

    for (char **l = lines; *l; l++) {
        g_queue_push_tail(&queue, *l);
    }
    shown = text_wrap_tail(&queue, width, hang, height, &back);
    if ((int)shown->len > height || back < 0) {
        __builtin_trap();
    }
    g_array_unref(shown);
    g_queue_clear(&queue);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    g_autofree char *text = NULL;
    int width, hang;

    if (size < 2) {
        return 0;
    }
    width = (int)(data[0] % 100) - 2;   /* -2 .. 97: no room to wide */
    hang = data[1] % 16;
    text = g_strndup((const char *)data + 2, size - 2);
    check_rows(text, width, hang);
    check_tail(text, width, hang, data[0] % 30);
    return 0;
}

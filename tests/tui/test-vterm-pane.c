/* The console pane's terminal: what a guest prints lands where a terminal
 * would put it, keys become the bytes a terminal sends, old lines scroll
 * into a bounded scrollback, and queries the guest sends are answered. */
#include <glib.h>
#include <string.h>
#include "vterm-pane.h"

static void test_text_and_cursor_moves(void)
{
    g_autoptr(VtermPane) p = vterm_pane_new(5, 20);
    g_autofree char *row0 = NULL;
    g_autofree char *row1 = NULL;

    vterm_pane_feed(p, "hello\r\nworld\x1b[1;3HX", 19);
    row0 = vterm_pane_row_text(p, 0);
    row1 = vterm_pane_row_text(p, 1);
    g_assert_cmpstr(row0, ==, "heXlo");
    g_assert_cmpstr(row1, ==, "world");
}

/* busybox asks for the cursor position; the answer is what a VT100
 * sends. */
static void test_answers_cursor_query(void)
{
    g_autoptr(VtermPane) p = vterm_pane_new(5, 20);
    g_autoptr(GString) out = g_string_new(NULL);

    vterm_pane_feed(p, "/ # \x1b[6n", 8);
    vterm_pane_take_output(p, out);
    g_assert_cmpstr(out->str, ==, "\x1b[1;5R");
}

static void test_keys_to_bytes(void)
{
    g_autoptr(VtermPane) p = vterm_pane_new(5, 20);
    g_autoptr(GString) out = g_string_new(NULL);

    vterm_pane_key(p, 'l', false, out);
    vterm_pane_key(p, 's', false, out);
    vterm_pane_key(p, '\r', false, out);
    vterm_pane_key(p, 0x03, false, out);      /* Ctrl-C goes through */
    vterm_pane_key(p, KEY_UP, true, out);
    g_assert_cmpmem(out->str, out->len, "ls\r\x03\x1b[A", 7);
}

/* Lines pushed off the top are kept, up to the bound; scrolling is
 * clamped to what is there. */
static void test_scrollback_is_bounded(void)
{
    g_autoptr(VtermPane) p = vterm_pane_new(3, 10);

    for (int i = 0; i < VTERM_PANE_SCROLLBACK_LINES + 50; i++) {
        g_autofree char *line = g_strdup_printf("%d\r\n", i);
        vterm_pane_feed(p, line, strlen(line));
    }
    vterm_pane_scroll(p, 1000000);
    g_assert_cmpint(vterm_pane_scroll_offset(p), ==,
                    VTERM_PANE_SCROLLBACK_LINES);
    vterm_pane_scroll(p, -5);
    g_assert_cmpint(vterm_pane_scroll_offset(p), ==,
                    VTERM_PANE_SCROLLBACK_LINES - 5);
    vterm_pane_scroll_reset(p);
    g_assert_cmpint(vterm_pane_scroll_offset(p), ==, 0);
}

/* Whatever bytes a guest sends, the emulator survives them. */
static void test_garbage_survives(void)
{
    g_autoptr(VtermPane) p = vterm_pane_new(4, 8);
    GRand *r = g_rand_new_with_seed(42);
    char buf[4096];

    for (int round = 0; round < 200; round++) {
        for (size_t i = 0; i < sizeof(buf); i++) {
            buf[i] = (char)g_rand_int_range(r, 0, 256);
        }
        vterm_pane_feed(p, buf, sizeof(buf));
        if (round % 50 == 0) {
            vterm_pane_resize(p, 2 + round % 7, 3 + round % 11);
        }
    }
    g_rand_free(r);
    g_free(vterm_pane_row_text(p, 0));
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/tui/vterm-pane/text-lands-where-a-terminal-puts-it",
                    test_text_and_cursor_moves);
    g_test_add_func("/tui/vterm-pane/answers-the-cursor-query",
                    test_answers_cursor_query);
    g_test_add_func("/tui/vterm-pane/keys-become-terminal-bytes",
                    test_keys_to_bytes);
    g_test_add_func("/tui/vterm-pane/scrollback-is-bounded",
                    test_scrollback_is_bounded);
    g_test_add_func("/tui/vterm-pane/survives-any-bytes", test_garbage_survives);
    return g_test_run();
}

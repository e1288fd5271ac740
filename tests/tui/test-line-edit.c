/* One line of typed text: the keys every text field of the TUI shares. */
#include <glib.h>
#include "line-edit.h"

#define NCURSES_WIDECHAR 1
#include <curses.h>

static void type(LineEdit *le, const char *text)
{
    for (const char *p = text; *p; p = g_utf8_next_char(p)) {
        g_assert_true(line_edit_key(le, g_utf8_get_char(p), false));
    }
}

static void test_type_and_erase(void)
{
    LineEdit le;

    line_edit_init(&le, NULL);
    type(&le, "qom-ge");
    line_edit_key(&le, 0x7f, false);
    type(&le, "set");
    g_assert_cmpstr(le.text->str, ==, "qom-gset");
    line_edit_key(&le, KEY_LEFT, true);
    line_edit_key(&le, KEY_LEFT, true);
    line_edit_key(&le, KEY_LEFT, true);
    line_edit_key(&le, KEY_BACKSPACE, true);
    g_assert_cmpstr(le.text->str, ==, "qom-set");
    line_edit_key(&le, KEY_END, true);
    g_assert_cmpuint(le.cursor, ==, 7);
    line_edit_clear(&le);
}

/* The cursor moves by characters, never into the middle of one. */
static void test_utf8(void)
{
    LineEdit le;

    line_edit_init(&le, "näme");
    line_edit_key(&le, KEY_LEFT, true);
    line_edit_key(&le, KEY_LEFT, true);
    line_edit_key(&le, KEY_LEFT, true);
    g_assert_cmpuint(le.cursor, ==, 1);
    line_edit_key(&le, KEY_DC, true);
    g_assert_cmpstr(le.text->str, ==, "nme");
    type(&le, "é");
    g_assert_cmpstr(le.text->str, ==, "néme");
    g_assert_cmpint(line_edit_cursor_col(&le), ==, 2);
    line_edit_clear(&le);
}

static void test_kill_keys(void)
{
    LineEdit le;

    line_edit_init(&le, "device_add driver=x id=y");
    line_edit_key(&le, 0x17, false);   /* ^W: a word back */
    g_assert_cmpstr(le.text->str, ==, "device_add driver=x ");
    line_edit_key(&le, 0x01, false);   /* ^A */
    line_edit_key(&le, 0x0b, false);   /* ^K */
    g_assert_cmpstr(le.text->str, ==, "");
    line_edit_set(&le, "abc");
    line_edit_key(&le, 0x15, false);   /* ^U */
    g_assert_cmpstr(le.text->str, ==, "");
    line_edit_clear(&le);
}

/* Keys that are not text (Enter, Tab, Escape) are left to the caller. */
static void test_leaves_other_keys(void)
{
    LineEdit le;

    line_edit_init(&le, "x");
    g_assert_false(line_edit_key(&le, '\r', false));
    g_assert_false(line_edit_key(&le, '\t', false));
    g_assert_false(line_edit_key(&le, 0x1b, false));
    g_assert_false(line_edit_key(&le, KEY_UP, true));
    g_assert_cmpstr(le.text->str, ==, "x");
    line_edit_clear(&le);
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/tui/line-edit/type-and-erase", test_type_and_erase);
    g_test_add_func("/tui/line-edit/utf8-characters-stay-whole", test_utf8);
    g_test_add_func("/tui/line-edit/kill-keys", test_kill_keys);
    g_test_add_func("/tui/line-edit/leaves-enter-tab-escape", test_leaves_other_keys);
    return g_test_run();
}

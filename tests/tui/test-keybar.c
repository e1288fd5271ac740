/* The function bar's layout: every key label whole or not at all, all of
 * them at 80 columns, the essential ones kept longest. */
#include <glib.h>
#include <string.h>

#include "keybar.h"

/* The VM list's bar: its labelled keys, then the global ones. */
static KeybarItem *main_view_items(size_t *n)
{
    static const KeybarItem items[] = {
        { "n", "new" }, { "e", "edit" }, { "s", "start" }, { "S", "stop" },
        { "p", "pause" }, { "c", "console" }, { "t", "tree" },
        { ":", "qmp" }, { "?", "help", true }, { "q", "quit", true },
    };

    *n = G_N_ELEMENTS(items);
    return g_memdup2(items, sizeof(items));
}

static int end_of(const KeybarItem *item)
{
    return item->x + (int)strlen(item->key) + 1 + (int)strlen(item->label);
}

/* Shown items in order, apart, inside the width. */
static void assert_sane(const KeybarItem *items, size_t n, int width)
{
    int last_end = -1;

    for (size_t i = 0; i < n; i++) {
        if (items[i].x < 0) {
            continue;
        }
        g_assert_cmpint(items[i].x, >, last_end);
        last_end = end_of(&items[i]);
        g_assert_cmpint(last_end, <=, width);
    }
}

/* Room enough: two blanks apart, as the bar always looked. */
static void test_roomy_two_blanks(void)
{
    size_t n;
    g_autofree KeybarItem *items = main_view_items(&n);

    g_assert_cmpint(keybar_fit(items, n, 120), ==, (int)n);
    g_assert_cmpint(items[0].x, ==, 0);
    g_assert_cmpint(items[1].x, ==, 7);   /* "n:new" + 2 */
    assert_sane(items, n, 120);
}

/* The edge this is for: at 80 columns all ten keys of the main view,
 * quit included (two blanks apart it needs 81). */
static void test_every_key_at_80_columns(void)
{
    size_t n;
    g_autofree KeybarItem *items = main_view_items(&n);

    g_assert_cmpint(keybar_fit(items, n, 80), ==, (int)n);
    g_assert_cmpint(items[1].x, ==, 6);   /* "n:new" + 1 */
    assert_sane(items, n, 80);
    g_assert_cmpint(end_of(&items[n - 1]), <=, 80);
}

/* Narrow: the view's keys go from the last back; help and quit stay. */
static void test_narrow_keeps_essential(void)
{
    size_t n;
    g_autofree KeybarItem *items = main_view_items(&n);

    /* "n:new e:edit s:start S:stop ?:help q:quit" is 41 wide. */
    g_assert_cmpint(keybar_fit(items, n, 41), ==, 6);
    g_assert_cmpint(items[3].x, >=, 0);   /* S:stop */
    g_assert_cmpint(items[4].x, ==, -1);  /* p:pause and later: gone */
    g_assert_cmpint(items[7].x, ==, -1);
    g_assert_cmpint(items[8].x, >=, 0);
    g_assert_cmpint(items[9].x, >=, 0);
    assert_sane(items, n, 41);
}

/* Too narrow even for the essential ones: the last goes first, and
 * nothing is ever cut or drawn past the edge. */
static void test_tiny_never_overflows(void)
{
    size_t n;
    g_autofree KeybarItem *items = main_view_items(&n);

    g_assert_cmpint(keybar_fit(items, n, 6), ==, 1);
    g_assert_cmpint(items[8].x, ==, 0);   /* ?:help */
    g_assert_cmpint(items[9].x, ==, -1);
    g_assert_cmpint(keybar_fit(items, n, 0), ==, 0);
    g_assert_cmpint(keybar_fit(items, 0, 80), ==, 0);
}

/* Every width: sane, and a view key shows only beside every essential. */
static void test_every_width(void)
{
    size_t n;
    g_autofree KeybarItem *items = main_view_items(&n);

    for (int width = 0; width <= 130; width++) {
        bool any_plain = false, all_essential = true;

        keybar_fit(items, n, width);
        assert_sane(items, n, width);
        for (size_t i = 0; i < n; i++) {
            if (items[i].essential) {
                all_essential &= items[i].x >= 0;
            } else {
                any_plain |= items[i].x >= 0;
            }
        }
        g_assert_true(!any_plain || all_essential);
    }
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/tui/keybar/roomy-two-blanks", test_roomy_two_blanks);
    g_test_add_func("/tui/keybar/every-key-at-80-columns",
                    test_every_key_at_80_columns);
    g_test_add_func("/tui/keybar/narrow-keeps-help-and-quit",
                    test_narrow_keeps_essential);
    g_test_add_func("/tui/keybar/tiny-never-overflows",
                    test_tiny_never_overflows);
    g_test_add_func("/tui/keybar/every-width-sane", test_every_width);
    return g_test_run();
}

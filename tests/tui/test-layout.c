/* The TUI's layout: every part fits the screen at every size. */
#include <glib.h>
#include "layout.h"

static void assert_inside(const LayoutRect *r, int cols, int rows)
{
    g_assert_cmpint(r->height, >=, 0);
    g_assert_cmpint(r->width, >=, 0);
    if (r->height && r->width) {
        g_assert_cmpint(r->y, >=, 0);
        g_assert_cmpint(r->x, >=, 0);
        g_assert_cmpint(r->y + r->height, <=, rows);
        g_assert_cmpint(r->x + r->width, <=, cols);
    }
}

/* 80x24, the smallest terminal we promise: list and main side by side,
 * the title on top, status and function bar at the bottom. */
static void test_80x24_split(void)
{
    Layout l;

    layout_compute(&l, 80, 24, LAYOUT_FOCUS_LIST, false);
    g_assert_cmpint(l.title.y, ==, 0);
    g_assert_cmpint(l.keybar.y, ==, 23);
    g_assert_cmpint(l.status.y, ==, 22);
    g_assert_cmpint(l.list.y, ==, 1);
    g_assert_cmpint(l.list.height, ==, 21);
    g_assert_cmpint(l.list.width, >=, LAYOUT_LIST_MIN_COLS);
    g_assert_cmpint(l.main.x, ==, l.list.width);
    g_assert_cmpint(l.list.width + l.main.width, ==, 80);
}

/* The list stops growing on wide screens: the main pane gets the room. */
static void test_wide_list_capped(void)
{
    Layout l;

    layout_compute(&l, 300, 80, LAYOUT_FOCUS_LIST, false);
    g_assert_cmpint(l.list.width, ==, LAYOUT_LIST_MAX_COLS);
    g_assert_cmpint(l.main.width, ==, 300 - LAYOUT_LIST_MAX_COLS);
}

/* Below the split width one pane shows, the one with focus. */
static void test_narrow_shows_focused_pane(void)
{
    Layout l;

    layout_compute(&l, 40, 20, LAYOUT_FOCUS_LIST, false);
    g_assert_cmpint(l.list.width, ==, 40);
    g_assert_cmpint(l.main.width, ==, 0);
    layout_compute(&l, 40, 20, LAYOUT_FOCUS_MAIN, false);
    g_assert_cmpint(l.list.width, ==, 0);
    g_assert_cmpint(l.main.width, ==, 40);
}

/* Zoom (full-screen console or tree) gives the main pane the whole body. */
static void test_zoom(void)
{
    Layout l;

    layout_compute(&l, 120, 40, LAYOUT_FOCUS_MAIN, true);
    g_assert_cmpint(l.main.x, ==, 0);
    g_assert_cmpint(l.main.width, ==, 120);
    g_assert_cmpint(l.main.height, ==, 40 - 3);
}

/* Any size, however absurd (a terminal being resized passes through
 * them), gives rectangles inside the screen, never negative. */
static void test_every_size_fits(void)
{
    for (int cols = 0; cols < 130; cols += 3) {
        for (int rows = 0; rows < 50; rows++) {
            for (int zoom = 0; zoom < 2; zoom++) {
                Layout l;

                layout_compute(&l, cols, rows, zoom ? LAYOUT_FOCUS_MAIN
                               : LAYOUT_FOCUS_LIST, zoom);
                assert_inside(&l.title, cols, rows);
                assert_inside(&l.list, cols, rows);
                assert_inside(&l.main, cols, rows);
                assert_inside(&l.status, cols, rows);
                assert_inside(&l.keybar, cols, rows);
                g_assert_false(l.list.height && l.title.height &&
                               l.list.y < l.title.y + l.title.height);
            }
        }
    }
}

static void test_contains(void)
{
    LayoutRect r = { 2, 3, 4, 5 };

    g_assert_true(layout_rect_contains(&r, 2, 3));
    g_assert_true(layout_rect_contains(&r, 5, 7));
    g_assert_false(layout_rect_contains(&r, 6, 3));
    g_assert_false(layout_rect_contains(&r, 2, 8));
}

int main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/tui/layout/80x24-shows-list-and-main", test_80x24_split);
    g_test_add_func("/tui/layout/wide-screen-caps-the-list", test_wide_list_capped);
    g_test_add_func("/tui/layout/narrow-shows-the-focused-pane",
                    test_narrow_shows_focused_pane);
    g_test_add_func("/tui/layout/zoom-gives-main-the-body", test_zoom);
    g_test_add_func("/tui/layout/every-size-fits-the-screen", test_every_size_fits);
    g_test_add_func("/tui/layout/contains", test_contains);
    return g_test_run();
}

/* Layout: where each part of the TUI goes for a terminal size. Pure
 * arithmetic, no curses, so it is tested on its own: the title row, the VM
 * list on the left, the main pane (detail, console, tree, QMP, events) on
 * the right, a status line and the function bar at the bottom.
 *
 * Narrow terminals (fewer than LAYOUT_SPLIT_MIN_COLS columns) show one of
 * the two panes at a time, whichever has focus; "zoom" gives the main pane
 * the whole body. A rectangle with no room has height or width 0; nothing
 * is ever negative or outside the screen. */
#pragma once
#include <stdbool.h>

enum {
    LAYOUT_SPLIT_MIN_COLS = 60,
    LAYOUT_LIST_MIN_COLS = 20,
    LAYOUT_LIST_MAX_COLS = 36,
};

typedef struct LayoutRect {
    int y, x, height, width;
} LayoutRect;

typedef struct Layout {
    LayoutRect title;
    LayoutRect list;     /* width 0 when hidden */
    LayoutRect main;     /* width 0 when hidden */
    LayoutRect status;
    LayoutRect keybar;
} Layout;

typedef enum LayoutFocus {
    LAYOUT_FOCUS_LIST,
    LAYOUT_FOCUS_MAIN,
} LayoutFocus;

void layout_compute(Layout *out, int cols, int rows, LayoutFocus focus,
                    bool zoom);
bool layout_rect_contains(const LayoutRect *r, int y, int x);

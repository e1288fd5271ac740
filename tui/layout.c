#include "layout.h"

#include <glib.h>
#include <string.h>

static LayoutRect rect(int y, int x, int height, int width)
{
    return (LayoutRect){ y, x, MAX(height, 0), MAX(width, 0) };
}

void layout_compute(Layout *out, int cols, int rows, LayoutFocus focus,
                    bool zoom)
{
    int body_y, body_h, list_w;

    memset(out, 0, sizeof(*out));
    cols = MAX(cols, 0);
    rows = MAX(rows, 0);

    /* Bottom rows first: the function bar is the last thing to give up. */
    out->keybar = rect(rows - 1, 0, rows >= 1 ? 1 : 0, cols);
    out->status = rect(rows - 2, 0, rows >= 3 ? 1 : 0, cols);
    out->title = rect(0, 0, rows >= 4 ? 1 : 0, cols);
    body_y = out->title.height;
    body_h = rows - body_y - out->status.height - out->keybar.height;
    body_h = MAX(body_h, 0);
    if (out->status.height == 0) {
        out->status.y = 0;
    }
    if (out->keybar.height == 0) {
        out->keybar.y = 0;
    }

    if (zoom || (cols < LAYOUT_SPLIT_MIN_COLS && focus == LAYOUT_FOCUS_MAIN)) {
        out->list = rect(body_y, 0, body_h, 0);
        out->main = rect(body_y, 0, body_h, cols);
        return;
    }
    if (cols < LAYOUT_SPLIT_MIN_COLS) {
        out->list = rect(body_y, 0, body_h, cols);
        out->main = rect(body_y, cols, body_h, 0);
        return;
    }
    list_w = CLAMP(cols / 3, LAYOUT_LIST_MIN_COLS, LAYOUT_LIST_MAX_COLS);
    out->list = rect(body_y, 0, body_h, list_w);
    out->main = rect(body_y, list_w, body_h, cols - list_w);
}

bool layout_rect_contains(const LayoutRect *r, int y, int x)
{
    return y >= r->y && y < r->y + r->height &&
           x >= r->x && x < r->x + r->width;
}

#include "keybar.h"

#include <glib.h>

static int item_width(const KeybarItem *item)
{
    return (int)(g_utf8_strlen(item->key, -1) + 1 +
                 g_utf8_strlen(item->label, -1));
}

/* Columns the shown items take with gap blanks between them. */
static int shown_width(const KeybarItem *items, size_t n, const bool *shown,
                       int gap)
{
    int total = 0, count = 0;

    for (size_t i = 0; i < n; i++) {
        if (shown[i]) {
            total += item_width(&items[i]);
            count++;
        }
    }
    return count ? total + gap * (count - 1) : 0;
}

/* Hides shown items, the last first, among those with essential == which,
 * until the rest fit. */
static void drop_until_fit(const KeybarItem *items, size_t n, bool *shown,
                           int width, bool which)
{
    for (size_t i = n; i-- > 0 && shown_width(items, n, shown, 1) > width;) {
        if (items[i].essential == which) {
            shown[i] = false;
        }
    }
}

int keybar_fit(KeybarItem *items, size_t n, int width)
{
    g_autofree bool *shown = g_new(bool, n ? n : 1);
    int gap = 2, x = 0, count = 0;

    for (size_t i = 0; i < n; i++) {
        shown[i] = true;
    }
    if (shown_width(items, n, shown, gap) > width) {
        gap = 1;
        drop_until_fit(items, n, shown, width, false);
        drop_until_fit(items, n, shown, width, true);
    }
    for (size_t i = 0; i < n; i++) {
        items[i].x = shown[i] ? x : -1;
        if (shown[i]) {
            x += item_width(&items[i]) + gap;
            count++;
        }
    }
    return count;
}

/* Keybar: which keys the function bar at the bottom shows, and where, for
 * a terminal width. Pure arithmetic like layout.c (no curses), so it is
 * tested on its own.
 *
 * An item reads "KEY:label". A label is shown whole or not at all, never
 * cut. For a width the bar tries, in order:
 *   1. every item, two blanks between them;
 *   2. every item, one blank between them;
 *   3. one blank, without the items that are not essential, dropped from
 *      the last one back until the rest fit (the essential ones, help and
 *      quit, say where the others are);
 *   4. as 3, dropping essential items too, the last one first.
 * So at 80 columns every key of the main view shows (step 2), and on a
 * narrow terminal the keys that lead to the rest stay.
 *
 * Widths count a column per character: keys and labels are ASCII. The
 * caller owns the items; keybar_fit() only writes their x. */
#pragma once
#include <stdbool.h>
#include <stddef.h>

typedef struct KeybarItem {
    const char *key;      /* "F1", "Enter", "s" */
    const char *label;
    bool essential;
    int x;                /* set by keybar_fit: the column, or -1 */
} KeybarItem;

/* Lays the items out in width columns; returns how many are shown. */
int keybar_fit(KeybarItem *items, size_t n, int width);

/* Line edit: one line of text being typed (a dialog's answer, the QMP
 * console, tree search, an editor field), with a cursor and the usual
 * keys: characters, Left/Right, Home/End (^A/^E), Backspace, Delete,
 * ^U (to the start), ^K (to the end), ^W (a word back). No curses beyond
 * the key codes; the caller draws it. The struct owns its text. */
#pragma once
#include <glib.h>
#include <stdbool.h>
#include <wchar.h>

typedef struct LineEdit {
    GString *text;   /* UTF-8 */
    size_t cursor;   /* byte offset, always at a character boundary */
} LineEdit;

void line_edit_init(LineEdit *le, const char *text);
void line_edit_clear(LineEdit *le);   /* frees */
void line_edit_set(LineEdit *le, const char *text);   /* cursor at end */
/* True when the key edited the line (or moved the cursor). */
bool line_edit_key(LineEdit *le, wint_t key, bool is_function);
/* Columns before the cursor (for placing it on screen). */
int line_edit_cursor_col(const LineEdit *le);

/* Dialogs: a yes/no question, a line of text, a choice from a list. One at
 * a time, modal, drawn as a box in the middle of the screen. Each kind is
 * a view of its own, so the function bar shows its keys. */
#include "tui.h"

#include <string.h>

#include "line-edit.h"
#include "text-wrap.h"

typedef enum DialogKind {
    DIALOG_CONFIRM,
    DIALOG_TEXT,
    DIALOG_CHOICE,
} DialogKind;

struct Dialog {
    DialogKind kind;
    char *title;
    char *vm_name;
    DialogConfirmFunc on_yes;
    DialogTextFunc on_text;
    DialogChoiceFunc on_choice;
    void *opaque;
    LineEdit line;
    GPtrArray *choices;
    GPtrArray *docs;
    int selected;
    int top;
    GString *typed;   /* type-ahead in a choice list */
};

Dialog *dialog_new(void)
{
    Dialog *d = g_new0(Dialog, 1);

    line_edit_init(&d->line, NULL);
    d->choices = g_ptr_array_new_with_free_func(g_free);
    d->docs = g_ptr_array_new_with_free_func(g_free);
    d->typed = g_string_new(NULL);
    return d;
}

static void dialog_reset(Dialog *d)
{
    g_clear_pointer(&d->title, g_free);
    g_clear_pointer(&d->vm_name, g_free);
    line_edit_set(&d->line, NULL);
    g_ptr_array_set_size(d->choices, 0);
    g_ptr_array_set_size(d->docs, 0);
    d->selected = 0;
    d->top = 0;
    g_string_truncate(d->typed, 0);
}

void dialog_free(Dialog *d)
{
    if (!d) {
        return;
    }
    dialog_reset(d);
    line_edit_clear(&d->line);
    g_ptr_array_unref(d->choices);
    g_ptr_array_unref(d->docs);
    g_string_free(d->typed, TRUE);
    g_free(d);
}

static const TuiView dialog_confirm_view, dialog_text_view,
                     dialog_choice_view;

TuiNext dialog_confirm(Tui *tui, const char *question, const char *vm_name,
                       DialogConfirmFunc yes)
{
    Dialog *d = tui->dialog;

    dialog_reset(d);
    d->kind = DIALOG_CONFIRM;
    d->title = g_strdup(question);
    d->vm_name = g_strdup(vm_name);
    d->on_yes = yes;
    tui_push_modal(tui, &dialog_confirm_view);
    return TUI_NEXT_REDRAW;
}

TuiNext dialog_text(Tui *tui, const char *title, const char *initial,
                    DialogTextFunc done, void *opaque)
{
    Dialog *d = tui->dialog;

    dialog_reset(d);
    d->kind = DIALOG_TEXT;
    d->title = g_strdup(title);
    line_edit_set(&d->line, initial);
    d->on_text = done;
    d->opaque = opaque;
    tui_push_modal(tui, &dialog_text_view);
    return TUI_NEXT_REDRAW;
}

TuiNext dialog_choose(Tui *tui, const char *title, const char *const *choices,
                      const char *const *docs, DialogChoiceFunc done,
                      void *opaque)
{
    Dialog *d = tui->dialog;

    dialog_reset(d);
    d->kind = DIALOG_CHOICE;
    d->title = g_strdup(title);
    for (size_t i = 0; choices[i]; i++) {
        g_ptr_array_add(d->choices, g_strdup(choices[i]));
        g_ptr_array_add(d->docs, g_strdup(docs ? docs[i] : NULL));
    }
    d->on_choice = done;
    d->opaque = opaque;
    tui_push_modal(tui, &dialog_choice_view);
    return TUI_NEXT_REDRAW;
}

/* A title longer than the box wraps onto up to this many rows (a
 * property's documentation in the edit dialog can be long). */
#define DIALOG_TITLE_MAX_ROWS 4

static int dialog_box_width(const LayoutRect *area)
{
    return MIN(MAX(area->width - 8, 20), 72);
}

/* The title's rows at the box's text width (text-wrap.h), at most
 * DIALOG_TITLE_MAX_ROWS of them. */
static GArray *dialog_title_rows(Dialog *d, int text_width)
{
    GArray *rows = text_wrap_rows(d->title, text_width, 0);

    if (rows->len > DIALOG_TITLE_MAX_ROWS) {
        g_array_set_size(rows, DIALOG_TITLE_MAX_ROWS);
    }
    return rows;
}

static void dialog_geometry(Tui *tui, const LayoutRect *area, int title_rows,
                            LayoutRect *box)
{
    Dialog *d = tui->dialog;
    int want_h = d->kind == DIALOG_CHOICE ? (int)d->choices->len + 5 : 6;

    box->width = dialog_box_width(area);
    box->height = MIN(want_h + title_rows - 1, area->height);
    box->y = area->y + MAX((area->height - box->height) / 2, 0);
    box->x = area->x + MAX((area->width - box->width) / 2, 0);
}

static void dialog_draw(Tui *tui, const LayoutRect *area, bool focused)
{
    Dialog *d = tui->dialog;
    LayoutRect b;
    int x, w, rows, extra;
    g_autoptr(GArray) title = NULL;

    w = dialog_box_width(area) - 4;
    title = dialog_title_rows(d, w);
    extra = (int)title->len - 1;    /* rows the title adds below its first */
    dialog_geometry(tui, area, (int)title->len, &b);
    x = b.x + 2;
    for (int row = 0; row < b.height; row++) {
        crt_fill(tui->win, b.y + row, b.x, b.width, CRT_NORMAL);
    }
    crt_box(tui->win, b.y, b.x, b.height, b.width, CRT_BORDER_FOCUS, NULL);
    for (guint i = 0; i < title->len; i++) {
        crt_print_row(tui->win, b.y + 1 + (int)i, x, w, CRT_NORMAL, d->title,
                      &g_array_index(title, TextWrapRow, i));
    }
    switch (d->kind) {
    case DIALOG_CONFIRM:
        crt_print(tui->win, b.y + 3 + extra, x, w, CRT_DIM,
                  "y: yes    n or Esc: no");
        break;
    case DIALOG_TEXT:
        crt_fill(tui->win, b.y + 3 + extra, x, w, CRT_INPUT);
        crt_print(tui->win, b.y + 3 + extra, x, w, CRT_INPUT,
                  d->line.text->str);
        wmove(tui->win, b.y + 3 + extra,
              x + MIN(line_edit_cursor_col(&d->line), w - 1));
        crt_print(tui->win, b.y + 4 + extra, x, w, CRT_DIM,
                  "Enter: OK    Esc: cancel");
        break;
    case DIALOG_CHOICE:
        rows = b.height - 5 - extra;
        if (d->selected < d->top) {
            d->top = d->selected;
        }
        if (d->selected >= d->top + rows) {
            d->top = d->selected - rows + 1;
        }
        for (int i = 0; i < rows && d->top + i < (int)d->choices->len; i++) {
            int idx = d->top + i;
            int y = b.y + 2 + extra + i;
            CrtRole role = idx == d->selected ? CRT_SELECTED : CRT_NORMAL;

            crt_fill(tui->win, y, x, w, role);
            if (idx == d->selected) {
                /* Visible without colour or reverse video, too. */
                crt_print(tui->win, y, x, 1, role,
                          crt_glyph(CRT_G_ARROW_RIGHT));
            }
            crt_print(tui->win, y, x + 1, w - 1, role, d->choices->pdata[idx]);
        }
        if (d->typed->len) {
            crt_printf(tui->win, b.y + b.height - 1, x, w, CRT_INPUT,
                       " %s ", d->typed->str);
        }
        if (d->selected < (int)d->docs->len && d->docs->pdata[d->selected]) {
            crt_print(tui->win, b.y + b.height - 2, x, w, CRT_DIM,
                      d->docs->pdata[d->selected]);
        }
        break;
    }
}

static TuiNext dialog_finish(Tui *tui)
{
    Dialog *d = tui->dialog;
    g_autofree char *name = g_strdup(d->vm_name);
    g_autofree char *text = g_strdup(d->line.text->str);
    g_autofree char *choice = NULL;
    int index = d->selected;

    /* Pop first: the callback may open another dialog. */
    tui_pop_modal(tui);
    switch (d->kind) {
    case DIALOG_CONFIRM:
        return d->on_yes(tui, name);
    case DIALOG_TEXT:
        return d->on_text(tui, text, d->opaque);
    case DIALOG_CHOICE:
        if (index >= (int)d->choices->len) {
            return TUI_NEXT_REDRAW;
        }
        choice = g_strdup(d->choices->pdata[index]);
        return d->on_choice(tui, index, choice, d->opaque);
    }
    return TUI_NEXT_REDRAW;
}

static TuiNext dialog_key(Tui *tui, wint_t key, bool function)
{
    Dialog *d = tui->dialog;

    if (!function && key == TUI_KEY_ESC) {
        tui_pop_modal(tui);
        return TUI_NEXT_REDRAW;
    }
    switch (d->kind) {
    case DIALOG_CONFIRM:
        if (!function && (key == 'y' || key == 'Y')) {
            return dialog_finish(tui);
        }
        if (!function && (key == 'n' || key == 'N' || key == 'q')) {
            tui_pop_modal(tui);
        }
        return TUI_NEXT_REDRAW;
    case DIALOG_TEXT:
        if ((!function && key == '\r') || (function && key == KEY_ENTER)) {
            return dialog_finish(tui);
        }
        line_edit_key(&d->line, key, function);
        return TUI_NEXT_REDRAW;
    case DIALOG_CHOICE:
        if ((!function && key == '\r') || (function && key == KEY_ENTER)) {
            return dialog_finish(tui);
        }
        if (function && key == KEY_UP) {
            d->selected = MAX(d->selected - 1, 0);
        } else if (function && key == KEY_DOWN) {
            d->selected = MIN(d->selected + 1, (int)d->choices->len - 1);
        } else if (function && key == KEY_PPAGE) {
            d->selected = MAX(d->selected - 10, 0);
        } else if (function && key == KEY_NPAGE) {
            d->selected = MIN(d->selected + 10, (int)d->choices->len - 1);
        } else if (!function && (key == 0x7f || key == 0x08)) {
            if (d->typed->len) {
                g_string_truncate(d->typed, d->typed->len - 1);
            }
        } else if (!function && key > ' ' && key < 0x7f) {
            /* Type-ahead: the first choice starting with what was typed. */
            g_string_append_c(d->typed, (char)key);
            for (guint i = 0; i < d->choices->len; i++) {
                if (g_str_has_prefix(d->choices->pdata[i], d->typed->str)) {
                    d->selected = i;
                    break;
                }
            }
        }
        return TUI_NEXT_REDRAW;
    }
    return TUI_NEXT_REDRAW;
}

static TuiNext dialog_click(Tui *tui, const LayoutRect *area, int y, int x)
{
    Dialog *d = tui->dialog;
    LayoutRect b;
    int row;
    g_autoptr(GArray) title = NULL;

    if (d->kind != DIALOG_CHOICE) {
        return TUI_NEXT_NONE;
    }
    title = dialog_title_rows(d, dialog_box_width(area) - 4);
    dialog_geometry(tui, area, (int)title->len, &b);
    row = area->y + y - (b.y + 2 + (int)title->len - 1);
    if (row >= 0 && d->top + row < (int)d->choices->len) {
        if (d->selected == d->top + row) {
            return dialog_finish(tui);   /* a second click picks it */
        }
        d->selected = d->top + row;
    }
    return TUI_NEXT_REDRAW;
}

static TuiNext dialog_cancel(Tui *tui)
{
    tui_pop_modal(tui);
    return TUI_NEXT_REDRAW;
}

/* Each kind's keys for the bar and help; dialog_key does the rest (y and
 * n in either case, type-ahead, the line's editing keys). */
static const TuiBinding confirm_bindings[] = {
    { 'y', false, "yes", "Yes", dialog_finish },
    { 'n', false, "no", "No", dialog_cancel },
    { TUI_KEY_ESC, false, NULL, "No", dialog_cancel },
    { 0 },
};

static const TuiBinding text_bindings[] = {
    { '\r', false, "OK", "Take the text", dialog_finish },
    { TUI_KEY_ESC, false, "cancel", "Cancel", dialog_cancel },
    { 0 },
};

static const TuiBinding choice_bindings[] = {
    { '\r', false, "choose", "Take the selected choice", dialog_finish },
    { TUI_KEY_ESC, false, "cancel", "Cancel", dialog_cancel },
    { 0 },
};

static bool dialog_typing(Tui *tui)
{
    return true;
}

static const TuiView dialog_confirm_view = {
    .name = "Question",
    .bindings = confirm_bindings,
    .draw = dialog_draw,
    .key = dialog_key,
    .click = dialog_click,
};

/* The line takes every key: .typing sends them to dialog_key first. */
static const TuiView dialog_text_view = {
    .name = "Text",
    .bindings = text_bindings,
    .draw = dialog_draw,
    .key = dialog_key,
    .typing = dialog_typing,
    .click = dialog_click,
};

static const TuiView dialog_choice_view = {
    .name = "Choice",
    .bindings = choice_bindings,
    .draw = dialog_draw,
    .key = dialog_key,
    .click = dialog_click,
};

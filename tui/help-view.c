/* Help: every key of the view underneath and the global ones, read from
 * their binding tables (so this screen cannot fall behind the code). */
#include "tui.h"

static void add_table(GPtrArray *lines, const char *title,
                      const TuiBinding *table)
{
    if (!table || !table->action) {
        return;
    }
    g_ptr_array_add(lines, g_strdup_printf("\1%s", title));
    for (const TuiBinding *b = table; b->action; b++) {
        g_autofree char *name = tui_key_name(b->key, b->function);

        g_ptr_array_add(lines, g_strdup_printf("  %-8s %s", name, b->help));
    }
    g_ptr_array_add(lines, g_strdup(""));
}

static GPtrArray *help_lines(Tui *tui)
{
    GPtrArray *lines = g_ptr_array_new_with_free_func(g_free);
    const TuiView *under = tui->focus == LAYOUT_FOCUS_MAIN && tui->main_view
                           ? tui->main_view : NULL;

    if (under && under->raw_keys) {
        g_ptr_array_add(lines, g_strdup_printf("\1%s", under->name));
        g_ptr_array_add(lines, g_strdup("  ^]       Leave the console (the "
                                        "VM keeps running)"));
        g_ptr_array_add(lines, g_strdup("  other    Every other key goes "
                                        "to the guest"));
    }
    if (under && under != &tui_list_view) {
        add_table(lines, under->name, under->bindings);
    }
    add_table(lines, "VM list (these work from the panes too)",
              tui_list_view.bindings);
    add_table(lines, "Everywhere", tui_global_bindings());
    g_ptr_array_add(lines, g_strdup("  Esc      Back to the VM list"));
    g_ptr_array_add(lines, g_strdup("  mouse    Click a VM, a pane, a tree row"));
    return lines;
}

static void help_draw(Tui *tui, const LayoutRect *r, bool focused)
{
    g_autoptr(GPtrArray) lines = help_lines(tui);
    int rows = r->height - 2;

    for (int row = 0; row < r->height; row++) {
        crt_fill(tui->win, r->y + row, r->x, r->width, CRT_NORMAL);
    }
    crt_box(tui->win, r->y, r->x, r->height, r->width, CRT_BORDER_FOCUS,
            "Keys (Esc or q closes)");
    tui->help_top = CLAMP(tui->help_top, 0, MAX((int)lines->len - rows, 0));
    for (int i = 0; i < rows && tui->help_top + i < (int)lines->len; i++) {
        const char *line = lines->pdata[tui->help_top + i];

        if (line[0] == '\1') {
            crt_print(tui->win, r->y + 1 + i, r->x + 2, r->width - 4,
                      CRT_TITLE, line + 1);
        } else {
            crt_print(tui->win, r->y + 1 + i, r->x + 2, r->width - 4,
                      CRT_NORMAL, line);
        }
    }
}

static TuiNext help_close(Tui *tui)
{
    tui_pop_modal(tui);
    return TUI_NEXT_REDRAW;
}

static TuiNext help_down(Tui *tui)
{
    tui->help_top++;
    return TUI_NEXT_REDRAW;
}

static TuiNext help_up(Tui *tui)
{
    tui->help_top--;
    return TUI_NEXT_REDRAW;
}

static TuiNext help_page_down(Tui *tui)
{
    tui->help_top += 10;
    return TUI_NEXT_REDRAW;
}

static TuiNext help_page_up(Tui *tui)
{
    tui->help_top -= 10;
    return TUI_NEXT_REDRAW;
}

static const TuiBinding help_bindings[] = {
    { TUI_KEY_ESC, false, "close", "Close the help", help_close },
    { 'q', false, NULL, "Close the help", help_close },
    { '?', false, NULL, "Close the help", help_close },
    { KEY_DOWN, true, NULL, "Scroll down", help_down },
    { KEY_UP, true, NULL, "Scroll up", help_up },
    { KEY_NPAGE, true, "more", "Page down", help_page_down },
    { KEY_PPAGE, true, NULL, "Page up", help_page_up },
    { 0 },
};

const TuiView tui_help_view = {
    .name = "Help",
    .bindings = help_bindings,
    .draw = help_draw,
};

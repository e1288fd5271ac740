/* The console pane: a running VM's serial port or HMP monitor through a
 * terminal emulator. Every key but Ctrl-] goes to the guest; Shift-PgUp
 * and Shift-PgDn (or the mouse wheel) page through the scrollback; F11
 * toggles full screen. Each VM's consoles keep their own terminal, fed
 * while nobody looks, so switching back shows everything. */
#include "tui.h"

#include <string.h>

#include "vterm-pane.h"

struct ConsoleView {
    GHashTable *panes;   /* "vm\nwhich" -> VtermPane */
    char *vm_name;
    VmConsole which;
};

static char *pane_key(const char *vm_name, VmConsole which)
{
    return g_strdup_printf("%s\n%d", vm_name, (int)which);
}

ConsoleView *console_view_new(void)
{
    ConsoleView *cv = g_new0(ConsoleView, 1);

    cv->panes = g_hash_table_new_full(g_str_hash, g_str_equal, g_free,
                                      (GDestroyNotify)vterm_pane_free);
    return cv;
}

void console_view_free(ConsoleView *cv)
{
    if (!cv) {
        return;
    }
    g_hash_table_unref(cv->panes);
    g_free(cv->vm_name);
    g_free(cv);
}

static void pane_size(Tui *tui, int *rows, int *cols)
{
    Layout l;

    /* The size the pane has (or would have) on screen, less the border. */
    layout_compute(&l, COLS, LINES, LAYOUT_FOCUS_MAIN, tui->zoom);
    *rows = MAX(l.main.height - 2, 1);
    *cols = MAX(l.main.width - 2, 1);
}

static VtermPane *pane_for(Tui *tui, Vm *vm, VmConsole which, bool create)
{
    ConsoleView *cv = tui->console;
    g_autofree char *key = pane_key(vm->name, which);
    VtermPane *pane = g_hash_table_lookup(cv->panes, key);
    int rows, cols;

    if (pane || !create) {
        return pane;
    }
    pane_size(tui, &rows, &cols);
    pane = vterm_pane_new(rows, cols);
    /* What the console printed before this pane existed (the engine
     * replays its backlog when the model connects). */
    vterm_pane_feed(pane, (const char *)vm_console_bytes(vm, which)->data,
                    vm_console_bytes(vm, which)->len);
    {
        /* Answers to old queries would land in the guest's input now. */
        g_autoptr(GString) stale = g_string_new(NULL);
        vterm_pane_take_output(pane, stale);
    }
    g_hash_table_insert(cv->panes, g_steal_pointer(&key), pane);
    return pane;
}

void console_view_data(Tui *tui, Vm *vm, VmConsole which, const char *bytes,
                       size_t len)
{
    ConsoleView *cv = tui->console;
    VtermPane *pane = pane_for(tui, vm, which, false);

    if (pane) {
        g_autoptr(GString) answer = g_string_new(NULL);

        vterm_pane_feed(pane, bytes, len);
        /* busybox's shell asks where the cursor is; a terminal answers. */
        vterm_pane_take_output(pane, answer);
        if (answer->len) {
            vm_model_console_write(vm, which, answer->str, answer->len);
        }
    }
    if (tui->main_view == &tui_console_view &&
        g_strcmp0(cv->vm_name, vm->name) == 0 && cv->which == which) {
        tui_schedule_redraw(tui);
    } else if (tui->main_view == &tui_detail_view &&
               g_strcmp0(tui->selected, vm->name) == 0) {
        tui_schedule_redraw(tui);
    }
}

void console_view_vm_changed(Tui *tui, Vm *vm)
{
    ConsoleView *cv = tui->console;

    /* A fresh engine is a fresh terminal. */
    if (vm->state == VM_STARTING || vm->state == VM_STOPPED) {
        for (int i = 0; i < VM_CONSOLE__MAX; i++) {
            g_autofree char *key = pane_key(vm->name, i);
            g_hash_table_remove(cv->panes, key);
        }
    }
}

TuiNext console_view_open(Tui *tui, VmConsole which, bool full_screen)
{
    ConsoleView *cv = tui->console;
    Vm *vm = tui_running_vm(tui);

    if (!vm) {
        return TUI_NEXT_REDRAW;
    }
    g_free(cv->vm_name);
    cv->vm_name = g_strdup(vm->name);
    cv->which = which;
    tui_show_main(tui, &tui_console_view, true);
    tui->zoom = full_screen;
    pane_for(tui, vm, which, true);
    /* The bar shows scrolling and full screen. */
    tui_hint(tui, "%s of %s: keys go to the guest; ^] leaves",
               which == VM_CONSOLE_SERIAL ? "serial console" : "HMP monitor",
               vm->name);
    return TUI_NEXT_REDRAW;
}

static VtermPane *current_pane(Tui *tui, Vm **vm_out)
{
    ConsoleView *cv = tui->console;
    Vm *vm = cv->vm_name ? vm_model_find(tui->model, cv->vm_name) : NULL;

    if (vm_out) {
        *vm_out = vm;
    }
    return vm ? pane_for(tui, vm, cv->which, true) : NULL;
}

static void console_draw(Tui *tui, const LayoutRect *r, bool focused)
{
    ConsoleView *cv = tui->console;
    Vm *vm;
    VtermPane *pane = current_pane(tui, &vm);
    g_autofree char *title = g_strdup_printf(
        "%s: %s%s", cv->which == VM_CONSOLE_SERIAL ? "Serial" : "Monitor",
        cv->vm_name ? cv->vm_name : "", pane && vterm_pane_scroll_offset(pane)
        ? " (scrolled back)" : "");

    crt_box(tui->win, r->y, r->x, r->height, r->width,
            focused ? CRT_BORDER_FOCUS : CRT_BORDER, title);
    if (!pane) {
        return;
    }
    vterm_pane_resize(pane, r->height - 2, r->width - 2);
    vterm_pane_draw(pane, tui->win, r->y + 1, r->x + 1, focused);
    if (vm && vm->state != VM_RUNNING && vm->state != VM_PAUSED) {
        crt_printf(tui->win, r->y + r->height - 1, r->x + 2, r->width - 4,
                   CRT_ERROR, " %s is %s ", vm->name, tui_vm_state_name(vm->state));
    }
}

static TuiNext console_key(Tui *tui, wint_t key, bool function)
{
    ConsoleView *cv = tui->console;
    Vm *vm;
    VtermPane *pane = current_pane(tui, &vm);
    g_autoptr(GString) bytes = g_string_new(NULL);

    if (!pane || !vm) {
        return TUI_NEXT_NONE;
    }
    vterm_pane_key(pane, key, function, bytes);
    if (bytes->len) {
        vterm_pane_scroll_reset(pane);
        vm_model_console_write(vm, cv->which, bytes->str, bytes->len);
    }
    return TUI_NEXT_NONE;   /* the echo redraws */
}

static TuiNext console_scroll_back(Tui *tui)
{
    VtermPane *pane = current_pane(tui, NULL);

    if (pane) {
        int rows, cols;

        vterm_pane_get_size(pane, &rows, &cols);
        vterm_pane_scroll(pane, MAX(rows / 2, 1));
    }
    return TUI_NEXT_REDRAW;
}

static TuiNext console_scroll_forward(Tui *tui)
{
    VtermPane *pane = current_pane(tui, NULL);

    if (pane) {
        int rows, cols;

        vterm_pane_get_size(pane, &rows, &cols);
        vterm_pane_scroll(pane, -MAX(rows / 2, 1));
    }
    return TUI_NEXT_REDRAW;
}

static TuiNext console_zoom(Tui *tui)
{
    tui->zoom = !tui->zoom;
    return TUI_NEXT_REDRAW;
}

static const TuiBinding console_bindings[] = {
    { KEY_SPREVIOUS, true, "older", "Scroll back", console_scroll_back },
    { KEY_SNEXT, true, "newer", "Scroll forward", console_scroll_forward },
    { KEY_F(11), true, "full", "Full screen on/off", console_zoom },
    { 0 },
};

const TuiView tui_console_view = {
    .name = "Console",
    .bindings = console_bindings,
    .draw = console_draw,
    .key = console_key,
    .raw_keys = true,
};

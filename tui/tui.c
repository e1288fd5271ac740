#include "tui.h"

#include <locale.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "keybar.h"
#include "qjson.h"

enum {
    /* At most this often while output streams in (about 60 frames/s): a
     * flooding guest costs one screen update per frame, not per byte. */
    REDRAW_INTERVAL_MS = 16,
    /* VMs started or stopped by another front-end show up within this. */
    RESCAN_SECONDS = 3,
};

static TuiNext global_help(Tui *tui);
static TuiNext global_quit(Tui *tui);
static TuiNext global_focus(Tui *tui);

static const TuiBinding global_bindings[] = {
    { '?', false, "help", "Show every key", global_help },
    { KEY_F(1), true, NULL, "Show every key", global_help },
    { '\t', false, NULL, "Move between the VM list and the pane", global_focus },
    { 'q', false, "quit", "Quit (running VMs keep running)", global_quit },
    { 0 },
};

const TuiBinding *tui_global_bindings(void)
{
    return global_bindings;
}

char *tui_key_name(wint_t key, bool function)
{
    if (function) {
        if (key >= KEY_F(1) && key <= KEY_F(12)) {
            return g_strdup_printf("F%d", (int)(key - KEY_F0));
        }
        switch (key) {
        case KEY_UP: return g_strdup("Up");
        case KEY_DOWN: return g_strdup("Down");
        case KEY_LEFT: return g_strdup("Left");
        case KEY_RIGHT: return g_strdup("Right");
        case KEY_PPAGE: return g_strdup("PgUp");
        case KEY_NPAGE: return g_strdup("PgDn");
        case KEY_SPREVIOUS: return g_strdup("S-PgUp");
        case KEY_SNEXT: return g_strdup("S-PgDn");
        case KEY_HOME: return g_strdup("Home");
        case KEY_END: return g_strdup("End");
        case KEY_DC: return g_strdup("Del");
        case KEY_ENTER: return g_strdup("Enter");
        case KEY_BACKSPACE: return g_strdup("Bksp");
        default: return g_strdup_printf("key%d", (int)key);
        }
    }
    switch (key) {
    case '\r': return g_strdup("Enter");
    case '\t': return g_strdup("Tab");
    case ' ': return g_strdup("Space");
    case TUI_KEY_ESC: return g_strdup("Esc");
    default:
        if (key < 0x20) {
            return g_strdup_printf("^%c", (char)(key + '@'));
        }
        return g_ucs4_to_utf8((gunichar *)&key, 1, NULL, NULL, NULL);
    }
}

Vm *tui_selected_vm(Tui *tui)
{
    return tui->selected ? vm_model_find(tui->model, tui->selected) : NULL;
}

void tui_select(Tui *tui, const char *name)
{
    if (g_strcmp0(tui->selected, name) == 0) {
        return;
    }
    g_free(tui->selected);
    tui->selected = g_strdup(name);
    /* The main pane follows the selection where it shows one VM. */
    if (tui->main_view == &tui_console_view || tui->main_view == &tui_tree_view
        || tui->main_view == &tui_qmp_view) {
        tui_show_main(tui, &tui_detail_view, false);
    }
}

Vm *tui_running_vm(Tui *tui)
{
    Vm *vm = tui_selected_vm(tui);

    if (!vm) {
        tui_status(tui, true, "no VM selected; 'n' creates one");
        return NULL;
    }
    if (vm->state != VM_RUNNING && vm->state != VM_PAUSED) {
        tui_status(tui, true, "%s is %s; 's' starts it", vm->name,
                   tui_vm_state_name(vm->state));
        return NULL;
    }
    return vm;
}

void tui_show_main(Tui *tui, const TuiView *view, bool focus)
{
    tui->main_view = view;
    if (focus) {
        tui->focus = LAYOUT_FOCUS_MAIN;
    } else {
        tui->zoom = false;
    }
}

void tui_push_modal(Tui *tui, const TuiView *view)
{
    g_ptr_array_add(tui->modals, (gpointer)view);
}

void tui_pop_modal(Tui *tui)
{
    if (tui->modals->len) {
        g_ptr_array_remove_index(tui->modals, tui->modals->len - 1);
    }
}

const TuiView *tui_top_view(Tui *tui)
{
    if (tui->modals->len) {
        return tui->modals->pdata[tui->modals->len - 1];
    }
    if (tui->focus == LAYOUT_FOCUS_MAIN && tui->main_view) {
        return tui->main_view;
    }
    return &tui_list_view;
}

/* text: taken. */
static void status_take(Tui *tui, bool is_error, char *text)
{
    g_free(tui->status);
    tui->status = text;
    tui->status_is_error = is_error;
    tui->status_view = NULL;
    tui_schedule_redraw(tui);
}

void tui_hint(Tui *tui, const char *fmt, ...)
{
    va_list ap;

    va_start(ap, fmt);
    status_take(tui, false, g_strdup_vprintf(fmt, ap));
    va_end(ap);
    tui->status_view = tui_top_view(tui);
}

void tui_status(Tui *tui, bool is_error, const char *fmt, ...)
{
    va_list ap;
    char *text;

    va_start(ap, fmt);
    text = g_strdup_vprintf(fmt, ap);
    va_end(ap);
    /* An error stays readable in the log after the status line moved on
     * (or had to cut it). */
    if (is_error) {
        event_log_add(tui, NULL, text);
    }
    status_take(tui, is_error, text);
}

static TuiNext global_help(Tui *tui)
{
    tui->help_top = 0;
    tui_push_modal(tui, &tui_help_view);
    return TUI_NEXT_REDRAW;
}

static TuiNext global_quit(Tui *tui)
{
    return TUI_NEXT_QUIT;
}

static TuiNext global_focus(Tui *tui)
{
    tui->focus = tui->focus == LAYOUT_FOCUS_LIST && tui->main_view
                 ? LAYOUT_FOCUS_MAIN : LAYOUT_FOCUS_LIST;
    if (tui->focus == LAYOUT_FOCUS_LIST) {
        tui->zoom = false;
    }
    return TUI_NEXT_REDRAW;
}

/* ---- drawing ---- */

/* The view's labelled keys, then the global ones; keybar.h decides what
 * fits (at 80 columns, all of them) and the keys that lead to the rest,
 * help and quit, or a console's way out, go last. */
static void draw_keybar(Tui *tui, const TuiView *view)
{
    const LayoutRect *r = &tui->layout.keybar;
    /* A console or a modal takes the global keys for itself. */
    const TuiBinding *tables[] = {
        view->bindings,
        tui->modals->len || view->raw_keys ||
        (view->typing && view->typing(tui)) ? NULL : global_bindings,
    };
    g_autoptr(GArray) items = g_array_new(FALSE, TRUE, sizeof(KeybarItem));
    g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func(g_free);

    if (!r->height) {
        return;
    }
    crt_fill(tui->win, r->y, 0, r->width, CRT_KEYBAR_TEXT);
    if (view->raw_keys) {
        KeybarItem back = { "^]", "back", true };

        g_array_append_val(items, back);
    }
    for (size_t t = 0; t < G_N_ELEMENTS(tables); t++) {
        for (const TuiBinding *b = tables[t]; b && b->action; b++) {
            KeybarItem item = { NULL, b->label, tables[t] == global_bindings };

            if (!b->label) {
                continue;
            }
            item.key = tui_key_name(b->key, b->function);
            g_ptr_array_add(names, (char *)item.key);
            g_array_append_val(items, item);
        }
    }
    keybar_fit((KeybarItem *)items->data, items->len, r->width);
    for (guint i = 0; i < items->len; i++) {
        const KeybarItem *item = &g_array_index(items, KeybarItem, i);
        int x = item->x;

        if (x < 0) {
            continue;
        }
        x += crt_print(tui->win, r->y, x, r->width - x, CRT_KEYBAR_KEY,
                       item->key);
        x += crt_print(tui->win, r->y, x, r->width - x, CRT_KEYBAR_TEXT, ":");
        crt_print(tui->win, r->y, x, r->width - x, CRT_KEYBAR_TEXT,
                  item->label);
    }
}

static void draw_title(Tui *tui)
{
    const LayoutRect *r = &tui->layout.title;
    GPtrArray *vms = vm_model_list(tui->model);
    int running = 0;

    if (!r->height) {
        return;
    }
    for (guint i = 0; i < vms->len; i++) {
        TuiVmState s = ((Vm *)vms->pdata[i])->state;
        running += s == VM_RUNNING || s == VM_PAUSED;
    }
    crt_fill(tui->win, r->y, 0, r->width, CRT_TITLE);
    crt_printf(tui->win, r->y, 1, r->width - 2, CRT_TITLE,
               "Quern %s %u VMs, %d running", crt_glyph(CRT_G_VLINE),
               vms->len, running);
}

static void draw_status(Tui *tui)
{
    const LayoutRect *r = &tui->layout.status;

    if (!r->height) {
        return;
    }
    crt_fill(tui->win, r->y, 0, r->width, CRT_NORMAL);
    if (tui->status_view && tui->status_view != tui_top_view(tui)) {
        g_clear_pointer(&tui->status, g_free);
        tui->status_view = NULL;
    }
    if (tui->status) {
        g_autofree char *line = g_strdup(tui->status);
        CrtRole role = tui->status_is_error ? CRT_ERROR : CRT_DIM;
        int room = r->width - 1;

        g_strdelimit(line, "\n\r", ' ');
        if (crt_text_width(line) <= room) {
            crt_print(tui->win, r->y, 1, room, role, line);
        } else if (room > 1) {
            /* Cut, and seen to be: the event log (l) has it whole. */
            int used = crt_print(tui->win, r->y, 1, room - 1, role, line);

            crt_print(tui->win, r->y, 1 + used, 1, role,
                      crt_glyph(CRT_G_ELLIPSIS));
        }
    }
}

static void tui_draw(Tui *tui)
{
    const TuiView *top = tui_top_view(tui);

    layout_compute(&tui->layout, COLS, LINES, tui->focus, tui->zoom);
    werase(tui->win);
    draw_title(tui);
    if (tui->layout.list.width) {
        tui_list_view.draw(tui, &tui->layout.list,
                           tui->focus == LAYOUT_FOCUS_LIST);
    }
    if (tui->layout.main.width && tui->main_view) {
        tui->main_view->draw(tui, &tui->layout.main,
                             tui->focus == LAYOUT_FOCUS_MAIN);
    }
    for (guint i = 0; i < tui->modals->len; i++) {
        const TuiView *modal = tui->modals->pdata[i];
        LayoutRect body = { tui->layout.list.y, 0,
                            tui->layout.list.height, COLS };

        modal->draw(tui, &body, i == tui->modals->len - 1);
    }
    draw_status(tui);
    draw_keybar(tui, top);
    wnoutrefresh(tui->win);
    doupdate();
}

static gboolean on_redraw(gpointer opaque)
{
    Tui *tui = opaque;

    tui->redraw_source = 0;
    tui_draw(tui);
    return G_SOURCE_REMOVE;
}

void tui_schedule_redraw(Tui *tui)
{
    if (!tui->redraw_source && tui->win) {
        tui->redraw_source = g_timeout_add(REDRAW_INTERVAL_MS, on_redraw, tui);
    }
}

/* ---- input ---- */

static const TuiBinding *find_binding(const TuiBinding *table, wint_t key,
                                      bool function)
{
    for (const TuiBinding *b = table; b && b->action; b++) {
        if (b->key == key && b->function == function) {
            return b;
        }
    }
    return NULL;
}

static TuiNext dispatch_click(Tui *tui)
{
    MEVENT ev;
    const LayoutRect *list = &tui->layout.list, *main = &tui->layout.main;

    if (getmouse(&ev) != OK) {
        return TUI_NEXT_NONE;
    }
    if (ev.bstate & (BUTTON4_PRESSED | BUTTON5_PRESSED)) {
        bool up = ev.bstate & BUTTON4_PRESSED;
        const TuiView *v = tui_top_view(tui);
        const TuiBinding *b = find_binding(v->bindings, up ? KEY_UP : KEY_DOWN,
                                           true);
        if (v == &tui_console_view) {
            b = find_binding(v->bindings, up ? KEY_SPREVIOUS : KEY_SNEXT, true);
        }
        return b ? b->action(tui) : TUI_NEXT_NONE;
    }
    if (tui->modals->len) {
        const TuiView *modal = tui_top_view(tui);
        LayoutRect body = { list->y, 0, list->height, COLS };

        return modal->click ? modal->click(tui, &body, ev.y - body.y,
                                           ev.x - body.x) : TUI_NEXT_NONE;
    }
    if (layout_rect_contains(list, ev.y, ev.x)) {
        tui->focus = LAYOUT_FOCUS_LIST;
        return tui_list_view.click(tui, list, ev.y - list->y, ev.x - list->x);
    }
    if (layout_rect_contains(main, ev.y, ev.x) && tui->main_view) {
        tui->focus = LAYOUT_FOCUS_MAIN;
        if (tui->main_view->click) {
            tui->main_view->click(tui, main, ev.y - main->y, ev.x - main->x);
        }
        return TUI_NEXT_REDRAW;
    }
    return TUI_NEXT_NONE;
}

static TuiNext dispatch_key(Tui *tui, wint_t key, bool function)
{
    const TuiView *view = tui_top_view(tui);
    const TuiBinding *b;
    TuiNext next;

    if (function && key == KEY_MOUSE) {
        return dispatch_click(tui);
    }
    if (view->raw_keys) {
        if (!function && key == TUI_KEY_ESCAPE_CONSOLE) {
            tui->focus = LAYOUT_FOCUS_LIST;
            tui->zoom = false;
            return TUI_NEXT_REDRAW;
        }
        b = find_binding(view->bindings, key, function);
        if (b) {
            return b->action(tui);
        }
        return view->key ? view->key(tui, key, function) : TUI_NEXT_NONE;
    }
    if (view->typing && view->typing(tui)) {
        next = view->key(tui, key, function);
        if (next != TUI_NEXT_UNHANDLED) {
            return next;
        }
    }
    b = find_binding(view->bindings, key, function);
    if (b) {
        return b->action(tui);
    }
    if (view->key) {
        next = view->key(tui, key, function);
        if (next != TUI_NEXT_UNHANDLED) {
            return next;
        }
    }
    if (tui->modals->len) {
        return TUI_NEXT_NONE;   /* a modal takes every key */
    }
    if (!function && key == TUI_KEY_ESC && tui->focus == LAYOUT_FOCUS_MAIN) {
        tui->focus = LAYOUT_FOCUS_LIST;
        tui->zoom = false;
        return TUI_NEXT_REDRAW;
    }
    b = find_binding(global_bindings, key, function);
    if (b) {
        return b->action(tui);
    }
    /* From a main pane, the list's VM keys still work (start, stop...). */
    if (view != &tui_list_view) {
        b = find_binding(tui_list_view.bindings, key, function);
        if (b && key != KEY_UP && key != KEY_DOWN && key != '\r') {
            return b->action(tui);
        }
    }
    return TUI_NEXT_NONE;
}

static void on_key(wint_t key, bool function, void *opaque)
{
    Tui *tui = opaque;
    TuiNext next;

    if (function && key == KEY_RESIZE) {
        tui_draw(tui);
        return;
    }
    next = dispatch_key(tui, key, function);
    if (next == TUI_NEXT_QUIT) {
        g_main_loop_quit(tui->loop);
        return;
    }
    /* Draw now, not at the next frame: a key's effect shows at once. */
    if (tui->redraw_source) {
        g_source_remove(tui->redraw_source);
        tui->redraw_source = 0;
    }
    tui_draw(tui);
}

/* ---- the model's news ---- */

static void on_vm_changed(Vm *vm, void *opaque)
{
    Tui *tui = opaque;

    if (!tui->selected) {
        GPtrArray *vms = vm_model_list(tui->model);

        if (vms->len) {
            tui->selected = g_strdup(((Vm *)vms->pdata[0])->name);
        }
    }
    if (vm) {
        console_view_vm_changed(tui, vm);
    }
    tui_schedule_redraw(tui);
}

static void on_console_data(Vm *vm, VmConsole which, const char *bytes,
                            size_t len, void *opaque)
{
    Tui *tui = opaque;

    console_view_data(tui, vm, which, bytes, len);
}

static void on_vm_event(Vm *vm, const char *event, QDict *data,
                        gint64 timestamp, void *opaque)
{
    Tui *tui = opaque;
    g_autofree char *json = data ? qobject_to_json(QOBJECT(data)) : NULL;
    g_autofree char *line = g_strdup_printf("%s %s", event, json ? json : "");

    event_log_add(tui, vm, line);
    qmp_view_event(tui, vm, event, data, timestamp);
    tree_view_event(tui, vm, event, data);
    tui_schedule_redraw(tui);
}

static void on_vm_log(Vm *vm, const char *line, bool is_error, void *opaque)
{
    Tui *tui = opaque;

    event_log_add(tui, vm, line);
    status_take(tui, is_error, g_strdup_printf("%s%s%s", vm ? vm->name : "",
                                               vm ? ": " : "", line));
}

static gboolean on_rescan(gpointer opaque)
{
    Tui *tui = opaque;

    vm_model_refresh(tui->model);
    return G_SOURCE_CONTINUE;
}

static gboolean on_tick(gpointer opaque)
{
    Tui *tui = opaque;

    /* Uptimes move once a second; nothing else needs a clock. */
    if (tui->main_view == &tui_detail_view && !tui->modals->len) {
        tui_schedule_redraw(tui);
    }
    return G_SOURCE_CONTINUE;
}

int tui_main(int argc, char **argv)
{
    g_autoptr(Error) err = NULL;
    VmModelCallbacks cb = {
        .changed = on_vm_changed, .console_data = on_console_data,
        .event = on_vm_event, .log = on_vm_log,
    };
    CrtOptions opts = {
        .force_ascii = g_getenv("QUERN_ASCII") != NULL,
        .mouse = true,
    };
    Tui tui = { 0 };
    guint rescan, tick;

    setlocale(LC_ALL, "");
    /* An engine that goes away must not take the TUI with it. */
    signal(SIGPIPE, SIG_IGN);
    tui.loop = g_main_loop_new(NULL, FALSE);
    tui.modals = g_ptr_array_new();
    tui.console = console_view_new();
    tui.tree = tree_view_new();
    tui.qmp = qmp_view_new();
    tui.events = event_log_new();
    tui.editor = editor_view_new();
    tui.dialog = dialog_new();
    tui.main_view = &tui_detail_view;
    tui.model = vm_model_new(&cb, &tui);

    if (!crt_begin(&opts, on_key, &tui, &err)) {
        fprintf(stderr, "quern: %s\n", error_get_pretty(err));
        vm_model_free(tui.model);
        return 1;
    }
    tui.win = stdscr;
    vm_model_refresh(tui.model);
    tui_status(&tui, false, "? shows every key; q quits and leaves VMs "
               "running");
    tui_draw(&tui);
    rescan = g_timeout_add_seconds(RESCAN_SECONDS, on_rescan, &tui);
    tick = g_timeout_add_seconds(1, on_tick, &tui);
    g_main_loop_run(tui.loop);

    g_source_remove(rescan);
    g_source_remove(tick);
    if (tui.redraw_source) {
        g_source_remove(tui.redraw_source);
    }
    crt_end();
    tui.win = NULL;   /* the model's last callbacks must not schedule draws */
    vm_model_free(tui.model);   /* closes sockets; engines keep running */
    dialog_free(tui.dialog);
    editor_view_free(tui.editor);
    event_log_free(tui.events);
    qmp_view_free(tui.qmp);
    tree_view_free(tui.tree);
    console_view_free(tui.console);
    g_ptr_array_unref(tui.modals);
    g_main_loop_unref(tui.loop);
    g_free(tui.selected);
    g_free(tui.status);
    return 0;
}

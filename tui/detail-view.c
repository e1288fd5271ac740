/* The detail view: the selected VM's state, uptime, configuration and the
 * last lines of its serial console: while it runs, what the TUI's console
 * stream received; once its engine died, the console log the engine wrote
 * through to the end (the supervisor's console tail), which holds the
 * last lines even if the TUI was not watching. */
#include "tui.h"

#include <string.h>

#include "supervisor.h"

static void format_uptime(char *buf, size_t len, gint64 started_at)
{
    gint64 s = (g_get_real_time() - started_at) / G_USEC_PER_SEC;

    if (s < 0) {
        s = 0;
    }
    if (s >= 86400) {
        g_snprintf(buf, len, "%" G_GINT64_FORMAT "d %02d:%02d:%02d", s / 86400,
                   (int)(s / 3600 % 24), (int)(s / 60 % 60), (int)(s % 60));
    } else {
        g_snprintf(buf, len, "%02d:%02d:%02d", (int)(s / 3600),
                   (int)(s / 60 % 60), (int)(s % 60));
    }
}

/* The last n console lines to show (g_strfreev). */
static char **detail_console_lines(const Vm *vm, int n)
{
    if (vm->state == VM_CRASHED) {
        char **lines = supervisor_console_tail(vm->name, n);

        if (lines[0]) {
            return lines;
        }
        g_strfreev(lines);      /* no log (an older engine): the stream's */
    }
    return vm_console_tail(vm, VM_CONSOLE_SERIAL, n);
}

static void detail_draw(Tui *tui, const LayoutRect *r, bool focused)
{
    Vm *vm = tui_selected_vm(tui);
    int y = r->y + 1, x = r->x + 2, w = r->width - 4;
    int bottom = r->y + r->height - 1;
    g_autofree char *config = NULL;
    g_auto(GStrv) lines = NULL;
    char uptime[64] = "";
    const char *status;

    crt_box(tui->win, r->y, r->x, r->height, r->width,
            focused ? CRT_BORDER_FOCUS : CRT_BORDER, vm ? vm->name : "Detail");
    if (!vm) {
        crt_print(tui->win, y, x, w, CRT_DIM,
                  "No VM yet. Press n to create one from a template.");
        return;
    }
    if (vm->started_at && (vm->state == VM_RUNNING || vm->state == VM_PAUSED)) {
        format_uptime(uptime, sizeof(uptime), vm->started_at);
    }
    /* QMP's word only where it says more ("shutdown", "prelaunch"). */
    status = vm->status && strcmp(vm->status, tui_vm_state_name(vm->state))
             ? vm->status : NULL;
    crt_printf(tui->win, y++, x, w, CRT_NORMAL, "State:   %s%s%s%s",
               tui_vm_state_name(vm->state), status ? " (" : "",
               status ? status : "", status ? ")" : "");
    if (uptime[0]) {
        crt_printf(tui->win, y++, x, w, CRT_NORMAL, "Uptime:  %s", uptime);
    }
    if (vm->description) {
        crt_printf(tui->win, y++, x, w, CRT_NORMAL, "About:   %s",
                   vm->description);
    }
    if (vm->profile_path) {
        crt_printf(tui->win, y++, x, w, CRT_DIM, "Profile: %s",
                   vm->profile_path);
    }
    if (vm->load_error) {
        crt_print(tui->win, y++, x, w, CRT_ERROR, vm->load_error);
    }
    if (vm->last_error && vm->state != VM_RUNNING && vm->state != VM_PAUSED) {
        g_auto(GStrv) err_lines = g_strsplit(vm->last_error, "\n", -1);

        for (int i = 0; err_lines[i] && y < bottom; i++) {
            crt_print(tui->win, y++, x, w, CRT_ERROR, err_lines[i]);
        }
    }
    y++;
    if (vm->config && y < bottom) {
        int room = (bottom - y) / 2;

        config = config_file_to_string(vm->config);
        lines = g_strsplit(config, "\n", -1);
        crt_print(tui->win, y++, x, w, CRT_TITLE, " Configuration ");
        for (int i = 0; lines[i] && room > 0 && y < bottom; i++) {
            if (lines[i][0] == '#' || !lines[i][0]) {
                continue;
            }
            crt_print(tui->win, y++, x, w, CRT_NORMAL, lines[i]);
            room--;
        }
        g_clear_pointer(&lines, g_strfreev);
    }
    if (y + 2 < bottom) {
        int n = bottom - y - 2;

        y++;
        crt_print(tui->win, y++, x, w, CRT_TITLE,
                  vm->state == VM_CRASHED ? " Serial console (until it died) "
                                          : " Serial console ");
        lines = detail_console_lines(vm, n);
        for (int i = 0; lines[i] && y < bottom; i++) {
            crt_print(tui->win, y++, x, w, CRT_DIM, lines[i]);
        }
    }
}

static TuiNext detail_back(Tui *tui)
{
    tui->focus = LAYOUT_FOCUS_LIST;
    return TUI_NEXT_REDRAW;
}

static const TuiBinding detail_bindings[] = {
    { KEY_LEFT, true, NULL, "Back to the VM list", detail_back },
    { 0 },
};

const TuiView tui_detail_view = {
    .name = "Detail",
    .bindings = detail_bindings,
    .draw = detail_draw,
};

/* The VM list (left pane) and the keys that act on the selected VM. */
#include "tui.h"

#include <string.h>

static CrtRole state_role(TuiVmState s)
{
    switch (s) {
    case VM_RUNNING: return CRT_RUNNING;
    case VM_PAUSED: return CRT_PAUSED;
    case VM_CRASHED: return CRT_CRASHED;
    case VM_STARTING: return CRT_PAUSED;
    default: return CRT_STOPPED;
    }
}

static int selected_index(Tui *tui)
{
    GPtrArray *vms = vm_model_list(tui->model);

    for (guint i = 0; tui->selected && i < vms->len; i++) {
        if (strcmp(((Vm *)vms->pdata[i])->name, tui->selected) == 0) {
            return (int)i;
        }
    }
    return -1;
}

static void list_draw(Tui *tui, const LayoutRect *r, bool focused)
{
    GPtrArray *vms = vm_model_list(tui->model);
    int sel = selected_index(tui);
    int rows = r->height - 2;

    crt_box(tui->win, r->y, r->x, r->height, r->width,
            focused ? CRT_BORDER_FOCUS : CRT_BORDER, "VMs");
    if (rows <= 0) {
        return;
    }
    if (sel >= 0 && sel < tui->list_top) {
        tui->list_top = sel;
    }
    if (sel >= tui->list_top + rows) {
        tui->list_top = sel - rows + 1;
    }
    tui->list_top = CLAMP(tui->list_top, 0, MAX((int)vms->len - rows, 0));
    if (vms->len == 0) {
        crt_print(tui->win, r->y + 1, r->x + 2, r->width - 3, CRT_DIM,
                  "no VMs yet: n");
        return;
    }
    for (int row = 0; row < rows; row++) {
        int i = tui->list_top + row;
        Vm *vm;
        int y = r->y + 1 + row, w = r->width - 2;
        const char *state;
        int state_w;

        if (i >= (int)vms->len) {
            break;
        }
        vm = vms->pdata[i];
        state = vm->load_error && vm->state == VM_STOPPED ? "error"
              : vm->last_error && vm->state == VM_STOPPED ? "failed"
              : tui_vm_state_name(vm->state);
        state_w = (int)strlen(state);
        if (i == sel) {
            crt_fill(tui->win, y, r->x + 1, w,
                     focused ? CRT_SELECTED : CRT_SELECTED_DIM);
        }
        crt_print(tui->win, y, r->x + 2, w - state_w - 3,
                  i == sel ? (focused ? CRT_SELECTED : CRT_SELECTED_DIM)
                           : CRT_NORMAL, vm->name);
        crt_print(tui->win, y, r->x + 1 + w - state_w - 1, state_w,
                  i == sel && focused ? CRT_SELECTED
                  : (vm->load_error || vm->last_error) &&
                    vm->state == VM_STOPPED ? CRT_ERROR
                  : state_role(vm->state), state);
    }
}

static TuiNext move_selection(Tui *tui, int delta)
{
    GPtrArray *vms = vm_model_list(tui->model);
    int i = selected_index(tui);

    if (!vms->len) {
        return TUI_NEXT_NONE;
    }
    i = CLAMP(i + delta, 0, (int)vms->len - 1);
    tui_select(tui, ((Vm *)vms->pdata[i])->name);
    return TUI_NEXT_REDRAW;
}

static TuiNext act_up(Tui *tui) { return move_selection(tui, -1); }
static TuiNext act_down(Tui *tui) { return move_selection(tui, 1); }
static TuiNext act_page_up(Tui *tui) { return move_selection(tui, -10); }
static TuiNext act_page_down(Tui *tui) { return move_selection(tui, 10); }
static TuiNext act_home(Tui *tui) { return move_selection(tui, -100000); }
static TuiNext act_end(Tui *tui) { return move_selection(tui, 100000); }

static TuiNext act_open(Tui *tui)
{
    if (!tui->main_view) {
        tui->main_view = &tui_detail_view;
    }
    tui->focus = LAYOUT_FOCUS_MAIN;
    return TUI_NEXT_REDRAW;
}

static TuiNext act_start(Tui *tui)
{
    g_autoptr(Error) err = NULL;
    Vm *vm = tui_selected_vm(tui);

    if (!vm) {
        tui_status(tui, true, "no VM selected; 'n' creates one");
        return TUI_NEXT_REDRAW;
    }
    if (!vm_model_start(tui->model, vm, &err)) {
        tui_status(tui, true, "%s", error_get_pretty(err));
        return TUI_NEXT_REDRAW;
    }
    return TUI_NEXT_REDRAW;
}

static TuiNext do_stop(Tui *tui, const char *name)
{
    Vm *vm = vm_model_find(tui->model, name);

    if (vm && vm->qmp) {
        vm_model_stop(tui->model, vm);
    }
    return TUI_NEXT_REDRAW;
}

static TuiNext do_force_off(Tui *tui, const char *name)
{
    Vm *vm = vm_model_find(tui->model, name);

    if (vm && vm->qmp) {
        vm_model_force_off(tui->model, vm);
    }
    return TUI_NEXT_REDRAW;
}

static TuiNext do_reset(Tui *tui, const char *name)
{
    Vm *vm = vm_model_find(tui->model, name);

    if (vm && vm->qmp) {
        vm_model_reset(tui->model, vm);
        tui_status(tui, false, "%s reset", name);
    }
    return TUI_NEXT_REDRAW;
}

/* Stop, force-off and reset lose guest state: each asks first. */
static TuiNext act_stop(Tui *tui)
{
    Vm *vm = tui_running_vm(tui);
    g_autofree char *q = NULL;

    if (!vm) {
        return TUI_NEXT_REDRAW;
    }
    q = g_strdup_printf("Stop %s? The guest is asked to power off.", vm->name);
    return dialog_confirm(tui, q, vm->name, do_stop);
}

static TuiNext act_force_off(Tui *tui)
{
    Vm *vm = tui_running_vm(tui);
    g_autofree char *q = NULL;

    if (!vm) {
        return TUI_NEXT_REDRAW;
    }
    q = g_strdup_printf("Switch %s off now? Unsaved guest data is lost.",
                        vm->name);
    return dialog_confirm(tui, q, vm->name, do_force_off);
}

static TuiNext act_reset(Tui *tui)
{
    Vm *vm = tui_running_vm(tui);
    g_autofree char *q = NULL;

    if (!vm) {
        return TUI_NEXT_REDRAW;
    }
    q = g_strdup_printf("Reset %s? Unsaved guest data is lost.", vm->name);
    return dialog_confirm(tui, q, vm->name, do_reset);
}

static TuiNext act_pause(Tui *tui)
{
    Vm *vm = tui_running_vm(tui);

    if (vm) {
        vm_model_pause(tui->model, vm);
    }
    return TUI_NEXT_REDRAW;
}

static TuiNext act_resume(Tui *tui)
{
    Vm *vm = tui_running_vm(tui);

    if (vm) {
        vm_model_resume(tui->model, vm);
    }
    return TUI_NEXT_REDRAW;
}

static TuiNext act_detail(Tui *tui)
{
    tui_show_main(tui, &tui_detail_view, false);
    return TUI_NEXT_REDRAW;
}

static TuiNext act_serial(Tui *tui)
{
    return console_view_open(tui, VM_CONSOLE_SERIAL, false);
}

static TuiNext act_monitor(Tui *tui)
{
    return console_view_open(tui, VM_CONSOLE_HMP, false);
}

static TuiNext act_attach(Tui *tui)
{
    return console_view_open(tui, VM_CONSOLE_SERIAL, true);
}

static TuiNext act_qom_tree(Tui *tui)
{
    return tree_view_open(tui, false);
}

static TuiNext act_qdev_tree(Tui *tui)
{
    return tree_view_open(tui, true);
}

static TuiNext act_qmp(Tui *tui)
{
    return qmp_view_open(tui);
}

static TuiNext act_events(Tui *tui)
{
    tui_show_main(tui, &tui_events_view, true);
    return TUI_NEXT_REDRAW;
}

static TuiNext act_edit(Tui *tui)
{
    Vm *vm = tui_selected_vm(tui);

    if (!vm) {
        tui_status(tui, true, "no VM selected");
        return TUI_NEXT_REDRAW;
    }
    return editor_view_open(tui, vm);
}

static TuiNext act_new(Tui *tui)
{
    return editor_new_vm(tui);
}

static TuiNext act_rescan(Tui *tui)
{
    vm_model_refresh(tui->model);
    tui_status(tui, false, "profiles and running VMs read again");
    return TUI_NEXT_REDRAW;
}

static const TuiBinding list_bindings[] = {
    { KEY_UP, true, NULL, "Select the VM above", act_up },
    { KEY_DOWN, true, NULL, "Select the VM below", act_down },
    { 'k', false, NULL, "Select the VM above", act_up },
    { 'j', false, NULL, "Select the VM below", act_down },
    { KEY_PPAGE, true, NULL, "Ten VMs up", act_page_up },
    { KEY_NPAGE, true, NULL, "Ten VMs down", act_page_down },
    { KEY_HOME, true, NULL, "The first VM", act_home },
    { KEY_END, true, NULL, "The last VM", act_end },
    { '\r', false, NULL, "Go to the pane on the right", act_open },
    { 'n', false, "new", "New VM from a template", act_new },
    { 'e', false, "edit", "Edit the VM's profile", act_edit },
    { 's', false, "start", "Start the VM", act_start },
    { 'S', false, "stop", "Stop it: power button, then off (asks first)",
      act_stop },
    { 'F', false, NULL, "Force it off now (asks first)", act_force_off },
    { 'p', false, "pause", "Pause the VM", act_pause },
    { 'r', false, NULL, "Resume a paused VM", act_resume },
    { 'R', false, NULL, "Reset the VM (asks first)", act_reset },
    { 'i', false, NULL, "Show the VM's details", act_detail },
    { 'c', false, "console", "Serial console in the pane", act_serial },
    { 'a', false, NULL, "Serial console, full screen", act_attach },
    { 'm', false, NULL, "HMP monitor in the pane", act_monitor },
    { 't', false, "tree", "QOM tree of the running VM", act_qom_tree },
    { 'd', false, NULL, "Device tree (buses and devices)", act_qdev_tree },
    { ':', false, "qmp", "QMP console", act_qmp },
    { 'l', false, NULL, "Event log", act_events },
    { 'g', false, NULL, "Read profiles and running VMs again", act_rescan },
    { 0 },
};

static TuiNext list_click(Tui *tui, const LayoutRect *area, int y, int x)
{
    GPtrArray *vms = vm_model_list(tui->model);
    int i = tui->list_top + y - 1;

    if (y >= 1 && i >= 0 && i < (int)vms->len) {
        tui_select(tui, ((Vm *)vms->pdata[i])->name);
    }
    return TUI_NEXT_REDRAW;
}

const TuiView tui_list_view = {
    .name = "VMs",
    .bindings = list_bindings,
    .draw = list_draw,
    .click = list_click,
};

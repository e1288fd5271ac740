/* The QMP console: type "command key=value..." (or raw JSON) to the
 * selected running VM; Tab completes command names, argument names and
 * enum values from the engine's own query-qmp-schema; replies and the
 * VM's events scroll above the input line, a line wider than the pane
 * wrapped (text-wrap.h) and scrolled by screen rows. */
#include "tui.h"

#include <string.h>

#include "line-edit.h"
#include "qjson.h"
#include "qlist.h"
#include "qmp-line.h"
#include "text-wrap.h"

enum {
    QMP_VIEW_LINES_MAX = 2000,
    QMP_VIEW_HISTORY_MAX = 200,
    WRAP_HANG = 2,   /* a wrapped line's rest, under its first word */
};

struct QmpView {
    char *vm_name;
    QmpSchemaIndex *schema;   /* of vm_name's engine, once it answered */
    LineEdit line;
    GQueue output;            /* char *, oldest first */
    GPtrArray *history;
    int history_pos;
    int back;                 /* screen rows scrolled back */
    Tui *tui;
};

QmpView *qmp_view_new(void)
{
    QmpView *qv = g_new0(QmpView, 1);

    line_edit_init(&qv->line, NULL);
    g_queue_init(&qv->output);
    qv->history = g_ptr_array_new_with_free_func(g_free);
    return qv;
}

void qmp_view_free(QmpView *qv)
{
    if (!qv) {
        return;
    }
    g_free(qv->vm_name);
    qmp_schema_index_free(qv->schema);
    line_edit_clear(&qv->line);
    g_queue_clear_full(&qv->output, g_free);
    g_ptr_array_unref(qv->history);
    g_free(qv);
}

static void output_add(QmpView *qv, const char *prefix, const char *text)
{
    /* Valid UTF-8 only: a string the engine passes on from elsewhere (a
     * guest's, a file name) need not be. */
    g_autofree char *valid = g_utf8_make_valid(text, -1);
    g_auto(GStrv) lines = g_strsplit(valid, "\n", -1);

    for (int i = 0; lines[i]; i++) {
        g_queue_push_tail(&qv->output, g_strconcat(i ? "  " : prefix,
                                                   lines[i], NULL));
        if (g_queue_get_length(&qv->output) > QMP_VIEW_LINES_MAX) {
            g_free(g_queue_pop_head(&qv->output));
        }
    }
    qv->back = 0;
}

static void on_schema(QObject *ret, Error *err, void *opaque)
{
    Tui *tui = opaque;
    QmpView *qv = tui->qmp;
    QList *list = qobject_to(QList, ret);

    if (err) {
        output_add(qv, "! ", error_get_pretty(err));
    } else if (list) {
        qmp_schema_index_free(qv->schema);
        qv->schema = qmp_schema_index_new(list);
    }
    tui_schedule_redraw(tui);
}

TuiNext qmp_view_open(Tui *tui)
{
    QmpView *qv = tui->qmp;
    Vm *vm = tui_running_vm(tui);

    if (!vm) {
        return TUI_NEXT_REDRAW;
    }
    qv->tui = tui;
    if (g_strcmp0(qv->vm_name, vm->name) != 0) {
        g_free(qv->vm_name);
        qv->vm_name = g_strdup(vm->name);
        g_clear_pointer(&qv->schema, qmp_schema_index_free);
        g_queue_clear_full(&qv->output, g_free);
        output_add(qv, "", "Type a command, Enter sends it; Tab completes "
                   "from the engine's schema. Events show here too. "
                   "Esc: back.");
        vm_model_call(vm, "query-qmp-schema", NULL, on_schema, tui);
    }
    tui_show_main(tui, &tui_qmp_view, true);
    return TUI_NEXT_REDRAW;
}

void qmp_view_event(Tui *tui, Vm *vm, const char *event, QDict *data,
                    gint64 timestamp)
{
    QmpView *qv = tui->qmp;
    g_autofree char *json = data ? qobject_to_json(QOBJECT(data)) : NULL;
    g_autofree char *line = g_strdup_printf("%s %s", event, json ? json : "");

    if (g_strcmp0(qv->vm_name, vm->name) == 0) {
        output_add(qv, "* ", line);
    }
}

static CrtRole line_role(const char *line)
{
    return g_str_has_prefix(line, "! ") ? CRT_ERROR
         : g_str_has_prefix(line, "* ") ? CRT_PAUSED
         : g_str_has_prefix(line, "> ") ? CRT_DIM : CRT_NORMAL;
}

static void qmp_draw(Tui *tui, const LayoutRect *r, bool focused)
{
    QmpView *qv = tui->qmp;
    int rows = r->height - 3;
    int x = r->x + 1, w = r->width - 2;
    g_autoptr(GArray) shown = NULL;
    g_autofree char *title = g_strdup_printf("QMP: %s%s",
                                             qv->vm_name ? qv->vm_name : "",
                                             qv->schema ? "" : " (no schema)");

    crt_box(tui->win, r->y, r->x, r->height, r->width,
            focused ? CRT_BORDER_FOCUS : CRT_BORDER, title);
    if (rows <= 0 || w <= 0) {
        return;
    }
    shown = text_wrap_tail(&qv->output, w, WRAP_HANG, rows, &qv->back);
    for (guint i = 0; i < shown->len; i++) {
        TextWrapLineRow *row = &g_array_index(shown, TextWrapLineRow, i);

        crt_print_row(tui->win, r->y + 1 + i, x, w, line_role(row->line),
                      row->line, &row->row);
    }
    crt_print(tui->win, r->y + r->height - 2, x, 2, CRT_BORDER_FOCUS, "> ");
    crt_fill(tui->win, r->y + r->height - 2, x + 2, w - 2, CRT_INPUT);
    crt_print(tui->win, r->y + r->height - 2, x + 2, w - 2, CRT_INPUT,
              qv->line.text->str);
    if (focused) {
        int col = MIN(line_edit_cursor_col(&qv->line), w - 3);

        mvwchgat(tui->win, r->y + r->height - 2, x + 2 + col, 1, A_REVERSE, 0,
                 NULL);
    }
}

static void on_reply(QObject *ret, Error *err, void *opaque)
{
    Tui *tui = opaque;
    QmpView *qv = tui->qmp;

    if (err) {
        output_add(qv, "! ", error_get_pretty(err));
    } else {
        g_autofree char *json = qobject_to_json_pretty(ret);

        output_add(qv, "", json);
    }
    tui_schedule_redraw(tui);
}

static TuiNext qmp_submit(Tui *tui)
{
    QmpView *qv = tui->qmp;
    g_autoptr(Error) err = NULL;
    g_autofree char *text = g_strdup(qv->line.text->str);
    QDict *req;
    Vm *vm = qv->vm_name ? vm_model_find(tui->model, qv->vm_name) : NULL;

    if (!text[0] || !vm) {
        return TUI_NEXT_REDRAW;
    }
    output_add(qv, "> ", text);
    if (qv->history->len == 0 ||
        strcmp(g_ptr_array_index(qv->history, qv->history->len - 1), text)) {
        g_ptr_array_add(qv->history, g_strdup(text));
        if (qv->history->len > QMP_VIEW_HISTORY_MAX) {
            g_ptr_array_remove_index(qv->history, 0);
        }
    }
    qv->history_pos = qv->history->len;
    line_edit_set(&qv->line, NULL);
    req = qmp_line_parse(text, &err);
    if (!req) {
        output_add(qv, "! ", error_get_pretty(err));
        return TUI_NEXT_REDRAW;
    }
    vm_model_send(vm, req, on_reply, tui);
    return TUI_NEXT_REDRAW;
}

static TuiNext qmp_complete(Tui *tui)
{
    QmpView *qv = tui->qmp;
    g_autoptr(QmpCompletion) c = NULL;
    g_autofree char *head = NULL;

    if (!qv->schema) {
        return TUI_NEXT_NONE;
    }
    /* Complete the word before the cursor; what follows stays. */
    head = g_strndup(qv->line.text->str, qv->line.cursor);
    c = qmp_line_complete(qv->schema, head);
    if (c->candidates->len == 0) {
        tui_status(tui, true, "no completion");
        return TUI_NEXT_REDRAW;
    }
    if (strlen(c->common_prefix) > strlen(head) - c->replace_from) {
        g_string_erase(qv->line.text, c->replace_from,
                       qv->line.cursor - c->replace_from);
        g_string_insert(qv->line.text, c->replace_from, c->common_prefix);
        qv->line.cursor = c->replace_from + strlen(c->common_prefix);
        if (c->candidates->len == 1 &&
            !g_str_has_suffix(c->common_prefix, "=")) {
            g_string_insert_c(qv->line.text, qv->line.cursor, ' ');
            qv->line.cursor++;
        }
    }
    if (c->candidates->len > 1) {
        g_autoptr(GString) all = g_string_new(NULL);

        for (guint i = 0; i < c->candidates->len && i < 40; i++) {
            g_string_append_printf(all, "%s%s", i ? " " : "",
                                   (char *)c->candidates->pdata[i]);
        }
        output_add(qv, "? ", all->str);
    }
    return TUI_NEXT_REDRAW;
}

static TuiNext qmp_history(Tui *tui, int step)
{
    QmpView *qv = tui->qmp;

    if (!qv->history->len) {
        return TUI_NEXT_NONE;
    }
    qv->history_pos = CLAMP(qv->history_pos + step, 0, (int)qv->history->len);
    line_edit_set(&qv->line, qv->history_pos < (int)qv->history->len
                  ? g_ptr_array_index(qv->history, qv->history_pos) : "");
    return TUI_NEXT_REDRAW;
}

static TuiNext qmp_history_up(Tui *tui) { return qmp_history(tui, -1); }
static TuiNext qmp_history_down(Tui *tui) { return qmp_history(tui, 1); }

static TuiNext qmp_page_up(Tui *tui)
{
    tui->qmp->back += 10;
    return TUI_NEXT_REDRAW;
}

static TuiNext qmp_page_down(Tui *tui)
{
    tui->qmp->back -= 10;
    return TUI_NEXT_REDRAW;
}

static TuiNext qmp_key(Tui *tui, wint_t key, bool function)
{
    return line_edit_key(&tui->qmp->line, key, function)
           ? TUI_NEXT_REDRAW : TUI_NEXT_UNHANDLED;
}

static TuiNext qmp_back(Tui *tui)
{
    tui->focus = LAYOUT_FOCUS_LIST;
    tui->zoom = false;
    return TUI_NEXT_REDRAW;
}

static const TuiBinding qmp_bindings[] = {
    { '\r', false, "send", "Send the command", qmp_submit },
    { KEY_ENTER, true, NULL, "Send the command", qmp_submit },
    { '\t', false, "complete", "Complete the word from the schema",
      qmp_complete },
    { KEY_UP, true, NULL, "Previous command", qmp_history_up },
    { KEY_DOWN, true, NULL, "Next command", qmp_history_down },
    { KEY_PPAGE, true, NULL, "Scroll the output back", qmp_page_up },
    { KEY_NPAGE, true, NULL, "Scroll the output forward", qmp_page_down },
    /* The keys are the input line's here: say the way out. */
    { TUI_KEY_ESC, false, "back", "Back to the VM list", qmp_back },
    { 0 },
};

/* Typing goes to the input line, so letters are not VM keys here. */
static bool qmp_typing(Tui *tui)
{
    return true;
}

const TuiView tui_qmp_view = {
    .name = "QMP console",
    .bindings = qmp_bindings,
    .draw = qmp_draw,
    .key = qmp_key,
    .typing = qmp_typing,
};
